import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";

/** Folder (inside the site's assets) and name of the i-th synthetic image. */
export function syntheticImageUrl(i: number): string {
  return `/assets/photos/${imageName(i)}`;
}

function imageName(i: number): string {
  return `photo-${String(i).padStart(3, "0")}.${i % 10 === 9 ? "png" : "jpg"}`;
}

/**
 * Writes `count` photo-like images into `<siteDir>/assets/photos`: camera-sized JPEGs
 * (2400×1600 and 1800×1200, gradients with shapes and grain, ~0.3–0.6 MB) and every tenth a
 * 1000×800 PNG with alpha. Grain keeps the encoder honest: flat colours compress unrealistically fast.
 */
export async function writeSyntheticImages(siteDir: string, count: number): Promise<void> {
  const dir = join(siteDir, "assets", "photos");
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const png = i % 10 === 9;
    const [width, height] = png ? [1000, 800] : i % 2 ? [1800, 1200] : [2400, 1600];
    const hue = (i * 47) % 360;
    const svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
        `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
        `<stop offset="0" stop-color="hsl(${hue},70%,75%)"/><stop offset="1" stop-color="hsl(${(hue + 90) % 360},60%,30%)"/>` +
        `</linearGradient></defs>${png ? "" : '<rect width="100%" height="100%" fill="url(#g)"/>'}` +
        Array.from({ length: 12 }, (_, k) => {
          const x = ((k * 173 + i * 31) % 100) / 100;
          const y = ((k * 89 + i * 17) % 100) / 100;
          return `<circle cx="${Math.round(x * width)}" cy="${Math.round(y * height)}" r="${Math.round(height / (6 + (k % 5)))}" fill="hsl(${(hue + k * 25) % 360},65%,55%)" opacity="0.7"/>`;
        }).join("") +
        "</svg>",
    );
    let image = sharp(svg);
    if (!png) {
      const grain = await sharp({
        create: {
          width,
          height,
          channels: 3,
          background: "#808080",
          noise: { type: "gaussian", mean: 128, sigma: 24 },
        },
      })
        .png()
        .toBuffer();
      image = sharp(await image.png().toBuffer()).composite([
        { input: grain, blend: "soft-light" },
      ]);
      await image.jpeg({ quality: 88 }).toFile(join(dir, imageName(i)));
    } else {
      await image.png().toFile(join(dir, imageName(i)));
    }
  }
}
