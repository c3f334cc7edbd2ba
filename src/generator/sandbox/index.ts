/** The template sandbox: what the registry, the render workers and tests use of it. */
export { type RenderBudget, runWithBudget } from "./budget.js";
export {
  checkTemplate,
  IDENTIFIER,
  LEXER_OPTIONS,
  type TemplateProblem,
} from "./check-template.js";
export { checkTemplateSources, compileSources, type SandboxSource } from "./compile-sources.js";
export { hardenNunjucks, isBlockedProperty, isBlockedVariable } from "./harden-runtime.js";
export { ownerRenderError, renderError } from "./render-errors.js";
export { installSafeGlobals, MAX_RANGE, safeRange } from "./safe-globals.js";
