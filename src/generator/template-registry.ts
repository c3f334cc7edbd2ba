import nunjucks from "nunjucks";
import {
  type ErrorCode,
  SiteValidationError,
  SitewrightError,
  type ValidationErrors,
} from "../errors.js";
import { hardenNunjucks } from "./sandbox/harden-runtime.js";

/** A template to compile: its nunjucks name, source, and where it came from for error paths. */
export interface TemplateSource {
  name: string;
  src: string;
  /** Input path of the code, e.g. `templates[2].code`, used in error messages. */
  path: string;
  /** Human label, e.g. `template "Hero"`. */
  label: string;
}

/** Compiled templates of one build, rendered by name. */
export interface TemplateRegistry {
  /** Renders a compiled template; runtime errors become E_RENDER naming the template and `where`. */
  render(name: string, context: object, where: string): string;
  has(name: string): boolean;
}

interface NunjucksError extends Error {
  lineno?: number;
  colno?: number;
}

/**
 * One nunjucks Environment per build. All templates come from memory (no FileSystemLoader), so
 * owner code can `include` only other templates of the build, never a file on the server.
 * Every template is compiled once, up front, so syntax errors surface before anything is written.
 */
export function createTemplateRegistry(sources: TemplateSource[]): TemplateRegistry {
  hardenNunjucks();
  const byName = new Map(sources.map((s) => [s.name, s]));
  const loader = {
    getSource(name: string) {
      const source = byName.get(name);
      return source ? { src: source.src, path: name, noCache: false } : null;
    },
  };
  const env = new nunjucks.Environment(loader as unknown as nunjucks.ILoader, {
    autoescape: true,
    trimBlocks: true,
    lstripBlocks: true,
  });

  const compiled = new Map<string, nunjucks.Template>();
  const problems: ValidationErrors = {};
  for (const source of sources) {
    try {
      compiled.set(source.name, env.getTemplate(source.name, true));
    } catch (err) {
      problems[source.path] = [`${source.label}: ${describe(err as NunjucksError)}`];
    }
  }
  if (Object.keys(problems).length > 0) {
    throw new SiteValidationError(problems, {
      code: "E_TEMPLATE",
      hint: "Fix the template syntax at the line shown; see https://mozilla.github.io/nunjucks/templating.html.",
    });
  }

  return {
    has: (name) => compiled.has(name),
    render(name, context, where) {
      const template = compiled.get(name);
      if (!template) throw renderError("E_RENDER", `No template named ${name}.`, where);
      try {
        return template.render(context);
      } catch (err) {
        const source = byName.get(name);
        throw renderError(
          "E_RENDER",
          `${source?.label ?? name} failed while rendering ${where}: ${describe(err as NunjucksError)}`,
          where,
          err,
        );
      }
    },
  };
}

/** Turns nunjucks' "(path) [Line 3, Column 5]\n  message" into "line 3, column 5: message". */
function describe(err: NunjucksError): string {
  const text = String(err.message ?? err);
  const match = /\[Line (\d+)(?:, Column (\d+))?\]\s*([\s\S]*)$/.exec(text);
  const line = err.lineno ?? (match ? Number(match[1]) : undefined);
  const column = err.colno ?? (match?.[2] ? Number(match[2]) : undefined);
  const message = (match ? (match[3] ?? "") : text)
    .replace(/^\s*(Template render error:)?\s*/, "")
    .trim();
  const at = line ? `line ${line}${column ? `, column ${column}` : ""}: ` : "";
  return `${at}${message.split("\n").pop()?.trim() ?? message}`;
}

function renderError(code: ErrorCode, message: string, where: string, cause?: unknown) {
  return new SitewrightError(code, message, {
    cause,
    details: { where },
    hint: "Fix the template or the data it reads, then build again.",
  });
}
