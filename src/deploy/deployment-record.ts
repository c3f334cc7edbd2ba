/**
 * Deployments as records in the LOCAL store, so a backend can show status and logs without
 * talking to the servers (the seeds' deployment status, logs download, cancel and reset).
 *
 * Format, under `<storeRoot>/<websiteId>/deployments/`:
 * - `<deploymentId>.json`: a DeploymentRecord, rewritten atomically (temp + rename) on every
 *   state change and at most every 500 ms while files move;
 * - `<deploymentId>.log`: UTF-8 text, one line per event: `<ISO time> <level> <message>`;
 * - `<deploymentId>.cancel`: present when a cancel was requested from another process.
 * Deployment ids are `dpl-<UTC yyyymmddTHHMMSSmmmZ>-<8 hex>` and sort by start time.
 */
import { randomBytes } from "node:crypto";
import { appendFile, mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { SitewrightError } from "../errors.js";
import { pidAlive } from "../versions/lock-record.js";
import { type StoreRef, storeRoot } from "../versions/store.js";
import { assertWebsiteId, DEPLOYMENTS_DIR, TEMP_PREFIX } from "../versions/version-meta.js";
import type { PlanSummary } from "./plan.js";

/** Lifecycle of a deployment. */
export type DeploymentState =
  | "queued"
  | "uploading"
  | "verifying"
  | "activating"
  | "live"
  | "failed"
  | "cancelled";

/** Lifecycle of one target inside a deployment (`verified`: waiting for the others to switch). */
export type TargetDeployState = DeploymentState | "verified" | "rolled-back";

/** A failure as stored in a record. */
export interface RecordedError {
  code: string;
  message: string;
  hint?: string;
}

/** Per-target part of a record. */
export interface DeploymentTargetRecord {
  target: string;
  state: TargetDeployState;
  /** Version live on the target before this deploy. */
  from: string | null;
  action?: "upload" | "activate" | "none";
  plan?: PlanSummary;
  files: { done: number; total: number };
  bytes: { done: number; total: number };
  /** Bytes put on the wire for file data (tar stream or SFTP payload). */
  bytesSent: number;
  error?: RecordedError;
}

/** Contents of `deployments/<id>.json`. */
export interface DeploymentRecord {
  id: string;
  websiteId: string;
  versionId: string;
  actor: string;
  state: DeploymentState;
  createdAt: string;
  /** Same as createdAt; the name the publish screen reads. */
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** When each state was entered. */
  stateTimes: Partial<Record<DeploymentState, string>>;
  /** Process running the deploy, to tell a stuck record from a running one. */
  runner: { pid: number; host: string };
  targets: DeploymentTargetRecord[];
  error?: RecordedError;
}

/** Terminal states. */
export const FINAL_STATES: ReadonlySet<DeploymentState> = new Set(["live", "failed", "cancelled"]);

/** A new deployment id. */
export function newDeploymentId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(".", "");
  return `dpl-${stamp}-${randomBytes(4).toString("hex")}`;
}

const DEPLOYMENT_ID = /^dpl-\d{8}T\d{9}Z-[0-9a-f]{8}$/;

/** Directory of a website's deployment records. */
export function deploymentsDir(store: StoreRef, websiteId: string): string {
  assertWebsiteId(websiteId);
  return join(resolve(storeRoot(store)), websiteId, DEPLOYMENTS_DIR);
}

function recordPath(store: StoreRef, websiteId: string, id: string, ext: string): string {
  if (!DEPLOYMENT_ID.test(id)) {
    throw new SitewrightError("E_USAGE", `Not a deployment id: ${JSON.stringify(id)}.`);
  }
  return join(deploymentsDir(store, websiteId), `${id}${ext}`);
}

/** Writes a record atomically. */
export async function writeDeploymentRecord(
  store: StoreRef,
  record: DeploymentRecord,
): Promise<void> {
  const dir = deploymentsDir(store, record.websiteId);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `${TEMP_PREFIX}${record.id}-${randomBytes(3).toString("hex")}.json`);
  await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
  await rename(tmp, recordPath(store, record.websiteId, record.id, ".json"));
}

/** Appends lines to a deployment's log. */
export async function appendDeploymentLog(
  store: StoreRef,
  websiteId: string,
  id: string,
  lines: readonly string[],
): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(deploymentsDir(store, websiteId), { recursive: true });
  await appendFile(recordPath(store, websiteId, id, ".log"), `${lines.join("\n")}\n`);
}

/** Reads one deployment record. */
export async function readDeployment(
  store: StoreRef,
  websiteId: string,
  id: string,
): Promise<DeploymentRecord> {
  try {
    return JSON.parse(
      await readFile(recordPath(store, websiteId, id, ".json"), "utf8"),
    ) as DeploymentRecord;
  } catch (cause) {
    throw new SitewrightError("E_DEPLOY", `No deployment ${id} for ${websiteId}.`, { cause });
  }
}

/** A deployment's log text (empty when none was written). */
export async function readDeploymentLog(
  store: StoreRef,
  websiteId: string,
  id: string,
): Promise<string> {
  return readFile(recordPath(store, websiteId, id, ".log"), "utf8").catch(() => "");
}

/** Every deployment of a website, newest first. */
export async function listDeployments(
  store: StoreRef,
  websiteId: string,
): Promise<DeploymentRecord[]> {
  let names: string[];
  try {
    names = await readdir(deploymentsDir(store, websiteId));
  } catch {
    return [];
  }
  const ids = names
    .filter((n) => n.endsWith(".json") && DEPLOYMENT_ID.test(n.slice(0, -5)))
    .map((n) => n.slice(0, -5))
    .sort()
    .reverse();
  const records = await Promise.all(
    ids.map((id) => readDeployment(store, websiteId, id).catch(() => null)),
  );
  return records.filter((r): r is DeploymentRecord => r !== null);
}

/** Asks a running deploy (in any process on this store) to cancel; it stops within a second. */
export async function requestCancel(store: StoreRef, websiteId: string, id: string): Promise<void> {
  const record = await readDeployment(store, websiteId, id);
  if (FINAL_STATES.has(record.state)) {
    throw new SitewrightError("E_DEPLOY", `Deployment ${id} already ended (${record.state}).`);
  }
  await writeFile(recordPath(store, websiteId, id, ".cancel"), `${new Date().toISOString()}\n`);
}

/** True when a cancel was requested for the deployment. */
export async function cancelRequested(
  store: StoreRef,
  websiteId: string,
  id: string,
): Promise<boolean> {
  try {
    await readFile(recordPath(store, websiteId, id, ".cancel"));
    return true;
  } catch {
    return false;
  }
}

/** Marks deployments left unfinished by a dead process as failed; returns their ids. */
export async function failStuckDeployments(store: StoreRef, websiteId: string): Promise<string[]> {
  const fixed: string[] = [];
  for (const record of await listDeployments(store, websiteId)) {
    if (FINAL_STATES.has(record.state)) continue;
    // A live process on this host is still working on it; elsewhere the operator's reset decides.
    if (record.runner.host === hostname() && pidAlive(record.runner.pid)) continue;
    const now = new Date().toISOString();
    record.state = "failed";
    record.finishedAt = now;
    record.updatedAt = now;
    record.stateTimes.failed = now;
    record.error = {
      code: "E_DEPLOY",
      message: "The deployment was reset; its process had stopped.",
    };
    await writeDeploymentRecord(store, record);
    await appendDeploymentLog(store, websiteId, record.id, [`${now} warn reset: marked as failed`]);
    fixed.push(record.id);
  }
  return fixed;
}
