import { appendFile, cp, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { isSitewrightError, SiteValidationError } from "../../src/errors.js";
import { createThumbnailService } from "../../src/show/thumbnail-service.js";
import { createThumbnailer, type Thumbnailer } from "../../src/show/thumbnailer.js";
import { tempDir } from "../generator/helpers.js";
import { chromiumPath } from "../helpers/chromium.js";
import { rejection } from "../helpers/rejection.js";

const DEMO = "fixtures/sites/demo";

describe("the thumbnail service (seed 000's thumbnails/regenerate)", () => {
  const root = tempDir("sw-thumbs-");
  const thumbnailer = createThumbnailer({ executablePath: chromiumPath() });
  afterAll(() => thumbnailer.close());
  let clock = 1_700_000_000_000;
  const service = createThumbnailService({ store: { root }, thumbnailer, now: () => clock });

  it("validates like the API: type and entity_id, 422-style, and such requests do not count", async () => {
    const bad = [
      [{ type: "widget", entityId: 1 }, ["type"]],
      [{ type: "page", entityId: 0 }, ["entity_id"]],
      [{ type: "page", entityId: "abc" }, ["entity_id"]],
      [{ type: "page", entityId: 1.5 }, ["entity_id"]],
      [{ type: 7, entityId: null }, ["type", "entity_id"]],
      [{ type: "layout", entityId: 999 }, ["entity_id"]],
      [{ type: "template", entityId: 999 }, ["entity_id"]],
    ] as const;
    for (const [request, paths] of bad) {
      const err = await rejection(service.regenerate({ websiteId: "w1", site: DEMO, ...request }));
      expect(err).toBeInstanceOf(SiteValidationError);
      expect(Object.keys((err as SiteValidationError).errors)).toEqual(paths);
    }
    const unsafe = await rejection(
      service.regenerate({ websiteId: "../etc", site: DEMO, type: "page", entityId: 1 }),
    );
    expect(unsafe.code).toBe("E_UNSAFE_PATH");
    expect(await readdir(root)).toEqual([]);
  });

  it("accepts at once, shoots in the background, writes both sizes and the hash; an unchanged entity is kept", async () => {
    const accepted = await service.regenerate({
      websiteId: "w1",
      site: DEMO,
      type: "page",
      entityId: "1",
    });
    expect(accepted).toMatchObject({ status: "accepted", rateLimit: { limit: 5, remaining: 4 } });
    expect(["queued", "running"]).toContain(service.status(accepted.jobId)?.state);
    await service.idle();
    const done = service.status(accepted.jobId);
    if (done?.state !== "done") throw new Error(`job ended ${JSON.stringify(done)}`);
    const dir = join(root, "w1", "thumbnails");
    expect((await readdir(dir)).sort()).toEqual(["page-1.json", "page-1.webp", "page-1@2x.webp"]);
    expect(done.files.webp).toBe(join(dir, "page-1.webp"));
    expect((await sharp(done.files.webp).metadata()).width).toBe(400);
    expect((await sharp(done.files.webp2x).metadata()).width).toBe(800);
    const stats = await sharp(done.files.webp).stats();
    expect(Math.max(...stats.channels.map((c) => c.stdev))).toBeGreaterThan(10);
    const record = JSON.parse(await readFile(join(dir, "page-1.json"), "utf8"));
    expect(record.hash).toBe(done.files.hash);
    expect(done.files.reused).toBe(false);

    const before = (await stat(done.files.webp)).mtimeMs;
    const again = await service.regenerate({
      websiteId: "w1",
      site: DEMO,
      type: "page",
      entityId: 1,
    });
    await service.idle();
    const kept = service.status(again.jobId);
    expect(kept).toMatchObject({ state: "done", files: { reused: true, hash: done.files.hash } });
    expect((await stat(done.files.webp)).mtimeMs).toBe(before);
  });

  it("a template and a layout are shot too", async () => {
    for (const type of ["template", "layout"] as const) {
      const { jobId } = await service.regenerate({
        websiteId: "w2",
        site: DEMO,
        type,
        entityId: 1,
      });
      await service.idle();
      expect(service.status(jobId)).toMatchObject({ state: "done", type, entityId: 1 });
      expect((await sharp(join(root, "w2", "thumbnails", `${type}-1.webp`)).metadata()).width).toBe(
        400,
      );
    }
  });

  it("5 accepted per website per 10 minutes: the 6th is E_RATE_LIMITED with the header values", async () => {
    const request = { websiteId: "w3", site: DEMO, type: "page", entityId: 1 };
    for (let i = 0; i < 5; i++) {
      await service.regenerate(request);
      clock += 30_000;
    }
    const err = await rejection(service.regenerate(request));
    expect(isSitewrightError(err, "E_RATE_LIMITED")).toBe(true);
    // The first was accepted 150 s ago: it leaves the window in 450 s.
    expect(err.details).toEqual({ retryAfter: 450, limit: 5, remaining: 0 });
    // Another website is not held back, and the window slides on.
    await service.regenerate({ ...request, websiteId: "w4" });
    clock += 450_000;
    await service.regenerate(request);
    await service.idle();
  });

  it("a job is queued until it starts (after the answer, one slot at a time), then running, then done", async () => {
    let entered: () => void = () => {};
    const shooting = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // The real thumbnailer, held at the door until the test has looked at the states.
    const held: Thumbnailer = {
      async shoot(url, options) {
        entered();
        await gate;
        return thumbnailer.shoot(url, options);
      },
      close: async () => {},
    };
    const one = createThumbnailService({ store: { root }, thumbnailer: held, concurrency: 1 });
    const request = { websiteId: "w6", site: DEMO };
    const first = await one.regenerate({ ...request, type: "page", entityId: 1 });
    expect(one.status(first.jobId)?.state).toBe("queued");
    const second = await one.regenerate({ ...request, type: "layout", entityId: 1 });
    await shooting;
    expect(one.status(first.jobId)?.state).toBe("running");
    expect(one.status(second.jobId)?.state).toBe("queued");
    open();
    await one.idle();
    expect(one.status(first.jobId)).toMatchObject({ state: "done", type: "page", entityId: 1 });
    expect(one.status(second.jobId)).toMatchObject({ state: "done", type: "layout", entityId: 1 });
    expect(() => createThumbnailService({ store: { root }, thumbnailer, concurrency: 0 })).toThrow(
      expect.objectContaining({ code: "E_USAGE" }),
    );
  });

  it("an entity is shot again when a file it loads changes (the theme stylesheet) or the width does", async () => {
    const site = join(root, "demo-copy");
    await cp(DEMO, site, { recursive: true });
    const build = { cacheDir: join(root, "cache") };
    const shoot = async (width?: number) => {
      const service = createThumbnailService({ store: { root }, thumbnailer, build, width });
      const { jobId } = await service.regenerate({
        websiteId: "w7",
        site,
        type: "page",
        entityId: 1,
      });
      await service.idle();
      const status = service.status(jobId);
      if (status?.state !== "done") throw new Error(`job ended ${JSON.stringify(status)}`);
      return status.files;
    };
    const first = await shoot();
    expect((await shoot()).reused).toBe(true);
    // The page's HTML stays the same; only the stylesheet it links to changes.
    await appendFile(join(site, "assets", "theme.css"), "\nbody { background: #123456; }\n");
    const restyled = await shoot();
    expect(restyled.reused).toBe(false);
    expect(restyled.hash).not.toBe(first.hash);
    const wider = await shoot(300);
    expect(wider.reused).toBe(false);
    expect((await sharp(wider.webp).metadata()).width).toBe(300);
    expect((await sharp(wider.webp2x).metadata()).width).toBe(600);
  });

  it("a job that fails says why in its status and leaves no file", async () => {
    const broken = createThumbnailService({
      store: { root },
      thumbnailer: createThumbnailer({ executablePath: "/nonexistent/chromium" }),
    });
    const { jobId } = await broken.regenerate({
      websiteId: "w5",
      site: DEMO,
      type: "page",
      entityId: 1,
    });
    await broken.idle();
    expect(broken.status(jobId)).toMatchObject({ state: "failed", error: { code: "E_BROWSER" } });
    expect(await readdir(join(root, "w5", "thumbnails")).catch(() => [])).toEqual([]);
    expect(broken.status("no-such-job")).toBeUndefined();
  });
});
