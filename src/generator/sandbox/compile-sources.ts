/**
 * Owner sources through layer 1: parse, allow-list check, then compile with the quoting
 * compiler. Every problem becomes one E_TEMPLATE entry keyed by the source's input path, in words
 * built from owner text only.
 */
import { SiteValidationError, type ValidationErrors } from "../../errors.js";
import { LEXER_OPTIONS, parseChecked, type TemplateProblem } from "./check-template.js";
import { type NjNode, parseTemplate } from "./nunjucks-internals.js";
import { formatPosition, syntaxMessage } from "./owner-messages.js";
import { type CompiledTemplate, compileTree } from "./safe-compiler.js";

/** What the sandbox needs of a template source (the registry's TemplateSource fits). */
export interface SandboxSource {
  name: string;
  src: string;
  /** Input path, e.g. `templates[2].code`: the key of its problems. */
  path: string;
  /** E.g. `template "Hero"`: the start of each problem message. */
  label: string;
}

/** Names of templates the library ships; they skip the allow-list but still compile safely. */
export const isBuiltin = (source: SandboxSource) => source.name.startsWith("builtin:");

const HINT =
  "Fix the template at the line shown; docs/site-format.md lists the template code owners may use.";

/** Parses and checks owner sources without compiling them; throws E_TEMPLATE on any problem. */
export function checkTemplateSources(sources: SandboxSource[]): void {
  const problems: ValidationErrors = {};
  for (const source of sources) {
    if (isBuiltin(source)) continue;
    report(problems, source, parseChecked(source.src).problems);
  }
  throwProblems(problems);
}

/** Checks and compiles every source; throws E_TEMPLATE listing all problems of all sources. */
export function compileSources(sources: SandboxSource[]): Map<string, CompiledTemplate> {
  const compiled = new Map<string, CompiledTemplate>();
  const problems: ValidationErrors = {};
  for (const source of sources) {
    const tree = parseSource(source);
    if (!tree.root) {
      report(problems, source, tree.problems);
      continue;
    }
    try {
      compiled.set(source.name, compileTree(tree.root, source.name));
    } catch (err) {
      report(problems, source, [compileProblem(err)]);
    }
  }
  throwProblems(problems);
  return compiled;
}

function parseSource(source: SandboxSource): { root: NjNode | null; problems: TemplateProblem[] } {
  if (!isBuiltin(source)) return parseChecked(source.src);
  try {
    return { root: parseTemplate(source.src, LEXER_OPTIONS), problems: [] };
  } catch (err) {
    return { root: null, problems: [compileProblem(err)] };
  }
}

// Compiler failures use nunjucks' 1-based TemplateError positions.
function compileProblem(err: unknown): TemplateProblem {
  const { lineno, colno } = (err ?? {}) as { lineno?: unknown; colno?: unknown };
  return {
    line: Number.isInteger(lineno) ? (lineno as number) : 0,
    column: Number.isInteger(colno) ? (colno as number) : 0,
    message: syntaxMessage(err),
  };
}

function report(problems: ValidationErrors, source: SandboxSource, found: TemplateProblem[]) {
  if (found.length === 0) return;
  problems[source.path] = found.map((p) => {
    const at = formatPosition(p.line, p.column);
    return `${source.label}: ${at ? `${at}: ` : ""}${p.message}`;
  });
}

function throwProblems(problems: ValidationErrors): void {
  if (Object.keys(problems).length > 0) {
    throw new SiteValidationError(problems, { code: "E_TEMPLATE", hint: HINT });
  }
}
