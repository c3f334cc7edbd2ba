/**
 * Retention after a deploy (`deploy({ keep })`): prunes every target through `remotePrune`, so
 * the live version (the one just deployed) and the rollback target always stay. Runs only once
 * every target is live; a failure here is reported per target and never undoes the deploy.
 */
import { asSitewrightError } from "./apply.js";
import { remotePrune } from "./remote-ops.js";
import type { DeployTarget } from "./target.js";

/** What retention did on one target: the ids it removed and kept, or why it could not. */
export type TargetPrune =
  | { removed: string[]; kept: string[] }
  | { error: { code: string; message: string; hint?: string } };

/** Prunes each target to the `keep` newest versions (plus live and rollback target), in parallel. */
export async function pruneTargets(
  targets: readonly DeployTarget[],
  options: {
    websiteId: string;
    keep: number;
    actor: string;
    signal?: AbortSignal;
    lock?: { waitMs?: number; staleMs?: number };
  },
): Promise<TargetPrune[]> {
  return Promise.all(
    targets.map(async (target): Promise<TargetPrune> => {
      try {
        const { removed, kept } = await remotePrune({
          target,
          websiteId: options.websiteId,
          keep: options.keep,
          actor: options.actor,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.lock ? { lock: options.lock } : {}),
        });
        return { removed, kept };
      } catch (err) {
        // The new version is live everywhere; a prune that fails leaves extra versions, no harm.
        const e = asSitewrightError(err, target.name);
        return { error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } };
      }
    }),
  );
}
