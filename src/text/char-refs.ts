/**
 * Character references: which ones the sanitizers keep, and decoding of attribute values.
 *
 * Browsers serialize contenteditable text with `&amp;`, `&lt;`, `&gt;` and `&nbsp;` only, so
 * a full HTML5 table (2,231 names) would be dead weight. We know the HTML 4 set plus the ASCII
 * punctuation names HTML5 added (used by XSS payloads like `&colon;`). Any other name is
 * treated as text: its `&` is escaped, which renders exactly what the author typed.
 */

import { isAlnum, isAlpha } from "./ascii.js";

/** Latin-1 supplement, U+00A0..U+00FF in order. */
const LATIN1 =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg " +
  "plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest " +
  "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute " +
  "Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml " +
  "Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc " +
  "euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash " +
  "ugrave uacute ucirc uuml yacute thorn yuml";

/** Greek capitals from U+0391 (U+03A2 is unassigned) and small letters from U+03B1. */
const GREEK_UPPER =
  "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho - " +
  "Sigma Tau Upsilon Phi Chi Psi Omega";
const GREEK_LOWER =
  "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho " +
  "sigmaf sigma tau upsilon phi chi psi omega";

/** Everything else as name:codepoint (decimal). */
const OTHERS =
  "quot:34 amp:38 apos:39 lt:60 gt:62 OElig:338 oelig:339 Scaron:352 scaron:353 Yuml:376 " +
  "fnof:402 circ:710 tilde:732 thetasym:977 upsih:978 piv:982 ensp:8194 emsp:8195 " +
  "thinsp:8201 zwnj:8204 zwj:8205 lrm:8206 rlm:8207 ndash:8211 mdash:8212 lsquo:8216 " +
  "rsquo:8217 sbquo:8218 ldquo:8220 rdquo:8221 bdquo:8222 dagger:8224 Dagger:8225 " +
  "bull:8226 hellip:8230 permil:8240 prime:8242 Prime:8243 lsaquo:8249 rsaquo:8250 " +
  "oline:8254 frasl:8260 euro:8364 image:8465 weierp:8472 real:8476 trade:8482 " +
  "alefsym:8501 larr:8592 uarr:8593 rarr:8594 darr:8595 harr:8596 crarr:8629 lArr:8656 " +
  "uArr:8657 rArr:8658 dArr:8659 hArr:8660 forall:8704 part:8706 exist:8707 empty:8709 " +
  "nabla:8711 isin:8712 notin:8713 ni:8715 prod:8719 sum:8721 minus:8722 lowast:8727 " +
  "radic:8730 prop:8733 infin:8734 ang:8736 and:8743 or:8744 cap:8745 cup:8746 int:8747 " +
  "there4:8756 sim:8764 cong:8773 asymp:8776 ne:8800 equiv:8801 le:8804 ge:8805 sub:8834 " +
  "sup:8835 nsub:8836 sube:8838 supe:8839 oplus:8853 otimes:8855 perp:8869 sdot:8901 " +
  "lceil:8968 rceil:8969 lfloor:8970 rfloor:8971 lang:10216 rang:10217 loz:9674 " +
  "spades:9824 clubs:9827 hearts:9829 diams:9830 " +
  // HTML5 ASCII names: rare in content, common in payloads (`javascript&colon;`).
  "Tab:9 NewLine:10 excl:33 QUOT:34 num:35 dollar:36 percnt:37 AMP:38 lpar:40 rpar:41 " +
  "ast:42 midast:42 plus:43 comma:44 period:46 sol:47 colon:58 semi:59 LT:60 equals:61 " +
  "GT:62 quest:63 commat:64 lsqb:91 lbrack:91 bsol:92 rsqb:93 rbrack:93 Hat:94 lowbar:95 " +
  "grave:96 lcub:123 lbrace:123 verbar:124 vert:124 VerticalLine:124 rcub:125 rbrace:125 " +
  "NonBreakingSpace:160";

