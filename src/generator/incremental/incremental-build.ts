import type { OpenedSite } from "../../site/opened-site.js";
import type { Page, SiteFrame } from "../../site/types.js";
import type { RenderSettings } from "../build-context.js";
import type { BuildWarning } from "../context.js";
import type { PreparedImage } from "../images/image-render.js";
import type { PlannedRoute } from "../plan.js";
import type { SiteFileGroup, SiteFileReuse } from "../site-files.js";
import type { StructureIndex } from "../structures/index-structures.js";
import { syntheticPage } from "../synthetic-page.js";
import type { CommittedBuild, OutputWriter } from "../write.js";
import { planCarry, plannedRouteDeps, type RoutePlan } from "./carry-plan.js";
import { carryingWriter } from "./carry-writer.js";
import { type ComponentRefs, componentRefs } from "./component-refs.js";
import type { DeferredPool } from "./deferred-pool.js";
import { generatorFingerprint } from "./generator-fingerprint.js";
import { hashValue } from "./hash.js";
import { createInputTable, type InputTable } from "./input-table.js";
import { createPageFilesCheck, type PageFilesCheck } from "./page-files-check.js";
import { createPageStates, type PageStates } from "./page-states.js";
import type { CleanReason, RebuiltRoute } from "./reasons.js";
import { UNKNOWN_REFS } from "./record.js";
import { createRecordBuilder, type RecordBuilder, type RouteOutcome } from "./record-builder.js";
import {
  carryFile,
  type PreviousBuild,
  readPreviousBuild,
  removeRecord,
  writeRecord,
} from "./record-io.js";
import type { DepsContext } from "./route-deps.js";
import { settleUtilities } from "./settle-utilities.js";

/** What BuildResult says about the incremental side of a build. */
export interface IncrementalSummary {
  /** Null when files were carried from the previous build; otherwise why the build was clean. */
  clean: CleanReason | null;
  /** Routes rendered by this build (the 404 page as `404.html`), each with why. */
  rebuilt: RebuiltRoute[];
  /** Routes whose file was carried from the previous build. */
  carried: number;
  /** Other files carried: site assets, image variants, sitemap and search index. */
  carriedFiles: number;
  /** Page files whose check was taken from the record instead of reading them. */
  checksReused: number;
  /** Pages read again by the build process only to find what they refer to. */
  pagesRead: number;
}

/** What deciding needs once the site is loaded and its images prepared. */
export interface PlanInput {
  opened: OpenedSite;
  routes: readonly PlannedRoute[];
  settings: RenderSettings;
  structures: StructureIndex;
  images: ReadonlyArray<readonly [string, PreparedImage]>;
  /** The site's chosen 404 page, loaded, or null for the built-in one. */
  notFound: { page: Page; index: number } | null;
}

/** The routes of a build, planned: the site's and structures' in order, then the 404 page. */
export interface PlannedBuild {
  routes: RoutePlan[];
  notFound: RoutePlan;
}

/** The incremental side of one build; see the module comment. */
export interface IncrementalBuild {
  readonly previous: PreviousBuild | null;
  readonly pages: PageStates;
  readonly record: RecordBuilder;
  /** openSite's `checkPages` for a site directory (with the record's findings), else undefined. */
  readonly pageFiles: PageFilesCheck | undefined;
  /** Drops the previous build when it is of another website. */
  sameSite(site: SiteFrame): void;
  plan(input: PlanInput): Promise<PlannedBuild>;
  /** The writer for copies (assets, image variants) that carries unchanged ones. */
  writer(writer: OutputWriter, cacheDir: string): OutputWriter;
  /** Carries a route's file from the previous build. */
  carry(writer: OutputWriter, file: string): Promise<void>;
  /** What a carried route gave the site-wide files, from the record. */
  outcomeOf(plan: RoutePlan): RouteOutcome;
  siteFiles(writer: OutputWriter): SiteFileReuse;
  /**
   * Completes the stylesheet's utility classes (see settleUtilities) once every route is
   * rendered or carried; `utilities` holds what they gave.
   */
  settleUtilities(utilities: Set<string>): Promise<void>;
  summary(planned: PlannedBuild | null): IncrementalSummary;
  /** Writes the record of the build just committed; returns a warning when it could not. */
  save(
    committed: CommittedBuild,
    websiteId: string,
    initWarnings: BuildWarning[],
  ): Promise<BuildWarning | null>;
}

/** How a build asked for its incremental side. */
export interface IncrementalOptions {
  outDir: string;
  incremental?: boolean;
  /** Where the previous build is, when not in `outDir` (BuildOptions.previousDir). */
  previousDir?: string;
  /** Entities rendered alone: no record read or written. */
  only: boolean;
  siteDir: string | null;
  /** Its processes start early (`warm`) once an edit is seen. */
  pool: DeferredPool;
}

