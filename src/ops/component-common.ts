/**
 * Pieces shared by the single-component operations: the `{ id }` request, change records that
 * name the component and its host, and the focus that maps the component's validation
 * problems back to request fields.
 */
import { z } from "zod";
import { id } from "../site/coerce.js";
import type { Component, CustomFieldDefinition } from "../site/types.js";
import type { ChangeRecorder, ComponentHost, EntityKey } from "./changes.js";
import type { Focus } from "./commit.js";
import type { ComponentLocation } from "./locate.js";

/** The request of operations on one existing component: its `id`. */
export const componentIdRequest = z.object({ id: id() });

/**
 * Where an unlinked component keeps the custom-field definitions copied from its template
 * (seed 002 unlink step 1: "custom fields config"). `meta` keeps unknown keys, so the
 * definitions survive loading and saving, and convertToTemplate can restore them exactly.
 */
export const FIELDS_CONFIG_KEY = "custom_fields_config";

/** The change key of a component in its host. */
export function componentKey(id: string, host: ComponentHost): EntityKey {
  return { kind: "component", id, in: host };
}

/** The change key of a component's host (a page, or an area). */
export function hostKey(host: ComponentHost): EntityKey {
  return host.kind === "page" ? { kind: "page", id: host.id } : { kind: "area", id: host.id };
}

/** Records that a component (and so its host, which renders it) changed. */
export function recordComponentChange(recorder: ChangeRecorder, loc: ComponentLocation): void {
  recorder.changed(componentKey(loc.component.id, loc.host));
  recorder.changed(hostKey(loc.host));
}

/** Maps validation problems of the component at `index` of the list at `listPath` to the request. */
export function componentFocus(listPath: string, index: number): Focus {
  return { prefix: `${listPath}[${index}]` };
}

/** Custom-field definitions kept in a component's meta, when they are well formed. */
export function storedDefinitions(component: Component): CustomFieldDefinition[] | null {
  const raw = component.meta[FIELDS_CONFIG_KEY];
  if (!Array.isArray(raw)) return null;
  const ok = raw.every(
    (d) =>
      typeof d === "object" && d !== null && typeof (d as { name?: unknown }).name === "string",
  );
  return ok ? (structuredClone(raw) as CustomFieldDefinition[]) : null;
}
