/**
 * What each job kind takes, checked with zod in the worker: a producer in any language can
 * push jobs, so the worker is where a payload is trusted or refused. Payloads name no hosts
 * and no keys: deploy targets are a name the worker looks up in its own config.
 */
import { z } from "zod";
import { SitewrightError } from "../errors.js";

/** Website ids name folders and Redis keys, so only a safe alphabet is allowed. */
export const websiteIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "letters, digits, dot, dash or underscore");

const keep = z.number().int().min(1);

/** `build`: site data on the worker's disk → a new version (optionally live). */
export const buildPayloadSchema = z.strictObject({
  websiteId: websiteIdSchema,
  site: z.string().min(1),
  activate: z.boolean().optional(),
  keep: keep.optional(),
  baseUrl: z.url().optional(),
  strict: z.boolean().optional(),
  bump: z.enum(["patch", "minor", "major"]).optional(),
  note: z.string().max(2000).optional(),
});

/** `rollback`: the local store back to the previous (or a given) version, or a target group's. */
export const rollbackPayloadSchema = z.strictObject({
  websiteId: websiteIdSchema,
  to: z.string().min(1).optional(),
  targets: z.string().min(1).optional(),
});

/** `deploy`: a stored version to the worker-side target group `targets`. */
export const deployPayloadSchema = z.strictObject({
  websiteId: websiteIdSchema,
  targets: z.string().min(1),
  version: z.string().min(1).optional(),
  keep: keep.optional(),
  dryRun: z.boolean().optional(),
});

/** `thumbnail`: one entity of a site shot into the store's thumbnails folder. */
export const thumbnailPayloadSchema = z.strictObject({
  websiteId: websiteIdSchema,
  site: z.string().min(1),
  type: z.string().min(1),
  entityId: z.union([z.number().int(), z.string().min(1)]),
});

/** Schema of each job kind. */
export const PAYLOAD_SCHEMAS = {
  build: buildPayloadSchema,
  rollback: rollbackPayloadSchema,
  deploy: deployPayloadSchema,
  thumbnail: thumbnailPayloadSchema,
} as const;

/** The kinds of job a worker runs. */
export type JobKind = keyof typeof PAYLOAD_SCHEMAS;

/** The job kinds, in help order. */
export const JOB_KINDS = Object.keys(PAYLOAD_SCHEMAS) as JobKind[];

/** The payload type of each kind. */
export interface JobPayloads {
  build: z.infer<typeof buildPayloadSchema>;
  rollback: z.infer<typeof rollbackPayloadSchema>;
  deploy: z.infer<typeof deployPayloadSchema>;
  thumbnail: z.infer<typeof thumbnailPayloadSchema>;
}

/** True for a known job kind. */
export function isJobKind(kind: unknown): kind is JobKind {
  return typeof kind === "string" && Object.hasOwn(PAYLOAD_SCHEMAS, kind);
}

/** The payload checked for `kind`, or E_JOB_PAYLOAD naming every bad field. */
export function parsePayload<K extends JobKind>(kind: unknown, payload: unknown): JobPayloads[K] {
  if (!isJobKind(kind)) {
    throw new SitewrightError("E_JOB_PAYLOAD", `Unknown job kind ${JSON.stringify(kind)}.`, {
      hint: `Use one of ${JOB_KINDS.join(", ")}.`,
    });
  }
  const parsed = PAYLOAD_SCHEMAS[kind].safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`,
    );
    throw new SitewrightError(
      "E_JOB_PAYLOAD",
      `The ${kind} job's payload is invalid: ${problems.join("; ")}.`,
      {
        hint: "Fix the producer that enqueued it; the job is not retried.",
        details: { kind, problems },
      },
    );
  }
  return parsed.data as JobPayloads[K];
}

/** The website a payload is for, or E_JOB_PAYLOAD: the queue orders jobs by it. */
export function payloadWebsiteId(payload: unknown): string {
  const id = (payload as { websiteId?: unknown } | null)?.websiteId;
  const parsed = websiteIdSchema.safeParse(id);
  if (!parsed.success) {
    throw new SitewrightError(
      "E_JOB_PAYLOAD",
      `The job payload needs a websiteId of letters, digits, dot, dash or underscore, not ${JSON.stringify(id)}.`,
      { hint: 'Pass { websiteId: "..." } in the payload.' },
    );
  }
  return parsed.data;
}
