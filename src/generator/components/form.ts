import type { Component, Form, FormField } from "../../site/types.js";
import { escapeAttr, escapeHtml } from "../content/escape.js";
import type { ComponentContext } from "../context.js";
import { wrapSection } from "./section.js";

const INPUT_TYPES = new Set([
  "text",
  "email",
  "tel",
  "number",
  "date",
  "url",
  "hidden",
  "password",
]);

/**
 * Renders a form that posts to the builder's public forms/submit endpoint with `form_id`,
 * `url` (the page it was sent from) and `fields[<name>]`. `idPrefix` keeps ids unique when the
 * same form appears twice on a page.
 */
export function renderForm(
  form: Form,
  endpoint: string,
  pageUrl: string,
  idPrefix: string,
): string {
  let html = `<form class="sw-form" action="${escapeAttr(endpoint)}" method="post">`;
  html += `<input type="hidden" name="form_id" value="${escapeAttr(form.id)}">`;
  html += `<input type="hidden" name="url" value="${escapeAttr(pageUrl)}">`;
  for (const field of form.fields) html += renderField(field, `${idPrefix}-${field.name}`);
  html += `<button type="submit" class="sw-button">${escapeHtml(form.submit_label)}</button></form>`;
  return html;
}

function renderField(field: FormField, id: string): string {
  const name = `fields[${field.name}]`;
  const required = field.required ? " required" : "";
  const placeholder = field.placeholder ? ` placeholder="${escapeAttr(field.placeholder)}"` : "";
  const label = `<label for="${escapeAttr(id)}">${escapeHtml(field.label)}</label>`;
  const common = `id="${escapeAttr(id)}" name="${escapeAttr(name)}"${required}`;
  switch (field.type) {
    case "textarea":
      return `<div class="sw-field">${label}<textarea ${common}${placeholder} rows="5"></textarea></div>`;
    case "select":
      return `<div class="sw-field">${label}<select ${common}>${field.options
        .map((o) => `<option value="${escapeAttr(o)}">${escapeHtml(o)}</option>`)
        .join("")}</select></div>`;
    case "checkbox":
      return `<div class="sw-field sw-field-check"><input type="checkbox" ${common} value="1">${label}</div>`;
    case "radio":
      return `<fieldset class="sw-field"><legend>${escapeHtml(field.label)}</legend>${field.options
        .map((o, i) => {
          const optionId = `${id}-${i}`;
          const checked = field.required && i === 0 ? " checked" : "";
          return `<input type="radio" id="${escapeAttr(optionId)}" name="${escapeAttr(name)}" value="${escapeAttr(o)}"${checked}><label for="${escapeAttr(optionId)}">${escapeHtml(o)}</label>`;
        })
        .join("")}</fieldset>`;
    case "hidden":
      return `<input type="hidden" name="${escapeAttr(name)}" value="${escapeAttr(field.placeholder ?? "")}">`;
    default: {
      const type = INPUT_TYPES.has(field.type) ? field.type : "text";
      const autocomplete =
        type === "email" ? ' autocomplete="email"' : type === "tel" ? ' autocomplete="tel"' : "";
      return `<div class="sw-field">${label}<input type="${type}" ${common}${placeholder}${autocomplete}></div>`;
    }
  }
}

/** `sectionForm`: the form named by `meta.form_id`, with an optional `meta.title`. */
export function sectionForm(component: Component, ctx: ComponentContext): string {
  const form = ctx.build.byId.forms.get(String(component.meta.form_id ?? ""));
  if (!form) {
    ctx.build.warn(
      "The form this component shows does not exist; nothing rendered.",
      `${ctx.path}.meta.form_id`,
    );
    return "";
  }
  const title =
    typeof component.meta.title === "string" ? `<h2>${escapeHtml(component.meta.title)}</h2>` : "";
  const endpoint = ctx.build.site.website.form_endpoint;
  return wrapSection(
    component,
    ctx,
    title + renderForm(form, endpoint, ctx.route.url, `f${component.id}`),
  );
}
