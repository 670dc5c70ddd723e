/**
 * Server text never reaches a terminal raw: ANSI/OSC/DCS escape sequences and C0/C1 control
 * characters are removed (newline and tab are kept), so a hostile name cannot move the cursor,
 * rewrite the title, or hide itself.
 */

// CSI ... final byte, OSC ... BEL/ST, DCS/SOS/PM/APC ... ST, two-byte ESC sequences, 8-bit CSI.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function sanitize(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '');
}

/**
 * What the user typed, shown back in an error: control characters (ESC among them) are written as
 * visible escapes (`\x1b`) instead of being dropped, so the message shows exactly what was wrong.
 */
export function showControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Single-line variant for table cells: newlines and tabs become spaces. */
export function sanitizeCell(text: string): string {
  return sanitize(text).replace(/[\n\t]+/g, ' ');
}

/**
 * JSON.stringify and the YAML writer leave DEL and the C1 controls (U+007F–U+009F) raw; some
 * terminals act on them. Inside JSON and double-quoted YAML strings (the only places they can
 * occur in that output) they are written as escapes instead, which keeps the data exact.
 */
export function escapeC1(serialised: string, style: 'json' | 'yaml'): string {
  // eslint-disable-next-line no-control-regex
  return serialised.replace(/[\x7f-\x9f]/g, (c) => (style === 'json' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : `\\x${c.charCodeAt(0).toString(16)}`));
}
