/** The `/_versions` page and the pages a store has instead of a site (nothing live, no version). */
import { formatBytes } from "../util/format-bytes.js";
import type { CurrentState } from "../versions/current-state.js";
import type { VersionListItem } from "../versions/store-types.js";
import { escapeHtml, page } from "./html.js";

/** What the versions page shows. */
export interface VersionsPageInput {
  websiteId: string;
  /** Newest first, as `store.list()` returns them. */
  items: readonly VersionListItem[];
  state: CurrentState;
  /** Whether thumbnails can be asked for; without them no `<img>` is written at all. */
  thumbnails: boolean;
}

/** The HTML listing of a website's versions, each linked to `/v/<id>/`. */
export function versionsPage(input: VersionsPageInput): string {
  const { websiteId, items, state } = input;
  const warning =
    state.kind === "broken"
      ? `<p class="warning">Nothing is live: <code>current</code> ${escapeHtml(state.reason)}. Run <code>sitewright versions activate &lt;version&gt;</code> to replace it.</p>`
      : state.kind === "none"
        ? `<p class="warning">Nothing is live yet. Run <code>sitewright versions activate &lt;version&gt;</code>.</p>`
        : "";
  const rows = items.map((v) => versionRow(v, input.thumbnails)).join("\n");
  const list = items.length === 0 ? "<p>No versions.</p>" : `<ol>\n${rows}\n</ol>`;
  return page(
    `Versions of ${websiteId}`,
    `<h1>Versions of ${escapeHtml(websiteId)}</h1>
${warning}
<p><a href="/">The live site</a></p>
${list}`,
  );
}

function versionRow(v: VersionListItem, thumbnails: boolean): string {
  const id = escapeHtml(v.id);
  // A failed thumbnail removes its own img, so the list never shows a broken image icon.
  const img = thumbnails
    ? `<a href="/v/${id}/" tabindex="-1"><img src="/_versions/thumb/${id}.webp" alt="" loading="lazy" onerror="this.remove()"></a>`
    : "";
  const badges = [
    v.live ? '<span class="badge live">live</span>' : "",
    v.rollbackTarget ? '<span class="badge rollback">rollback target</span>' : "",
  ].join("");
  const note = v.note ? `<br><span class="note">${escapeHtml(v.note)}</span>` : "";
  return `<li class="version" data-id="${id}"${v.live ? " data-live" : ""}${v.rollbackTarget ? " data-rollback-target" : ""}>
${img}<div><a href="/v/${id}/"><strong class="number">${escapeHtml(v.version)}</strong></a>${badges}
<br><time datetime="${escapeHtml(v.createdAt)}">${escapeHtml(shownTime(v.createdAt))}</time>
· ${escapeHtml(formatBytes(v.bytes))} · ${escapeHtml(String(v.fileCount))} files · by ${escapeHtml(v.actor)}
<br><code>${id}</code>${note}</div>
</li>`;
}

/** An ISO time as people read it, to the second (`2024-05-01 12:34:56 UTC`); else as given. */
function shownTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** The 503 page for `/` when no version is live. */
export function nothingLivePage(websiteId: string, state: CurrentState): string {
  const why = state.kind === "broken" ? ` (<code>current</code> ${escapeHtml(state.reason)})` : "";
  return page(
    "Nothing is live",
    `<h1>Nothing is live</h1>
<p>Website ${escapeHtml(websiteId)} has no live version${why}.</p>
<p>Pick one to preview on <a href="/_versions">the versions page</a>, or make one live with <code>sitewright versions activate &lt;version&gt;</code>.</p>`,
  );
}

/** The 404 page for a `/v/<id>/` whose version does not exist. */
export function noSuchVersionPage(versionId: string): string {
  return page(
    "No such version",
    `<h1>No such version</h1>
<p>There is no version ${escapeHtml(versionId)} (any more).</p>
<p>See <a href="/_versions">the versions page</a>.</p>`,
  );
}
