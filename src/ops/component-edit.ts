/**
 * Edits of one existing component (seed 002 components/set-content, update-custom-fields,
 * change-to): the request names the component by `id` and the fields it sets.
 */
import { z } from "zod";
import { coerce, id, looseRecord, optionalId } from "../site/coerce.js";
import { toMeta } from "../site/component-meta.js";
import { isComponentType } from "../site/component-types.js";
import { toOptionalEditorJs } from "../site/editorjs-input.js";
import type { Site } from "../site/types.js";
import { ChangeRecorder, type OpResult } from "./changes.js";
import { commit, draftOf } from "./commit.js";
import { componentFocus, FIELDS_CONFIG_KEY, recordComponentChange } from "./component-common.js";
import { requireComponent } from "./locate.js";
import { fail, parseRequest } from "./request.js";

const setContentRequest = z.object({
  id: id(),
  section_content: coerce(toOptionalEditorJs),
});

/** Sets a component's Editor.js `meta.section_content`; `null` clears it. */
export function setComponentContent(site: Site, request: unknown): OpResult {
  const req = parseRequest(setContentRequest, request);
  if (!Object.hasOwn(request as object, "section_content"))
    fail("section_content", "This field is required.");
  const draft = draftOf(site);
  const loc = requireComponent(draft, req.id);
  if (req.section_content === undefined || req.section_content === null)
    delete loc.component.meta.section_content;
  else loc.component.meta.section_content = req.section_content;
  const recorder = new ChangeRecorder();
  recordComponentChange(recorder, loc);
  return commit(draft, recorder, [componentFocus(loc.path, loc.index)]);
}

const customFieldsRequest = z.object({ id: id(), custom_fields: looseRecord() });

/**
 * Sets custom-field values: each given key is set, and a `null` value removes it (the
 * template's default applies again). Values are checked against the linked template's field
 * types, reported at `custom_fields.<name>`.
 */
export function updateCustomFields(site: Site, request: unknown): OpResult {
  const req = parseRequest(customFieldsRequest, request);
  const draft = draftOf(site);
  const loc = requireComponent(draft, req.id);
  for (const [name, value] of Object.entries(req.custom_fields)) {
    if (name === "__proto__" || name === "constructor" || name === "prototype")
      fail(`custom_fields.${name}`, "This name is not allowed.");
    if (value === null) delete loc.component.custom_fields[name];
    else loc.component.custom_fields[name] = value;
  }
  const recorder = new ChangeRecorder();
  recordComponentChange(recorder, loc);
  return commit(draft, recorder, [componentFocus(loc.path, loc.index)]);
}

const changeTypeRequest = z.object({
  id: id(),
  component_id: z.string({ error: "Must be a component type such as sectionContent." }).min(1),
  template_id: optionalId(),
  meta: coerce(toMeta).optional(),
});

/**
 * Changes a component's type (seed 002 components/change-to). Becoming a built-in type other
 * than `templatePartial` drops the template link and own code, since they would otherwise keep
 * deciding what renders; `meta` given in the request is merged over the existing meta, and the
 * new type's required references (`meta.form_id`, ...) are checked at their request field.
 */
export function changeComponentType(site: Site, request: unknown): OpResult {
  const req = parseRequest(changeTypeRequest, request);
  const draft = draftOf(site);
  const loc = requireComponent(draft, req.id);
  const c = loc.component;
  const type = req.component_id;
  if (
    !isComponentType(type) &&
    req.template_id === null &&
    c.template_id === null &&
    c.code === null
  )
    fail("component_id", `Unknown component type "${type}"; link a template with template_id.`);
  c.component_id = type;
  if (req.template_id !== null) {
    c.template_id = req.template_id;
    c.code = null;
    delete c.meta[FIELDS_CONFIG_KEY];
  } else if (isComponentType(type) && type !== "templatePartial") {
    c.template_id = null;
    c.code = null;
    delete c.meta[FIELDS_CONFIG_KEY];
  }
  if (req.meta) {
    const { partial_partial: _, ...meta } = req.meta;
    Object.assign(c.meta, meta);
  }
  const recorder = new ChangeRecorder();
  recordComponentChange(recorder, loc);
  return commit(draft, recorder, [componentFocus(loc.path, loc.index)]);
}
