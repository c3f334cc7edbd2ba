/**
 * Copies entities from another site (a theme, another website, an exported document) into a
 * draft: each copy gets a fresh id in the target, references are remapped to the copies, and
 * each source entity is copied once however many components use it. Nothing in the target is
 * ever overwritten; every copy is recorded as added. Clones from a theme or website remember
 * it in `source` (`{ theme_id, version_id, website_id, id }`), which uninstallTheme relies on.
 */
import { COMPONENT_REFERENCES } from "../site/component-types.js";
import type {
  Block,
  Component,
  Form,
  Layout,
  Menu,
  MenuItem,
  Page,
  Site,
  Sourced,
  Structure,
  Template,
} from "../site/types.js";
import type { ChangeRecorder, ComponentHost } from "./changes.js";
import { componentKey, FIELDS_CONFIG_KEY } from "./component-common.js";
import { componentIds, IdMinter } from "./locate.js";
import type { Origin } from "./sources.js";

type Kind = "template" | "layout" | "form" | "block" | "menu";

/** How a copied component treats its template: keep a linked copy, or detach into own code. */
export interface CopyOptions {
  /** Seed 004 `auto_detach`: copy the template's code into the component instead of the template. */
  detach?: boolean;
  /** False for a new component built from a source template: it is no copy of a source component. */
  cloned?: boolean;
}

/** How ids are chosen for copies. */
export interface ImporterOptions {
  /** Keep a source id when the target does not use it (imports); default: always fresh (clones). */
  keepFreeIds?: boolean;
  /** Source page id → target page id, for menu items; items of other pages become plain links. */
  pageIds?: ReadonlyMap<string, string>;
  /** The theme or website cloned from: every copy records it in `source` (imports keep theirs). */
  origin?: Origin;
}

/** Copies entities of `source` into `target` (a draft), remapping ids. */
export class Importer {
  private readonly maps = new Map<Kind, Map<string, string>>();
  private readonly minters: Record<Kind | "component", IdMinter>;
  /** Every entity copied into the target so far, for collecting the assets they mention. */
  readonly copies: object[] = [];

  constructor(
    private readonly target: Site,
    private readonly source: Site,
    private readonly recorder: ChangeRecorder,
    private readonly options: ImporterOptions = {},
  ) {
    this.minters = {
      template: new IdMinter(target.templates.map((t) => t.id)),
      layout: new IdMinter(target.layouts.map((l) => l.id)),
      form: new IdMinter(target.forms.map((f) => f.id)),
      block: new IdMinter(target.blocks.map((b) => b.id)),
      menu: new IdMinter(target.menus.map((m) => m.id)),
      component: new IdMinter(componentIds(target)),
    };
  }

  private mint(kind: Kind | "component", sourceId: string): string {
    const minter = this.minters[kind];
    return this.options.keepFreeIds ? minter.claim(sourceId) : minter.next();
  }

  /** Records where a copy came from (with an origin and a source id) and keeps it for assets. */
  private stamp<T extends Sourced>(copy: T, sourceId: string | null): T {
    if (this.options.origin && sourceId !== null)
      copy.source = { ...this.options.origin, id: sourceId };
    this.copies.push(copy);
    return copy;
  }

  /** The target id a source entity was copied to in this run, if it was. */
  copiedId(kind: Kind, sourceId: string): string | undefined {
    return this.maps.get(kind)?.get(sourceId);
  }

  private once<T extends { id: string } & Sourced>(
    kind: Kind,
    sourceId: string,
    list: readonly T[],
    into: T[],
    copy: (entity: T, id: string) => T,
  ): string | null {
    const map = this.maps.get(kind) ?? new Map<string, string>();
    this.maps.set(kind, map);
    const done = map.get(sourceId);
    if (done) return done;
    const entity = list.find((e) => e.id === sourceId);
    if (!entity) return null;
    const id = this.mint(kind, sourceId);
    map.set(sourceId, id);
    into.push(this.stamp(copy(structuredClone(entity), id), sourceId));
    this.recorder.added({ kind, id });
    return id;
  }

  /** Copies a template; returns its id in the target, or null when the source has none. */
  template(sourceId: string): string | null {
    return this.once<Template>(
      "template",
      sourceId,
      this.source.templates,
      this.target.templates,
      (t, id) => ({ ...t, id }),
    );
  }

