/**
 * The site operations by their command-line names (`add-component`, ...), each adapted to one
 * shape: a site, a request object and the loaded sources in; an edit to write back or a
 * document to print out.
 */
import type { Site } from "../site/types.js";
import { addComponent } from "./add-component.js";
import type { OpResult } from "./changes.js";
import { deleteComponent, duplicateComponent, updateComponentOrder } from "./component-copy.js";
import { changeComponentType, setComponentContent, updateCustomFields } from "./component-edit.js";
import { convertToTemplate, unlinkComponent } from "./component-link.js";
import { createPageFromSource } from "./create-page.js";
import type { DirSources } from "./dir-sources.js";
import { archivePage, deletePage, duplicatePage } from "./page-ops.js";
import { exportComponent, exportPage, importComponent, importPage } from "./portable.js";
import { fail } from "./request.js";
import { installTheme } from "./theme-install.js";
import type { Theme } from "./theme-load.js";
import { themeInstallPreview } from "./theme-preview.js";
import { uninstallTheme } from "./theme-uninstall.js";

/**
 * An operation's result: an edit (with the assets its clones mention, copied from `assetsFrom`,
 * else from the source it cloned from), or a document only.
 */
export type SiteOperationResult =
  | { edit: OpResult & { assets?: string[] }; assetsFrom?: string | null; document?: never }
  | { edit?: never; document: unknown };

/** One operation: the loaded site, the parsed request JSON and the sources it may clone from. */
export type SiteOperation = (
  site: Site,
  request: unknown,
  from: DirSources,
) => SiteOperationResult | Promise<SiteOperationResult>;

const field = (request: unknown, name: string): unknown =>
  typeof request === "object" && request !== null
    ? (request as Record<string, unknown>)[name]
    : undefined;

const asId = (v: unknown) => (v === undefined || v === null ? null : String(v).trim());

/** The theme a request names by `theme_id` (and `version_id`) among the `--source` themes. */
function themeOf(request: unknown, themes: readonly Theme[]): Theme {
  const id = asId(field(request, "theme_id"));
  const version = asId(field(request, "version_id"));
  const fits = themes.filter(
    (t) => (id === null || t.id === id) && (version === null || t.version_id === version),
  );
  if (fits.length === 1) return fits[0] as Theme;
  if (themes.length === 0)
    fail("theme_id", "No theme was given to install from (--source theme=PATH).");
  if (fits.length === 0)
    fail(
      "theme_id",
      `Theme ${id ?? ""}${version ? ` version ${version}` : ""} is not among the given themes.`,
    );
  return fail("theme_id", "Several themes were given; name one with theme_id (and version_id).");
}

const edit = (result: OpResult & { assets?: string[] }): SiteOperationResult => ({ edit: result });

/** Every operation by its command-line name. */
export const SITE_OPERATIONS: Readonly<Record<string, SiteOperation>> = {
  "create-page-from-source": async (site, req, from) =>
    edit(await createPageFromSource(site, from.sources, req)),
  "add-component": async (site, req, from) => edit(await addComponent(site, from.sources, req)),
  "unlink-component": (site, req) => edit(unlinkComponent(site, req)),
  "convert-to-template": (site, req) => edit(convertToTemplate(site, req)),
  "change-component-type": (site, req) => edit(changeComponentType(site, req)),
  "set-component-content": (site, req) => edit(setComponentContent(site, req)),
  "update-custom-fields": (site, req) => edit(updateCustomFields(site, req)),
  "update-component-order": (site, req) => edit(updateComponentOrder(site, req)),
  "duplicate-component": (site, req) => edit(duplicateComponent(site, req)),
  "delete-component": (site, req) => edit(deleteComponent(site, req)),
  "duplicate-page": (site, req) => edit(duplicatePage(site, req)),
  "archive-page": (site, req) => edit(archivePage(site, req)),
  "delete-page": (site, req) => edit(deletePage(site, req)),
  "export-page": (site, req) => ({ document: exportPage(site, req) }),
  "import-page": (site, req) => edit(importPage(site, req)),
  "export-component": (site, req) => ({ document: exportComponent(site, req) }),
  "import-component": (site, req) => edit(importComponent(site, req)),
  "theme-install-preview": (site, req, from) => ({
    document: themeInstallPreview(site, themeOf(req, from.themes), req),
  }),
  "install-theme": (site, req, from) => {
    const theme = themeOf(req, from.themes);
    return { edit: installTheme(site, theme, req), assetsFrom: theme.assetsDir };
  },
  "uninstall-theme": (site, req) =>
    edit(uninstallTheme(site, field(req, "theme_id") as string | number)),
};
