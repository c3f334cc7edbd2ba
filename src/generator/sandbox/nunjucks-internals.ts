/**
 * Typed access to the parts of nunjucks 3.2 that @types/nunjucks does not describe: the parser,
 * the parse-tree nodes, the transformer and the Compiler class. The sandbox depends on their
 * exact shape, so they are named here once and nowhere else.
 */
import nunjucks from "nunjucks";
// A static import, so that a bundle of the render process holds the same nunjucks copy as its parser.
import * as transformer from "nunjucks/src/transformer.js";

/** A parse-tree node as nunjucks' parser builds it (fields vary by `typename`). */
export interface NjNode {
  typename: string;
  lineno?: number;
  colno?: number;
  value?: unknown;
  children?: NjNode[];
  [field: string]: unknown;
}

/** nunjucks' compile-time Frame (variable name → generated JavaScript identifier). */
export interface NjFrame {
  lookup(name: string): string | undefined | null;
  set(name: string, value: unknown, resolveUp?: boolean): void;
}

/** The methods of nunjucks' Compiler the sandbox overrides or calls. */
export interface NjCompiler {
  compile(node: NjNode, frame?: NjFrame): void;
  getCode(): string;
  fail(message: string, lineno?: number, colno?: number): never;
  _emit(code: string): void;
  _compileExpression(node: NjNode, frame: NjFrame): void;
  _compileAggregate(node: NjNode, frame: NjFrame, start?: string, end?: string): void;
  _getNodeName(node: NjNode): string;
}

/** nunjucks' Compiler class: `new Compiler(templateName, throwOnUndefined)`. */
export type NjCompilerClass = new (templateName: string, throwOnUndefined: boolean) => NjCompiler;

/** The lexer options the parser honours; they must match the Environment's. */
export interface LexerOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
}

interface NunjucksInternals {
  parser: { parse(src: string, extensions: unknown[], opts: LexerOptions): NjNode };
  compiler: { Compiler: NjCompilerClass };
}

const internals = nunjucks as unknown as NunjucksInternals;

/** Parses template source into nunjucks' tree; runs no generated code. */
export const parseTemplate = (src: string, opts: LexerOptions): NjNode =>
  internals.parser.parse(src, [], opts);

/** nunjucks' tree rewriting between parse and compile (super() lifting, async conversion). */
export const transformTree = transformer.transform as (
  root: NjNode,
  asyncFilters: string[],
) => NjNode;

/** nunjucks' own Compiler class, to subclass. */
export const BaseCompiler: NjCompilerClass = internals.compiler.Compiler;
