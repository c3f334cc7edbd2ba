/**
 * Generates the demo site's images (deterministic, small) into fixtures/sites/demo/assets:
 *   npx tsx scripts/make-demo-images.ts [dir]
 * hero-brood.jpg  2000×1200 JPEG gradient (wider than the largest responsive width)
 * winkel.jpg      1200×800 JPEG (its own width joins the responsive widths)
 * taart.png       640×480 PNG with an alpha channel
 * logo.svg        a small SVG (copied and shown as it is)
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";

const dir = process.argv[2] ?? "fixtures/sites/demo/assets";

/** An SVG scene of warm gradients and a few round "loaves", rasterized by sharp. */
function scene(width: number, height: number, from: string, to: string, loaves: number): Buffer {
  const shapes = Array.from({ length: loaves }, (_, i) => {
    const cx = Math.round(((i + 1) * width) / (loaves + 1));
    const cy = Math.round(height * (0.55 + 0.1 * Math.sin(i)));
    const r = Math.round(height * 0.12);
    return `<ellipse cx="${cx}" cy="${cy}" rx="${Math.round(r * 1.5)}" ry="${r}" fill="#a0522d" opacity="0.85"/>`;
  }).join("");
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
      `<stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>` +
      `<rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`,
  );
}

await mkdir(dir, { recursive: true });
await sharp(scene(2000, 1200, "#fde68a", "#b45309", 5))
  .jpeg({ quality: 70 })
  .toFile(join(dir, "hero-brood.jpg"));
await sharp(scene(1200, 800, "#fffbeb", "#d97706", 3))
  .jpeg({ quality: 70 })
  .toFile(join(dir, "winkel.jpg"));
await sharp(
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">` +
      `<circle cx="320" cy="260" r="180" fill="#f9a8d4"/><rect x="180" y="120" width="280" height="60" rx="20" fill="#be185d"/>` +
      `<circle cx="320" cy="90" r="22" fill="#dc2626"/></svg>`,
  ),
)
  .png({ compressionLevel: 9, palette: true })
  .toFile(join(dir, "taart.png"));
await writeFile(
  join(dir, "logo.svg"),
  `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="48" viewBox="0 0 160 48">` +
    `<circle cx="24" cy="24" r="18" fill="#d97706"/>` +
    `<text x="52" y="31" font-family="sans-serif" font-size="18" fill="#1f2937">Bakkerij Zon</text></svg>\n`,
);
process.stdout.write(`wrote images to ${dir}\n`);
