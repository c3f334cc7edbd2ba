import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import {
  buildNginxMap,
  buildRedirectPages,
  type ResolvedRedirect,
  redirectTarget,
} from "../../src/generator/redirects.js";
import { collectSiteErrors } from "../../src/site/validate.js";
import { rawSite, rejection } from "../site/helpers.js";
import { tempDir } from "./helpers.js";

const noWarn = () => {};
const one = (to: string): ResolvedRedirect[] => [{ from: "/old/", to, status: 301, index: 0 }];
const pageHref = (html: string) => /<link rel="canonical" href="([^"]*)">/.exec(html)?.[1];
const nginxTarget = (conf: string) => /"\/old\/" "([^"]*)";/.exec(conf)?.[1];

describe("redirect targets: the HTML page and the nginx map agree", () => {
  it.each(["//evil.example/", "/\\evil.example/", "\\\\evil.example/", " //evil.example/"])(
    "a protocol-relative target %j is refused at validation (redirects[0].to)",
    (to) => {
      const site = rawSite();
      site.redirects = [{ from: "/old/", to }];
      const errors = collectSiteErrors(site);
      expect(Object.keys(errors)).toEqual(["redirects[0].to"]);
      expect(errors["redirects[0].to"]?.[0]).toMatch(/another site/);
    },
  );

  it("a build with one fails before writing anything", async () => {
    const site = rawSite();
    site.redirects = [{ from: "/old/", to: "//evil.example/" }];
    const out = join(tempDir("sw-redir-"), "out");
    const err = await rejection(buildSite(site, { outDir: out }));
    expect(err.code).toBe("E_SITE_INVALID");
    expect(existsSync(out)).toBe(false);
  });

  it("should one reach the generator, both outputs send visitors to the same external URL", () => {
    const redirects = one("//evil.example/");
    const [, html] = [...buildRedirectPages(redirects, "https://site.example/", "en")][0] ?? [];
    expect(pageHref(html ?? "")).toBe("//evil.example/");
    expect(nginxTarget(buildNginxMap(redirects, noWarn))).toBe("//evil.example/");
  });

  it("paths join the base URL in the page; URLs with a scheme stay as written in both", () => {
    const base = "https://site.example/";
    expect(redirectTarget("/contact/", base)).toBe("https://site.example/contact/");
    expect(redirectTarget("https://other.example/x", base)).toBe("https://other.example/x");
    expect(redirectTarget("mailto:a@b.nl", base)).toBe("mailto:a@b.nl");
    const redirects = one("https://other.example/x");
    const [, html] = [...buildRedirectPages(redirects, base, "en")][0] ?? [];
    expect(pageHref(html ?? "")).toBe(nginxTarget(buildNginxMap(redirects, noWarn)));
  });
});
