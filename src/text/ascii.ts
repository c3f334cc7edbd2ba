/** Character-code classes of the HTML tokenizer, shared by the inline sanitizer's parts. */

/** HTML whitespace: space, tab, LF, FF, CR. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

/** ASCII letter. */
export function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** ASCII letter or digit. */
export function isAlnum(c: number): boolean {
  return isAlpha(c) || (c >= 48 && c <= 57);
}
