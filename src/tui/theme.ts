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
  return [seg(`${label}:`.padEnd(width), 'label'), seg(value, tone)];
}

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

/**
 * A line cut into rows of at most `width` columns (one column per code point); continuation rows
 * are indented. Lines that fit are returned as they are.
 */
export function wrapLine(line: Line, width: number, indent = 2): Line[] {
  const w = Math.max(1, width);
  let len = 0;
  for (const s of line) len += Array.from(s.text).length;
  if (len <= w) return [line];
  const pad = Math.min(indent, Math.max(0, w - 1));
  const rows: Line[] = [];
  let cur: Line = [];
  let room = w;
  for (const s of line) {
    const chars = Array.from(s.text);
    while (chars.length) {
      if (room === 0) {
        rows.push(cur);
        cur = pad ? [{ text: ' '.repeat(pad) }] : [];
        room = w - pad;
      }
      const take = chars.splice(0, room);
      cur.push(s.tone ? { text: take.join(''), tone: s.tone } : { text: take.join('') });
      room -= take.length;
    }
  }
  rows.push(cur);
  return rows;
}

export function wrapLines(lines: readonly Line[], width: number): Line[] {
  const out: Line[] = [];
  for (const l of lines) out.push(...wrapLine(l, width));
  return out;
}
