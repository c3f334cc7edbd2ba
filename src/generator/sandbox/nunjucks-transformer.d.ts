/** nunjucks' tree rewriting module, which @types/nunjucks does not describe (see nunjucks-internals.ts). */
declare module "nunjucks/src/transformer.js" {
  /** Rewrites a parse tree (super() lifting, async conversion); typed in nunjucks-internals.ts. */
  export function transform(root: unknown, asyncFilters: string[]): unknown;
}
