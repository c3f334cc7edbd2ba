import type { Component } from "../../site/types.js";
import type { ComponentContext, ComponentRenderer } from "../context.js";
import { sectionBlock, sectionContent, sectionHtml, sectionImage } from "./content.js";
import { sectionForm } from "./form.js";
import { sectionMenu } from "./menu.js";
import { sectionStructure } from "./section-structure.js";
import { templateComponent } from "./template.js";

/** Built-in component types and their renderers. */
export const COMPONENT_RENDERERS: Readonly<Record<string, ComponentRenderer>> = {
  sectionContent,
  sectionImage,
  sectionForm,
  sectionMenu,
  sectionHtml,
  sectionBlock,
  sectionStructure,
  templatePartial: templateComponent,
};

/** Renders one component: linked templates and own code first, then the built-in type. */
export function renderComponent(component: Component, ctx: ComponentContext): string {
  if (component.template_id || component.code) return templateComponent(component, ctx);
  const render = COMPONENT_RENDERERS[component.component_id];
  if (!render) {
    // Validation rejects unknown types; reaching this means a type is validated but not built yet.
    ctx.build.warn(
      `Component type "${component.component_id}" is not rendered by this version.`,
      ctx.path,
    );
    return "";
  }
  return render(component, ctx);
}
