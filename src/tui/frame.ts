/**
 * The browser's screen, composed from the reducer's state: header (server, uptime, started by,
 * toggles), the status line (failures, rows, the last refresh, the error line), the topology tree
 * (about 40%; only the rows on screen are drawn) beside the details pane (about 60%) or the open
 * overlay, the list views' panes, and the footer (keys, prompts, notices). Pure: the same state
 * gives the same frame, whatever draws it (paint.ts on a terminal, Ink in the tests).
 */
import { entryDetails } from './details.js';
import { clean, fit, fitParts, formatClock, formatCount, formatMs, formatUptime } from './format.js';
import { Grid, pane, type Rect } from './grid.js';
import { footerText } from './keymap.js';
import { modeOf } from './keys.js';
import { failureSummary, layout, selectRows, type Overlay, type TuiState } from './state.js';
import { TONES, wrapLine, type Line, type Seg, type Tone } from './theme.js';

export type { Rect };
import { rowPrefix, type Row } from './tree.js';
import { detailWindow, overlayWindow, type DetailWindow } from './viewport.js';
import { listDetailPane, listPane } from './views/pane.js';
import { shownItems } from './views/model.js';

// ---------------------------------------------------------------------------------------------
// Header and footer
// ---------------------------------------------------------------------------------------------

type Part = Seg & { rank: number };

/** A line of parts that drops its least important ones to fit. */
function fitted(parts: Part[], width: number): Line {
  return fitParts(parts, width).map(({ text, tone }) => (tone ? { text, tone } : { text }));
}

function headerLine(s: TuiState, width: number): Line {
  const paused = s.overlay ? ' • refresh paused' : ` • every ${formatMs(s.refreshMs)}`;
  if (s.view !== 'mesh') {
    // a list view: its own backend, not the admin server's settings
    const parts: Part[] = [{ text: `:${s.view}`, tone: 'title', rank: 0 }];
    if (s.list?.origin) parts.push({ text: ` • ${clean(s.list.origin)}`, rank: 1 });
    if (s.list) parts.push({ text: ` • ${formatCount(s.list.items.length)} items`, tone: 'dim', rank: 2 }, { text: paused, tone: 'dim', rank: 3 });
    return fitted(parts, width);
  }
  const root = s.cache.get('root')?.payload;
  const r = root && 'Root' in root.properties ? root.properties.Root : undefined;
  const parts: Part[] = [
    { text: 'mesh-admin', tone: 'title', rank: 0 },
    { text: ` • ${clean(s.url)}`, rank: 1 },
  ];
  if (r) parts.push({ text: ` • up: ${formatUptime(r.started_at, s.now)}`, rank: 4 }, { text: ` • @${clean(r.started_by)}`, rank: 5 });
  parts.push({ text: ` • sys:${s.showSystem ? 'on' : 'off'}`, tone: s.showSystem ? 'accent' : undefined, rank: 2 }, { text: ` • stopped:${s.showStopped ? 'on' : 'off'}`, tone: s.showStopped ? 'accent' : undefined, rank: 2 });
  parts.push({ text: paused, tone: 'dim', rank: 3 });
  return fitted(parts, width);
}

function listStatus(s: TuiState): Line {
  const l = s.list;
  if (!l) return [{ text: (s.viewMessage ?? [])[0] ?? '', tone: 'warn' }];
  const shown = shownItems(l).length;
  const what = l.view;
  const line: Line = [{ text: l.filter ? `${formatCount(shown)} of ${formatCount(l.items.length)} ${what} match /${clean(l.filter)}` : `${formatCount(l.items.length)} ${what}`, tone: 'dim' }];
  if (l.loading) line.push({ text: ' • loading…', tone: 'dim' });
  if (l.error) line.push({ text: ` • ERROR: ${clean(l.error)}`, tone: 'bad' });
  if (l.at) line.push({ text: ` • refreshed ${formatClock(l.at)}`, tone: 'dim' });
  return line;
}

function statusLine(s: TuiState, rows: readonly Row[], clipped: boolean): Line {
  if (s.view !== 'mesh') return listStatus(s);
  if (s.error) return [{ text: `ERROR: ${clean(s.error)}`, tone: 'bad' }];
  const line: Line = [];
  if (clipped) line.push({ text: '⚠ content hidden — resize  ', tone: 'warn' });
  if (!s.cache.get('root')?.payload) {
    line.push({ text: `Connecting to ${clean(s.url)}…`, tone: 'info' });
    return line;
  }
  const f = failureSummary(s);
  const problems: string[] = [];
  if (f.actors) problems.push(`${formatCount(f.actors)} failed actor${f.actors === 1 ? '' : 's'} in ${formatCount(f.procs)} poisoned proc${f.procs === 1 ? '' : 's'}`);
  if (f.unreachable) problems.push(`${formatCount(f.unreachable)} unreachable`);
  if (problems.length) line.push({ text: `${problems.join(' • ')} (f to step)`, tone: 'bad' }, { text: ' • ', tone: 'dim' });
  line.push({ text: `${formatCount(rows.length)} rows`, tone: 'dim' });
  if (s.lastRefresh) line.push({ text: ` • refreshed ${formatClock(s.lastRefresh)}`, tone: 'dim' });
  if (s.refreshing) line.push({ text: ' • refreshing…', tone: 'dim' });
  return line;
}

