/**
 * The plan of a deploy to one target, computed before anything is written: which files to
 * upload (with a reason, as Hugo's deploy does), which to hard-link from the live version, and
 * which the new version drops. `dryRun` stops after this step.
 */

import { MANIFEST_FILE, type Manifest } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import { unsafePathReason } from "../versions/safe-path.js";
import { VERSION_FILE } from "../versions/version-meta.js";
import type { TargetState } from "./target.js";
import { CONTROL_NAMES } from "./target-names.js";

/** Why a file is uploaded. */
export type UploadReason = "new" | "size differs" | "sha256 differs";

/** One file to upload. */
export interface PlannedUpload {
  path: string;
  size: number;
  reason: UploadReason;
}

/** Counts and bytes of a plan. */
export interface PlanSummary {
  uploadFiles: number;
  uploadBytes: number;
  linkFiles: number;
  linkBytes: number;
  deleteFiles: number;
  deleteBytes: number;
  totalFiles: number;
  totalBytes: number;
}

/** What a deploy will do on one target. */
export interface DeployPlan {
  versionId: string;
  /** Version live on the target before the deploy. */
  from: string | null;
  /** `upload`: send and switch; `activate`: already there, switch only; `none`: already live. */
  action: "upload" | "activate" | "none";
  uploads: PlannedUpload[];
  /** Unchanged files, hard-linked from `from` on the target. */
  links: string[];
  /** Files of the live version the new one no longer has. */
  deletes: string[];
  summary: PlanSummary;
}

/** Diffs the new manifest against the target's live manifest by size and sha256. */
export function planDeploy(manifest: Manifest, versionId: string, state: TargetState): DeployPlan {
  assertSafePaths(manifest);
  const live = state.current !== null ? state.manifest : null;
  const action = state.current === versionId ? "none" : state.hasVersion ? "activate" : "upload";
  const uploads: PlannedUpload[] = [];
  const links: string[] = [];
  const deletes: string[] = [];
  const summary: PlanSummary = {
    uploadFiles: 0,
    uploadBytes: 0,
    linkFiles: 0,
    linkBytes: 0,
    deleteFiles: 0,
    deleteBytes: 0,
    totalFiles: 0,
    totalBytes: 0,
  };
  for (const [path, entry] of Object.entries(manifest.files)) {
    summary.totalFiles++;
    summary.totalBytes += entry.size;
    if (action !== "upload") continue;
    const old = live?.files[path];
    const reason: UploadReason | undefined =
      old === undefined
        ? "new"
        : old.size !== entry.size
          ? "size differs"
          : old.sha256 !== entry.sha256
            ? "sha256 differs"
            : undefined;
    if (reason === undefined) {
      links.push(path);
      summary.linkFiles++;
      summary.linkBytes += entry.size;
    } else {
      uploads.push({ path, size: entry.size, reason });
      summary.uploadFiles++;
      summary.uploadBytes += entry.size;
    }
  }
  if (live && action !== "none") {
    for (const [path, entry] of Object.entries(live.files)) {
      if (manifest.files[path] !== undefined) continue;
      deletes.push(path);
      summary.deleteFiles++;
      summary.deleteBytes += entry.size;
    }
  }
  return { versionId, from: state.current, action, uploads, links, deletes, summary };
}

/**
 * Refuses manifest paths that could write outside the version directory on the target, or
 * that the remote tools cannot carry, before any byte is sent (the store's own path rules).
 */
export function assertSafePaths(manifest: Manifest): void {
  for (const path of Object.keys(manifest.files)) {
    const reason =
      unsafePathReason(path) ??
      (path === MANIFEST_FILE || path === VERSION_FILE || CONTROL_NAMES.includes(path)
        ? "reserved name"
        : null);
    if (reason !== null) {
      throw new SitewrightError(
        "E_UNSAFE_PATH",
        `The manifest lists an unsafe path ${JSON.stringify(path)}: ${reason}.`,
        {
          hint: "Rebuild the version; manifest paths are relative, without '.', '..', empty segments or control characters.",
        },
      );
    }
  }
}
