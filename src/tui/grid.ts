/**
 * A frame of the browser as a grid of cells (a character and a style each), the way a terminal
 * holds its screen: the frame is composed here from styled lines (header, panes with borders,
 * footer), then either painted onto the terminal cell by cell (paint.ts: only what changed) or
 * handed to Ink as one string per row (the tests' renderer). Styles are the theme's tones, a
 * border's colour, or SGR codes read from text another renderer styled (the job monitor's view).
 *
 * Colour follows chalk's level when a row is turned into escape codes: at level 0 (NO_COLOR,
 * --no-color, not a terminal) nothing but the characters is written.
 */
import chalk from 'chalk';
import { fit } from './format.js';
import { TONES, type Line, type Tone, type ToneStyle } from './theme.js';

/** A style: a tone's (or a border's) look, or SGR parameters read from styled text. */
type Style = { look: ToneStyle } | { sgr: string };

const styles: Style[] = [{ look: {} }];
const styleIds = new Map<string, number>([['look:{}', 0]]);

function intern(key: string, style: Style): number {
  let id = styleIds.get(key);
  if (id === undefined) {
    id = styles.length;
    styles.push(style);
    styleIds.set(key, id);
  }
  return id;
}

/** The id of a look (a tone's, or a border's colour). */
export function lookId(look: ToneStyle): number {
  return intern(`look:${JSON.stringify(look)}`, { look });
}

const toneIds = new Map<Tone, number>();

/** The id of a tone's style. */
export function toneId(tone: Tone | undefined): number {
  if (!tone || tone === 'plain') return 0;
  let id = toneIds.get(tone);
  if (id === undefined) {
    id = lookId(TONES[tone]);
    toneIds.set(tone, id);
  }
  return id;
}

/** The id of SGR parameters (`1;38;2;191;97;106`) as styled text has them. */
function sgrId(params: string): number {
  return params ? intern(`sgr:${params}`, { sgr: params }) : 0;
}

let openLevel = -1;
let opens: string[] = [];

/** The escape codes that turn a style on at chalk's current level ('' at level 0, or for plain text). */
export function styleOpen(id: number): string {
  if (chalk.level !== openLevel) {
    openLevel = chalk.level;
    opens = [];
  }
  let o = opens[id];
  if (o === undefined) {
    const st = styles[id];
    if (chalk.level === 0 || id === 0) o = '';
    else if ('sgr' in st) o = `\x1b[${st.sgr}m`;
    else {
      let c = chalk;
      if (st.look.color) c = c.hex(st.look.color);
      if (st.look.bold) c = c.bold;
      if (st.look.dim) c = c.dim;
      if (st.look.inverse) c = c.inverse;
      if (st.look.underline) c = c.underline;
      // one escape for all of the style's codes
      o = c('\0').split('\0')[0].replace(/m\x1b\[/g, ';');
    }
    opens[id] = o;
  }
  return o;
}

/** Every style off (the short form: SGR with no parameter). */
export const RESET = '\x1b[m';

/**
 * Columns a code point takes on a terminal: 0 for combining marks and zero-width characters, 2 for
 * East Asian wide and full-width characters and most emoji, else 1.
 */
export function charWidth(cp: number): 0 | 1 | 2 {
  if (cp < 0x300) return 1;
  if (
    cp <= 0x36f ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f)
  )
    return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    cp === 0x2329 ||
    cp === 0x232a ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

const BORDERS = {
  round: { tl: '╭', tr: '╮', bl: '╰', br: '╯', h: '─', v: '│' },
  double: { tl: '╔', tr: '╗', bl: '╚', br: '╝', h: '═', v: '║' },
};

export class Grid {
  /** One character per cell ('' in the right half of a wide character). */
  readonly chars: string[];
  readonly styles: Uint32Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.chars = new Array<string>(width * height).fill(' ');
    this.styles = new Uint32Array(width * height);
  }

  private set(x: number, y: number, ch: string, style: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = y * this.width + x;
    this.chars[i] = ch;
    this.styles[i] = style;
  }

  /**
   * Write text at (x, y) in at most `room` columns from there (never past the grid's edge); returns
   * the column after the last one written. A wide character that does not fit leaves an ellipsis.
   */
  text(x: number, y: number, text: string, style: number, room: number): number {
    const end = Math.min(this.width, x + room);
    let col = x;
    for (let ch of text) {
      const cp = ch.codePointAt(0)!;
      // a control character never reaches the terminal (text is cleaned before; this is the last guard)
      if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) ch = '\ufffd';
      const w = charWidth(cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? 0xfffd : cp);
      if (w === 0) {
        if (col > x) this.chars[y * this.width + col - 1] += ch;
        continue;
      }
      if (col + w > end) {
        if (col < end) this.set(col++, y, '…', style);
        break;
      }
      this.set(col, y, ch, style);
      if (w === 2) this.set(col + 1, y, '', style);
      col += w;
    }
    return col;
  }

  /**
   * A styled line at (x, y) in `room` columns, as the browser draws every line: each segment cut
   * to what is left (with an ellipsis where text is cut), in its tone (else `base`).
   */
  line(x: number, y: number, line: Line, room: number, base?: Tone): void {
    if (y < 0 || y >= this.height) return;
    let left = room;
    let col = x;
    for (let i = 0; i < line.length && left > 0; i++) {
      const s = line[i];
      const n = Array.from(s.text).length;
      const text = n > left ? fit(s.text, left) : s.text;
      const next = this.text(col, y, text, toneId(s.tone ?? base), left);
      left -= next - col;
      col = next;
    }
  }

  /** A border around the rectangle (x, y, w, h) in a colour. */
  box(x: number, y: number, w: number, h: number, kind: keyof typeof BORDERS, color?: string): void {
    if (w < 2 || h < 2) return;
    const b = BORDERS[kind];
    const st = color ? lookId({ color }) : 0;
    this.set(x, y, b.tl, st);
    this.set(x + w - 1, y, b.tr, st);
    this.set(x, y + h - 1, b.bl, st);
    this.set(x + w - 1, y + h - 1, b.br, st);
    for (let i = 1; i < w - 1; i++) {
      this.set(x + i, y, b.h, st);
      this.set(x + i, y + h - 1, b.h, st);
    }
    for (let j = 1; j < h - 1; j++) {
      this.set(x, y + j, b.v, st);
      this.set(x + w - 1, y + j, b.v, st);
    }
  }

  /** Text another renderer styled (SGR escapes), one line at (x, y) in `room` columns. */
  ansi(x: number, y: number, text: string, room: number): void {
    if (y < 0 || y >= this.height) return;
    const sgr = new Sgr();
    const end = Math.min(this.width, x + room);
    let col = x;
    const re = /\x1b\[([0-9;:]*)m|\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*(?:\x07|\x1b\\)|([^\x1b]+)/g;
    for (let m = re.exec(text); m && col < end; m = re.exec(text)) {
      if (m[1] !== undefined) sgr.apply(m[1]);
      else if (m[2] !== undefined) col = this.text(col, y, m[2], sgrId(sgr.params()), end - col);
    }
  }

  /** Row `y` as plain text. */
  rowText(y: number): string {
    return this.chars.slice(y * this.width, (y + 1) * this.width).join('');
  }

  /** Row `y` with its styles as escape codes (none at chalk level 0), for Ink (which reads `ESC[0m` as the reset). */
  rowAnsi(y: number): string {
    const reset = '\x1b[0m';
    let out = '';
    let cur = 0;
    let open = '';
    for (let i = y * this.width, e = i + this.width; i < e; i++) {
      const st = this.styles[i];
      if (st !== cur) {
        if (open) out += reset;
        open = styleOpen(st);
        out += open;
        cur = st;
      }
      out += this.chars[i];
    }
    return open ? out + reset : out;
  }
}

