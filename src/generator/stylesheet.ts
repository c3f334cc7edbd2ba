import type { Customization } from "../site/types.js";

const COLOR = /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/]+\)|[a-z]{3,20})$/i;
const FONT = /^[A-Za-z0-9 ]{1,60}$/;
const WIDTHS: Record<string, string> = {
  full: "100%",
  auto: "auto",
  "1/2": "50%",
  "1/3": "33.3333%",
  "2/3": "66.6667%",
  "1/4": "25%",
  "3/4": "75%",
  "1/5": "20%",
  "2/5": "40%",
  "3/5": "60%",
  "4/5": "80%",
  "1/6": "16.6667%",
  "5/6": "83.3333%",
};
const BREAKPOINTS: Record<string, string> = {
  sm: "640px",
  md: "768px",
  lg: "1024px",
  xl: "1280px",
};
const ALIGN: Record<string, string> = {
  "justify-start": "justify-content:flex-start",
  "justify-center": "justify-content:center",
  "justify-end": "justify-content:flex-end",
  "justify-between": "justify-content:space-between",
  "justify-around": "justify-content:space-around",
  "items-start": "align-items:flex-start",
  "items-center": "align-items:center",
  "items-end": "align-items:flex-end",
  "text-left": "text-align:left",
  "text-center": "text-align:center",
  "text-right": "text-align:right",
  "text-start": "text-align:start",
  "text-end": "text-align:end",
};

