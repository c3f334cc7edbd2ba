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

/** The website's customization: colors, fonts, logo, favicon, consent, tracking. */
export interface Customization {
  /** CSS color values by name (`primary`, `secondary`, `text`, `background`, ...). */
  colors: Record<string, string>;
  /** Google Fonts families by role (`heading`, `body`). */
  fonts: Record<string, string>;
  logo: string | null;
  favicon: string | null;
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

/** Where a component lives (seed 004 `type`). */
export type AreaName = "header" | "footer" | "secured";

/** A component on a page or in an area, ordered by `menu_order`. */
export interface Component {
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
}

/** A page. `post_name` is the normalized slug: `/` for the home page, else `a/b` (no slashes at the ends). */
export interface Page extends SeoFields {
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
export interface Template {
  id: string;
  name: string;
  code: string;
  custom_fields: CustomFieldDefinition[];
}

/** A layout: header and footer templates around a page's components. */
export interface Layout {
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
export interface Menu {
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
export interface Form {
  id: string;
  name: string;
  fields: FormField[];
  submit_label: string;
  success_message: string | null;
}

/** A reusable content block (the API's Blocks) holding Editor.js content. */
export interface Block {
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

/** Reserved for structures (blogs, news); filled in by the structures work. */
export interface Structure {
  id: string;
  type: string;
  [key: string]: unknown;
}

/** The components placed directly in the header, footer and secured areas (seed 004). */
export type Areas = Record<AreaName, Component[]>;

/** A normalized, validated site. */
export interface Site {
  website: Website;
  pages: Page[];
  templates: Template[];
  layouts: Layout[];
  areas: Areas;
  menus: Menu[];
  forms: Form[];
  blocks: Block[];
  redirects: Redirect[];
  structures: Structure[];
}
