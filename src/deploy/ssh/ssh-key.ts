/**
 * Reads the client's private key for ssh2. The key text goes to ssh2 only: errors name the file,
 * never its content.
 */
import { readFile } from "node:fs/promises";
import { SitewrightError } from "../../errors.js";

/** The private key text from `privateKey` or `privateKeyPath`; undefined when neither is set. */
export async function loadKey(options: {
  privateKey?: string | Buffer;
  privateKeyPath?: string;
}): Promise<string | undefined> {
  if (options.privateKey !== undefined) return options.privateKey.toString();
  if (options.privateKeyPath === undefined) return undefined;
  try {
    return await readFile(options.privateKeyPath, "utf8");
  } catch (cause) {
    throw new SitewrightError(
      "E_SSH",
      `Cannot read the private key file ${options.privateKeyPath}.`,
      {
        cause,
        hint: "Pass a readable key file with --key.",
      },
    );
  }
}
