/**
 * Micro-benchmark of safe content rendering: Editor.js blocks per second and the inline
 * sanitizer's throughput. Run: `npx tsx bench/content-bench.ts [--blocks 200000]`.
 * Prints figures only; no assertions (timings depend on the machine).
 */

import { createEditorJsRenderer } from "../src/generator/content/editorjs.js";
import { sanitizeInlineHtml } from "../src/generator/content/inline-html.js";
import { createOwnerHtmlSanitizer } from "../src/generator/content/owner-html.js";
import type { EditorJsBlock } from "../src/site/types.js";

const arg = process.argv.indexOf("--blocks");
const BLOCKS = arg === -1 ? 200_000 : Number(process.argv[arg + 1]);

const TEXT =
  'Lorem ipsum dolor sit amet, <b>consectetur</b> adipiscing elit &amp; sed do <a href="https://example.com/page?a=1&amp;b=2">eiusmod</a> tempor';
const PLAIN =
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt";

/** A realistic mix: mostly paragraphs and headers, some lists, images, quotes and tables. */
const MIX: EditorJsBlock[] = [
  { type: "paragraph", data: { text: TEXT } },
  { type: "paragraph", data: { text: PLAIN } },
  { type: "paragraph", data: { text: `${PLAIN} <i>${PLAIN}</i>` } },
  { type: "header", data: { text: "Section <i>title</i>", level: 2 } },
  { type: "paragraph", data: { text: TEXT } },
  { type: "list", data: { style: "unordered", items: [PLAIN, TEXT, "Third item"] } },
  {
    type: "list",
    data: {
      style: "ordered",
      meta: { start: 1 },
      items: [{ content: "One", meta: {}, items: [{ content: "One.one", meta: {}, items: [] }] }],
    },
  },
  {
    type: "image",
    data: { file: { url: "https://cdn.example.com/a.jpg" }, caption: "A <b>photo</b>" },
  },
  { type: "quote", data: { text: PLAIN, caption: "Someone", alignment: "left" } },
  {
    type: "table",
    data: {
      withHeadings: true,
      content: [
        ["A", "B"],
        ["1", TEXT],
        ["2", PLAIN],
      ],
    },
  },
  {
    type: "embed",
    data: { service: "youtube", embed: "https://www.youtube.com/embed/x", width: 580, height: 320 },
  },
  {
    type: "checklist",
    data: {
      items: [
        { text: "Done", checked: true },
        { text: "Todo", checked: false },
      ],
    },
  },
  { type: "code", data: { code: "const a = 1 < 2 && b > c;\nconsole.log(a);" } },
  { type: "delimiter", data: {} },
  {
    type: "linkTool",
    data: { link: "https://example.com/", meta: { title: "Example", description: "Desc" } },
  },
  {
    type: "attaches",
    data: { file: { url: "/f.pdf", name: "f.pdf", size: 12345 }, title: "File" },
  },
  { type: "warning", data: { title: "Note", message: TEXT } },
];

/** Wall and CPU milliseconds of `fn`; CPU time is steadier when other work shares the machine. */
function time<T>(fn: () => T): { ms: number; cpuMs: number; result: T } {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, result };
}

function renderBlocks(blocks: EditorJsBlock[], perDoc: number): number {
  const render = createEditorJsRenderer({ onWarning: () => undefined });
  let bytes = 0;
  for (let i = 0; i < blocks.length; i += perDoc) {
    bytes += render({ blocks: blocks.slice(i, i + perDoc) }, `doc[${i}]`).length;
  }
  return bytes;
}

function blocksOf(mix: EditorJsBlock[], count: number): EditorJsBlock[] {
  // Distinct strings per block so nothing benefits from V8 caching one result.
  return Array.from({ length: count }, (_, i) => {
    const block = mix[i % mix.length] as EditorJsBlock;
    const text = block.data.text;
    return typeof text === "string"
      ? { ...block, data: { ...block.data, text: `${text} ${i}` } }
      : block;
  });
}

function throughput(label: string, samples: string[], rounds: number): void {
  const mb = (samples.reduce((n, s) => n + s.length, 0) * rounds) / 1e6;
  for (const s of samples) sanitizeInlineHtml(s);
  const { ms, cpuMs } = time(() => {
    let n = 0;
    for (let r = 0; r < rounds; r++) for (const s of samples) n += sanitizeInlineHtml(s).length;
    return n;
  });
  const calls = samples.length * rounds;
  console.log(
    `  ${label.padEnd(46)} ${(mb / (cpuMs / 1000)).toFixed(0).padStart(5)} MB/s  ` +
      `${((calls / cpuMs) * 1000).toFixed(0).padStart(9)} calls/s  (wall ${(mb / (ms / 1000)).toFixed(0)} MB/s)`,
  );
}

function rate(count: number, ms: number): string {
  return ((count / ms) * 1000).toFixed(0);
}

const blocks = blocksOf(MIX, BLOCKS);
renderBlocks(blocks.slice(0, 20_000), 25);
const mixed = time(() => renderBlocks(blocks, 25));
console.log(
  `Editor.js: ${BLOCKS} mixed blocks (${MIX.length} types, 25 per document): ` +
    `${mixed.cpuMs.toFixed(0)} ms CPU (${mixed.ms.toFixed(0)} ms wall) = ${rate(BLOCKS, mixed.cpuMs)} blocks/s, ` +
    `${(mixed.result / 1e6).toFixed(1)} MB of HTML`,
);

const rawBlock: EditorJsBlock = {
  type: "raw",
  data: {
    html: '<div class="box"><h3>Owner</h3><p>Some <a href="/x">owner</a> HTML</p><img src="/a.png" alt="a"></div>',
  },
};
const ownerHtml = String(rawBlock.data.html);
const withRaw = blocksOf([...MIX, rawBlock], BLOCKS);
const raw = time(() => renderBlocks(withRaw, 25));
console.log(
  `Editor.js: the same with 1 raw block in ${MIX.length + 1} (identical HTML, cached): ` +
    `${raw.cpuMs.toFixed(0)} ms CPU = ${rate(BLOCKS, raw.cpuMs)} blocks/s`,
);

const owner = createOwnerHtmlSanitizer();
owner(ownerHtml);
const ownerTime = time(() => {
  for (let i = 0; i < 20_000; i++) owner(`${ownerHtml}${i}`);
});
console.log(
  `Owner HTML (sanitize-html, distinct ${ownerHtml.length}-char fragments): ${rate(20_000, ownerTime.cpuMs)} fragments/s`,
);

console.log("Inline sanitizer throughput (CPU time):");
const distinct = (s: string, n: number) => Array.from({ length: n }, (_, i) => `${s} ${i}`);
throughput("plain text (fast path)", distinct(PLAIN, 10_000), 50);
throughput("typical Editor.js markup", distinct(TEXT, 10_000), 50);
throughput(
  "heavy markup (tags, refs, stripped elements)",
  distinct(
    '<b>x</b><i>y</i> &nbsp;&amp; <span style="x">s</span><mark class="cdx-marker">m</mark><script>bad()</script> a < b <a href="javascript:x">j</a>',
    10_000,
  ),
  50,
);
throughput(
  "long paragraph (8 KB, markup every ~60 chars)",
  distinct(`${TEXT} `.repeat(56), 200),
  50,
);