  /** Copies a form. */
  form(sourceId: string): string | null {
    return this.once<Form>("form", sourceId, this.source.forms, this.target.forms, (f, id) => ({
      ...f,
      id,
    }));
  }

  /** Copies a block. */
  block(sourceId: string): string | null {
    return this.once<Block>("block", sourceId, this.source.blocks, this.target.blocks, (b, id) => ({
      ...b,
      id,
    }));
  }

  /**
   * Copies a menu. Items that point at pages of the source keep their resolved URL as a plain
   * link, since those pages do not exist in the target (unless mapped by `pageIds`).
   */
  menu(sourceId: string): string | null {
    const pageIds = this.options.pageIds ?? new Map<string, string>();
    const relink = (item: MenuItem): MenuItem => {
      const page = item.page_id === null ? undefined : pageIds.get(item.page_id);
      return { ...item, page_id: page ?? null, children: item.children.map(relink) };
    };
    return this.once<Menu>("menu", sourceId, this.source.menus, this.target.menus, (m, id) => ({
      ...m,
      id,
      items: m.items.map(relink),
    }));
  }

  /** Copies a layout with its header and footer templates. */
  layout(sourceId: string): string | null {
    return this.once<Layout>(
      "layout",
      sourceId,
      this.source.layouts,
      this.target.layouts,
      (l, id) => ({
        ...l,
        id,
        header_template_ids: l.header_template_ids.flatMap((t) => this.template(t) ?? []),
        footer_template_ids: l.footer_template_ids.flatMap((t) => this.template(t) ?? []),
      }),
    );
  }

  /**
   * A copy of a source component for the target, with a fresh id and its template, form, menu
   * and block copied along and remapped; recorded as added to `host`.
   */
  component(c: Component, host: ComponentHost, options: CopyOptions = {}): Component {
    const copy: Component = { ...structuredClone(c), id: this.mint("component", c.id) };
    delete copy.position;
    if (copy.template_id !== null) {
      const template = this.source.templates.find((t) => t.id === copy.template_id);
      if (options.detach && template) {
        copy.code = template.code;
        copy.meta[FIELDS_CONFIG_KEY] = structuredClone(template.custom_fields);
        for (const def of template.custom_fields)
          if (copy.custom_fields[def.name] == null && def.default != null)
            copy.custom_fields[def.name] = structuredClone(def.default);
        copy.template_id = null;
      } else {
        copy.template_id = this.template(copy.template_id) ?? copy.template_id;
      }
    }
    for (const [type, ref] of Object.entries(COMPONENT_REFERENCES)) {
      const value = copy.meta[ref.key];
      if (copy.component_id !== type || typeof value !== "string") continue;
      const mapped =
        ref.collection === "forms"
          ? this.form(value)
          : ref.collection === "blocks"
            ? this.block(value)
            : this.menu(value);
      if (mapped !== null) copy.meta[ref.key] = mapped;
    }
    this.recorder.added(componentKey(copy.id, host));
    return this.stamp(copy, options.cloned === false ? null : c.id);
  }

  /** A copy of a source page under `id` with its components copied along (see `component`). */
  page(p: Page, id: string, options: CopyOptions = {}): Page {
    this.recorder.added({ kind: "page", id });
    const host = { kind: "page", id } as const;
    const copy: Page = {
      ...structuredClone(p),
      id,
      components: p.components.map((c) => this.component(c, host, options)),
    };
    return this.stamp(copy, p.id);
  }

  /** A copy of a source structure under `id` with its layouts; its posts only with `posts`. */
  structure(s: Structure, id: string, posts: boolean): Structure {
    this.recorder.added({ kind: "structure", id });
    const layout = (l: string | null) => (l === null ? null : (this.layout(l) ?? l));
    const copy: Structure = {
      ...structuredClone(s),
      id,
      listing_layout_id: layout(s.listing_layout_id),
      single_layout_id: layout(s.single_layout_id),
      posts: posts
        ? s.posts.map((p) => ({ ...structuredClone(p), layout_id: layout(p.layout_id) }))
        : [],
    };
    return this.stamp(copy, s.id);
  }
}
