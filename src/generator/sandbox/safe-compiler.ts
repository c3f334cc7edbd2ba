/**
 * The second half of layer 1: nunjucks' Compiler with every site that pastes template text into
 * generated code either quoted with JSON.stringify or guarded by the identifier check. The
 * allow-list in check-template.ts is the primary defence; this makes a name it missed fail to
 * compile instead of becoming code.
 */

import {
  BaseCompiler,
  type NjCompiler,
  type NjFrame,
  type NjNode,
  transformTree,
} from "./nunjucks-internals.js";
import { IDENTIFIER } from "./tree-checker.js";

type Method = (this: NjCompiler, ...args: unknown[]) => void;
const base = BaseCompiler.prototype as unknown as Record<string, Method>;

/** The precompiled form nunjucks' Template accepts (`new Template({type: "code", obj})`). */
export interface CompiledTemplate {
  type: "code";
  obj: Record<string, unknown>;
}

/** Compiles a parsed tree to nunjucks' template functions; `name` is the registry's own name. */
export function compileTree(root: NjNode, name: string): CompiledTemplate {
  const compiler = new SafeCompiler(name, false);
  compiler.compile(transformTree(root, []));
  // The code holds no owner text outside JSON-quoted strings and checked identifiers.
  const obj = new Function(compiler.getCode())() as Record<string, unknown>;
  return { type: "code", obj };
}

const int = (n: unknown) => (Number.isInteger(n) ? String(n) : "0");

class SafeCompiler extends BaseCompiler {
  /** Fails the compile unless `value` is a plain identifier: it is about to be pasted as code. */
  private ident(value: unknown, node: NjNode | undefined): string {
    if (typeof value !== "string" || !IDENTIFIER.test(value)) {
      this.fail("unsafe name in template", node?.lineno, node?.colno);
    }
    return value as string;
  }

  compileLiteral(node: NjNode): void {
    const v = node.value;
    if (typeof v === "string") this._emit(JSON.stringify(v));
    else if (v === null) this._emit("null");
    else if (typeof v === "number" || typeof v === "boolean") this._emit(String(v));
    else if (v instanceof RegExp) {
      this._emit(`new RegExp(${JSON.stringify(v.source)}, ${JSON.stringify(v.flags)})`);
    } else this.fail("unsupported literal", node.lineno, node.colno);
  }

  compileSymbol(node: NjNode, frame: NjFrame): void {
    const name = this.ident(node.value, node);
    const local = frame.lookup(name);
    if (local) this._emit(local);
    else this._emit(`runtime.contextOrFrameLookup(context, frame, ${JSON.stringify(name)})`);
  }

  compileIs(node: NjNode, frame: NjFrame): void {
    const right = node.right as NjNode;
    const test = right.name ? (right.name as NjNode).value : (right.value ?? "null");
    this._emit(`env.getTest(${JSON.stringify(this.ident(test, right))}).call(context, `);
    this.compile(node.left as NjNode, frame);
    if (right.args) {
      this._emit(",");
      this.compile(right.args as NjNode, frame);
    }
    this._emit(") === true");
  }

  compileFilter(node: NjNode, frame: NjFrame): void {
    const name = node.name as NjNode;
    if (name?.typename !== "Symbol") this.fail("unsupported filter", node.lineno, node.colno);
    this._emit(`env.getFilter(${JSON.stringify(this.ident(name.value, name))}).call(context, `);
    this._compileAggregate(node.args as NjNode, frame);
    this._emit(")");
  }

  compileFunCall(node: NjNode, frame: NjFrame): void {
    this._emit(`(lineno = ${int(node.lineno)}, colno = ${int(node.colno)}, runtime.callWrap(`);
    this._compileExpression(node.name as NjNode, frame);
    this._emit(`, ${JSON.stringify(this._getNodeName(node.name as NjNode))}, context, `);
    this._compileAggregate(node.args as NjNode, frame, "[", "])");
    this._emit(")");
  }

  override _getNodeName(node: NjNode): string {
    if (node?.typename === "Literal") return String(node.value);
    return base._getNodeName?.call(this, node) as unknown as string;
  }

  compileSet(node: NjNode, frame: NjFrame): void {
    for (const target of node.targets as NjNode[]) this.ident(target.value, target);
    base.compileSet?.call(this, node, frame);
  }

  compileFor(node: NjNode, frame: NjFrame): void {
    const name = node.name as NjNode;
    for (const n of name.typename === "Array" ? (name.children ?? []) : [name])
      this.ident(n.value, n);
    base.compileFor?.call(this, node, frame);
  }

  _compileMacro(node: NjNode, frame?: NjFrame): string {
    for (const arg of (node.args as NjNode).children ?? []) {
      // Positional names become `l_<name>` parameters; keyword names are pasted in strings.
      if (arg.typename === "KeywordArgs" || arg.typename === "Dict")
        for (const pair of arg.children ?? []) this.ident((pair.key as NjNode).value, pair);
      else this.ident(arg.value, arg);
    }
    return base._compileMacro?.call(this, node, frame) as unknown as string;
  }

  compileMacro(node: NjNode, frame: NjFrame): void {
    this.ident((node.name as NjNode).value, node);
    base.compileMacro?.call(this, node, frame);
  }

  compileImport(node: NjNode, frame: NjFrame): void {
    this.ident((node.target as NjNode).value, node);
    base.compileImport?.call(this, node, frame);
  }

  compileFromImport(node: NjNode, frame: NjFrame): void {
    for (const item of (node.names as NjNode).children ?? []) {
      if (item.typename === "Pair") {
        this.ident((item.key as NjNode).value, item);
        this.ident((item.value as NjNode).value, item);
      } else this.ident(item.value, item);
    }
    base.compileFromImport?.call(this, node, frame);
  }

  compileBlock(node: NjNode, frame: NjFrame): void {
    this.ident((node.name as NjNode).value, node);
    base.compileBlock?.call(this, node, frame);
  }

  compileSuper(node: NjNode, frame: NjFrame): void {
    this.ident((node.blockName as NjNode).value, node);
    this.ident((node.symbol as NjNode).value, node);
    base.compileSuper?.call(this, node, frame);
  }

  // Asynchronous and extension nodes paste names as bare JavaScript; the sandbox has neither.
  compileCallExtension(node: NjNode): void {
    this.fail("custom tags are not supported", node.lineno, node.colno);
  }
  compileCallExtensionAsync(node: NjNode): void {
    this.compileCallExtension(node);
  }
  compileFilterAsync(node: NjNode): void {
    this.fail("asynchronous filters are not supported", node.lineno, node.colno);
  }
  compileIfAsync(node: NjNode): void {
    this.fail("the ifAsync tag is not supported", node.lineno, node.colno);
  }
  compileAsyncEach(node: NjNode): void {
    this.fail("the asyncEach tag is not supported", node.lineno, node.colno);
  }
  compileAsyncAll(node: NjNode): void {
    this.fail("the asyncAll tag is not supported", node.lineno, node.colno);
  }
}