/** The SGR state of styled text: what is on after each escape (colours, bold, dim, ...). */
class Sgr {
  private on = new Map<string, string>();

  apply(params: string): void {
    const p = params === '' ? ['0'] : params.split(/[;:]/);
    for (let i = 0; i < p.length; i++) {
      const n = Number(p[i]);
      if (n === 0) this.on.clear();
      else if (n === 1) this.on.set('bold', '1');
      else if (n === 2) this.on.set('dim', '2');
      else if (n === 22) {
        this.on.delete('bold');
        this.on.delete('dim');
      } else if (n === 3 || n === 4 || n === 7 || n === 9) this.on.set(String(n), String(n));
      else if (n === 23 || n === 24 || n === 27 || n === 29) this.on.delete(String(n - 20));
      else if (n === 38 || n === 48) {
        const k = n === 38 ? 'fg' : 'bg';
        if (p[i + 1] === '5') {
          this.on.set(k, `${n};5;${p[i + 2]}`);
          i += 2;
        } else if (p[i + 1] === '2') {
          this.on.set(k, `${n};2;${p[i + 2]};${p[i + 3]};${p[i + 4]}`);
          i += 4;
        }
      } else if (n === 39) this.on.delete('fg');
      else if (n === 49) this.on.delete('bg');
      else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) this.on.set('fg', String(n));
      else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) this.on.set('bg', String(n));
    }
  }

  params(): string {
    return [...this.on.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => v)
      .join(';');
  }
}

/** A pane's place on the screen. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A bordered pane: its border (round in the label colour unless told), then its lines inside, one
 * per row, each cut to the pane.
 */
export function pane(g: Grid, r: Rect, lines: readonly Line[], border: { kind?: 'round' | 'double'; color?: string } = {}): void {
  g.box(r.x, r.y, r.w, r.h, border.kind ?? 'round', border.color ?? TONES.label.color);
  const room = Math.min(Math.max(0, r.w - 2), Math.max(4, r.w - 2));
  for (let i = 0; i < lines.length && i < r.h - 2; i++) g.line(r.x + 1, r.y + 1 + i, lines[i], room);
}
