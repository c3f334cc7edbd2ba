/**
 * The worker's deploy targets, from a JSON file on the build server: groups of targets by
 * name. Jobs name a group; hosts, keys and host-key pins stay on the worker.
 *
 * ```json
 * { "production": [{ "type": "ssh", "host": "10.0.0.5", "user": "deploy", "root": "/srv/sites",
 *                    "key": "/etc/sitewright/id_ed25519", "knownHosts": "/etc/sitewright/known_hosts" }],
 *   "staging":    [{ "type": "local", "root": "/srv/staging" }] }
 * ```
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { createLocalTarget } from "../deploy/local-target.js";
import { createSshTarget } from "../deploy/ssh/ssh-target.js";
import type { DeployTarget } from "../deploy/target.js";
import { SitewrightError } from "../errors.js";

const sshSchema = z.strictObject({
  type: z.literal("ssh"),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1),
  root: z.string().min(1),
  key: z.string().min(1).optional(),
  agent: z.boolean().optional(),
  knownHosts: z.string().min(1).optional(),
  fingerprint: z.string().min(1).optional(),
  transfer: z.enum(["tar", "sftp"]).optional(),
});
const localSchema = z.strictObject({ type: z.literal("local"), root: z.string().min(1) });
const configSchema = z.record(
  z.string(),
  z.array(z.discriminatedUnion("type", [sshSchema, localSchema])).min(1),
);

/** Target groups from the parsed JSON of a targets file; E_USAGE naming what is wrong. */
export function parseTargetsConfig(json: unknown): Record<string, DeployTarget[]> {
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues[0];
    throw new SitewrightError(
      "E_USAGE",
      `The targets file is invalid at ${problem?.path.join(".") || "(top)"}: ${problem?.message}.`,
      { hint: 'Write { "group": [{ "type": "ssh" | "local", ... }] }; see src/queue/README.md.' },
    );
  }
  const groups: Record<string, DeployTarget[]> = {};
  for (const [name, list] of Object.entries(parsed.data)) {
    groups[name] = list.map((t) => {
      if (t.type === "local") return createLocalTarget({ root: t.root });
      if (!t.knownHosts === !t.fingerprint || (!t.key && !t.agent)) {
        throw new SitewrightError(
          "E_USAGE",
          `Target ${t.user}@${t.host} in group ${name} needs a key or agent and exactly one of knownHosts or fingerprint.`,
          { hint: "The host key is always checked; pin it in the targets file." },
        );
      }
      return createSshTarget({
        host: t.host,
        user: t.user,
        root: t.root,
        ...(t.port ? { port: t.port } : {}),
        ...(t.key ? { privateKeyPath: t.key } : {}),
        ...(t.agent ? { agent: true as const } : {}),
        ...(t.transfer ? { transfer: t.transfer } : {}),
        hostKey: t.fingerprint
          ? { fingerprint: t.fingerprint }
          : { knownHostsPath: t.knownHosts as string },
      });
    });
  }
  return groups;
}

/** Reads and parses a targets file. */
export async function loadTargetsConfig(file: string): Promise<Record<string, DeployTarget[]>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new SitewrightError("E_USAGE", `Cannot read the targets file ${file}.`, { cause });
  }
  try {
    return parseTargetsConfig(JSON.parse(text));
  } catch (err) {
    if (err instanceof SitewrightError) throw err;
    throw new SitewrightError("E_USAGE", `The targets file ${file} is not valid JSON.`, {
      cause: err,
    });
  }
}
