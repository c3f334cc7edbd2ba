import nunjucks from "nunjucks";
import { tick } from "./budget.js";

/**
 * Layer 2 inside the render process. Nunjucks has no sandbox: `{{ "".constructor.constructor("...")() }}`
 * reaches the Function constructor and runs code on the build server. Every member and variable
 * lookup a compiled template makes goes through `runtime.memberLookup` /
 * `runtime.contextOrFrameLookup`, so guarding those two closes the known escapes for every
 * template, ours and the owners'. The same hooks, plus frame writes, calls and outputs (which
 * every loop step and macro call passes through), count work for the render budget.
 */

const BLOCKED = new Set(["constructor", "prototype", "caller", "callee", "arguments"]);

/** True for property names that owner templates may never read. */
export function isBlockedProperty(name: unknown): boolean {
  if (typeof name !== "string") return typeof name === "symbol";
  return BLOCKED.has(name) || name.startsWith("__");
}

/**
 * True for variable names that owner templates may never read. `caller` is the exception: inside
 * a macro nunjucks binds it to the `{% call %}` body (a macro), and it resolves only to that;
 * reading the `caller` property of a function stays blocked above.
 */
export function isBlockedVariable(name: unknown): boolean {
  return name !== "caller" && isBlockedProperty(name);
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

interface FrameMethods {
  set(name: string, val: unknown, resolveUp?: boolean): void;
  push(isolateWrites?: boolean): unknown;
}

interface Runtime {
  memberLookup(obj: unknown, val: unknown): unknown;
  contextOrFrameLookup(context: unknown, frame: unknown, name: string): unknown;
  callWrap(obj: unknown, name: string, context: unknown, args: unknown[]): unknown;
  suppressValue(val: unknown, autoescape: boolean): unknown;
  Frame: { prototype: FrameMethods };
  __sitewrightHardened?: boolean;
}

/** Installs the lookup guards and budget counters into nunjucks' shared runtime once; idempotent. */
export function hardenNunjucks(): void {
  const runtime = (nunjucks as unknown as { runtime: Runtime }).runtime;
  if (runtime.__sitewrightHardened) return;
  const { memberLookup, contextOrFrameLookup, callWrap, suppressValue } = runtime;

  runtime.memberLookup = (obj, val) => {
    tick();
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
    tick();
    if (isBlockedVariable(name)) return undefined;
    const value = contextOrFrameLookup(context, frame, name);
    // Names like `toString` or `hasOwnProperty` would otherwise resolve to Object.prototype.
    if (name in Object.prototype && value === (Object.prototype as Record<string, unknown>)[name]) {
      return undefined;
    }
    return guard(value);
  };
  runtime.callWrap = (obj, name, context, args) => {
    tick();
    return callWrap(obj, name, context, args);
  };
  runtime.suppressValue = (val, autoescape) => {
    tick();
    return suppressValue(val, autoescape);
  };
  // Every loop step writes its variable and `loop.*` into the frame; every macro call pushes one.
  const frame = runtime.Frame.prototype;
  const { set, push } = frame;
  frame.set = function (this: unknown, name, val, resolveUp) {
    tick();
    return set.call(this, name, val, resolveUp);
  };
  frame.push = function (this: unknown, isolateWrites) {
    tick();
    return push.call(this, isolateWrites);
  };
  runtime.__sitewrightHardened = true;
}