function footerLines(s: TuiState, width: number): [Line, Line] {
  const keys: Line = [{ text: footerText(modeOf(s), width), tone: 'label' }];
  let second: Line = [{ text: '' }];
  if (s.prompt?.kind === 'search') {
    const found = s.search && s.prompt.text ? (s.search.index ? `  match ${s.search.index} of ${s.search.matches.size}` : '  no match') : '';
    second = [{ text: '/', tone: 'accent' }, { text: s.prompt.text }, { text: '▏', tone: 'accent' }, { text: found, tone: found === '  no match' ? 'warn' : 'info' }];
  } else if (s.prompt?.kind === 'filter') {
    const n = shownItems(s.list).length;
    second = [{ text: '/', tone: 'accent' }, { text: s.prompt.text }, { text: '▏', tone: 'accent' }, { text: `  ${formatCount(n)} of ${formatCount(s.list?.items.length ?? 0)}`, tone: n ? 'info' : 'warn' }];
  } else if (s.prompt) second = [{ text: ':', tone: 'accent' }, { text: s.prompt.text }, { text: '▏', tone: 'accent' }];
  else if (s.notice) {
    // a message longer than the line (a copied reference) takes the keys' line too, whole
    const rows = wrapLine([{ text: s.notice.text, tone: s.notice.tone }], width, 0);
    if (rows.length > 1) return [rows[0], rows.slice(1).flat()];
    second = rows[0];
  } else if (s.search) second = [{ text: `/${s.search.query}  ${s.search.index ? `match ${s.search.index} of ` : ''}${s.search.matches.size} matches  (n/N to step, Esc to clear)`, tone: 'dim' }];
  return [keys, second];
}

// ---------------------------------------------------------------------------------------------
// Tree pane
// ---------------------------------------------------------------------------------------------

function rowTone(r: Row): Tone {
  if (r.failed) return 'failed';
  if (r.stopped) return 'stopped';
  if (r.system) return 'system';
  if (r.kind === 'root') return 'title';
  if (r.kind === 'host') return 'host';
  if (r.kind === 'proc') return 'proc';
  if (r.kind === 'error') return 'failed';
  return 'actor';
}

/** `[POISONED: 2 failed]` in a narrow row: `[POISONED:2]`. */
function shortMarker(marker: string): string {
  const m = /^\[POISONED: (\d+) failed\]$/.exec(marker);
  return m ? `[POISONED:${m[1]}]` : marker;
}

const len = (t: string) => Array.from(t).length;

/**
 * A row's text in `inner` columns: prefix, name, marker, detail. The detail (counts, an error) is
 * cut first, then the name; the marker is never cut (a narrow row writes its short form).
 */
export function rowParts(r: Row, selected: boolean, inner: number): { prefix: string; name: string; marker: string; detail: string } {
  const prefix = rowPrefix(r, selected);
  const room = inner - len(prefix);
  const marker = r.marker ?? '';
  const detail = r.detail ?? '';
  const sep = (t: string) => (t ? 2 + len(t) : 0);
  if (len(r.name) + sep(marker) + sep(detail) <= room) return { prefix, name: r.name, marker: marker && `  ${marker}`, detail: detail && `  ${detail}` };
  const base = len(r.name) + sep(marker);
  if (base <= room) return { prefix, name: r.name, marker: marker && `  ${marker}`, detail: room - base >= 6 && detail ? `  ${fit(detail, room - base - 2)}` : '' };
  if (!marker) return { prefix, name: fit(r.name, room), marker: '', detail: '' };
  const m = room - len(marker) - 1 >= Math.min(len(r.name), 8) ? marker : shortMarker(marker);
  return { prefix, name: fit(r.name, Math.max(1, room - len(m) - 1)), marker: ` ${m}`, detail: '' };
}

