/**
 * The normalized site: what `loadSite`/`validateSite` return and every later stage reads.
 * Field names follow the website builder's API. Raw input quirks (status as "0"/"1",
 * numeric strings, comma-separated ids) are resolved before anything gets this shape.
 * All ids are strings.
 */

/** Editor.js document as stored in `meta.section_content` or a post's `content`. */
export interface EditorJsData {
  time?: number;
  version?: string;
  blocks: EditorJsBlock[];
}

/** One Editor.js block; `data` is block-type specific and untrusted. */
export interface EditorJsBlock {
  id?: string;
  type: string;
  data: Record<string, unknown>;
  tunes?: Record<string, unknown>;
}

/** Cookie consent banner settings from the website customization. */
export interface CookieConsent {
  enabled: boolean;
  message: string;
  accept_label: string;
  decline_label: string;
  policy_url: string | null;
}

/** The website's customization: colors, fonts, logo, favicon, theme stylesheet, consent, tracking. */
export interface Customization {
  /** CSS color values by name (`primary`, `secondary`, `text`, `background`, ...). */
  colors: Record<string, string>;
  /** Google Fonts families by role (`heading`, `body`). */
  fonts: Record<string, string>;
  logo: string | null;
  favicon: string | null;
  /** The theme stylesheet: a `.css` file of the site's `assets/` folder, as `/assets/<path>`. */
  stylesheet: string | null;
  cookie_consent: CookieConsent | null;
  /** Owner-supplied tracking snippet, placed verbatim at the end of `<head>` (trusted by design). */
  tracking_code: string | null;
}

/** The website itself. */
export interface Website {
  id: string;
  name: string;
  /** Bare domain (`example.com`) or null. */
  domain: string | null;
  /** Absolute base URL with trailing slash, derived from `base_url` or `domain`; null when unknown. */
  base_url: string | null;
  /** BCP 47 language tag for `<html lang>`. */
  language: string;
  /** IANA time zone used for dates shown on the site. */
  timezone: string;
  customization: Customization;
  /** Page id of the home page, when it is not simply the page whose slug is `/`. */
  homepage_id: string | null;
  /** Layout used by pages that name none. */
  default_layout_id: string | null;
  /** Page rendered as /404.html; a built-in page when null. */
  not_found_page_id: string | null;
  /** Endpoint that forms post to. */
  form_endpoint: string;
}

/** SEO fields shared by pages and structure posts. */
export interface SeoFields {
  meta_title: string | null;
  meta_description: string | null;
  meta_keyword: string | null;
  meta_image: string | null;
  canonical_url: string | null;
  no_index: boolean;
}

/**
 * Where a cloned entity came from: a theme version (`theme_id`, `version_id`) or another
 * website (`website_id`), and its `id` there. Set by the site operations that clone.
 */
export interface EntitySource {
  theme_id: string | null;
  version_id: string | null;
  website_id: string | null;
  id: string;
}

/** Entities that can be clones carry their origin; absent when made in this site. */
export interface Sourced {
  source?: EntitySource;
}

/** Where a component lives (seed 004 `type`). */
export type AreaName = "header" | "footer" | "secured";

/** A component on a page or in an area, ordered by `menu_order`. */
export interface Component extends Sourced {
  id: string;
  /** Component type, e.g. `sectionContent`, or `templatePartial` when linked to a template. */
  component_id: string;
  menu_order: number;
  /** Type-specific settings (`section_content`, `padding_top`, `flex_grids`, ...). */
  meta: Record<string, unknown>;
  /** Linked template (the API's `partial_partial` meta), or null. */
  template_id: string | null;
  /** The component's own template code when it is not linked (an unlinked copy). */
  code: string | null;
  /** Custom-field values; fall back to the template's field defaults. */
  custom_fields: Record<string, unknown>;
  /** Index in the input list, which is sorted by `menu_order` here: messages and paths use it. */
  position?: number;
}

/** A page. `post_name` is the normalized slug: `/` for the home page, else `a/b` (no slashes at the ends). */
export interface Page extends SeoFields, Sourced {
  id: string;
  post_title: string;
  post_name: string;
  /** True when published. */
  status: boolean;
  layout_id: string | null;
  /** Pages in the secured area are built with the secured components around them. */
  secured: boolean;
  updated_at: string | null;
  /** Sorted by `menu_order`. */
  components: Component[];
}

/** One custom field a template declares. */
export interface CustomFieldDefinition {
  name: string;
  label: string;
  /** `text`, `textarea`, `number`, `boolean`, `color`, `image`, `url`, `select`, `editorjs`, ... */
  type: string;
  default: unknown;
}

