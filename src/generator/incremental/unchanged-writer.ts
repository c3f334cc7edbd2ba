/**
 * The writer of a build that renders no page: it writes nothing while every file it is given is
 * the previous build's (carried, or made again with the same bytes), and at commit, when the
 * files are exactly the previous manifest's and all still there, leaves the output folder as
 * it is: it already is this build. Anything else (a changed sitemap, a new asset) and it opens
 * a real writer at commit and replays every file into it, so the build is swapped in as usual.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ManifestEntry } from "../../contracts/manifest.js";
import { SitewrightError } from "../../errors.js";
import { sha256Hex } from "../../util/sha256.js";
import { assertSafeOutputPath } from "../paths.js";
import { type OutputWriter, openOutputWriter } from "../write.js";
import type { PreviousBuild } from "./record-io.js";

type Step =
  | { kind: "write"; path: string; content: string | Buffer }
  | { kind: "copy"; path: string; source: string }
  | { kind: "link"; path: string; source: string; entry: ManifestEntry };

/** A writer for `outDir` that writes only if the build turns out different from `previous`. */
export function openUnchangedWriter(outDir: string, previous: PreviousBuild): OutputWriter {
  const steps: Step[] = [];
  const seen = new Set<string>();
  const before = previous.manifest.files;
  let differs = false;
  let real: OutputWriter | null = null;

  const add = (step: Step) => {
    assertSafeOutputPath(step.path);
    if (seen.has(step.path))
      throw new SitewrightError("E_ROUTE_CONFLICT", `Two outputs were written to ${step.path}.`, {
        details: { path: step.path },
      });
    seen.add(step.path);
    steps.push(step);
  };
  const same = (path: string, entry: ManifestEntry) =>
    before[path]?.size === entry.size && before[path]?.sha256 === entry.sha256;

  return {
    async write(path, content) {
      add({ kind: "write", path, content });
      const data = typeof content === "string" ? Buffer.from(content) : content;
      const entry = { size: data.length, sha256: sha256Hex(data) };
      if (!same(path, entry)) differs = true;
    },
    async copy(path, source) {
      add({ kind: "copy", path, source });
      differs = true;
    },
    async link(path, source, entry) {
      add({ kind: "link", path, source, entry });
      if (!same(path, entry)) differs = true;
    },
    async commit() {
      const unchanged =
        !differs &&
        seen.size === Object.keys(before).length &&
        steps.every((s) => s.kind !== "link" || existsSync(join(previous.dir, s.path)));
      if (unchanged) {
        let bytes = 0;
        for (const entry of Object.values(before)) bytes += entry.size;
        return {
          manifest: previous.manifest,
          manifestSha256: previous.record.manifestSha256,
          files: seen.size,
          bytes,
        };
      }
      real = await openOutputWriter(outDir);
      for (const step of steps) {
        if (step.kind === "write") await real.write(step.path, step.content);
        else if (step.kind === "copy") await real.copy(step.path, step.source);
        else await real.link(step.path, step.source, step.entry);
      }
      return real.commit();
    },
    async abort() {
      await real?.abort();
    },
  };
}
