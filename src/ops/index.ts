/** Site operations: validated edits of the `Site` model with the builder API's field names. */

export { type AddComponentResult, addComponent } from "./add-component.js";
export type {
  ChangeRecorder,
  Changes,
  CloneResult,
  ComponentHost,
  EntityKey,
  EntityKind,
  OpResult,
} from "./changes.js";
export { deleteComponent, duplicateComponent, updateComponentOrder } from "./component-copy.js";
export { changeComponentType, setComponentContent, updateCustomFields } from "./component-edit.js";
export { convertToTemplate, unlinkComponent } from "./component-link.js";
export { type AssetCopyReport, assetSegments, copyAssets } from "./copy-assets.js";
export { type CreatePageResult, createPageFromSource } from "./create-page.js";
export { archivePage, deletePage, duplicatePage } from "./page-ops.js";
export {
  type ComponentDocument,
  exportComponent,
  exportPage,
  importComponent,
  importPage,
  type PageDocument,
  type PortableParts,
} from "./portable.js";
export type { Origin, Sources } from "./sources.js";
export { type InstallThemeResult, installTheme } from "./theme-install.js";
export { loadTheme, type Theme, type ThemeInfo } from "./theme-load.js";
export {
  type PreviewEntity,
  type ThemeInstallPreview,
  themeInstallPreview,
} from "./theme-preview.js";
export { uninstallTheme } from "./theme-uninstall.js";
