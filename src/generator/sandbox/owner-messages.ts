/**
 * Messages about owner code, rebuilt from owner-side facts only. A raw error message can carry
 * server values (`test not found: /root` once echoed `process.env.HOME`), so a message is
 * reported only when it matches one of nunjucks' known shapes and its variable part is a name the
 * owner wrote; anything else becomes a generic "failed (TypeError)".
 */

const IDENT = "[A-Za-z_][A-Za-z0-9_]*";
// nunjucks labels a callee `a["b"]["c"]`; keys of the label are checked as identifiers too.
const CALLEE = `${IDENT}(?:\\["${IDENT}"\\]|\\[\\d{1,6}\\])*`;
const PUNCTUATION = "[()\\[\\]{}%*\\-+~/#,:|.<>=!]{1,3}";
const TOKEN_TYPE = "[a-z]+(?:-[a-z]+)?";
// Template names are owner literals of include/import; the registry's own names fit this too.
const TEMPLATE_NAME = "[A-Za-z0-9_:.\\-\\[\\]]{1,120}";

type Shape = [RegExp, (m: RegExpExecArray) => string];
const shape = (source: string, text: (m: RegExpExecArray) => string): Shape => [
  new RegExp(`^${source}$`),
  text,
];
const fixed = (message: string, text = message): Shape =>
  shape(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), () => text);

const SYNTAX_SHAPES: Shape[] = [
  shape(`(?:parse\\w+: )?expected variable end`, () => "expected }}"),
  shape(`expected block end in (${IDENT}) statement`, (m) => `expected %} to end the ${m[1]} tag`),
  shape(`unknown block tag: (${IDENT})`, (m) => `unknown tag "${m[1]}"`),
  shape(`unexpected token: (${IDENT}|${PUNCTUATION})`, (m) => `unexpected "${m[1]}"`),
  shape(`expected name as lookup value, got (${IDENT}|${PUNCTUATION})`, (m) => {
    return `expected a name after ".", got "${m[1]}"`;
  }),
  shape(`expected (${TOKEN_TYPE}), got (${TOKEN_TYPE})`, (m) => `expected ${m[1]}, got ${m[2]}`),
  shape(`Unexpected token at top-level: (${TOKEN_TYPE})`, (m) => `unexpected ${m[1]}`),
  shape(`Block "(${IDENT})" defined more than once\\.`, (m) => `block "${m[1]}" is defined twice`),
  fixed("unexpected end of file"),
  fixed("expected expression, got end of file"),
  fixed("parseIf: expected elif, else, or endif, got end of file", "missing {% endif %}"),
  fixed("parseBlock: expected endblock, got end of file", "missing {% endblock %}"),
  fixed(
    'parseSwitch: expected "case," "default" or "endswitch," got EOF.',
    "missing {% endswitch %}",
  ),
  fixed("parseAggregate: expected comma after expression", "expected a comma"),
  fixed("parseAggregate: expected colon after dict key", "expected a colon after the key"),
  fixed("parseSignature: expected comma after expression", "expected a comma between arguments"),
  fixed("parseFor: variable name expected for loop", "expected a loop variable name"),
  fixed('parseFor: expected "in" keyword for loop', 'expected "in" in the for tag'),
  fixed("parseSet: expected = or block end in set tag", "expected = or %} in the set tag"),
  fixed('parseImport: expected "as" keyword', 'expected "as" in the import tag'),
  fixed("parseFrom: Expected at least one import name", "expected a name to import"),
  fixed("parseFrom: expected comma", "expected a comma between imported names"),
  fixed("parseFrom: expected context after with/without", 'expected "context"'),
  fixed("parseFrom: names starting with an underscore cannot be imported"),
  fixed("parseBlock: variable name expected", "expected a block name"),
  fixed("tag name expected"),
  fixed("invalid index"),
  fixed("expected arguments"),
  fixed("expected end of comment, got end of file", "missing #}"),
  fixed("unexpected end of comment"),
];

