import nunjucks from "nunjucks";
import { ownerFilters } from "./owner-filters.js";
import {
  checkTemplateSources as checkSources,
  compileSources,
  hardenNunjucks,
  installSafeGlobals,
  LEXER_OPTIONS,
  ownerRenderError,
  renderError,
  runWithBudget,
} from "./sandbox/index.js";

/** A template to compile: its nunjucks name, source, and where it came from for error paths. */
export interface TemplateSource {
  /** Registry name; names starting with `builtin:` are the library's own and skip the allow-list. */
  name: string;
  src: string;
  /** Input path of the code, e.g. `templates[2].code`, used in error messages. */
  path: string;
  /** Human label, e.g. `template "Hero"`. */
  label: string;
}

/** Optional settings of a registry. */
export interface TemplateRegistryOptions {
  /** When set, each render() call runs under this time budget (see runWithBudget). */
  renderTimeoutMs?: number;
}

/** Compiled templates of one build, rendered by name. */
export interface TemplateRegistry {
  /** Renders a compiled template; runtime errors become E_RENDER naming the template and `where`. */
  render(name: string, context: object, where: string): string;
  has(name: string): boolean;
}

/**
 * Parses and allow-list-checks owner sources without compiling them (no generated code, no
 * `new Function`), so a process that must never run owner code can still reject bad templates.
 * Throws the same E_TEMPLATE SiteValidationError as createTemplateRegistry.
 */
export function checkTemplateSources(sources: TemplateSource[]): void {
  checkSources(sources);
}

/**
 * One nunjucks Environment per build. All templates come from memory (no FileSystemLoader), so
 * owner code can `include` only other templates of the build, never a file on the server.
 * Every template is checked and compiled once, up front, through the sandbox's quoting compiler,
 * so syntax errors surface before anything is written and owner text never becomes code.
 */
export function createTemplateRegistry(
  sources: TemplateSource[],
  options: TemplateRegistryOptions = {},
): TemplateRegistry {
  hardenNunjucks();
  const byName = new Map(sources.map((s) => [s.name, s]));
  const code = compileSources(sources);
  const loader = {
    getSource(name: string) {
      const obj = code.get(name);
      return obj ? { src: obj, path: name, noCache: false } : null;
    },
  };
  const env = new nunjucks.Environment(loader as unknown as nunjucks.ILoader, {
    autoescape: true,
    ...LEXER_OPTIONS,
    // Keeps the thrown error as `cause` of nunjucks' TemplateError, so coded errors pass through.
    dev: true,
  });
  installSafeGlobals(env);
  for (const [name, filter] of Object.entries(ownerFilters)) env.addFilter(name, filter);
  const compiled = new Map(sources.map((s) => [s.name, env.getTemplate(s.name, true)]));

  const renderOne = (
    template: nunjucks.Template,
    source: TemplateSource,
    context: object,
    where: string,
  ) => {
    try {
      return template.render(context);
    } catch (err) {
      throw ownerRenderError(err, source.label, where);
    }
  };

  return {
    has: (name) => compiled.has(name),
    render(name, context, where) {
      const template = compiled.get(name);
      const source = byName.get(name);
      if (!template || !source) throw renderError(`No template named ${name}.`, where);
      const timeoutMs = options.renderTimeoutMs;
      if (timeoutMs === undefined) return renderOne(template, source, context, where);
      return runWithBudget({ timeoutMs, describe: () => `${where}, ${source.label}` }, () =>
        renderOne(template, source, context, where),
      );
    },
  };
}
