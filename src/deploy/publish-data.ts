/**
 * Everything a publish screen shows for a website (the seeds' "Get Publish Data"). It sits
 * above both halves: the versions through the `VersionStore` interface, the last deployment
 * through deploy's own record reader.
 */
import type { BrokenCurrent } from "../versions/current-state.js";
import { openStore, type StoreRef } from "../versions/store.js";
import type { VersionListItem } from "../versions/store-types.js";
import type { HistoryEntry } from "../versions/version-meta.js";
import { type DeploymentSummary, readLastDeployment } from "./deployment-summary.js";

/** Versions, the live one, the rollback target and the last deployment's status and log. */
export interface PublishData {
  websiteId: string;
  /** Newest first, with `live` and `rollbackTarget` marks. */
  versions: VersionListItem[];
  /** The live version, or null when none was activated or `current` is broken. */
  current: VersionListItem | null;
  /** Set when `current` is broken (dangling, outside the store, not a symlink): nothing is live. */
  brokenCurrent: BrokenCurrent | null;
  /** Id a plain rollback would go to, or null. */
  rollbackTarget: string | null;
  /** The last activation or rollback, or null. */
  lastSwitch: HistoryEntry | null;
  /** The last deployment (written by the deploy side), or null when never deployed. */
  deployment: DeploymentSummary | null;
}

/** Collects the publish data of a website from the store (lock-free, read-only). */
export async function getPublishData(ref: StoreRef, websiteId: string): Promise<PublishData> {
  const store = openStore(ref);
  const [state, versions, history, deployment] = await Promise.all([
    store.currentState(websiteId),
    store.list(websiteId),
    store.history(websiteId),
    readLastDeployment(store.root, websiteId),
  ]);
  return {
    websiteId,
    versions,
    current: versions.find((v) => v.live) ?? null,
    brokenCurrent: state.kind === "broken" ? state : null,
    rollbackTarget: versions.find((v) => v.rollbackTarget)?.id ?? null,
    lastSwitch: history[history.length - 1] ?? null,
    deployment,
  };
}
