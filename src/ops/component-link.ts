/**
 * Unlink a component from its template, and the inverse, turn a component into a template
 * (seed 002: components/unlink and components/convert-to-template).
 */
import { z } from "zod";
import { id, nullableText } from "../site/coerce.js";
import type { CustomFieldDefinition, Site, Template } from "../site/types.js";
import { ChangeRecorder, type OpResult } from "./changes.js";
import { commit, draftOf } from "./commit.js";
import {
  componentFocus,
  componentIdRequest,
  FIELDS_CONFIG_KEY,
  recordComponentChange,
  storedDefinitions,
} from "./component-common.js";
import { IdMinter, requireComponent } from "./locate.js";
import { fail, parseRequest } from "./request.js";

/**
 * Seed 002's three steps: copy the template's code and custom-field definitions into the
 * component, drop the link, and leave an independent component. Field values the component
 * did not set get the template's defaults, because without the template nothing else would
 * supply them: the page renders exactly as before.
 */
export function unlinkComponent(site: Site, request: unknown): OpResult {
  const req = parseRequest(componentIdRequest, request);
  const draft = draftOf(site);
  const loc = requireComponent(draft, req.id);
  const c = loc.component;
  if (c.template_id === null) fail("id", `Component ${c.id} is not linked to a template.`);
  const template = draft.templates.find((t) => t.id === c.template_id);
  if (!template)
    fail("id", `Component ${c.id} links template "${c.template_id}", which does not exist.`);

  c.code = template.code;
  c.meta[FIELDS_CONFIG_KEY] = structuredClone(template.custom_fields);
  for (const def of template.custom_fields) {
    const value = c.custom_fields[def.name];
    if (
      (value === undefined || value === null) &&
      def.default !== undefined &&
      def.default !== null
    )
      c.custom_fields[def.name] = structuredClone(def.default);
  }
  c.template_id = null;

  const recorder = new ChangeRecorder();
  recordComponentChange(recorder, loc);
  return commit(draft, recorder, [componentFocus(loc.path, loc.index)]);
}

const convertRequest = z.object({
  id: id(),
  /** The new template's name; default "<type> <id>". */
  name: nullableText(),
});

/** Definitions for a component's values when it carries none: one `text` field per value. */
function definitionsFromValues(values: Record<string, unknown>): CustomFieldDefinition[] {
  return Object.entries(values).map(([name, value]) => ({
    name,
    label: name,
    type: "text",
    default: value ?? null,
  }));
}

/**
 * Seed 002's inverse of unlink: a new template from the component's code and custom fields
 * (the definitions unlink kept, else one text field per value), and the component becomes a
 * `templatePartial` linked to it. Its meta (paddings, grid) stays on the component, where the
 * renderer reads it. Returns the new template in `changes.added`.
 */
export function convertToTemplate(site: Site, request: unknown): OpResult {
  const req = parseRequest(convertRequest, request);
  const draft = draftOf(site);
  const loc = requireComponent(draft, req.id);
  const c = loc.component;
  if (c.template_id !== null)
    fail("id", `Component ${c.id} is already linked to template "${c.template_id}".`);
  if (c.code === null)
    fail(
      "id",
      `Component ${c.id} (${c.component_id}) has no code of its own to make a template of.`,
    );

  const template: Template = {
    id: new IdMinter(draft.templates.map((t) => t.id)).next(),
    name: req.name ?? `${c.component_id} ${c.id}`,
    code: c.code,
    custom_fields: storedDefinitions(c) ?? definitionsFromValues(c.custom_fields),
  };
  draft.templates.push(template);
  delete c.meta[FIELDS_CONFIG_KEY];
  c.component_id = "templatePartial";
  c.template_id = template.id;
  c.code = null;

  const recorder = new ChangeRecorder();
  recorder.added({ kind: "template", id: template.id });
  recordComponentChange(recorder, loc);
  return commit(draft, recorder, [componentFocus(loc.path, loc.index)]);
}
