/** `sitewright site <operation>`: applies a site operation to a site directory. */
import { SitewrightError } from "../errors.js";
import type { EntityKey } from "../ops/changes.js";
import { parseSourceSpec } from "../ops/dir-sources.js";
import {
  readRequestFile,
  runSiteOperation,
  SITE_OPERATION_NAMES,
  type SiteOperationReport,
} from "../ops/site-dir.js";
import type { ThemeInstallPreview } from "../ops/theme-preview.js";
import type { CliIO, Command } from "./command.js";
import { parseCommandArgs, requireOption } from "./command.js";

const USAGE = `Usage: sitewright site <operation> <siteDir> --request FILE [--source KIND=PATH ...] [--json]

Applies one of the builder API's site operations to a site directory (docs/site-format.md) and
writes back only the files whose content changes, all or nothing: on any error the directory is
left as it was. The request is a JSON file with the API's field names (docs/site-operations.md).

Operations:
${SITE_OPERATION_NAMES.map((n) => `  ${n}`).join("\n")}

  --request FILE        the request, a JSON object (required)
  --source KIND=PATH    a site to clone from, repeatable:
                          theme=DIR|BUNDLE          a theme (its id and version from theme.json)
                          theme:ID=DIR|BUNDLE       the same, checked to be theme ID
                          website=DIR|BUNDLE        another website (by its website.json id)
                          website:ID=DIR|BUNDLE     another website, as website ID
  --json                print the report (or the exported document) as JSON

export-page, export-component and theme-install-preview change nothing and print a document.`;

const describe = (key: EntityKey) =>
  `${key.kind} ${key.id}${key.in ? ` (${key.in.kind} ${key.in.id})` : ""}`;

function printReport(io: CliIO, report: SiteOperationReport): void {
  const { changes, files, assets, result } = report;
  if (!changes) return;
  const { added, changed, removed } = changes;
  io.stdout(
    `${report.operation}: ${added.length} added, ${changed.length} changed, ${removed.length} removed\n`,
  );
  for (const [label, keys] of [
    ["added", added],
    ["changed", changed],
    ["removed", removed],
  ] as const)
    for (const key of keys) io.stdout(`  ${label.padEnd(8)} ${describe(key)}\n`);
  const page = result?.page as { id: string; post_title: string; post_name: string } | undefined;
  if (page) io.stdout(`New page ${page.id} "${page.post_title}" at ${page.post_name}\n`);
  const component = result?.component as { id: string; type: string } | undefined;
  if (component) io.stdout(`New component ${component.id} (${component.type})\n`);
  for (const rel of files.written) io.stdout(`wrote    ${rel}\n`);
  for (const rel of files.removed) io.stdout(`removed  ${rel}\n`);
  if (files.written.length + files.removed.length === 0) io.stdout("No file changed.\n");
  if (!assets) return;
  for (const [label, paths] of Object.entries(assets))
    if (paths.length > 0 && label !== "copied")
      io.stderr(`warning: assets ${label}: ${paths.join(", ")}\n`);
}

function printPreview(io: CliIO, preview: ThemeInstallPreview): void {
  const { theme } = preview;
  io.stdout(
    `Installing theme ${theme.id} version ${theme.version_id} "${theme.name}" would add:\n`,
  );
  for (const p of preview.pages) io.stdout(`  page       ${p.id} "${p.post_title}" at ${p.url}\n`);
  for (const s of preview.structures)
    io.stdout(`  structure  ${s.id} "${s.title}" at ${s.url} (${s.posts} posts)\n`);
  for (const l of preview.layouts) io.stdout(`  layout     ${l.id} "${l.name}"\n`);
  for (const t of preview.templates) io.stdout(`  template   ${t.id} "${t.name}"\n`);
  for (const a of preview.assets) io.stdout(`  asset      ${a}\n`);
  const clashes = Object.entries(preview.clashes);
  if (clashes.length === 0) io.stdout("No clashes.\n");
  for (const [path, messages] of clashes)
    for (const message of messages) io.stdout(`clash ${path}: ${message}\n`);
}

/** `sitewright site`. */
export const siteCommand: Command = {
  name: ["site"],
  summary: "Apply a site operation (add-component, install-theme, ...) to a site directory",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      request: { type: "string" },
      source: { type: "string", multiple: true },
      json: { type: "boolean" },
    });
    const operation = requireOption(positionals[0], "<operation>");
    const siteDir = requireOption(positionals[1], "<siteDir>");
    if (positionals.length > 2)
      throw new SitewrightError("E_USAGE", `Unexpected argument "${positionals[2]}".`);
    const requestFile = requireOption(values.request, "--request");
    const sources = (values.source ?? []).map(parseSourceSpec);
    const request = await readRequestFile(requestFile);
    const report = await runSiteOperation(siteDir, operation, request, { sources });
    if (report.document !== null && (values.json || operation.startsWith("export-"))) {
      io.stdout(`${JSON.stringify(report.document, null, 2)}\n`);
    } else if (report.document !== null) {
      printPreview(io, report.document as ThemeInstallPreview);
    } else if (values.json) {
      const { document: _, ...rest } = report;
      io.stdout(`${JSON.stringify(rest, null, 2)}\n`);
    } else printReport(io, report);
    return 0;
  },
};
