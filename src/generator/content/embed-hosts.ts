/**
 * Hosts whose embed URLs Editor.js `embed` blocks may load in an iframe. The hostname must
 * match exactly (no suffix matching: `youtube.com.evil.test` is not YouTube) over https,
 * and the path must be the service's embed endpoint, so an allowed host cannot be used to
 * frame arbitrary pages of it. Anything else renders as a plain link.
 */

interface EmbedHost {
  /** Service name for the iframe's accessible title. */
  label: string;
  /** The embed endpoint's path. */
  path: RegExp;
}

const YOUTUBE: EmbedHost = { label: "YouTube", path: /^\/embed\// };
const GOOGLE_MAPS: EmbedHost = { label: "Google Maps", path: /^\/maps\/embed/ };

const HOSTS: ReadonlyMap<string, EmbedHost> = new Map([
  ["www.youtube.com", YOUTUBE],
  ["youtube.com", YOUTUBE],
  ["www.youtube-nocookie.com", YOUTUBE],
  ["player.vimeo.com", { label: "Vimeo", path: /^\/video\// }],
  ["www.google.com", GOOGLE_MAPS],
  ["maps.google.com", GOOGLE_MAPS],
  ["codepen.io", { label: "CodePen", path: /^\/[^/]+\/embed\// }],
  ["coub.com", { label: "Coub", path: /^\/embed\// }],
  ["www.instagram.com", { label: "Instagram", path: /^\/p\/[^/]+\/embed\/?$/ }],
  ["player.twitch.tv", { label: "Twitch", path: /^\/$/ }],
  ["open.spotify.com", { label: "Spotify", path: /^\/embed\// }],
  ["w.soundcloud.com", { label: "SoundCloud", path: /^\/player\/$/ }],
  ["www.loom.com", { label: "Loom", path: /^\/embed\// }],
]);

/** An embed URL that may be framed, with its service label. */
export interface AllowedEmbed {
  url: string;
  label: string;
}

/** The allow-listed embed for `url`, or null when it may not be framed. */
export function allowedEmbed(url: string): AllowedEmbed | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" || parsed.username !== "" || parsed.password !== "") {
    return null;
  }
  const host = HOSTS.get(parsed.hostname);
  if (host === undefined || !host.path.test(parsed.pathname)) return null;
  return { url: parsed.href, label: host.label };
}

/** The hostnames embed blocks may frame (for documentation and tests). */
export const EMBED_HOSTNAMES: readonly string[] = [...HOSTS.keys()];
