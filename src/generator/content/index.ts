/** Safe content rendering: Editor.js documents, owner HTML, escaping and URL checks. */

export type { SafeUrlOptions } from "../../text/safe-url.js";
export { safeUrl } from "../../text/safe-url.js";
export type { EditorJsRender, EditorJsRendererOptions } from "./editorjs.js";
export { createEditorJsRenderer, EDITORJS_BLOCK_TYPES } from "./editorjs.js";
export { escapeAttr, escapeHtml } from "./escape.js";
export { sanitizeInlineHtml } from "./inline-html.js";
export type { OwnerHtmlSanitizer } from "./owner-html.js";
export { createOwnerHtmlSanitizer } from "./owner-html.js";
