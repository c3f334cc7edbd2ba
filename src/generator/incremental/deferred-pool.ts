/**
 * Render processes started only when first needed. A clean build starts them at once, so that
 * their start-up overlaps with loading the site; a build beside a record may carry everything
 * and need none, and on a machine of two cores two start-ups cost a no-op build a tenth of its
 * time, so it starts them when the first page check or page render asks for them.
 */
import { existsSync } from "node:fs";
import {
  createRenderPool,
  type RenderPool,
  type RenderPoolOptions,
} from "../render/render-pool.js";
import { recordPath } from "./record.js";

/** A render pool that exists once something asks for it. */
export interface DeferredPool extends RenderPool {
  /** Starts the processes now (their start-up then overlaps with what the build does next). */
  warm(): void;
}

/**
 * The build's render pool: started now unless the output folder has a record an incremental
 * build may use (`incremental` not false, no `only`), in which case it starts when needed.
 */
export function buildPool(
  options: RenderPoolOptions,
  build: { outDir: string; previousDir?: string; incremental?: boolean; only?: unknown },
): DeferredPool {
  let pool: RenderPool | null = null;
  const get = () => {
    pool ??= createRenderPool(options);
    return pool;
  };
  const mayCarry =
    build.incremental !== false &&
    build.only === undefined &&
    existsSync(recordPath(build.previousDir ?? build.outDir));
  if (!mayCarry) get();
  return {
    warm: () => void get(),
    check: (request) => get().check(request),
    start: (init) => get().start(init),
    render: (task) => get().render(task),
    close: async () => {
      await pool?.close();
    },
  };
}
