/**
 * The allow-list walk over a nunjucks parse tree (see check-template.ts): each node kind the
 * sandbox supports has a visitor that names the fields holding expressions and the fields the
 * compiler pastes as names; any other kind is a problem.
 */
import type { NjNode } from "./nunjucks-internals.js";

/** One reason a template is refused, at a 1-based line and column of the owner's source. */
export interface TemplateProblem {
  line: number;
  column: number;
  message: string;
}

/** The only names the compiler may paste into code: ASCII identifiers. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Far deeper than real templates nest; keeps the compiler and V8's parser of the generated code
// clear of their own stack limits.
const MAX_DEPTH = 200;

// `a["x"]()` pastes the key into a call-site label escaping only `"`: a backslash or a line break
// there would end or break the string.
const UNSAFE_CALLEE_KEY = /[\\\p{Cc}\u2028\u2029]/u;

const COMPARE_OPS = new Set(["==", "===", "!=", "!==", "<", ">", "<=", ">="]);

/** Node kinds that are refused outright, with the words an owner recognises. */
const REFUSED: Record<string, string> = {
  IfAsync: "the ifAsync tag is not supported",
  AsyncEach: "the asyncEach tag is not supported",
  AsyncAll: "the asyncAll tag is not supported",
  FilterAsync: "asynchronous filters are not supported",
  CallExtension: "custom tags are not supported",
  CallExtensionAsync: "custom tags are not supported",
};

type Visit = (c: Checker, n: NjNode) => void;

const children: Visit = (c, n) => c.each(n.children);
const binary: Visit = (c, n) => {
  c.node(n.left);
  c.node(n.right);
};
const unary: Visit = (c, n) => c.node(n.target);

const VISIT: Record<string, Visit> = {
  Root: children,
  NodeList: children,
  Output: children,
  Group: children,
  Array: children,
  TemplateData: () => {},
  Literal: (c, n) => c.literal(n),
  Symbol: (c, n) => c.name(n, "variable name"),
  LookupVal: (c, n) => {
    c.node(n.target);
    c.node(n.val);
  },
  Dict: (c, n) => c.pairs(n, "dict key", true),
  If: (c, n) => c.fields(n, "cond", "body", "else_"),
  InlineIf: (c, n) => c.fields(n, "cond", "body", "else_"),
  For: (c, n) => {
    const name = n.name as NjNode;
    if (name?.typename === "Array") c.names(name.children, "loop variable");
    else c.name(name, "loop variable");
    c.fields(n, "arr", "body", "else_");
  },
  Set: (c, n) => {
    c.names(n.targets as NjNode[], "set target");
    c.fields(n, "value", "body");
  },
  Capture: (c, n) => c.node(n.body),
  Macro: (c, n) => {
    c.name(n.name, "macro name");
    c.signature(n.args as NjNode);
    c.node(n.body);
  },
  Caller: (c, n) => {
    c.signature(n.args as NjNode);
    c.node(n.body);
  },
  FunCall: (c, n) => {
    c.callee(n.name as NjNode);
    c.node(n.name);
    c.args(n.args as NjNode);
  },
  Filter: (c, n) => {
    c.name(n.name, "filter name");
    c.args(n.args as NjNode);
  },
  Is: (c, n) => {
    c.node(n.left);
    const test = n.right as NjNode;
    if (test?.typename === "Symbol") c.name(test, "test name");
    // `x is none` parses `none` as the literal null, which compiles to the test "null".
    else if (test?.typename === "Literal" && test.value === null) return;
    else if (test?.typename === "FunCall" && (test.name as NjNode)?.typename === "Symbol") {
      c.name(test.name, "test name");
      c.args(test.args as NjNode);
    } else
      c.problem(test, "after `is` comes a test name, e.g. `is defined` or `is divisibleby(3)`");
  },
  Compare: (c, n) => {
    c.node(n.expr);
    for (const op of (n.ops as NjNode[]) ?? []) {
      if (op?.typename !== "CompareOperand" || !COMPARE_OPS.has(op.type as string))
        c.problem(op, "unknown comparison");
      else c.node(op.expr);
    }
  },
  In: binary,
  Or: binary,
  And: binary,
  Add: binary,
  Concat: binary,
  Sub: binary,
  Mul: binary,
  Div: binary,
  FloorDiv: binary,
  Mod: binary,
  Pow: binary,
  Not: unary,
  Neg: unary,
  Pos: unary,
  Include: (c, n) => c.templateName(n.template, "include"),
  Extends: (c, n) => c.templateName(n.template, "extends"),
  Import: (c, n) => {
    c.templateName(n.template, "import");
    c.name(n.target, "import alias");
  },
  FromImport: (c, n) => {
    c.templateName(n.template, "from");
    for (const item of (n.names as NjNode)?.children ?? []) {
      if (item?.typename === "Pair") {
        c.name(item.key, "imported name");
        c.name(item.value, "import alias");
      } else c.name(item, "imported name");
    }
  },
  Block: (c, n) => {
    c.name(n.name, "block name");
    c.node(n.body);
  },
  Switch: (c, n) => {
    c.node(n.expr);
    c.each(n.cases as NjNode[]);
    c.node(n.default);
  },
  Case: (c, n) => c.fields(n, "cond", "body"),
};

