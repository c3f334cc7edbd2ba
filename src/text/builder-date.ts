/**
 * The builder's timestamps: ISO 8601 or its `YYYY-MM-DD HH:MM[:SS]` form, and UTC when they
 * carry no zone. `new Date` reads a date-time without a zone as local time, so a build server
 * outside UTC would move every such timestamp; this is the one place they are read.
 */

const ZONE = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** The instant a builder timestamp names (Invalid Date when it is not one). */
export function parseBuilderDate(text: string): Date {
  const iso = text.trim().replace(" ", "T");
  return new Date(iso.includes("T") && !ZONE.test(iso) ? `${iso}Z` : iso);
}
