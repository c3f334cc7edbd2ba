/** The one way sitewright names bytes by their content: lowercase hex sha256. */
import { createHash } from "node:crypto";

/** Lowercase hex sha256 of bytes. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}
