import { SitewrightError } from "../errors.js";
import { buildSite } from "../generator/build.js";
import type { IncrementalSummary } from "../generator/incremental/incremental-build.js";
import { type CleanReason, describeReason } from "../generator/incremental/reasons.js";
import { type Command, parseCommandArgs, requireOption } from "./command.js";
import { formatBytes, progressLine } from "./format.js";

const USAGE = `Usage: sitewright build <site> --out <dir> [--base-url URL] [--now ISO-DATE] [--strict]
                       [--assets DIR] [--cache-dir DIR] [--workers N] [--render-timeout MS]
                       [--render-heap MB] [--incremental | --no-incremental] [--explain] [--json]

Renders a site (a directory of JSON files or one bundle .json) into <dir>.
The previous contents of <dir> are replaced only when the whole build succeeds.
Each build leaves a record beside <dir> (<dir>.sitewright-build.json); the next build
of the same site into <dir> renders again only what changed and carries the rest.

  --out DIR        output directory (required)
  --base-url URL   absolute site URL for canonical and Open Graph links
  --now DATE       the build's clock (ISO 8601), for scheduled content and previews
  --strict         unknown Editor.js blocks are errors instead of warnings
  --assets DIR     the site's files, copied to assets/ (default: <site>/assets for a directory)
  --cache-dir DIR  encoded image cache (default: <site>/.sitewright-cache/images, or the temp dir)
  --workers N      render processes, where owner templates run (default: the cores, at most 4,
                   and at most one per 200 files of a pages/ folder)
  --render-timeout MS  time budget of one page in milliseconds (default 10000)
  --render-heap MB     heap limit of each render process in MiB (default 512)
  --incremental    render only what changed since the build in <dir> (the default when
                   its record is there; a clean build otherwise)
  --no-incremental a clean build: render everything (it still leaves a record)
  --explain        list each page rendered again and why, and what was carried
  --json           print the result as JSON (with --explain: every page rendered and why)`;

/** `sitewright build`: renders site data into a static site. */
export const buildCommand: Command = {
  name: ["build"],
  summary: "Render site data into a static website",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: "string" },
      "base-url": { type: "string" },
      now: { type: "string" },
      strict: { type: "boolean" },
      assets: { type: "string" },
      "cache-dir": { type: "string" },
      workers: { type: "string" },
      "render-timeout": { type: "string" },
      "render-heap": { type: "string" },
      incremental: { type: "boolean" },
      "no-incremental": { type: "boolean" },
      explain: { type: "boolean" },
      json: { type: "boolean" },
    });
    if (values.incremental && values["no-incremental"])
      throw new SitewrightError(
        "E_USAGE",
        "--incremental and --no-incremental contradict each other.",
        {
          hint: "Pass one of them, or neither (incremental when the output has a build record).",
        },
      );
    const site = requireOption(positionals[0], "<site>");
    const outDir = requireOption(values.out, "--out");
    const showProgress = io.isTTY && !values.json;
    const result = await buildSite(site, {
      outDir,
      baseUrl: values["base-url"],
      now: values.now ? parseNow(values.now) : undefined,
      strict: values.strict,
      assetsDir: values.assets,
      cacheDir: values["cache-dir"],
      // Checked by buildSite, which names the option in its E_USAGE error.
      workers: optionalNumber(values.workers),
      renderTimeoutMs: optionalNumber(values["render-timeout"]),
      renderHeapMb: optionalNumber(values["render-heap"]),
      incremental: values["no-incremental"] ? false : undefined,
      onProgress: showProgress
        ? (done, total) => io.stderr(progressLine("Rendering", done, total))
        : undefined,
    });
    if (values.json) {
      const { manifest: _manifest, incremental, ...summary } = result;
      // Every route of a clean build is listed: only when asked for.
      const { rebuilt, ...counts } = incremental;
      const shown = { ...summary, incremental: values.explain ? incremental : counts };
      io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
      return 0;
    }
    for (const w of result.warnings) io.stderr(`warning: ${w.path}: ${w.message}\n`);
    io.stdout(
      `Built ${result.pages} pages (${result.skipped} unpublished skipped), ${result.files} files, ` +
        `${formatBytes(result.bytes)} in ${result.durationMs} ms → ${result.outDir}\n`,
    );
    const { sources, encoded, reused } = result.images;
    if (sources > 0)
      io.stdout(
        `Images: ${sources} responsive, ${encoded} variants encoded, ${reused} from cache\n`,
      );
    if (values.explain) io.stdout(explain(result.incremental));
    if (result.nextScheduledAt)
      io.stdout(`Next scheduled post goes live at ${result.nextScheduledAt}: build again then.\n`);
    return 0;
  },
};

const CLEAN: Record<CleanReason, string> = {
  "clean-requested": "--no-incremental",
  "no-record": "no build record beside the output",
  "record-unreadable": "the build record cannot be read",
  "other-version": "the build record is of another sitewright",
  "other-site": "the build record is of another website",
  "output-changed": "the output is not the build its record describes",
  "entities-only": "entities rendered alone",
};

/** What --explain prints: why the build was clean, or each route rendered again and why. */
function explain(summary: IncrementalSummary): string {
  const carried = `${summary.carried} carried, ${summary.carriedFiles} other files carried`;
  if (summary.clean)
    return `Clean build (${CLEAN[summary.clean]}): ${summary.rebuilt.length} pages rendered.\n`;
  let text = `Incremental build: ${summary.rebuilt.length} pages rendered, ${carried}; ${summary.checksReused} page files not read again.\n`;
  for (const route of summary.rebuilt)
    text += `  ${route.file}: ${route.reasons.map(describeReason).join("; ")}\n`;
  return text;
}

const optionalNumber = (text: string | undefined) =>
  text === undefined ? undefined : Number(text);

function parseNow(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new SitewrightError(
      "E_USAGE",
      `--now "${value}" is not a date; use ISO 8601, e.g. 2025-01-31T12:00:00Z.`,
    );
  }
  return date;
}