/** A reusable template (the API's partial) with nunjucks code. */
export interface Template extends Sourced {
  id: string;
  name: string;
  code: string;
  custom_fields: CustomFieldDefinition[];
}

/** A layout: header and footer templates around a page's components. */
export interface Layout extends Sourced {
  id: string;
  name: string;
  header_template_ids: string[];
  footer_template_ids: string[];
}

/** One menu entry; `url` is resolved from `page_id` when given. */
export interface MenuItem {
  title: string;
  url: string;
  page_id: string | null;
  /** `_blank` to open in a new tab. */
  target: string | null;
  children: MenuItem[];
}

/** A navigation menu. */
export interface Menu extends Sourced {
  id: string;
  name: string;
  items: MenuItem[];
}

/** One field of a form. */
export interface FormField {
  name: string;
  label: string;
  /** `text`, `email`, `tel`, `number`, `textarea`, `select`, `checkbox`, `radio`, `date`, `hidden`. */
  type: string;
  required: boolean;
  placeholder: string | null;
  options: string[];
}

/** A form, rendered as an HTML form that posts to the builder's endpoint. */
export interface Form extends Sourced {
  id: string;
  name: string;
  fields: FormField[];
  submit_label: string;
  success_message: string | null;
}

/** A reusable content block (the API's Blocks) holding Editor.js content. */
export interface Block extends Sourced {
  id: string;
  name: string;
  content: EditorJsData;
}

/** A redirect from an old path to a new path or URL. */
export interface Redirect {
  from: string;
  to: string;
  status: 301 | 302 | 307 | 308;
}

/** A category of a structure (seed 003 `categories`, `main_category_id`). */
export interface StructureCategory {
  id: string;
  name: string;
  /** One safe URL segment: the category page is `/<category_url>/<slug>/`. */
  slug: string;
  description: string | null;
}

/** One post of a structure with every field of seed 003. */
export interface StructurePost extends SeoFields {
  id: string;
  title: string;
  /**
   * With a single page: the normalized slug below the structure's URL (`my-post`, served at
   * `/blog/my-post/`). With `disable_single_page`: the link as given (may be external).
   */
  url: string;
  /** True when published (seed 003 `status` 1). */
  status: boolean;
  /** Editor.js document, or owner HTML as a string; null when empty. */
  content: EditorJsData | string | null;
  intro: string | null;
  image: string | null;
  /** Manual position; posts with one come first (ascending), then the rest by date. */
  sort_number: number | null;
  main_category_id: string | null;
  layout_id: string | null;
  disable_single_page: boolean;
  disable_listing: boolean;
  /** ISO 8601 (UTC); the post is built only from this moment on. */
  scheduled_at: string | null;
  /** Category ids, main category included, without repeats. */
  categories: string[];
  /** ISO 8601 (UTC) timestamps. */
  created_at: string | null;
  updated_at: string | null;
  published_at: string | null;
}

/** How a structure orders its posts. */
export type StructureSort = "manual" | "date";

/** A dynamic structure (blog, news): settings, categories and posts. */
export interface Structure extends Sourced {
  id: string;
  /** The API's `{type}`, e.g. `blog`; unique per site. */
  type: string;
  title: string;
  description: string | null;
  /** Normalized slug of the listing (`blog` → `/blog/`, `/blog/page/2/`, ...). */
  url: string;
  /** Normalized slug below which category pages live (`blog/category`). */
  category_url: string;
  items_per_page: number;
  /** `manual`: `sort_number` first, then newest first; `date`: newest first. */
  sort: StructureSort;
  listing_layout_id: string | null;
  single_layout_id: string | null;
  /** Posts in the RSS and Atom feeds. */
  feed_limit: number;
  categories: StructureCategory[];
  posts: StructurePost[];
}

/** The components placed directly in the header, footer and secured areas (seed 004). */
export type Areas = Record<AreaName, Component[]>;

/** A normalized, validated site. */
export interface Site extends SiteFrame {
  pages: Page[];
}

/** A page without its components: what planning, menus and sitemaps need of every page. */
export type PageSummary = Omit<Page, "components">;

/**
 * A site whose pages are summaries; a build holds this for the whole run and reads each page's
 * components only while rendering it, so memory does not grow with the page count.
 */
export interface SiteFrame {
  website: Website;
  pages: PageSummary[];
  templates: Template[];
  layouts: Layout[];
  areas: Areas;
  menus: Menu[];
  forms: Form[];
  blocks: Block[];
  redirects: Redirect[];
  structures: Structure[];
}
