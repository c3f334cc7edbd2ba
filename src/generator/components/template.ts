import type { Component, Template } from "../../site/types.js";
import type { ComponentContext } from "../context.js";
import { wrapSection } from "./section.js";

/** Nunjucks name of a site template. */
export const templateName = (id: string) => `template:${id}`;
/** Nunjucks name of a component's own (unlinked) code. */
export const componentCodeName = (path: string) => `component:${path}`;

/** The component's custom-field values over the template's declared defaults. */
export function fieldValues(
  template: Template | undefined,
  component: Component,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const def of template?.custom_fields ?? []) fields[def.name] = def.default;
  for (const [name, value] of Object.entries(component.custom_fields)) {
    if (value !== undefined && value !== null) fields[name] = value;
  }
  return fields;
}

/** A template-linked component, or one with its own code: renders that nunjucks code. */
export function templateComponent(component: Component, ctx: ComponentContext): string {
  const template = component.template_id
    ? ctx.build.byId.templates.get(component.template_id)
    : undefined;
  const name = template ? templateName(template.id) : componentCodeName(ctx.path);
  const vars = {
    ...ctx.pageVars,
    fields: fieldValues(template, component),
    component: { id: component.id, type: component.component_id, meta: component.meta },
  };
  return wrapSection(
    component,
    ctx,
    ctx.build.templates.render(name, vars, `${ctx.route.url} (${ctx.path})`),
  );
}
