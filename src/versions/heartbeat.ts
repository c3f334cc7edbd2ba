/**
 * The heartbeat of a held lock, one for the local store and every deploy target: a holder that
 * works longer than `staleMs` must refresh its lock, or another writer would judge it stale.
 */

/** Calls `touch` every staleMs/3 (at least every second) until the returned stop is called. */
export function startLockHeartbeat(touch: () => Promise<unknown>, staleMs: number): () => void {
  const timer = setInterval(
    () => {
      // A missed beat is harmless: the next one comes a third of staleMs later.
      touch().catch(() => undefined);
    },
    Math.max(1_000, Math.floor(staleMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
