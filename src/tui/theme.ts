/**
 * Styled text of the browser, independent of Ink: a line is a list of segments, each with a tone;
 * the tones map to the Nord colours of the reference admin TUI (host green bold, proc yellow bold,
 * user actor green, system actor dark frost blue, failed red, stopped grey, selection purple bold).
 * With colour off (NO_COLOR, --no-color) chalk's level is 0 and every tone prints plain.
 */

export type Tone =
  | 'plain'
  | 'label'
  | 'title'
  | 'ok'
  | 'warn'
  | 'bad'
  | 'dim'
  | 'info'
  | 'accent'
  | 'host'
  | 'proc'
  | 'actor'
  | 'system'
  | 'stopped'
  | 'failed'
  | 'selected'
  | 'match'
  | 'inactive';

export interface Seg {
  text: string;
  tone?: Tone;
  /** On a line's first segment: wrapped rows continue under the end of it (a label column), where that leaves room. */
  hang?: boolean;
}

export type Line = Seg[];

export interface ToneStyle {
  color?: string;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
  underline?: boolean;
}

/** Nord palette. */
export const NORD = {
  polar: '#4C566A',
  snow: '#D8DEE9',
  frost1: '#8FBCBB',
  frost2: '#88C0D0',
  frost3: '#81A1C1',
  frost4: '#5E81AC',
  red: '#BF616A',
  orange: '#D08770',
  yellow: '#EBCB8B',
  green: '#A3BE8C',
  purple: '#B48EAD',
} as const;

export const TONES: Record<Tone, ToneStyle> = {
  plain: {},
  label: { color: NORD.frost3 },
  title: { color: NORD.frost2, bold: true },
  ok: { color: NORD.green },
  warn: { color: NORD.orange },
  bad: { color: NORD.red, bold: true },
  dim: { color: NORD.polar },
  info: { color: NORD.frost2 },
  accent: { color: NORD.purple, bold: true },
  host: { color: NORD.green, bold: true },
  proc: { color: NORD.yellow, bold: true },
  actor: { color: NORD.green },
  system: { color: NORD.frost4 },
  stopped: { color: NORD.polar },
  failed: { color: NORD.red },
  selected: { color: NORD.purple, bold: true, inverse: true },
  match: { color: NORD.yellow, underline: true },
  inactive: { color: NORD.polar },
};

export function seg(text: string, tone?: Tone): Seg {
  return tone ? { text, tone } : { text };
}

/** A label/value line of the details pane: `Label:   value`. */
export function field(label: string, value: string, tone?: Tone, width = 18): Line {
  return [{ text: `${label}:`.padEnd(width), tone: 'label', hang: true }, seg(value, tone)];
}

/** Columns a hanging indent must leave for the text (else continuation rows are indented by 2). */
const HANG_ROOM = 40;

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/** After these a long word may be broken (a reference: `name<uid>.proc@tcp://host:port`). */
const SOFT_BREAK = new Set(['.', '@', '/', ',', ':', '>', '-', '_', ')', ';', '=']);

/** Where the row starting at `i` ends: at a space, else after punctuation, else at `i + room` (never between two digits). */
function breakAt(chars: readonly string[], i: number, room: number, minEnd = i): { end: number; next: number } {
  const j = i + room;
  if (j >= chars.length) return { end: chars.length, next: chars.length };
  const soft = (from: number) => {
    for (let k = j; k > from + 1; k--) if (SOFT_BREAK.has(chars[k - 1]) && !(isDigit(chars[k - 1]) && isDigit(chars[k]))) return k;
    return -1;
  };
  // a space right after the room: the row ends at the word's end
  for (let k = j; k > i; k--) {
    if (chars[k] === ' ') {
      let next = k;
      while (chars[next] === ' ') next++;
      let end = k;
      while (end > i && chars[end - 1] === ' ') end--;
      if (end > i) {
        // a row holding nothing but a label: break the long word after it instead, where it can be
        if (end <= minEnd) {
          const k2 = soft(next);
          if (k2 > 0) return { end: k2, next: k2 };
        }
        return { end, next };
      }
    }
  }
  const k = soft(i);
  if (k > 0) return { end: k, next: k };
  let end = j;
  if (isDigit(chars[end - 1]) && isDigit(chars[end])) {
    let d = end - 1;
    while (d > i && isDigit(chars[d - 1])) d--;
    if (d > i) end = d;
  }
  return { end, next: end };
}

/**
 * A line cut into rows of at most `width` columns (one column per code point), at spaces where
 * there are any, else after punctuation; a number is never broken, and a word is broken only when
 * it is longer than a row. Continuation rows are indented by `indent` (unless that alone would
 * break a word that fits a whole row). Lines that fit are returned as they are.
 */
export function wrapLine(line: Line, width: number, indent = 2): Line[] {
  const w = Math.max(1, width);
  let len = 0;
  for (const s of line) len += Array.from(s.text).length;
  if (len <= w) return [line];
  const chars: string[] = [];
  const tones: Array<Tone | undefined> = [];
  for (const s of line) {
    for (const ch of Array.from(s.text)) {
      chars.push(ch);
      tones.push(s.tone);
    }
  }
  const hang = line[0]?.hang ? Array.from(line[0].text).length : 0;
  const pad = hang && w - hang >= HANG_ROOM ? hang : Math.min(indent, Math.max(0, w - 1));
  const rows: Line[] = [];
  let i = 0;
  let first = true;
  while (i < chars.length) {
    let lead = first ? 0 : pad;
    let { end, next } = breakAt(chars, i, w - lead, first ? i + hang : i);
    if (!first && lead > 0 && end < chars.length && chars[end] !== ' ' && !SOFT_BREAK.has(chars[end - 1])) {
      // the indent would break a word that fits a whole row: no indent for this row
      const whole = breakAt(chars, i, w);
      if (whole.end > end) {
        lead = 0;
        ({ end, next } = whole);
      }
    }
    const row: Line = lead ? [{ text: ' '.repeat(lead) }] : [];
    for (let k = i; k < end; k++) {
      const last = row[row.length - 1];
      if (last && k > i && last.tone === tones[k] && row.length > (lead ? 1 : 0)) last.text += chars[k];
      else row.push(tones[k] ? { text: chars[k], tone: tones[k] } : { text: chars[k] });
    }
    rows.push(row);
    i = next;
    first = false;
  }
  return rows;
}

export function wrapLines(lines: readonly Line[], width: number): Line[] {
  const out: Line[] = [];
  for (const l of lines) out.push(...wrapLine(l, width));
  return out;
}
