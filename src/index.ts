export * from "./errors.js";
export { type BuildOptions, type BuildResult, buildSite } from "./generator/build.js";
export type { BuildWarning } from "./generator/context.js";
export {
  createManifest,
  type Manifest,
  type ManifestEntry,
  readManifest,
} from "./generator/manifest.js";
export type * from "./site/types.js";
