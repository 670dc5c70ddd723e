/**
 * Server text never reaches a terminal raw: ANSI/OSC/DCS escape sequences and C0/C1 control
 * characters are removed (newline and tab are kept), so a hostile name cannot move the cursor,
 * rewrite the title, or hide itself; bidirectional controls (which make text display in another
 * order than it is) are shown as visible escapes (`\u202e`).
 */

// CSI ... final byte, OSC ... BEL/ST, DCS/SOS/PM/APC ... ST, two-byte ESC sequences, 8-bit CSI.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/**
 * What reorders or breaks displayed text without being seen: the bidi embeddings, overrides and
 * isolates (U+202A–202E, U+2066–2069), the directional marks (U+200E, U+200F, U+061C) and the
 * line and paragraph separators (U+2028, U+2029).
 */
const INVISIBLE_CLASS = '[\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c\\u2028\\u2029]';
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g');
const HAS_INVISIBLE = new RegExp(INVISIBLE_CLASS);

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function sanitize(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '').replace(INVISIBLE, unicodeEscape);
}

/**
 * One value on one line (key/value output): sanitised, and a line break in it is written `\n`, so
 * a value can never print a line of its own (a forged `status: healthy`).
 */
export function sanitizeValue(text: string): string {
  return sanitize(text).replace(/\n/g, '\\n');
}

/**
 * What the user typed, shown back in an error: control characters (ESC among them) are written as
 * visible escapes (`\x1b`) instead of being dropped, so the message shows exactly what was wrong.
 * With `oneLine`, newline and tab are escaped too (`\n`, `\t`): text that must stay on its line.
 */
export function showControls(text: string, oneLine = false): string {
  // eslint-disable-next-line no-control-regex
  const controls = oneLine ? /[\x00-\x1f\x7f-\x9f]/g : /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
  return text
    .replace(controls, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`))
    .replace(INVISIBLE, unicodeEscape);
}

/** Single-line variant for table cells: newlines and tabs become spaces. */
export function sanitizeCell(text: string): string {
  return sanitize(text).replace(/[\n\t]+/g, ' ');
}

/**
 * JSON.stringify and the YAML writer leave DEL, the C1 controls (U+007F–U+009F) and the bidi
 * controls raw; terminals act on them. Inside JSON strings and double-quoted YAML strings they are
 * written as escapes instead, which keeps the data exact. (The YAML writer is asked to double-quote
 * every string that holds one: see `Output.data`.)
 */
export function escapeC1(serialised: string, style: 'json' | 'yaml'): string {
  return (
    serialised
      // eslint-disable-next-line no-control-regex
      .replace(/[\x7f-\x9f]/g, (c) => (style === 'json' ? unicodeEscape(c) : `\\x${c.charCodeAt(0).toString(16)}`))
      .replace(INVISIBLE, unicodeEscape)
  );
}

/** Does the text hold a character that is shown escaped (a bidi control, a line separator)? */
export function hasInvisible(text: string): boolean {
  return HAS_INVISIBLE.test(text);
}
