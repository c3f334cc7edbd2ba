/**
 * Component operations that add, remove or move components (seed 002 components/duplicate,
 * delete and update-order).
 */
import { z } from "zod";
import { id, num } from "../site/coerce.js";
import type { Component, Site } from "../site/types.js";
import { ChangeRecorder, type OpResult } from "./changes.js";
import { commit, draftOf } from "./commit.js";
import {
  componentIdRequest,
  componentKey,
  hostKey,
  recordComponentChange,
} from "./component-common.js";
import { componentIds, IdMinter, locateComponent, requireComponent } from "./locate.js";
import { parseRequest, RequestProblems } from "./request.js";

const duplicateRequest = z.object({ id: id(), menu_order: num(Number.NaN) });

/**
 * Copies a component, with a fresh id, into the same page or area right after the original
 * (same `menu_order` unless the request gives one; ties keep list order). Returns the copy in
 * `changes.added`.
 */
export function duplicateComponent(site: Site, request: unknown): OpResult {
  const req = parseRequest(duplicateRequest, request);
  const draft = draftOf(site);
  const loc = requireComponent(draft, req.id);
  const copy: Component = {
    ...structuredClone(loc.component),
    id: new IdMinter(componentIds(draft)).next(),
    menu_order: Number.isNaN(req.menu_order) ? loc.component.menu_order : req.menu_order,
  };
  loc.list.splice(loc.index + 1, 0, copy);
  const recorder = new ChangeRecorder();
  recorder.added(componentKey(copy.id, loc.host));
  recorder.changed(hostKey(loc.host));
  return commit(draft, recorder, [{ prefix: `${loc.path}[${loc.index + 1}]` }]);
}

/** Removes a component from its page or area. */
export function deleteComponent(site: Site, request: unknown): OpResult {
  const req = parseRequest(componentIdRequest, request);
  const draft = draftOf(site);
  const loc = requireComponent(draft, req.id);
  loc.list.splice(loc.index, 1);
  const recorder = new ChangeRecorder();
  recorder.removed(componentKey(loc.component.id, loc.host));
  recorder.changed(hostKey(loc.host));
  return commit(draft, recorder);
}

const orderRequest = z.object({
  components: z
    .array(z.object({ id: id(), menu_order: num(Number.NaN) }), { error: "Must be an array." })
    .min(1, { error: "Name at least one component." }),
});

/**
 * Sets `menu_order` of several components at once (`components: [{ id, menu_order }]`, the
 * drag-and-drop of a page); each page or area is re-sorted, ties keeping their order.
 */
export function updateComponentOrder(site: Site, request: unknown): OpResult {
  const req = parseRequest(orderRequest, request);
  const draft = draftOf(site);
  const problems = new RequestProblems();
  const seen = new Set<string>();
  req.components.forEach((entry, i) => {
    if (Number.isNaN(entry.menu_order))
      problems.add(`components[${i}].menu_order`, "This field is required.");
    if (seen.has(entry.id))
      problems.add(`components[${i}].id`, `Component ${entry.id} is listed twice.`);
    else if (!locateComponent(draft, entry.id))
      problems.add(
        `components[${i}].id`,
        `No component with id "${entry.id}" exists in this site.`,
      );
    seen.add(entry.id);
  });
  problems.throwIfAny();

  const recorder = new ChangeRecorder();
  const lists = new Set<Component[]>();
  for (const entry of req.components) {
    const loc = requireComponent(draft, entry.id);
    if (loc.component.menu_order === entry.menu_order) continue;
    loc.component.menu_order = entry.menu_order;
    lists.add(loc.list);
    recordComponentChange(recorder, loc);
  }
  for (const list of lists) list.sort((a, b) => a.menu_order - b.menu_order);
  return commit(draft, recorder);
}
