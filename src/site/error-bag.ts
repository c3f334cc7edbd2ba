/**
 * Collects validation problems under API-style paths (`pages[3].components[1].meta.padding_top`)
 * so that one run reports every problem instead of stopping at the first.
 */
import type { z } from "zod";
import type { ValidationErrors } from "../errors.js";
import { REQUIRED } from "./coerce.js";

/** A path as zod reports it: keys and array indexes. */
export type PathParts = readonly PropertyKey[];

/** Joins path parts the way the API's 422 body spells them: `a[0].b`. */
export function formatPath(parts: PathParts): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Joins a prefix and more parts: `child("pages[3]", "post_name")`. */
export function child(prefix: string, ...parts: PathParts): string {
  const rest = formatPath(parts);
  if (prefix === "") return rest;
  return rest.startsWith("[") || rest === "" ? prefix + rest : `${prefix}.${rest}`;
}

/** Zod error map: a missing value says "required" instead of "expected string, received undefined". */
export const errorMap: z.core.$ZodErrorMap = (issue) =>
  issue.input === undefined && issue.code === "invalid_type" ? REQUIRED : undefined;

/** Accumulates messages by path, keeping first-seen order and skipping repeats. */
export class ErrorBag {
  readonly errors: ValidationErrors = {};

  /** Records one problem at `path`. */
  add(path: string, message: string): void {
    const list = this.errors[path];
    if (!list) this.errors[path] = [message];
    else if (!list.includes(message)) list.push(message);
  }

  /** Records every issue of a failed zod parse, below `prefix`. */
  addIssues(prefix: string, issues: readonly z.core.$ZodIssue[]): void {
    for (const issue of issues) this.add(child(prefix, ...issue.path), issue.message);
  }

  /** True when nothing was recorded. */
  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}

/** A parsed entity and its index in the input array. */
export interface Entry<T> {
  index: number;
  value: T;
}
