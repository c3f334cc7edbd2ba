/**
 * The blog of a synthetic benchmark site: `count` posts in 5 categories with Editor.js
 * content about the size of a page's, written as `structures/blog.json`. A few posts are
 * drafts, scheduled, unlisted or without a page, so every code path is on the clock.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Post ids start here so they never meet component ids (page id × 10 + n). */
const FIRST_POST_COMPONENT = 1;

/** Writes `structures/blog.json` with `count` posts; `sentence(n)` gives n random words. */
export async function writeSyntheticBlog(
  dir: string,
  count: number,
  sentence: (words: number) => string,
): Promise<void> {
  await mkdir(join(dir, "structures"), { recursive: true });
  const categories = Array.from({ length: 5 }, (_, i) => ({
    id: i + 1,
    name: `Topic ${i + 1}`,
    slug: `topic-${i + 1}`,
    description: sentence(10),
  }));
  const posts = Array.from({ length: count }, (_, i) => {
    const n = i + FIRST_POST_COMPONENT;
    const day = new Date(Date.UTC(2020, 0, 1) + n * 3_600_000 * 7).toISOString();
    const blocks: unknown[] = [];
    for (let b = 0; b < 5; b++) {
      blocks.push({ type: "header", data: { text: sentence(4), level: 2 } });
      blocks.push({
        type: "paragraph",
        data: { text: `${sentence(30)} <b>${sentence(3)}</b> ${sentence(25)}` },
      });
    }
    return {
      id: n,
      title: `Post ${n}: ${sentence(4)}`,
      url: `post-${n}`,
      status: n % 97 === 0 ? 0 : 1,
      content: { time: 1594475302702, version: "2.18.0", blocks },
      intro: sentence(20),
      image: null,
      sort_number: n <= 5 ? n : null,
      main_category_id: (n % 5) + 1,
      categories: `${(n % 5) + 1},${((n + 2) % 5) + 1}`,
      layout_id: null,
      meta_title: null,
      meta_description: n % 2 ? sentence(12) : null,
      disable_single_page: n % 101 === 0 ? 1 : 0,
      disable_listing: n % 103 === 0 ? 1 : 0,
      no_index: n % 107 === 0 ? 1 : 0,
      scheduled_at: n % 109 === 0 ? "2099-01-01 00:00:00" : null,
      created_at: day,
      published_at: day,
    };
  });
  await writeFile(
    join(dir, "structures", "blog.json"),
    JSON.stringify({
      id: 1,
      type: "blog",
      title: "Blog",
      description: sentence(12),
      url: "blog",
      items_per_page: 10,
      categories,
      posts,
    }),
  );
}
