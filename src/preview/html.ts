/** Escaping and the page frame of the preview server's own pages. */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A complete HTML document around `body` (already escaped). */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
ol{list-style:none;padding:0}
li.version{display:flex;gap:1rem;align-items:center;border:1px solid #ddd;border-radius:6px;padding:.75rem;margin:.5rem 0}
li.version img{width:200px;height:125px;object-fit:cover;object-position:top;border:1px solid #eee}
.badge{font-size:.8em;padding:.1em .5em;border-radius:1em;margin-left:.5em}
.live{background:#1a7f37;color:#fff}.rollback{background:#eee;color:#333}
.warning{background:#fff3cd;border:1px solid #e0c36b;padding:.5rem 1rem;border-radius:6px}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
