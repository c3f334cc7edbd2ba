export { formatBytes } from "../util/format-bytes.js";

/** A one-line progress bar that redraws itself with `\r`; ends with a newline when done. */
export function progressLine(label: string, done: number, total: number): string {
  // Redrawing every item would flood a slow terminal; 200 steps look continuous.
  const step = Math.max(1, Math.floor(total / 200));
  if (done !== total && done % step !== 0) return "";
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
  return `\r${label} [${bar}] ${done}/${total}${done === total ? "\n" : ""}`;
}
