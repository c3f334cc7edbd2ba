/**
 * What one template can reach, read from its nunjucks parse tree without running it: the
 * templates it includes, imports or extends, the menus and structures it looks up, and whether
 * it renders images through `picture()`. Over-approximates: any use it cannot pin to a literal
 * name (a menu id from a variable, `menus` passed along, a loop over `structures`) counts as
 * reaching them all.
 */
import { LEXER_OPTIONS } from "../sandbox/check-template.js";
import { type NjNode, parseTemplate } from "../sandbox/nunjucks-internals.js";

/** What a template (or a component's own code) can reach besides its own variables. */
export interface TemplateReach {
  /** Registry names of included, imported and extended templates (`template:<id>`, ...). */
  includes: string[];
  /** Menu ids looked up by literal (`menu("1")`, `menus.main`); see allMenus. */
  menus: string[];
  /** `menu`/`menus` used in a way whose menu is not a literal. */
  allMenus: boolean;
  /** Structure keys looked up by literal (`structures.blog`). */
  structures: string[];
  /** `structures` used as a whole. */
  allStructures: boolean;
  /** Calls `picture()`, which looks images up by any URL it is given. */
  picture: boolean;
  /** Its dependencies cannot be known (it did not parse, or names a template by expression). */
  unknown: boolean;
}

/** Reach of a template that names nothing. */
export const NO_REACH: TemplateReach = Object.freeze({
  includes: [],
  menus: [],
  allMenus: false,
  structures: [],
  allStructures: false,
  picture: false,
  unknown: false,
}) as TemplateReach;

const TEMPLATE_TAGS = new Set(["Include", "Import", "FromImport", "Extends"]);

/** Reads the reach of nunjucks `src`; unparsable code reaches everything. */
export function templateReach(src: string): TemplateReach {
  let root: NjNode;
  try {
    root = parseTemplate(src, LEXER_OPTIONS);
  } catch {
    return { ...NO_REACH, includes: [], menus: [], structures: [], unknown: true };
  }
  const reach: TemplateReach = { ...NO_REACH, includes: [], menus: [], structures: [] };
  const includes = new Set<string>();
  const menus = new Set<string>();
  const structures = new Set<string>();

  const visit = (node: NjNode): void => {
    if (TEMPLATE_TAGS.has(node.typename)) {
      const name = node.template as NjNode | undefined;
      if (name?.typename === "Literal" && typeof name.value === "string") includes.add(name.value);
      else reach.unknown = true;
    }
    // `menus.main`, `menus["1"]`, `structures.blog`: one entry, by a literal key.
    if (node.typename === "LookupVal") {
      const target = node.target as NjNode | undefined;
      const key = literalKey(node.val as NjNode | undefined);
      const named = target?.typename === "Symbol" && key !== null ? target.value : null;
      if (named === "menus" || named === "structures") {
        (named === "menus" ? menus : structures).add(key as string);
        visitFields(node, "target");
        return;
      }
    }
    // `menu("1")` or `menu(1, "class")`: one menu, by a literal first argument.
    if (node.typename === "FunCall") {
      const callee = node.name as NjNode | undefined;
      const first = (node.args as NjNode | undefined)?.children?.[0];
      const key = literalKey(first);
      if (callee?.typename === "Symbol" && callee.value === "menu" && key !== null) {
        menus.add(key);
        visitFields(node, "name");
        return;
      }
    }
    if (node.typename === "Symbol") {
      if (node.value === "menu" || node.value === "menus") reach.allMenus = true;
      else if (node.value === "structures") reach.allStructures = true;
      else if (node.value === "picture") reach.picture = true;
    }
    visitFields(node, null);
  };

  // Every field that holds a node or a list of nodes, but `skip`.
  const visitFields = (node: NjNode, skip: string | null): void => {
    for (const [field, value] of Object.entries(node)) {
      if (field === skip) continue;
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item);
      } else if (isNode(value)) visit(value);
    }
  };

  visit(root);
  reach.includes = [...includes].sort();
  reach.menus = [...menus].sort();
  reach.structures = [...structures].sort();
  return reach;
}

function isNode(value: unknown): value is NjNode {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { typename?: unknown }).typename === "string"
  );
}

/** The text of a literal string or number key, as the lookup would convert it; null otherwise. */
function literalKey(node: NjNode | undefined): string | null {
  if (node?.typename !== "Literal") return null;
  const value = node.value;
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

/** The union of several reaches. */
export function mergeReach(into: TemplateReach, other: TemplateReach): void {
  into.includes = union(into.includes, other.includes);
  into.menus = union(into.menus, other.menus);
  into.structures = union(into.structures, other.structures);
  into.allMenus ||= other.allMenus;
  into.allStructures ||= other.allStructures;
  into.picture ||= other.picture;
  into.unknown ||= other.unknown;
}

function union(a: string[], b: string[]): string[] {
  if (b.length === 0) return a;
  return [...new Set([...a, ...b])].sort();
}