const BASE = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:var(--font-body);color:var(--color-text);background:var(--color-background);line-height:1.6}
h1,h2,h3,h4,h5,h6{font-family:var(--font-heading);line-height:1.2}
a{color:var(--color-primary)}
img{max-width:100%;height:auto}
.sw-skip{position:absolute;left:-9999px}.sw-skip:focus{left:1rem;top:1rem}
.sw-container{max-width:72rem;margin:0 auto;padding:0 1rem;display:flex;flex-direction:column}
.sw-rich-text,.sw-figure{width:100%}
.sw-menu ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.sw-menu li{position:relative}.sw-menu a{display:block;padding:.4rem 0;text-decoration:none}
.sw-menu ul ul{display:none;position:absolute;z-index:20;top:100%;left:-.75rem;min-width:12rem;flex-direction:column;gap:0;padding:.4rem .75rem;background:var(--color-background);box-shadow:0 6px 20px rgba(0,0,0,.15);border-radius:.4rem}
.sw-menu li:hover>ul,.sw-menu li:focus-within>ul{display:flex}
.sw-menu [aria-current=page],.sw-menu .is-active-parent{font-weight:700}
@media (max-width:40rem){.sw-menu ul ul{position:static;box-shadow:none;min-width:0;padding:0 0 .25rem 1rem}}
.sw-form{display:grid;gap:.75rem;max-width:36rem}.sw-field{display:grid;gap:.25rem}
.sw-field input:not([type=checkbox],[type=radio]),.sw-field select,.sw-field textarea{font:inherit;width:100%;padding:.5rem .6rem;border:1px solid #cbd5e1;border-radius:.3rem;background:#fff;color:#1f2937}
fieldset.sw-field{display:block;border:0;margin:0;padding:0}fieldset.sw-field label{margin:0 1rem 0 .35rem}
.sw-field-check{display:flex;align-items:center;gap:.5rem}
.sw-button{display:inline-block;font:inherit;text-decoration:none;background:var(--color-primary);color:var(--color-background);border:0;padding:.6rem 1.2rem;border-radius:.3rem;cursor:pointer}
.sw-button-secondary{background:transparent;color:var(--color-text);border:1px solid currentColor}
.sw-consent{position:fixed;bottom:1rem;left:1rem;right:1rem;max-width:40rem;padding:1rem;background:var(--color-background);box-shadow:0 2px 12px rgba(0,0,0,.2);border-radius:.5rem}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.4rem .6rem}
pre{overflow:auto;padding:1rem;background:#f5f5f5}
.sw-align-center{text-align:center}.sw-align-right{text-align:right}.sw-align-justify{text-align:justify}
.sw-quote{margin:1.5rem 0;padding-left:1rem;border-left:4px solid var(--color-primary)}.sw-quote--center{text-align:center;border:0}
.sw-delimiter{border:0;text-align:center;margin:2rem 0}.sw-delimiter::before{content:"* * *"}
.sw-warning{padding:1rem;border-left:4px solid #d97706;background:#fffbeb}.sw-warning__title{font-weight:700;margin:0}
.sw-checklist{list-style:none;padding-left:0}.sw-checklist__item--checked{text-decoration:line-through}
.sw-image--border img{border:1px solid #ddd}.sw-image--background{background:#f5f5f5;padding:1rem;text-align:center}
.sw-image--stretched img{width:100%}
.sw-embed iframe{width:100%;aspect-ratio:16/9;height:auto;border:0}
.sw-link-card,.sw-attachment{display:flex;gap:1rem;padding:1rem;border:1px solid #ddd;border-radius:.5rem}
.sw-cards{display:grid;gap:1.5rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))}
.sw-card{border:1px solid #eee;border-radius:.5rem;padding:1rem}.sw-card-meta,.sw-post-meta{color:#6b7280;font-size:.9em}
.sw-pagination{margin:2rem 0}
.sw-pagination ul,.sw-categories ul,.sw-post-categories ul,.sw-breadcrumbs ol{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1rem;padding:0}
.cdx-marker{background:#fef08a}.inline-code{background:#f3f4f6;padding:0 .25em;border-radius:.2em}
`;

const DEFAULTS = [
  "--color-primary:#1d4ed8",
  "--color-text:#1f2937",
  "--color-background:#ffffff",
  "--font-body:system-ui,sans-serif",
  "--font-heading:var(--font-body)",
];

/**
 * One stylesheet per site: the customization as CSS custom properties, a small base, and only
 * the utility classes that the rendered pages used (collected while rendering).
 *
 * Precedence, lowest first: the engine's defaults and base (in the `sw-base` cascade layer, so
 * a theme stylesheet overrides them although `<head>` links it first), the theme, the owner's
 * customization values, then the utility classes a component's settings ask for.
 */
export function buildStylesheet(customization: Customization, utilities: Iterable<string>): string {
  const vars: string[] = [];
  for (const [name, value] of Object.entries(customization.colors)) {
    if (/^[a-z0-9_-]{1,40}$/i.test(name) && COLOR.test(value.trim()))
      vars.push(`--color-${name}:${value.trim()}`);
  }
  for (const [role, family] of Object.entries(customization.fonts)) {
    if (/^[a-z0-9_-]{1,40}$/i.test(role) && FONT.test(family))
      vars.push(`--font-${role}:"${family}",system-ui,sans-serif`);
  }
  const rules = [...new Set(utilities)].sort(byBreakpoint).map(utilityRule).filter(Boolean);
  const base = `@layer sw-base{\n:root{${DEFAULTS.join(";")}}\n${BASE}}\n`;
  const own = vars.length > 0 ? `:root{${vars.join(";")}}\n` : "";
  return `${base}${own}${rules.join("\n")}\n`;
}

// Like Tailwind: plain utilities first, then each breakpoint from small to large, so that
// `w-full md:w-1/2` is half wide from md up (same specificity: the later rule wins).
const BREAKPOINT_ORDER = ["", "sm", "md", "lg", "xl"];
function byBreakpoint(a: string, b: string): number {
  const rank = (cls: string) => BREAKPOINT_ORDER.indexOf(/^(sm|md|lg|xl):/.exec(cls)?.[1] ?? "");
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function utilityRule(cls: string): string {
  const padding = /^(pt|pb)-(\d+)$/.exec(cls);
  if (padding) return `.${cls}{padding-${padding[1] === "pt" ? "top" : "bottom"}:${padding[2]}px}`;
  if (ALIGN[cls]) return `.${cls}{${ALIGN[cls]}}`;
  const width = /^(?:(sm|md|lg|xl):)?w-(.+)$/.exec(cls);
  if (width?.[2] && WIDTHS[width[2]]) {
    const selector = `.${cls.replace(/[:/]/g, (c) => `\\${c}`)}`;
    const rule = `${selector}{width:${WIDTHS[width[2]]}}`;
    return width[1] ? `@media (min-width:${BREAKPOINTS[width[1]]}){${rule}}` : rule;
  }
  return "";
}