const RENDER_SHAPES: Shape[] = [
  shape(`Unable to call \`(${CALLEE})\`, which is undefined or falsey`, (m) => {
    return `cannot call ${m[1]}: it is not defined`;
  }),
  shape(`Unable to call \`(${CALLEE})\`, which is not a function`, (m) => {
    return `cannot call ${m[1]}: it is not a function`;
  }),
  shape(`filter not found: (${IDENT})`, (m) => `unknown filter "${m[1]}"`),
  shape(`test not found: (${IDENT})`, (m) => `unknown test "${m[1]}"`),
  shape(`template not found: (${TEMPLATE_NAME})`, (m) => `template "${m[1]}" not found`),
  shape(`cannot import '(${IDENT})'`, (m) => `"${m[1]}" is not exported by that template`),
  shape(`unknown block "(${IDENT})"`, (m) => `unknown block "${m[1]}"`),
  shape(`no super block available for "(${IDENT})"`, (m) => `no parent block "${m[1]}"`),
  shape(`Cannot read properties of (undefined|null) \\(reading '(${IDENT})'\\)`, (m) => {
    return `cannot read "${m[2]}" of ${m[1]}`;
  }),
  fixed("dictsort filter: val must be an object"),
  fixed("dictsort filter: You can only sort by either key or value"),
  fixed("list filter: type not iterable"),
];

const ERROR_NAMES = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "EvalError",
  "URIError",
]);

/** The error nunjucks wrapped (TemplateError keeps it as `cause`), at most a few levels deep. */
export function innermostError(err: unknown): unknown {
  let current = err;
  for (let i = 0; i < 8; i++) {
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null || cause === current) break;
    current = cause;
  }
  return current;
}

/** What went wrong, in words safe to show: a known shape, or the error's kind only. */
export function ownerText(err: unknown, shapes: Shape[], generic: string): string {
  const inner = innermostError(err);
  const message = stripLocation(messageOf(inner));
  for (const [pattern, text] of shapes) {
    const m = pattern.exec(message);
    if (m) return text(m);
  }
  return `${generic} (${errorName(inner)})`;
}

/** A parse or compile error of owner code, as shown in an E_TEMPLATE problem. */
export function syntaxMessage(err: unknown): string {
  const inner = innermostError(err);
  if (isStackOverflow(inner)) return "the template nests too deeply";
  return ownerText(err, [...SYNTAX_SHAPES, ...RENDER_SHAPES], "syntax error");
}

/** A render error of owner code, for an E_RENDER message. */
export function renderMessage(err: unknown): string {
  return ownerText(err, RENDER_SHAPES, "failed");
}

/** True for V8's "Maximum call stack size exceeded" (deep macro recursion). */
export function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && err.message === "Maximum call stack size exceeded";
}

/** True when a string or array grew past what V8 allows. */
export function isSizeOverflow(err: unknown): boolean {
  return (
    err instanceof RangeError && /^Invalid (string|array|typed array) length$/.test(err.message)
  );
}

/** nunjucks' 0-based runtime position of a render error as a 1-based line and column. */
export function renderPosition(err: unknown): { line?: number; column?: number } {
  const { lineno, colno } = (err ?? {}) as { lineno?: unknown; colno?: unknown };
  return {
    line: Number.isInteger(lineno) ? (lineno as number) + 1 : undefined,
    column: Number.isInteger(colno) ? (colno as number) + 1 : undefined,
  };
}

/** "line 3, column 5" (or less when nunjucks did not know). */
export function formatPosition(line?: number, column?: number): string {
  if (!line) return "";
  return column ? `line ${line}, column ${column}` : `line ${line}`;
}

function messageOf(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : "";
}

// nunjucks prefixes "(template name) [Line 3, Column 5]\n  " once per template it passes through.
function stripLocation(message: string): string {
  let text = message;
  for (;;) {
    const next = text.replace(/^\([^)\n]*\)(?: \[Line \d+(?:, Column \d+)?\])?\n\s*/, "");
    if (next === text) return text.trim();
    text = next;
  }
}

function errorName(err: unknown): string {
  if (err instanceof Error && ERROR_NAMES.has(err.name)) return err.name;
  return err instanceof Error && err.name === "Template render error" ? "TemplateError" : "Error";
}
