/** The site input stage: load, validate and normalize a website builder's site data. */
export { parseIdList } from "./coerce.js";
export {
  COMPONENT_REFERENCES,
  COMPONENT_TYPES,
  type ComponentType,
  isComponentType,
} from "./component-types.js";
export { loadSite, openSite } from "./load.js";
export { DIRECTORY_COLLECTIONS, readSiteDirectory } from "./load-directory.js";
export { DEFAULT_FORM_ENDPOINT, resolveBaseUrl } from "./normalize.js";
export type { OpenedSite, OpenSiteOptions } from "./opened-site.js";
export { FORM_FIELD_TYPES } from "./schema.js";
export { normalizeSlug, pagePath, slugPath, slugProblem } from "./slug.js";
export type * from "./types.js";
export { collectSiteErrors, validateSite } from "./validate.js";