/** The tree pane: its title (position in the tree) and the rows on screen. */
function treePane(g: Grid, rect: Rect, s: TuiState, rows: readonly Row[], height: number, inactive: boolean): void {
  const inner = Math.max(4, rect.w - 2);
  const matches = s.search?.matches;
  const title: Line = [{ text: 'Topology', tone: 'title' }, { text: rows.length ? `  ${formatCount(s.cursor + 1)}/${formatCount(rows.length)}` : '', tone: 'dim' }];
  const lines: Line[] = [title];
  const end = Math.min(rows.length, s.scroll + height);
  for (let i = s.scroll; i < end; i++) {
    const r = rows[i];
    const selected = i === s.cursor;
    const tone: Tone = inactive ? 'inactive' : selected ? 'selected' : rowTone(r);
    const p = rowParts(r, selected, inner);
    const busy = !r.fetched && !r.error && s.loading.has(r.ref) ? '  …' : '';
    lines.push(
      selected
        ? [{ text: fit(`${p.prefix}${p.name}${p.marker}${p.detail}${busy}`, inner).padEnd(inner), tone }]
        : [
            { text: p.prefix, tone },
            { text: p.name, tone: matches?.has(r.key) && !inactive ? 'match' : tone },
            { text: p.marker, tone: inactive ? tone : 'bad' },
            { text: p.detail + busy, tone },
          ],
    );
  }
  if (rows.length === 0) lines.push([{ text: 'Waiting for the mesh root…', tone: 'info' }]);
  pane(g, rect, lines, { color: inactive ? TONES.inactive.color : TONES.label.color });
}

// ---------------------------------------------------------------------------------------------
// Details pane, overlays, the views' message
// ---------------------------------------------------------------------------------------------

function detailsPane(g: Grid, rect: Rect, view: DetailWindow): void {
  pane(g, rect, [view.title, ...view.lines]);
}

function overlayPane(g: Grid, rect: Rect, overlay: Overlay, height: number): void {
  const v = overlayWindow(overlay, Math.max(4, rect.w - 2), height);
  pane(g, rect, [v.title, ...(v.pinned ?? []), ...v.lines], { kind: 'double', color: TONES.accent.color });
}

function viewPane(g: Grid, rect: Rect, s: TuiState): void {
  const title = s.view.charAt(0).toUpperCase() + s.view.slice(1);
  pane(g, rect, [
    [{ text: title, tone: 'title' }],
    ...(s.viewMessage ?? []).map((m, i): Line => [{ text: m, tone: i === 0 ? 'warn' : undefined }]),
    [{ text: '' }],
    [{ text: 'Type :mesh (or press Esc) to go back to the topology.', tone: 'dim' }],
  ]);
}

/** The selected node's details as the details pane shows them. */
function selectedDetails(s: TuiState, rows: readonly Row[], width: number, height: number): DetailWindow {
  const row = rows[s.cursor];
  const entry = row ? s.cache.get(row.ref) : undefined;
  return detailWindow(entryDetails(row?.ref, entry, s.now, s.cache), Math.max(4, width - 2), height, s.detailScroll);
}

// ---------------------------------------------------------------------------------------------
// The frame
// ---------------------------------------------------------------------------------------------

/** The whole screen for a state. */
export function composeFrame(s: TuiState): Grid {
  const L = layout(s.size);
  const width = s.size.columns;
  const g = new Grid(width, L.height);
  const rows = s.view === 'mesh' ? selectRows(s) : [];
  g.line(0, 0, headerLine(s, width), width);
  g.line(0, 1, statusLine(s, s.view === 'mesh' ? rows : [], L.clipped), width);
  const y = 2;
  const H = L.bodyHeight;
  const left: Rect = { x: 0, y, w: L.treeWidth, h: H };
  const right: Rect = { x: L.treeWidth, y, w: L.detailWidth, h: H };
  const whole: Rect = { x: 0, y, w: width, h: H };
  if (s.view === 'mesh') {
    if (s.overlay && L.overlayWidth >= width) overlayPane(g, whole, s.overlay, L.detailViewport);
    else {
      treePane(g, left, s, rows, L.treeViewport, Boolean(s.overlay));
      if (s.overlay) overlayPane(g, right, s.overlay, L.detailViewport);
      else detailsPane(g, right, selectedDetails(s, rows, L.detailWidth, L.detailViewport));
    }
  } else if (s.overlay) overlayPane(g, whole, s.overlay, L.detailViewport);
  else if (s.list) {
    listPane(g, left, s.list, L.treeViewport);
    listDetailPane(g, right, s.list.detail, shownItems(s.list)[s.list.cursor]?.id, L.detailViewport);
  } else viewPane(g, whole, s);
  const [keys, second] = footerLines(s, width);
  g.line(0, y + H, keys, width);
  g.line(0, y + H + 1, second, width);
  return g;
}
