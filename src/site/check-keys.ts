/**
 * Rejects object keys that reach a prototype (`__proto__`, `constructor`, `prototype`) anywhere
 * in the raw input. Such keys would let owner data shadow built-ins in templates, and copying
 * them with plain assignment (as schema libraries do) silently changes an object's prototype.
 */
import type { ErrorBag } from "./error-bag.js";
import { FORBIDDEN_KEYS } from "./schema.js";

/** True when some object inside `root` has a forbidden own key; no paths, so it stays cheap. */
function hasForbiddenKey(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === "object" && item !== null) stack.push(item);
      }
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    // Object.keys lists an own `__proto__` that JSON.parse created, unlike the real prototype.
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (FORBIDDEN_KEYS.has(key)) return true;
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === "object" && child !== null) stack.push(child);
    }
  }
  return false;
}

/**
 * Walks `raw` (iteratively, so deep nesting cannot overflow the stack) and reports every
 * forbidden key, with paths below `base` (`pages[3]` for one page of a streamed site).
 */
export function checkForbiddenKeys(raw: unknown, bag: ErrorBag, base = ""): void {
  if (!hasForbiddenKey(raw)) return;
  const stack: Array<{ value: unknown; path: string }> = [{ value: raw, path: base }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], path: `${path}[${i}]` });
      continue;
    }
    for (const key of Object.keys(value)) {
      const at = path === "" ? key : `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) bag.add(at, `The key "${key}" is not allowed.`);
      else stack.push({ value: (value as Record<string, unknown>)[key], path: at });
    }
  }
}
