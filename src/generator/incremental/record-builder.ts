/** Collecting, as a build goes, what its record will say (see record.ts). */
import type { FileStamp } from "../../site/file-stamp.js";
import type { BuildWarning } from "../context.js";
import type { IndexedRoute } from "../site-index.js";
import type { RoutePlan } from "./carry-plan.js";
import type { ComponentRefs } from "./component-refs.js";
import type { InputTable } from "./input-table.js";
import {
  type BuildRecord,
  type PageFilesRecord,
  RECORD_FORMAT,
  type RouteRecord,
  type SiteFileRecord,
  UNKNOWN_REFS,
} from "./record.js";

/** What a route gave the site-wide files, whether rendered now or carried. */
export interface RouteOutcome {
  indexed: IndexedRoute | null;
  utilities: readonly string[];
  /** `utilities` are what its render process reported first, not all it uses (see settle-utilities.ts). */
  partial?: boolean;
  images: readonly string[];
  warnings: readonly BuildWarning[];
}

/**
 * What a rendered page gave, for the record (never its HTML, which the record must not hold):
 * its utility classes as its components' refs say, or, while those are not known, the ones its
 * render process reported (only those new to that process: partial).
 */
export function renderedOutcome(
  page: {
    images: readonly string[];
    warnings: readonly BuildWarning[];
    utilities: readonly string[];
  },
  indexed: IndexedRoute | null,
  plan: RoutePlan,
): RouteOutcome {
  const partial = plan.page !== null && plan.page.refs === null;
  return {
    indexed,
    utilities: partial ? page.utilities : plan.deps.utilities,
    partial,
    images: page.images,
    warnings: page.warnings,
  };
}

/** The parts of a record known only at the end of the build. */
export interface RecordEnd {
  generator: string;
  websiteId: string;
  manifestSha256: string;
  table: InputTable;
  initWarnings: BuildWarning[];
  pageFiles: PageFilesRecord | null;
}

/** Collects a build's record. */
export interface RecordBuilder {
  route(plan: RoutePlan, outcome: RouteOutcome): void;
  /** The carried routes whose utility classes are partial, in route order. */
  partials(): Array<readonly [RoutePlan, RouteOutcome]>;
  siteFile(group: string, entry: SiteFileRecord): void;
  asset(path: string, stamp: FileStamp): void;
  finish(end: RecordEnd): BuildRecord;
}

/** Creates an empty record builder. */
export function createRecordBuilder(): RecordBuilder {
  const routes: Array<[RoutePlan, RouteOutcome]> = [];
  const siteFiles: Record<string, SiteFileRecord> = {};
  const assets: Record<string, FileStamp> = {};
  return {
    route(plan, outcome) {
      routes.push([plan, outcome]);
    },
    partials: () => routes.filter(([plan, outcome]) => plan.carried && outcome.partial),
    siteFile(group, entry) {
      siteFiles[group] = entry;
    },
    asset(path, stamp) {
      assets[path] = stamp;
    },
    finish(end) {
      const keys = new Map<string, number>();
      const utilities = new Map<string, number>();
      const refs = new Map<ComponentRefs, number>();
      const refsByJson = new Map<string, number>();
      const table: ComponentRefs[] = [];
      // Carried pages share their refs objects; pages read again get equal ones.
      const refsAt = (value: ComponentRefs) => {
        let at = refs.get(value);
        if (at === undefined) {
          const json = JSON.stringify(value);
          at = refsByJson.get(json) ?? table.push(value) - 1;
          refsByJson.set(json, at);
          refs.set(value, at);
        }
        return at;
      };
      const indexOf = (map: Map<string, number>, key: string) => {
        const at = map.get(key) ?? map.size;
        map.set(key, at);
        return at;
      };
      const records = routes.map(([plan, outcome]): RouteRecord => {
        const record: RouteRecord = {
          file: plan.route.file,
          url: plan.route.url,
          index: plan.route.index,
          route: plan.identity,
          deps: plan.deps.keys.map((k) => indexOf(keys, k)),
          indexed: outcome.indexed,
          utilities: outcome.utilities.map((u) => indexOf(utilities, u)),
          images: [...outcome.images],
          warnings: [...outcome.warnings],
        };
        if (plan.deps.dynamic) record.dynamic = true;
        if (outcome.partial) record.partial = true;
        if (plan.page)
          record.page = {
            hash: plan.page.hash,
            refs: plan.page.refs ? refsAt(plan.page.refs) : UNKNOWN_REFS,
          };
        return record;
      });
      // Every input, not only those routes name: a route recorded without its page's refs is
      // compared input by input once they are read (see carry-plan.ts).
      const inputs = end.table.all();
      return {
        format: RECORD_FORMAT,
        generator: end.generator,
        websiteId: end.websiteId,
        manifestSha256: end.manifestSha256,
        inputs,
        keys: [...keys.keys()],
        utilities: [...utilities.keys()],
        refs: table,
        routes: records,
        initWarnings: end.initWarnings,
        siteFiles,
        assets,
        pageFiles: end.pageFiles,
      };
    },
  };
}
