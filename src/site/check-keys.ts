/**
 * Rejects object keys that reach a prototype (`__proto__`, `constructor`, `prototype`) anywhere
 * in the raw input. Such keys would let owner data shadow built-ins in templates, and copying
 * them with plain assignment (as schema libraries do) silently changes an object's prototype.
 */
import type { ErrorBag } from "./error-bag.js";
import { FORBIDDEN_KEYS } from "./schema.js";

/** Walks `raw` (iteratively, so deep nesting cannot overflow the stack) and reports every forbidden key. */
export function checkForbiddenKeys(raw: unknown, bag: ErrorBag): void {
  const stack: Array<{ value: unknown; path: string }> = [{ value: raw, path: "" }];
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