/** Starts the incremental side of a build: reads the previous build unless told not to. */
export async function openIncremental(options: IncrementalOptions): Promise<IncrementalBuild> {
  let clean: CleanReason | null = options.only
    ? "entities-only"
    : options.incremental === false
      ? "clean-requested"
      : null;
  let previous: PreviousBuild | null = null;
  if (clean === null) {
    const read = await readPreviousBuild(options.previousDir ?? options.outDir);
    if ("clean" in read) clean = read.clean;
    else previous = read.previous;
  }
  const knownRefs = new Map<string, ComponentRefs>();
  for (const r of previous?.record.routes ?? []) {
    const refs = r.page && previous?.record.refs[r.page.refs];
    if (r.page && r.page.refs !== UNKNOWN_REFS && refs) knownRefs.set(r.page.hash, refs);
  }
  const pages = createPageStates(knownRefs);
  const record = createRecordBuilder();
  const pageFiles = options.siteDir
    ? createPageFilesCheck(
        options.siteDir,
        options.pool,
        previous?.record.pageFiles ?? null,
        options.pool.warm,
      )
    : undefined;
  let table: InputTable | null = null;
  let ctx: DepsContext | null = null;
  const counts = { carried: 0 };

  return {
    get previous() {
      return previous;
    },
    pages,
    record,
    pageFiles,
    sameSite(site) {
      if (previous && previous.record.websiteId !== site.website.id) {
        previous = null;
        clean = "other-site";
      }
    },
    async plan(input) {
      await pages.complete(input.opened, pageFiles?.refs ?? new Map());
      const site = input.opened.site;
      table = createInputTable({ site, ...input });
      const areas = new Map<string, ComponentRefs>();
      ctx = {
        site,
        table,
        areaRefs: (area: keyof SiteFrame["areas"]) => {
          const refs = areas.get(area) ?? componentRefs(site.areas[area]);
          areas.set(area, refs);
          return refs;
        },
      };
      const routeInputs = input.routes.map((route) => ({
        route,
        refs: route.components ? componentRefs(route.components) : pages.refs(route.index),
        pageHash: route.components ? null : pages.hash(route.index),
      }));
      const chosen = input.notFound;
      const notFoundRoute: PlannedRoute = {
        file: "404.html",
        url: "/404.html",
        page: chosen?.page ?? syntheticPage("404", "Page not found", "404", null),
        components: chosen?.page.components ?? [],
        index: chosen?.index ?? -1,
      };
      const planned = await planCarry(
        [
          ...routeInputs,
          {
            route: notFoundRoute,
            refs: componentRefs(notFoundRoute.components ?? []),
            pageHash: chosen ? hashValue(chosen.page) : null,
            notFound: true,
          },
        ],
        table,
        ctx,
        previous,
        (route) => pages.read(route.index),
      );
      return { routes: planned.slice(0, -1), notFound: planned[planned.length - 1] as RoutePlan };
    },
    writer: (writer, cacheDir) => carryingWriter(writer, previous, cacheDir, record, counts),
    async carry(writer, file) {
      const carried = carryFile(writer, previous as PreviousBuild, file);
      if (!carried)
        throw new Error(`carry: ${file} is not in the previous build (a defect in sitewright).`);
      await carried;
    },
    outcomeOf(plan) {
      const carried = plan.carried;
      const utilities = previous?.record.utilities ?? [];
      if (!carried)
        throw new Error("outcomeOf: the route is not carried (a defect in sitewright).");
      return {
        indexed: carried.indexed,
        utilities: carried.utilities.map((u) => utilities[u] as string),
        images: carried.images,
        warnings: carried.warnings,
        partial: carried.partial === true,
      };
    },
    siteFiles(writer) {
      // Each group's inputs (every route's sitemap and search entry) are hashed once.
      const hashes = new Map<SiteFileGroup, string>();
      return {
        async reuse(group, inputs) {
          const hash = hashValue(inputs);
          hashes.set(group, hash);
          const before = previous?.record.siteFiles[group];
          if (!previous || !before || before.inputs !== hash) return null;
          if (!before.files.every((f) => previous?.manifest.files[f])) return null;
          for (const file of before.files) {
            counts.carried++;
            await carryFile(writer, previous, file);
          }
          // Carried, it stays what the next build compares with.
          record.siteFile(group, before);
          return before.figure;
        },
        made(group, files, figure) {
          const inputs = hashes.get(group);
          if (inputs === undefined)
            throw new Error(
              `made: ${group} was not offered to reuse first (a defect in sitewright).`,
            );
          record.siteFile(group, { inputs, files, figure });
        },
      };
    },
    async settleUtilities(utilities) {
      if (previous && ctx) {
        const known = ctx;
        await settleUtilities(utilities, previous.record.utilities, record.partials(), (plan) =>
          pages.read(plan.route.index).then((refs) => ({
            refs,
            deps: plannedRouteDeps(plan.route, refs, known),
          })),
        );
      }
    },
    summary(planned) {
      const all = planned ? [...planned.routes, planned.notFound] : [];
      return {
        clean,
        rebuilt: all
          .filter((p) => p.render)
          .map((p) => ({ file: p.route.file, url: p.route.url, reasons: p.reasons })),
        carried: all.filter((p) => !p.render).length,
        carriedFiles: counts.carried,
        checksReused: pageFiles?.reused() ?? 0,
        pagesRead: pages.reads,
      };
    },
    async save(committed, websiteId, initWarnings) {
      try {
        if (options.only) await removeRecord(options.outDir);
        else
          await writeRecord(
            options.outDir,
            record.finish({
              generator: generatorFingerprint(),
              websiteId,
              manifestSha256: committed.manifestSha256,
              table: table as InputTable,
              initWarnings,
              pageFiles: pageFiles?.recorded() ?? null,
            }),
          );
        return null;
      } catch (err) {
        return {
          message: `The build record could not be written (${(err as Error).message}); the next build will be a clean one.`,
          path: "build-record",
        };
      }
    },
  };
}