/** Walks one parse tree; `problems` lists what it refused. */
export class Checker {
  readonly problems: TemplateProblem[] = [];
  private depth = 0;
  // Synthesised nodes (the `caller` keyword of `{% call %}`) carry no position: use the parent's.
  private line = 0;
  private column = 0;

  node(n: unknown): void {
    if (n === null || n === undefined) return;
    const node = n as NjNode;
    // hasOwn: a typename like "constructor" must not find Object.prototype's members.
    const visit = Object.hasOwn(VISIT, node.typename) ? VISIT[node.typename] : undefined;
    if (!visit) {
      this.problem(
        node,
        (Object.hasOwn(REFUSED, node.typename) ? REFUSED[node.typename] : undefined) ??
          "this construct is not supported",
      );
      return;
    }
    if (this.depth >= MAX_DEPTH) {
      this.problem(node, "the template nests too deeply");
      return;
    }
    const saved = [this.line, this.column];
    if (typeof node.lineno === "number") [this.line, this.column] = [node.lineno, node.colno ?? 0];
    this.depth++;
    visit(this, node);
    this.depth--;
    [this.line, this.column] = saved as [number, number];
  }

  each(list: unknown): void {
    if (Array.isArray(list)) for (const item of list) this.node(item);
  }

  fields(n: NjNode, ...names: string[]): void {
    for (const name of names) this.node(n[name]);
  }

  literal(n: NjNode): void {
    const v = n.value;
    if (v instanceof RegExp)
      this.problem(n, "regular expression literals (r/…/) are not supported; use a string");
    else if (v !== null && !["string", "number", "boolean"].includes(typeof v))
      this.problem(n, "this literal is not supported");
  }

  /** A name the compiler pastes into code: a Symbol node whose text is a plain identifier. */
  name(n: unknown, what: string): void {
    const node = n as NjNode | undefined;
    if (node?.typename !== "Symbol") {
      this.problem(node, `a ${what} must be a plain name, not ${describeNode(node)}`);
    } else if (typeof node.value !== "string" || !IDENTIFIER.test(node.value)) {
      this.problem(
        node,
        `the ${what} ${quote(node.value)} is not a plain name (letters, digits, _)`,
      );
    } else if (node.value.startsWith("__")) {
      this.problem(node, `the ${what} ${quote(node.value)} is reserved (it starts with __)`);
    }
  }

  names(list: unknown, what: string): void {
    if (!Array.isArray(list) || list.length === 0) this.problem(undefined, `a ${what} is missing`);
    else for (const item of list) this.name(item, what);
  }

  /** Dict pairs (`{a: 1, "b-c": 2}`) or keyword arguments (`f(a=1)`, names only). */
  pairs(n: NjNode, what: string, stringKeys: boolean): void {
    for (const pair of n.children ?? []) {
      if (pair?.typename !== "Pair") {
        this.problem(pair, "this construct is not supported");
        continue;
      }
      const key = pair.key as NjNode;
      const isString = key?.typename === "Literal" && typeof key.value === "string";
      if (!(stringKeys && isString)) this.name(key, what);
      this.node(pair.value);
    }
  }

  /** Arguments of a call or filter: expressions, then optionally `name=value` keyword arguments. */
  args(list: NjNode | undefined): void {
    for (const arg of list?.children ?? []) {
      if (arg?.typename === "KeywordArgs") this.pairs(arg, "keyword argument name", false);
      else this.node(arg);
    }
  }

  /** A macro's or caller's parameters: plain names, then `name=default`. */
  signature(list: NjNode | undefined): void {
    for (const arg of list?.children ?? []) {
      if (arg?.typename === "KeywordArgs") this.pairs(arg, "macro argument", false);
      else this.name(arg, "macro argument");
    }
  }

  /** The callee's label (`a["b"].c`, `"s"["k"]`) is pasted as a string that escapes only `"`. */
  callee(n: NjNode | undefined): void {
    for (let node = n; node; ) {
      if (node.typename === "LookupVal") {
        this.calleeText(node.val as NjNode);
        node = node.target as NjNode;
      } else if (node.typename === "FunCall") node = node.name as NjNode;
      else {
        this.calleeText(node);
        return;
      }
    }
  }

  private calleeText(n: NjNode | undefined): void {
    if (n?.typename === "Literal" && typeof n.value === "string" && UNSAFE_CALLEE_KEY.test(n.value))
      this.problem(n, "a called name or key may not contain backslashes or control characters");
  }

  templateName(n: unknown, tag: string): void {
    const node = n as NjNode | undefined;
    if (node?.typename !== "Literal" || typeof node.value !== "string")
      this.problem(node, `the template of ${tag} must be a quoted name, not ${describeNode(node)}`);
  }

  problem(n: NjNode | undefined, message: string): void {
    const at = typeof n?.lineno === "number" ? n : undefined;
    this.problems.push({
      line: (at?.lineno ?? this.line) + 1,
      column: (at?.colno ?? this.column) + 1,
      message,
    });
  }
}

function describeNode(n: NjNode | undefined): string {
  if (!n) return "nothing";
  if (n.typename === "Literal") return typeof n.value === "string" ? "a string" : "a literal";
  return "an expression";
}

/** Owner text, JSON-quoted and shortened, for a message about the owner's own code. */
function quote(value: unknown): string {
  const text = String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
