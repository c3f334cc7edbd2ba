/**
 * Starting Debian's Chromium for screenshots: which binary, with what flags and environment.
 * The pages shown are owner content (sanitized, but hostile by assumption): the browser gets no
 * network beyond loopback, none of the server's environment, and a throwaway profile.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import puppeteer from "puppeteer-core";
import { SitewrightError } from "../errors.js";

/** The Chromium binary: the option, else SITEWRIGHT_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumExecutable(given?: string): string {
  return given || process.env.SITEWRIGHT_CHROMIUM || "/usr/bin/chromium";
}

/** A running browser and how to be rid of it and its profile. */
export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches headless Chromium; E_BROWSER (with how to install it) when it cannot start. */
export async function launchChromium(executablePath: string): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(join(tmpdir(), "sitewright-chromium-"));
  try {
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      // Signals belong to the program that uses the library: puppeteer would otherwise exit the
      // process on SIGINT and kill the browser on SIGTERM, before the program's own shutdown
      // (closing servers, finishing a job). The browser still dies with the process.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      userDataDir: profile,
      // The server's variables (tokens, keys) stay out of the browser's process.
      env: { HOME: profile, PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8" },
      args: [
        // Chromium refuses its sandbox as root (CI, containers); as any other user it keeps it.
        ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        // A second fence behind request interception: anything not on loopback goes to a
        // proxy that does not exist.
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=127.0.0.1;localhost;[::1]",
        "--disable-gpu",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-sync",
        "--no-first-run",
        "--mute-audio",
        "--hide-scrollbars",
        "--font-render-hinting=none",
      ],
    });
    // One close, however often asked (a close disconnects, which closes again): two removals
    // of one profile at once fail each other (ENOTEMPTY).
    let closing: Promise<void> | null = null;
    return {
      browser,
      close() {
        closing ??= browser
          .close()
          .catch(() => {})
          .then(() => rm(profile, { recursive: true, force: true }));
        return closing;
      },
    };
  } catch (cause) {
    await rm(profile, { recursive: true, force: true });
    throw new SitewrightError(
      "E_BROWSER",
      `Chromium could not be started from ${executablePath}.`,
      {
        cause,
        hint: "Install Debian's Chromium (apt-get install -y chromium), or pass executablePath / set SITEWRIGHT_CHROMIUM to a Chromium binary.",
        details: { executablePath },
      },
    );
  }
}
