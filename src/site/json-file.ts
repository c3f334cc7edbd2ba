/**
 * JSON parsing that reports where a file is broken. V8's messages give a position only for
 * some errors, so on failure a small scanner finds the offset of the first bad character.
 */

/** A JSON syntax error with its 1-based line and column. */
export interface JsonSyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/** Parses `text` (a leading BOM is ignored) or returns where and why it is not valid JSON. */
export function parseJson(text: string): { value: unknown } | { problem: JsonSyntaxProblem } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body) as unknown };
  } catch (err) {
    const offset = firstErrorOffset(body);
    const { line, column } = lineAndColumn(body, offset);
    // V8 appends a position or a copy of the text; the line and column replace both.
    const reason = (err as Error).message
      .replace(/ (?:in JSON )?at position \d+.*$/s, "")
      .replace(/, ".*" is not valid JSON$/s, "");
    return { problem: { line, column, message: `line ${line}, column ${column}: ${reason}` } };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class Stop {
  constructor(readonly at: number) {}
}

/** Offset of the first character where `text` stops being valid JSON. */
export function firstErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const fail = (): never => {
    throw new Stop(i);
  };
  const expect = (ch: string) => (text.charAt(i) === ch ? i++ : fail());
  const literal = (word: string) => {
    for (const ch of word) expect(ch);
  };
  const string = () => {
    expect('"');
    while (i < text.length && text.charAt(i) !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) fail();
      if (text.charAt(i) === "\\") {
        i++;
        const esc = text.charAt(i);
        if (esc === "u") {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text.charAt(i + k))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(esc) || esc === "") fail();
      }
      i++;
    }
    expect('"');
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail();
    i += match?.[0].length ?? 0;
  };
  const object = () => {
    i++;
    ws();
    if (text.charAt(i) === "}") {
      i++;
      return;
    }
    for (;;) {
      ws();
      string();
      ws();
      expect(":");
      value();
      ws();
      if (text.charAt(i) !== ",") break;
      i++;
    }
    expect("}");
  };
  const array = () => {
    i++;
    ws();
    if (text.charAt(i) === "]") {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (text.charAt(i) !== ",") break;
      i++;
    }
    expect("]");
  };
  const value = (): void => {
    ws();
    const ch = text.charAt(i);
    if (ch === "{") object();
    else if (ch === "[") array();
    else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return text.length;
  } catch (err) {
    if (err instanceof Stop) return err.at;
    throw err;
  }
}
