/**
 * Layer 1 of the template sandbox: no owner text becomes JavaScript source.
 *
 * nunjucks' compiler pastes names straight into the code it generates (`env.getTest("<name>")`,
 * `frame.set("<name>", …)`, `function (l_<arg>) {…}`, `t_1.<import name>` …), so a test name like
 * `'"+process.exit()+"'` runs on the build server before any runtime guard sees it. This module
 * parses owner code with nunjucks' own parser (which runs no generated code) and walks the tree
 * against an allow-list: known node kinds only, and every pasted name a plain identifier.
 */
import { type NjNode, parseTemplate } from "./nunjucks-internals.js";
import { syntaxMessage } from "./owner-messages.js";
import { Checker, type TemplateProblem } from "./tree-checker.js";

export { IDENTIFIER, type TemplateProblem } from "./tree-checker.js";

/** Lexer options shared by the checker and the Environment; whitespace control changes tokens. */
export const LEXER_OPTIONS = { trimBlocks: true, lstripBlocks: true } as const;

/** The problems of one template's source; an empty list means it may be compiled. */
export function checkTemplate(src: string): TemplateProblem[] {
  return parseChecked(src).problems;
}

/** Parses and checks; `root` is the parse tree when there are no problems, for the compiler. */
export function parseChecked(src: string): { root: NjNode | null; problems: TemplateProblem[] } {
  let root: NjNode;
  try {
    root = parseTemplate(src, LEXER_OPTIONS);
  } catch (err) {
    return { root: null, problems: [syntaxProblem(err)] };
  }
  const checker = new Checker();
  checker.node(root);
  return { root: checker.problems.length === 0 ? root : null, problems: checker.problems };
}

function syntaxProblem(err: unknown): TemplateProblem {
  const { lineno, colno } = (err ?? {}) as { lineno?: unknown; colno?: unknown };
  return {
    line: typeof lineno === "number" ? lineno : 1,
    column: typeof colno === "number" ? colno : 1,
    message: syntaxMessage(err),
  };
}
