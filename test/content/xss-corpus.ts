/**
 * A reusable XSS corpus and an inertness check for rendered HTML. Other suites (owner HTML,
 * templates, whole pages) can import XSS_PAYLOADS / URL_PAYLOADS and assert
 * `findXssProblems(html)` is empty.
 */

import { Parser } from "htmlparser2";

/** Markup payloads: tags, handlers, breakouts, mutation XSS. */
export const XSS_PAYLOADS: readonly string[] = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.test/x.js></SCRIPT>",
  "<img src=x onerror=alert(1)>",
  '<img src="x" onerror="alert(1)"//',
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
  '<a href="&#0000106&#0000097vascript:alert(1)">x</a>',
  '<a href="java\tscript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="java\nscript:alert(1)">x</a>',
  '<a href=" \u0001javascript:alert(1)">x</a>',
  "<a href=javascript&colon;alert(1)>x</a>",
  "<a href=javascript&#58;alert(1)>x</a>",
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="java\u200bscript:alert(1)">x</a>',
  '<img srcset="/ok.png 1x, java\u200bscript:alert(1) 2x" src="/ok.png">',
  '<video poster="javascript:alert(1)" src="/v.mp4"></video>',
  '<blockquote cite="javascript:alert(1)">q</blockquote>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '" onmouseover="alert(1)',
  "' onmouseover='alert(1)",
  "'><script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "<iframe src=javascript:alert(1)>",
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  "<form action=javascript:alert(1)><button>x</button></form>",
  '<button formaction="javascript:alert(1)">x</button>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  "<style>@import 'https://evil.test/x.css';</style>",
  '<div style="background:url(javascript:alert(1))">x</div>',
  "<scr<script>ipt>alert(1)</script>",
  "<<script>alert(1)//<</script>",
  "<template><script>alert(1)</script></template>",
  "<details open ontoggle=alert(1)>",
  '<base href="javascript:/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="https://evil.test/x.css">',
  "<textarea><script>alert(1)</script></textarea>",
  '<a href="https://ok.test/" onclick="alert(1)">x</a>',
  "<b onmouseover=alert(1)>x</b>",
  '<mark class="x" style="x" onclick=alert(1)>m</mark>',
  "<video><source onerror=alert(1)></video>",
  "<body onload=alert(1)>",
  "<input autofocus onfocus=alert(1)>",
];

/** URL payloads for href/src fields given as plain values (image, link and embed URLs). */
export const URL_PAYLOADS: readonly string[] = [
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " \t\u0000javascript:alert(1)",
  "\u0001javascript:alert(1)",
  "&#106;avascript:alert(1)",
  "&#x6A;avascript:alert(1)",
  "javascript&colon;alert(1)",
  "java\tscript:alert(1)",
  "java\nscript:alert(1)",
  "java&Tab;script:alert(1)",
  "java\u200bscript:alert(1)",
  "vbscript:msgbox(1)",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
  'x" onerror="alert(1)',
  "x' onerror='alert(1)",
  '" onmouseover="alert(1)',
  "'><script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  'https://ok.test/"><script>alert(1)</script>',
];

/** Elements that must never appear in rendered untrusted content. */
const FORBIDDEN_ELEMENTS = new Set([
  "script",
  "style",
  "object",
  "embed",
  "svg",
  "math",
  "form",
  "button",
  "base",
  "meta",
  "link",
  "template",
  "frame",
  "frameset",
  "applet",
  "noscript",
  "xmp",
  "textarea",
  "body",
  "html",
  "head",
  "isindex",
]);

const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "action",
  "formaction",
  "poster",
  "data",
  "cite",
  "background",
  "xlink:href",
]);
const ALWAYS_FORBIDDEN_ATTRIBUTES = new Set(["style", "srcdoc", "formaction", "action"]);
const SAFE_DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp)[;,]/;

/** Browsers ignore these inside a URL's scheme; strip them before looking at it. */
function normalizeUrl(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what browsers skip
  return value.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\ufeff]/g, "").toLowerCase();
}

function badUrl(tag: string, attr: string, value: string): string | null {
  const url = normalizeUrl(value);
  if (/^(?:javascript|vbscript|livescript|mocha):/.test(url)) return "script URL";
  if (url.startsWith("data:")) {
    if (tag === "img" && attr === "src" && SAFE_DATA_IMAGE.test(url)) return null;
    return "data URL";
  }
  return null;
}

/** Iframe hosts any renderer may frame (Editor.js embeds and owner HTML). */
const FRAMEABLE =
  /^https:\/\/(?:www\.youtube\.com|youtube\.com|www\.youtube-nocookie\.com|player\.vimeo\.com|www\.google\.com\/maps|maps\.google\.com\/maps|codepen\.io|coub\.com|www\.instagram\.com|player\.twitch\.tv|open\.spotify\.com|w\.soundcloud\.com|www\.loom\.com)\//;

/**
 * Parses `html` as a browser would tokenize it and lists everything that could run script:
 * forbidden elements, `on*` handlers, style/srcdoc/action attributes, script or data URLs in
 * URL attributes and srcset, iframes outside the allowed hosts, and any raw `<script`.
 */
export function findXssProblems(html: string): string[] {
  const problems: string[] = [];
  if (/<script/i.test(html)) problems.push("raw <script in output");
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const forbidden =
          FORBIDDEN_ELEMENTS.has(name) || (name === "input" && attribs.type !== "checkbox");
        if (forbidden) problems.push(`<${name}> element`);
        if (name === "iframe" && !FRAMEABLE.test(attribs.src ?? "")) {
          problems.push(`<iframe> with src ${JSON.stringify(attribs.src)}`);
        }
        for (const [attr, value] of Object.entries(attribs)) {
          if (/^on/i.test(attr)) problems.push(`<${name} ${attr}> handler`);
          if (ALWAYS_FORBIDDEN_ATTRIBUTES.has(attr)) problems.push(`<${name} ${attr}> attribute`);
          if (URL_ATTRIBUTES.has(attr)) {
            const bad = badUrl(name, attr, value);
            if (bad) problems.push(`<${name} ${attr}> ${bad}: ${JSON.stringify(value)}`);
          }
          if (attr === "srcset") {
            for (const candidate of value.split(",")) {
              const bad = badUrl(name, "srcset", candidate.trim().split(/\s+/)[0] ?? "");
              if (bad) problems.push(`<${name} srcset> ${bad}`);
            }
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return problems;
}
