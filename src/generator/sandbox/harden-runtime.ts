import nunjucks from "nunjucks";

/**
 * Nunjucks has no sandbox: `{{ "".constructor.constructor("...")() }}` reaches the Function
 * constructor and runs code on the build server. Every member and variable lookup a compiled
 * template makes goes through `runtime.memberLookup` / `runtime.contextOrFrameLookup`, so
 * guarding those two closes the known escapes for every template, ours and the owners'.
 */

const BLOCKED = new Set(["constructor", "prototype", "caller", "callee", "arguments"]);

/** True for property names that owner templates may never read. */
export function isBlockedProperty(name: unknown): boolean {
  if (typeof name !== "string") return typeof name === "symbol";
  return BLOCKED.has(name) || name.startsWith("__");
}

/** Values that hand out code execution or global mutation if a template ever holds them. */
const DANGEROUS_VALUES = new Set<unknown>([
  Function,
  Object,
  Reflect,
  globalThis,
  // biome-ignore lint/security/noGlobalEval: listed so that a template can never hold it; not called.
  eval,
  Proxy,
]);

function guard(value: unknown): unknown {
  return DANGEROUS_VALUES.has(value) ? undefined : value;
}

interface Runtime {
  memberLookup(obj: unknown, val: unknown): unknown;
  contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown;
  __sitewrightHardened?: boolean;
}

/** Installs the lookup guards into nunjucks' shared runtime once per process; idempotent. */
export function hardenNunjucks(): void {
  const runtime = (nunjucks as unknown as { runtime: Runtime }).runtime;
  if (runtime.__sitewrightHardened) return;
  const memberLookup = runtime.memberLookup;
  const contextOrFrameLookup = runtime.contextOrFrameLookup;

  runtime.memberLookup = (obj, val) => {
    if (isBlockedProperty(val)) return undefined;
    // Checked before nunjucks wraps functions in a bound closure, which would hide their identity.
    if (
      obj !== null &&
      obj !== undefined &&
      guard((obj as Record<string, unknown>)[val as string]) === undefined
    ) {
      return undefined;
    }
    return memberLookup(obj, val);
  };
  runtime.contextOrFrameLookup = (context, frame, name) => {
    if (isBlockedProperty(name)) return undefined;
    const value = contextOrFrameLookup(context, frame, name);
    // Names like `toString` or `hasOwnProperty` would otherwise resolve to Object.prototype.
    if (name in Object.prototype && value === (Object.prototype as Record<string, unknown>)[name]) {
      return undefined;
    }
    return guard(value);
  };
  runtime.__sitewrightHardened = true;
}
