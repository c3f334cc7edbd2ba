import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../generator/helpers.js";
import { blog, blogSite, build, post } from "./helpers.js";

const root = tempDir("sw-feeds-");

/** Runs xmllint; fails loudly when it is missing. */
function xmllint(...args: string[]): string {
  try {
    execFileSync("xmllint", ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error("xmllint is missing: install it with `apt-get install -y libxml2-utils`.");
  }
  return execFileSync("xmllint", args, { encoding: "utf8", stdio: "pipe" });
}

/** Evaluates an XPath expression (namespace-agnostic via local-name()) on a file. */
const xpath = (file: string, expr: string) => xmllint("--xpath", expr, file).trim();

const site = () =>
  blogSite([
    blog({
      feed_limit: 3,
      posts: [
        post(1, {
          title: 'Tom & Jerry <"quoted">',
          categories: "1",
          content: '<p>See <a href="/about/">us</a> \u0001</p>',
        }),
        post(2, { status: 0 }),
        post(3, { scheduled_at: "2099-01-01 00:00:00" }),
        post(4, { disable_listing: 1 }),
        post(5, { sort_number: 1 }),
        post(6),
        post(7, { disable_single_page: 1, url: "https://elsewhere.example/7" }),
      ],
    }),
  ]);

describe("feeds", () => {
  it("RSS 2.0 is well-formed and carries channel and item required elements", async () => {
    const out = await build(root, site());
    const file = join(out.outDir, "blog/feed.xml");
    xmllint("--noout", file);
    expect(xpath(file, "string(/rss/@version)")).toBe("2.0");
    expect(xpath(file, "string(/rss/channel/title)")).toBe("Blog | Mini");
    expect(xpath(file, "string(/rss/channel/link)")).toBe("https://mini.example/blog/");
    expect(xpath(file, "string(/rss/channel/description)")).toBe("News from the mini site");
    expect(xpath(file, "count(/rss/channel/item)")).toBe("3");
    for (const el of ["title", "link", "guid", "pubDate"]) {
      expect(xpath(file, `count(/rss/channel/item[not(${el})])`), el).toBe("0");
    }
    // Newest first whatever sort_number says; drafts, scheduled and disable_listing left out; limit 3.
    expect(xpath(file, "string(/rss/channel/item[1]/title)")).toBe("Post 7");
    expect(xpath(file, "string(/rss/channel/item[1]/link)")).toBe("https://elsewhere.example/7");
    expect(xpath(file, "string(/rss/channel/item[2]/link)")).toBe(
      "https://mini.example/blog/post-6/",
    );
    expect(xpath(file, "string(/rss/channel/item[2]/pubDate)")).toBe(
      "Sat, 06 Jan 2024 10:00:00 GMT",
    );
    const text = out.read("blog/feed.xml");
    for (const left of ["Post 2", "Post 3", "Post 4", "Post 1"])
      expect(text).not.toContain(`<title>${left}`);
  });

  it("Atom is well-formed and carries feed and entry required elements (RFC 4287)", async () => {
    const out = await build(root, site(), { now: new Date("2024-06-01T00:00:00Z") });
    const file = join(out.outDir, "blog/atom.xml");
    xmllint("--noout", file);
    const atom = (path: string) => xpath(file, path.replace(/\/(\w+)/g, "/*[local-name()='$1']"));
    expect(atom("string(/feed/id)")).toMatch(/^tag:mini\.example,2000:7\/blog$/);
    expect(atom("string(/feed/title)")).toBe("Blog | Mini");
    expect(atom("string(/feed/updated)")).toBe("2024-01-07T10:00:00.000Z");
    expect(xpath(file, "count(/*[local-name()='feed']/*[local-name()='link'][@rel='self'])")).toBe(
      "1",
    );
    expect(atom("count(/feed/author/name)")).toBe("1");
    expect(atom("count(/feed/entry)")).toBe("3");
    for (const el of ["id", "title", "updated", "link"]) {
      expect(
        xpath(
          file,
          `count(/*[local-name()='feed']/*[local-name()='entry'][not(*[local-name()='${el}'])])`,
        ),
        el,
      ).toBe("0");
    }
  });

  it("escapes text, drops characters XML forbids and makes content links absolute", async () => {
    const s = site();
    s.structures[0].feed_limit = 10;
    const out = await build(root, s);
    const rss = out.read("blog/feed.xml");
    expect(rss).toContain("<title>Tom &amp; Jerry &lt;&quot;quoted&quot;&gt;</title>");
    expect(rss).toContain("&lt;a href=&quot;https://mini.example/about/&quot;&gt;us&lt;/a&gt;");
    expect(rss).not.toContain("\u0001");
    expect(rss).toContain("<category>Recipes</category>");
    xmllint("--noout", join(out.outDir, "blog/feed.xml"), join(out.outDir, "blog/atom.xml"));
  });

  it("are linked from the head of the structure's pages, not from other pages", async () => {
    const out = await build(root, site());
    for (const file of [
      "blog/index.html",
      "blog/post-6/index.html",
      "blog/category/recipes/index.html",
    ]) {
      const html = out.read(file);
      expect(html, file).toContain(
        '<link rel="alternate" type="application/rss+xml" title="Blog (RSS)" href="https://mini.example/blog/feed.xml">',
      );
      expect(html, file).toContain(
        '<link rel="alternate" type="application/atom+xml" title="Blog (Atom)" href="https://mini.example/blog/atom.xml">',
      );
    }
    expect(out.read("about/index.html")).not.toContain("application/rss+xml");
    expect(out.result.feeds).toBe(2);
  });

  it("are skipped with a warning without a base URL", async () => {
    const s = site();
    s.website.domain = null;
    const out = await build(root, s, { baseUrl: undefined });
    expect(out.exists("blog/feed.xml")).toBe(false);
    expect(out.result.feeds).toBe(0);
    expect(out.result.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/feeds are left out/),
    );
    expect(out.read("blog/index.html")).not.toContain("application/rss+xml");
  });

  it("a sitemap with posts, listings and categories validates against the sitemaps.org XSD", async () => {
    const out = await build(root, site());
    const sitemap = out.read("sitemap.xml");
    expect(sitemap).toContain(
      "<loc>https://mini.example/blog/post-6/</loc><lastmod>2024-01-06T10:00:00+00:00</lastmod>",
    );
    expect(sitemap).toContain("<loc>https://mini.example/blog/category/recipes/</loc>");
    expect(sitemap).toContain("<loc>https://mini.example/blog/page/2/</loc>");
    expect(sitemap).toContain("/blog/post-4/"); // disable_listing keeps its page
    expect(sitemap).not.toContain("elsewhere");
    expect(sitemap).not.toContain("/blog/post-3/");
    xmllint("--noout", "--schema", "fixtures/xsd/sitemap.xsd", join(out.outDir, "sitemap.xml"));
  });
});
