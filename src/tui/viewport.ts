/**
 * What the details pane and an overlay show in the room they have, and how far they can scroll:
 * pure, shared by the components (which draw it) and the keymap (which clamps scrolling to it, so
 * a scroll past the end never sticks).
 *
 * Details: the lines that say what failed and why stay on top; under them, the other fields and
 * the flight recorder scroll as one text, the recorder's newest event at the bottom by default
 * (K scrolls up to older events and then to the fields above them, J back down).
 */
import { entryDetails, type Details } from './details.js';
import { overlayView } from './overlays.js';
import { layout, selectRows, type Overlay, type TuiState } from './state.js';
import { seg, wrapLines, type Line } from './theme.js';

export interface DetailWindow {
  /** The pane's title line (with what is hidden above and below). */
  title: Line;
  /** What is drawn under the title, at most `height` lines. */
  lines: Line[];
  scroll: number;
  maxScroll: number;
  /** `bottom`: scroll counts lines up from the newest event; `top`: lines down from the top. */
  anchor: 'top' | 'bottom';
}

/** Recorder lines kept under the pinned fields when the pane is short (blank, title, three events). */
const RECORDER_MIN = 5;

function hints(title: string, above: number, below: number, anchor: 'top' | 'bottom'): Line {
  const line: Line = [seg(title, 'title')];
  if (above > 0) line.push(seg(`  ↑${above} more (K)`, 'dim'));
  if (below > 0) line.push(seg(`  ↓${below} ${anchor === 'bottom' ? 'newer' : 'more'} (J)`, 'dim'));
  return line;
}

function recorderSection(d: Details): Line[] {
  const n = d.events ?? 0;
  return [[], [seg('Flight Recorder', 'title'), seg(n ? `  ${n} event${n === 1 ? '' : 's'}` : '', 'dim')], ...(d.recorder ?? [])];
}

/** The details of a node in a pane `width` columns wide (inside its border) with `height` lines under the title. */
export function detailWindow(d: Details, width: number, height: number, scroll: number): DetailWindow {
  const H = Math.max(1, height);
  const fixed = wrapLines(d.lines, width);
  const top = (all: Line[]): DetailWindow => {
    const maxScroll = Math.max(0, all.length - H);
    const s = Math.max(0, Math.min(scroll, maxScroll));
    return { title: hints(d.title, s, Math.max(0, all.length - s - H), 'top'), lines: all.slice(s, s + H), scroll: s, maxScroll, anchor: 'top' };
  };
  if (!d.recorder) return top(fixed);
  const rec = recorderSection(d);
  if (fixed.length + rec.length <= H) return { title: hints(d.title, 0, 0, 'bottom'), lines: [...fixed, ...rec], scroll: 0, maxScroll: 0, anchor: 'bottom' };
  const pinned = d.pinned ? wrapLines(d.lines.slice(0, d.pinned), width).length : 0;
  // the fixed lines kept on top end where a field ends (a wrapped value is not split from its label)
  const target = Math.max(H - Math.min(rec.length, RECORDER_MIN), pinned);
  let keep = pinned;
  for (const l of d.lines.slice(d.pinned ?? 0)) {
    const n = wrapLines([l], width).length;
    if (keep + n > target) break;
    keep += n;
  }
  keep = Math.min(fixed.length, keep);
  const room = H - keep;
  // too short for both: one text from the top
  if (room < 2) return top([...fixed, ...rec]);
  const lower = [...fixed.slice(keep), ...rec];
  const maxScroll = Math.max(0, lower.length - room);
  const s = Math.max(0, Math.min(scroll, maxScroll));
  const end = lower.length - s;
  const start = Math.max(0, end - room);
  const shown = lower.slice(start, end);
  // the recorder's title stays above its events when it would scroll away
  const titleAt = lower.length - rec.length + 1;
  if (start > titleAt) shown[0] = lower[titleAt];
  return { title: hints(d.title, start, s, 'bottom'), lines: [...fixed.slice(0, keep), ...shown], scroll: s, maxScroll, anchor: 'bottom' };
}

/** The selected node's details as the pane shows them now. */
export function detailView(s: TuiState): DetailWindow {
  const L = layout(s.size);
  const row = selectRows(s)[s.cursor];
  const d = entryDetails(row?.ref, row ? s.cache.get(row.ref) : undefined, s.now, s.cache);
  return detailWindow(d, Math.max(4, L.detailWidth - 2), L.detailViewport, s.detailScroll);
}

export interface OverlayWindow {
  title: Line;
  pinned?: Line[];
  lines: Line[];
  scroll: number;
  maxScroll: number;
}

/** An overlay in a pane `width` columns wide (inside its border) with `height` lines under its title. */
const HELP_KEY = {};
const wrapMemo = new WeakMap<object, { stamp: string; width: number; title: string; lines: Line[]; pinned?: Line[] }>();

/** An overlay's text wrapped at a width, once per content (scrolling does not wrap it again). */
function wrappedOverlay(o: Overlay, width: number): { title: string; lines: Line[]; pinned?: Line[] } {
  const source: object = o.kind === 'help' ? HELP_KEY : o.kind === 'diag' ? o.checks : o.lines;
  const stamp = o.kind === 'help' ? '' : o.kind === 'diag' ? `${o.runId} ${o.running} ${o.completedAt} ${o.error}` : `${o.runId} ${o.running} ${o.completedAt}`;
  const m = wrapMemo.get(source);
  if (m && m.width === width && m.stamp === stamp) return m;
  const v = overlayView(o);
  const w = { stamp, width, title: v.title, lines: wrapLines(v.lines, width), pinned: v.pinned ? wrapLines([v.pinned], width) : undefined };
  wrapMemo.set(source, w);
  return w;
}

export function overlayWindow(o: Overlay, width: number, height: number): OverlayWindow {
  const v = wrappedOverlay(o, width);
  const lines = v.lines;
  const pinned = v.pinned;
  const room = Math.max(1, height - (pinned?.length ?? 0));
  const maxScroll = Math.max(0, lines.length - room);
  const scroll = Math.max(0, Math.min(o.scroll, maxScroll));
  const shown = lines.slice(scroll, scroll + room);
  const range = maxScroll > 0 ? `  ${scroll + 1}-${scroll + shown.length}/${lines.length}` : '';
  // the title whole; the range only when it fits beside it
  const fits = Array.from(v.title).length + range.length <= width;
  return { title: [seg(v.title, 'accent'), seg(fits ? range : '', 'dim')], pinned, lines: shown, scroll, maxScroll };
}

/** How far the open overlay can scroll at the current size. */
export function overlayMaxScroll(s: TuiState): number {
  if (!s.overlay) return 0;
  const L = layout(s.size);
  return overlayWindow(s.overlay, Math.max(4, L.overlayWidth - 2), L.detailViewport).maxScroll;
}
