import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../versions/fs-util.js";
import { websitePaths } from "../versions/paths.js";
import { isVersionId } from "../versions/version-meta.js";
import type { Thumbnailer } from "./thumbnailer.js";

/**
 * Thumbnails of stored versions' home pages for the preview server's `/_versions`: shot once
 * from the server's own `/v/<id>/` and kept as `thumbnails/version-<id>.webp` (a version never
 * changes, so neither does its thumbnail). A failed shot shows no thumbnail rather than an error.
 */
export function versionThumbnails(
  root: string,
  websiteId: string,
  thumbnailer: Thumbnailer,
): (versionId: string, homeUrl: string) => Promise<Buffer | null> {
  const dir = websitePaths(root, websiteId).thumbnails;
  const shooting = new Map<string, Promise<Buffer | null>>();
  return (versionId, homeUrl) => {
    // The id names a file: only the store's own id shape is used.
    if (!isVersionId(versionId)) return Promise.resolve(null);
    const file = join(dir, `version-${versionId}.webp`);
    let shot = shooting.get(versionId);
    if (!shot) {
      shot = readFile(file).catch(async () => {
        try {
          const { webp } = await thumbnailer.shoot(homeUrl);
          await mkdir(dir, { recursive: true });
          await writeFileAtomic(file, webp);
          return webp;
        } catch {
          shooting.delete(versionId);
          return null;
        }
      });
      shooting.set(versionId, shot);
    }
    return shot;
  };
}