function buildTable(): Map<string, number> {
  const table = new Map<string, number>();
  const sequences: Array<[string, number]> = [
    [LATIN1, 0xa0],
    [GREEK_UPPER, 0x391],
    [GREEK_LOWER, 0x3b1],
  ];
  for (const [names, first] of sequences) {
    const list = names.split(" ");
    for (let i = 0; i < list.length; i++) {
      if (list[i] !== "-") table.set(list[i] as string, first + i);
    }
  }
  for (const pair of OTHERS.split(" ")) {
    const [name, code] = pair.split(":");
    if (name && code) table.set(name, Number(code));
  }
  return table;
}

/** Named character references we recognize, name (without `&`/`;`) → code point. */
export const NAMED_CHAR_REFS: ReadonlyMap<string, number> = buildTable();

/**
 * True when a numeric reference's code point is one HTML allows without a parse error:
 * no NUL, surrogates, noncharacters or C0/C1 controls other than tab, LF and FF.
 */
export function isAllowedCodePoint(cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return true;
  if (cp === 9 || cp === 10 || cp === 12) return true;
  if (cp < 0xa0 || cp > 0x10ffff) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp >= 0xfdd0 && cp <= 0xfdef) return false;
  return (cp & 0xfffe) !== 0xfffe;
}

const ATTR_REF = /&(?:#[xX]([0-9a-fA-F]{1,8});?|#([0-9]{1,10});?|([a-zA-Z][a-zA-Z0-9]{1,31});)/g;
const LOOSE_REF =
  /&(?:#[xX]0*([0-9a-fA-F]{1,8});?|#0*([0-9]{1,10});?|([a-zA-Z][a-zA-Z0-9]{1,31});?)/g;

function decodeWith(pattern: RegExp, value: string): string {
  if (value.indexOf("&") === -1) return value;
  return value.replace(pattern, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) {
      const cp = NAMED_CHAR_REFS.get(name);
      return cp === undefined ? whole : String.fromCodePoint(cp);
    }
    const cp = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
    return String.fromCodePoint(cp);
  });
}

/** Decodes the character references of an attribute value as a browser would (named ones need `;`). */
export function decodeAttrValue(value: string): string {
  if (value.indexOf("&") === -1) return value;
  // Most references in URLs are `&amp;` between query parameters: skip the general decoder.
  for (let at = value.indexOf("&"); at !== -1; at = value.indexOf("&", at + 1)) {
    if (!value.startsWith("&amp;", at)) return decodeWith(ATTR_REF, value);
  }
  return value.replaceAll("&amp;", "&");
}

/**
 * Decodes references leniently (named ones without `;` too) for security checks: decoding
 * more than a browser would can only make a check reject more, never less.
 */
export function decodeLoosely(value: string): string {
  return decodeWith(LOOSE_REF, value);
}

/**
 * The end of a character reference at `src[at]` (an `&`) that sanitizers keep (known name or allowed code point,
 * terminated by `;`), or -1 when its `&` must be escaped.
 */
export function charRefEnd(src: string, at: number): number {
  let j = at + 1;
  let c = src.charCodeAt(j);
  if (c === 35) {
    c = src.charCodeAt(++j);
    const hex = c === 120 || c === 88;
    if (hex) c = src.charCodeAt(++j);
    const first = j;
    let cp = 0;
    for (;;) {
      const digit =
        c >= 48 && c <= 57 ? c - 48 : hex && (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : -1;
      if (digit === -1) break;
      cp = cp * (hex ? 16 : 10) + digit;
      c = src.charCodeAt(++j);
    }
    if (j === first || j - first > (hex ? 6 : 7) || c !== 59) return -1;
    return isAllowedCodePoint(cp) ? j + 1 : -1;
  }
  if (!isAlpha(c)) return -1;
  while (j - at <= 32 && isAlnum(src.charCodeAt(j))) j++;
  if (src.charCodeAt(j) !== 59) return -1;
  return NAMED_CHAR_REFS.has(src.slice(at + 1, j)) ? j + 1 : -1;
}
