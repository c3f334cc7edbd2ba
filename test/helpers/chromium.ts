import { accessSync, constants } from "node:fs";

/**
 * The Chromium the browser tests drive: SITEWRIGHT_CHROMIUM, else Debian's. A missing browser
 * fails the test with how to install it; it is never skipped.
 */
export function chromiumPath(): string {
  const path = process.env.SITEWRIGHT_CHROMIUM || "/usr/bin/chromium";
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    throw new Error(
      `Chromium is not at ${path}. Install Debian's: apt-get install -y chromium (or set SITEWRIGHT_CHROMIUM to a Chromium binary).`,
    );
  }
}
