/**
 * What a failed render of owner code throws. The raw error may carry server values, so it is
 * never passed on (not even as `cause`): the message is rebuilt from the template label, the
 * position and a known error shape. Coded errors our own code threw during the render
 * (E_RENDER_TIMEOUT, E_RENDER_LIMIT, E_IMAGE, …) pass through with `where` added.
 */
import { SitewrightError } from "../../errors.js";
import { budgetError } from "./budget.js";
import {
  formatPosition,
  innermostError,
  isSizeOverflow,
  isStackOverflow,
  renderMessage,
  renderPosition,
} from "./owner-messages.js";

const HINT = "Fix the template or the data it reads, then build again.";

/** The error to throw for `err`, raised while rendering template `label` at `where`. */
export function ownerRenderError(err: unknown, label: string, where: string): SitewrightError {
  const coded = budgetError() ?? codedCause(err);
  if (coded) return withWhere(coded, where);
  const { line, column } = renderPosition(err);
  const at = formatPosition(line, column);
  const position = at ? `: ${at}` : "";
  const details = { where, ...(line ? { line } : {}), ...(column ? { column } : {}) };
  const inner = innermostError(err);
  if (isStackOverflow(inner) || isSizeOverflow(inner)) {
    const what = isStackOverflow(inner)
      ? "nested too deeply (macro recursion)"
      : "built a string or list too large";
    return new SitewrightError(
      "E_RENDER_LIMIT",
      `${label} ${what} while rendering ${where}${position}.`,
      {
        details,
        hint: "Limit macro recursion and the size of what the template builds.",
      },
    );
  }
  return new SitewrightError(
    "E_RENDER",
    `${label} failed while rendering ${where}${position}: ${renderMessage(err)}`,
    { details, hint: HINT },
  );
}

/** A plain E_RENDER for rendering that could not start (e.g. an unknown template name). */
export function renderError(message: string, where: string): SitewrightError {
  return new SitewrightError("E_RENDER", message, { details: { where }, hint: HINT });
}

// nunjucks wraps a thrown error in TemplateError (keeping it as `cause`) once per template level.
function codedCause(err: unknown): SitewrightError | null {
  let current = err;
  for (let i = 0; i < 8 && current; i++) {
    if (current instanceof SitewrightError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function withWhere(err: SitewrightError, where: string): SitewrightError {
  if (err.details?.where === undefined) {
    Object.defineProperty(err, "details", { value: { ...err.details, where }, enumerable: true });
  }
  return err;
}
