/** `sitewright download-url`: prints a signed, expiring download URL for a version's zip. */
import { SitewrightError } from "../errors.js";
import { checkSecret, signDownloadUrl } from "../versions/signing.js";
import { createVersionStore } from "../versions/store.js";
import { isVersionId } from "../versions/version-meta.js";
import { type Command, parseCommandArgs, requireOption } from "./command.js";
import { printJson } from "./versions-cli-util.js";

const USAGE = `Usage: sitewright download-url --website ID --version ID|X.Y.Z|RANGE --secret-env VAR
                               --base-url URL --expires-in SECONDS [--store DIR] [--json]

Prints a URL of the form {base-url}/download/{websiteId}/{versionId}?signature=&expires=
that the download handler accepts until it expires.

  --version REF       a version id; a number or range needs --store to look it up
  --secret-env VAR    environment variable holding the signing secret, at least 32 bytes
                      (never pass it as an argument)
  --base-url URL      where the download handler is mounted, e.g. https://host/generator
  --expires-in SECS   validity in seconds (at most 30 days)
  --store DIR         the version store, to resolve numbers and check the version exists
  --json              print { url, path, signature, expires } as JSON`;

/** `sitewright download-url`. */
export const downloadUrlCommand: Command = {
  name: ["download-url"],
  summary: "Print a signed, expiring download URL for a version",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      website: { type: "string" },
      version: { type: "string" },
      "secret-env": { type: "string" },
      "base-url": { type: "string" },
      "expires-in": { type: "string" },
      store: { type: "string" },
      json: { type: "boolean" },
    });
    const websiteId = requireOption(values.website, "--website");
    const ref = requireOption(values.version, "--version");
    const secretVar = requireOption(values["secret-env"], "--secret-env");
    const baseUrl = requireOption(values["base-url"], "--base-url");
    const expiresIn = Number(requireOption(values["expires-in"], "--expires-in"));
    const secret = process.env[secretVar];
    if (!secret) {
      throw new SitewrightError("E_USAGE", `The environment variable ${secretVar} is not set.`, {
        hint: `Export the signing secret as ${secretVar}, the same one the download server uses.`,
      });
    }
    checkSecret(secret, `The secret in ${secretVar}`);
    let versionId = ref;
    if (values.store !== undefined) {
      versionId = (await createVersionStore({ root: values.store }).resolve(websiteId, ref)).id;
    } else if (!isVersionId(ref)) {
      throw new SitewrightError("E_USAGE", `${ref} is not a version id.`, {
        hint: "Pass a version id, or --store DIR to resolve a number or range.",
      });
    }
    const signed = signDownloadUrl({ websiteId, versionId, expiresIn, secret, baseUrl });
    if (values.json) printJson(io, signed);
    else io.stdout(`${signed.url}\n`);
    return 0;
  },
};
