export {
  createManifest,
  type Manifest,
  type ManifestEntry,
  readManifest,
} from "./contracts/manifest.js";
export {
  type DeployOptions,
  type DeployResult,
  deploy,
  type TargetOutcome,
} from "./deploy/deploy.js";
export {
  type DeploymentRecord,
  type DeploymentState,
  listDeployments,
  readDeployment,
  readDeploymentLog,
  requestCancel,
} from "./deploy/deployment-record.js";
export type { DeploymentSummary } from "./deploy/deployment-summary.js";
export { createLocalTarget, type LocalTargetOptions } from "./deploy/local-target.js";
export { type DeployPlan, type PlanSummary, planDeploy, type UploadReason } from "./deploy/plan.js";
export { getPublishData, type PublishData } from "./deploy/publish-data.js";
export {
  remoteActivate,
  remoteList,
  remotePrune,
  remoteRollback,
  resetDeployment,
} from "./deploy/remote-ops.js";
export { createSshTarget, type SshTargetOptions } from "./deploy/ssh/ssh-target.js";
export type { DeployTarget, TargetSession, VersionSource } from "./deploy/target.js";
export * from "./errors.js";
export { type BuildOptions, type BuildResult, buildSite } from "./generator/build.js";
export type { BuildWarning } from "./generator/context.js";
export type { ImageCounts } from "./generator/images/image-registry.js";
export {
  ENTITY_TYPES,
  type EntityRef,
  type EntityRoute,
} from "./generator/preview-routes.js";
export { SEARCH_INDEX_OPTIONS } from "./generator/search-index.js";
/** Site operations on a site directory, written back atomically (what `sitewright site` runs). */
export { parseSourceSpec, type SourceSpec } from "./ops/dir-sources.js";
export * from "./ops/index.js";
export {
  readRequestFile,
  runSiteOperation,
  SITE_OPERATION_NAMES,
  type SiteOperationOptions,
  type SiteOperationReport,
} from "./ops/site-dir.js";
export {
  type PreviewServer,
  type PreviewServerOptions,
  startPreviewServer,
} from "./preview/server.js";
export {
  createQueueClient,
  createRedisRateLimiter,
  createWorker,
  DEFAULT_HANDLERS,
  type EnqueueRateLimits,
  JOB_KINDS,
  type JobContext,
  type JobError,
  type JobHandler,
  type JobHandlers,
  type JobKind,
  type JobPayloads,
  type JobProgress,
  type JobState,
  type JobStatus as QueueJobStatus,
  loadTargetsConfig,
  parseTargetsConfig,
  type QueueClient,
  type QueueClientOptions,
  type QueueWorker,
  type RedisConnection,
  type RedisRateLimiter,
  type RedisRateLimiterOptions,
  type WaitOptions,
  type WorkerOptions,
} from "./queue/index.js";
export type { RateLimit, RateLimiter, RateLimitState } from "./show/rate-limit.js";
export { type RenderedEntity, renderEntity } from "./show/render-entity.js";
export { allEntities, type ShootOptions, shootEntities } from "./show/shoot-entities.js";
export {
  type Accepted,
  createThumbnailService,
  type JobStatus,
  type RegenerateRequest,
  type ThumbnailFiles,
  type ThumbnailService,
  type ThumbnailServiceOptions,
} from "./show/thumbnail-service.js";
export {
  createThumbnailer,
  type Thumbnail,
  type Thumbnailer,
  type ThumbnailerOptions,
} from "./show/thumbnailer.js";
export { versionThumbnails } from "./show/version-thumbnails.js";
export { loadSite, openSite } from "./site/load.js";
export type { OpenedSite, OpenSiteOptions } from "./site/opened-site.js";
export type * from "./site/types.js";
export { collectSiteErrors, validateSite } from "./site/validate.js";
export type { BuildInput, CreateOptions } from "./versions/create-version.js";
export { createDownloadHandler, type DownloadHandlerOptions } from "./versions/download.js";
export type { ImportOptions } from "./versions/import-zip.js";
export type { PruneOptions } from "./versions/retention.js";
export {
  type SignDownloadOptions,
  type SignedDownload,
  signDownloadUrl,
  verifyDownloadSignature,
} from "./versions/signing.js";
export type { SwitchResult } from "./versions/store.js";
export {
  createVersionStore,
  type StoreRef,
  type VersionListItem,
  type VersionStore,
  type VersionStoreOptions,
} from "./versions/store.js";
export type { HistoryEntry, LockOwner, VersionMeta } from "./versions/version-meta.js";
export { formatVersionId, isVersionId } from "./versions/version-meta.js";
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from "./versions/zip-entry-check.js";
