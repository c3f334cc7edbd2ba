/**
 * A small bounded queue for encoding jobs. sharp runs each job on libuv's thread pool, so a
 * few jobs in flight keep the cores busy while the main thread renders pages; more would only
 * add memory (each holds a decoded image). The first failure stops the queue.
 */

/** Runs async jobs with at most `limit` in flight. */
export interface TaskQueue {
  /** Adds a job; it starts when a slot is free. Ignored after a failure or cancel. */
  push(job: () => Promise<void>): void;
  /** Resolves when every job has finished; rejects with the first failure. */
  drain(): Promise<void>;
  /** Drops the jobs not yet started and waits for the running ones (their errors ignored). */
  cancel(): Promise<void>;
}

/** Creates a queue that runs at most `limit` jobs at once. */
export function createTaskQueue(limit: number): TaskQueue {
  const pending: (() => Promise<void>)[] = [];
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let idle: (() => void)[] = [];

  const settle = () => {
    if (running.size > 0 || (pending.length > 0 && !stopped && !failure)) return;
    const waiters = idle;
    idle = [];
    for (const resolve of waiters) resolve();
  };

  const pump = () => {
    while (running.size < limit && pending.length > 0 && !stopped && !failure) {
      const job = pending.shift() as () => Promise<void>;
      const run: Promise<void> = job()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => {
          running.delete(run);
          pump();
          settle();
        });
      running.add(run);
    }
  };

  return {
    push(job) {
      if (stopped || failure) return;
      pending.push(job);
      pump();
    },
    async drain() {
      await new Promise<void>((resolve) => {
        idle.push(resolve);
        settle();
      });
      if (failure) throw failure.error;
    },
    async cancel() {
      stopped = true;
      pending.length = 0;
      await Promise.allSettled([...running]);
    },
  };
}
