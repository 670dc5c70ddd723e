/**
 * The browser's writer: frames (grid.ts) painted onto the terminal's alternate screen, each one as
 * what changed since the last — the cells that differ, placed with cursor moves, in one write
 * inside synchronized output (terminals that support it show the whole change at once; the others
 * ignore the markers). Moving the selection rewrites the two rows it changes and the details that
 * differ, not the screen; blanks are erased (ECH) rather than written. The first frame, and the first after a resize or after anything else
 * wrote to the terminal (`invalidate`), is painted whole on a cleared screen.
 */
import { RESET, styleOpen, type Grid } from './grid.js';

export const BEGIN_SYNC = '\x1b[?2026h';
export const END_SYNC = '\x1b[?2026l';
const HIDE_CURSOR = '\x1b[?25l';
const CLEAR = '\x1b[H\x1b[2J\x1b[3J';

/** Unchanged cells between two changes that are written again rather than jumped over. */
const JOIN = 6;

export interface PaintTarget {
  write(data: string): unknown;
  /** The terminal's size: nothing is painted outside it. */
  columns?: number;
  rows?: number;
}

/** Whether cell i of two frames is the same. */
function same(a: Grid, b: Grid, i: number): boolean {
  return a.chars[i] === b.chars[i] && a.styles[i] === b.styles[i];
}

export class Painter {
  private last?: Grid;
  private whole = true;
  private cursorHidden = false;
  /** Frames written and bytes written, since the start. */
  readonly stats = { frames: 0, bytes: 0 };

  constructor(private readonly out: PaintTarget) {}

  /** The next frame is painted whole on a cleared screen. */
  invalidate(): void {
    this.whole = true;
  }

  /** Paint a frame: what differs from the last one (everything the first time). Returns the bytes written. */
  paint(g: Grid): number {
    const prev = this.last;
    const whole = this.whole || !prev || prev.width !== g.width || prev.height !== g.height;
    const rows = Math.min(g.height, this.out.rows && this.out.rows > 1 ? this.out.rows - 1 : g.height);
    const cols = Math.min(g.width, this.out.columns && this.out.columns > 0 ? this.out.columns : g.width);
    let body = '';
    for (let y = 0; y < rows; y++) {
      const base = y * g.width;
      if (whole) {
        // everything but the plain blanks at the end of the row (the screen was cleared)
        let end = cols;
        while (end > 0 && g.chars[base + end - 1] === ' ' && g.styles[base + end - 1] === 0) end--;
        if (end > 0) body += span(g, y, 0, end);
        continue;
      }
      let x = 0;
      while (x < cols) {
        if (same(g, prev!, base + x)) {
          x++;
          continue;
        }
        // a run of changes, joined across short gaps
        let start = x;
        let end = x + 1;
        let unchanged = 0;
        for (let i = end; i < cols; i++) {
          if (same(g, prev!, base + i)) {
            if (++unchanged > JOIN) break;
          } else {
            unchanged = 0;
            end = i + 1;
          }
        }
        // never start or end inside a wide character
        while (start > 0 && g.chars[base + start] === '') start--;
        while (end < cols && g.chars[base + end] === '') end++;
        body += span(g, y, start, end);
        x = end;
      }
    }
    this.last = g;
    this.whole = false;
    if (!body && !whole) return 0;
    let out = BEGIN_SYNC;
    if (!this.cursorHidden) {
      out += HIDE_CURSOR;
      this.cursorHidden = true;
    }
    if (whole) out += CLEAR;
    out += body + END_SYNC;
    this.out.write(out);
    this.stats.frames++;
    this.stats.bytes += Buffer.byteLength(out);
    return Buffer.byteLength(out);
  }
}

/** Plain blanks in a row that are erased (ECH) rather than written. */
const ERASE = 8;

/**
 * Cells [from, to) of row y: the cursor moved there, then the characters with their styles; a run
 * of plain blanks is erased in place (ECH) and jumped over.
 */
function span(g: Grid, y: number, from: number, to: number): string {
  let out = `\x1b[${y + 1};${from + 1}H`;
  let cur = 0;
  let open = '';
  const base = y * g.width;
  for (let i = base + from, e = base + to; i < e; i++) {
    const st = g.styles[i];
    if (st === 0 && g.chars[i] === ' ') {
      let n = 1;
      while (i + n < e && g.styles[i + n] === 0 && g.chars[i + n] === ' ') n++;
      if (n >= ERASE) {
        if (open) out += RESET;
        open = '';
        cur = 0;
        out += `\x1b[${n}X`;
        if (i + n < e) out += `\x1b[${n}C`;
        i += n - 1;
        continue;
      }
    }
    if (st !== cur) {
      if (open) out += RESET;
      open = styleOpen(st);
      out += open;
      cur = st;
    }
    out += g.chars[i];
  }
  return open ? out + RESET : out;
}
