import { describe, expect, it } from "vitest";
import { assetUrl, localAssetPath } from "../../src/generator/images/image-url.js";
import { findImageReferences } from "../../src/generator/images/scan.js";
import { createTaskQueue } from "../../src/generator/images/task-queue.js";

describe("localAssetPath", () => {
  it("maps /assets/, assets/ and ./assets/ URLs into the folder, without query or fragment", () => {
    expect(localAssetPath("/assets/a/b.jpg")).toEqual({ ok: true, rel: "a/b.jpg" });
    expect(localAssetPath(" assets/b.png?v=2#x")).toEqual({ ok: true, rel: "b.png" });
    expect(localAssetPath("./assets/my%20photo.jpg")).toEqual({ ok: true, rel: "my photo.jpg" });
  });

  it("leaves other URLs alone", () => {
    for (const url of [
      "https://cdn.example.com/assets/a.jpg",
      "//cdn/assets/a.jpg",
      "/img/a.jpg",
      "/assetsx/a.jpg",
      "data:image/png;base64,AA",
    ])
      expect(localAssetPath(url), url).toBeNull();
  });

  it("refuses traversal, encoded traversal, backslashes and control characters", () => {
    for (const url of [
      "/assets/../x.jpg",
      "/assets/a/../../x.jpg",
      "/assets/%2e%2e/x.jpg",
      "/assets/a%2f..%2f..%2fx.jpg",
      "/assets/a\\..\\x.jpg",
      "/assets/a%5c..%5cx.jpg",
      "/assets//x.jpg",
      "/assets/./x.jpg",
      "/assets/x%00.jpg",
      "/assets/%E0%A4%A.jpg",
    ]) {
      expect(localAssetPath(url)?.ok, url).toBe(false);
    }
  });

  it("encodes each segment of the public URL", () => {
    expect(assetUrl("my photos/a b#.jpg")).toBe("/assets/my%20photos/a%20b%23.jpg");
  });
});

describe("findImageReferences", () => {
  it("finds local image URLs anywhere, with their input paths", () => {
    const refs = findImageReferences(
      {
        website: { customization: { logo: "/assets/logo.svg" } },
        pages: [
          { components: [{ meta: { image: "/assets/a.jpg", link: "/assets/menu.pdf" } }] },
          { custom_fields: { "hero image": "assets/b.PNG?x=1", other: "https://x/y.jpg" } },
        ],
      },
      "",
    );
    expect(refs).toEqual([
      { url: "/assets/logo.svg", path: "website.customization.logo" },
      { url: "/assets/a.jpg", path: "pages[0].components[0].meta.image" },
      { url: "assets/b.PNG?x=1", path: 'pages[1].custom_fields["hero image"]' },
    ]);
  });
});

describe("createTaskQueue", () => {
  it("runs at most `limit` jobs at once and drains", async () => {
    const queue = createTaskQueue(2);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 6; i++) {
      queue.push(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        done.push(i);
      });
    }
    await queue.drain();
    expect(peak).toBe(2);
    expect(done).toHaveLength(6);
  });

  it("stops at the first failure and rejects drain with it", async () => {
    const queue = createTaskQueue(1);
    const ran: number[] = [];
    queue.push(async () => {
      ran.push(1);
      throw new Error("boom");
    });
    queue.push(async () => {
      ran.push(2);
    });
    await expect(queue.drain()).rejects.toThrow("boom");
    expect(ran).toEqual([1]);
  });

  it("cancel drops waiting jobs and waits for the running one", async () => {
    const queue = createTaskQueue(1);
    const ran: number[] = [];
    queue.push(async () => {
      await new Promise((r) => setTimeout(r, 10));
      ran.push(1);
    });
    queue.push(async () => {
      ran.push(2);
    });
    await queue.cancel();
    expect(ran).toEqual([1]);
  });
});
