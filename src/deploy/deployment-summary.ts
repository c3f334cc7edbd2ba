/**
 * The last deployment as the publish screen shows it, read from the records deployment-record.ts
 * writes (`<id>.json`, optionally `<id>.log`). Tolerant: a missing directory, unreadable files or
 * unknown fields never fail the caller, since a store may never have been deployed.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { isErrno } from "../versions/fs-util.js";
import { deploymentsDir } from "./deployment-record.js";

/**
 * What the publish screen needs of a deployment record: the record's own fields (see
 * deployment-record.ts) plus a normalized `status` and the log tail.
 */
export interface DeploymentSummary {
  /** Deployment id (the file name without `.json` when absent). */
  id: string;
  /** The record's `state` (or `status`): queued | uploading | ... | live | failed | cancelled. */
  status: string;
  versionId?: string;
  target?: string;
  actor?: string;
  startedAt?: string;
  updatedAt?: string;
  finishedAt?: string;
  error?: string;
  /** Log lines, from the record or from `<id>.log` beside it. */
  log: string[];
  [field: string]: unknown;
}

/** How many log lines `readLastDeployment` returns at most (the tail). */
export const DEPLOYMENT_LOG_LINES = 500;

/** The most recent deployment record of a website, or null when there is none readable. */
export async function readLastDeployment(
  root: string,
  websiteId: string,
): Promise<DeploymentSummary | null> {
  const dir = deploymentsDir(root, websiteId);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json") && !n.startsWith("."));
  } catch (err) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return null;
    throw err;
  }
  const dated = await Promise.all(
    names.map(async (name) => ({
      name,
      mtimeMs: await stat(join(dir, name)).then(
        (s) => s.mtimeMs,
        () => -1,
      ),
    })),
  );
  // Deployment ids sort by start time; mtime only breaks ties between foreign names.
  dated.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : b.mtimeMs - a.mtimeMs));
  for (const { name, mtimeMs } of dated) {
    if (mtimeMs < 0) continue;
    const record = await readRecord(dir, name);
    if (record) return record;
  }
  return null;
}

async function readRecord(dir: string, name: string): Promise<DeploymentSummary | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, name), "utf8"));
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const fields = raw as Record<string, unknown>;
  const id = typeof fields.id === "string" ? fields.id : name.slice(0, -".json".length);
  const state = fields.state ?? fields.status;
  const status = typeof state === "string" ? state : "unknown";
  let log = normalizeLog(fields.log);
  if (log.length === 0) log = await readLogFile(join(dir, `${name.slice(0, -".json".length)}.log`));
  return { ...fields, id, status, log: log.slice(-DEPLOYMENT_LOG_LINES) };
}

function normalizeLog(value: unknown): string[] {
  if (typeof value === "string") return value.split("\n").filter((l) => l !== "");
  if (Array.isArray(value)) {
    return value.map((l) => (typeof l === "string" ? l : JSON.stringify(l)));
  }
  return [];
}

async function readLogFile(file: string): Promise<string[]> {
  try {
    return normalizeLog(await readFile(file, "utf8"));
  } catch {
    return [];
  }
}
