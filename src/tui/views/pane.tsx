/**
 * The list views' panes: the rows of the open view on the left (status coloured, the selection
 * highlighted) and the opened item's live detail on the right — a MirrorNeuron job's monitor (the
 * `job monitor` screen), an envelope's status and fly stream, an agent's recent traces.
 */
import { renderToString } from 'ink';
import { clean, fit, fitMiddle, formatClock } from '../format.js';
import { pane, type Grid, type Rect } from '../grid.js';
import { wrapLines, type Line } from '../theme.js';
import { MonitorView } from '../job-monitor/view.js';
import { shownItems, statusTone, type Detail, type ListState, type ViewItem } from './model.js';

const TITLES: Record<ListState['view'], string> = { jobs: 'Jobs (MirrorNeuron)', envelopes: 'Envelopes (Asya)', agents: 'Agents (Astromesh)' };

/**
 * Which columns fit and how wide: the status column keeps its words whole, the first column (the
 * name) gives way last, the others shrink, and the last ones are left out when even that does not
 * fit. (Names that would look alike once cut are cut in the middle, where they differ.)
 */
export function columnWidths(columns: string[], items: ViewItem[], inner: number): Array<{ index: number; width: number }> {
  const natural = columns.map((c, i) => Math.max(Array.from(c).length, ...items.map((it) => Array.from(it.cells[i] ?? '').length)));
  const status = columns.indexOf('STATUS');
  const min = (i: number) => (i === status ? natural[i] : i === 0 ? Math.min(natural[i], 12) : Math.min(natural[i], 6));
  let shown = columns.map((_, i) => i);
  for (;;) {
    const avail = inner - 2 - 2 * (shown.length - 1);
    const need = shown.reduce((n, i) => n + min(i), 0);
    if (need <= avail || shown.length <= 1) {
      const w = new Map(shown.map((i) => [i, Math.min(natural[i], i === 0 ? Infinity : 40)]));
      let over = [...w.values()].reduce((a, b) => a + b, 0) - avail;
      // shrink the other columns first (the widest first, down to 12), then the name, then the rest
      const phases: Array<[(i: number) => boolean, (i: number) => number]> = [
        [(i) => i !== 0 && i !== status, (i) => Math.max(min(i), Math.min(natural[i], 12))],
        [(i) => i === 0, min],
        [(i) => i !== 0 && i !== status, min],
      ];
      for (const [which, floor] of phases) {
        while (over > 0) {
          let widest = -1;
          for (const i of shown) if (which(i) && w.get(i)! > floor(i) && (widest < 0 || w.get(i)! > w.get(widest)!)) widest = i;
          if (widest < 0) break;
          w.set(widest, w.get(widest)! - 1);
          over--;
        }
      }
      // what is left goes to the first column (up to its natural width)
      const used = [...w.values()].reduce((a, b) => a + b, 0);
      if (used < avail && shown.includes(0)) w.set(0, Math.min(natural[0], w.get(0)! + avail - used));
      return shown.map((i) => ({ index: i, width: Math.max(1, w.get(i)!) }));
    }
    // leave out the last column that is neither the name nor the status
    const drop = [...shown].reverse().find((i) => i !== 0 && i !== status);
    if (drop === undefined) shown = shown.slice(0, -1);
    else shown = shown.filter((i) => i !== drop);
  }
}

/** Whether names cut at the end would look alike (then they are cut in the middle, where they differ). */
function alike(items: ViewItem[], width: number): boolean {
  const seen = new Set<string>();
  for (const it of items) {
    const t = fit(it.cells[0] ?? '', width);
    if (seen.has(t)) return true;
    seen.add(t);
  }
  return false;
}

function cell(text: string, width: number, middle = false): string {
  return (middle ? fitMiddle(text, width) : fit(text, width)).padEnd(width);
}

/** The rows of the open view (`height` lines under the pane's title). */
export function listPane(g: Grid, rect: Rect, list: ListState, height: number): void {
  const inner = Math.max(4, rect.w - 2);
  const items = shownItems(list);
  const cols = columnWidths(list.columns, items.length ? items : list.items, inner);
  const room = Math.max(1, height - 1);
  // The selection stays on screen whatever the refresh did to the order.
  const scroll = Math.max(0, Math.min(list.scroll, list.cursor, items.length - room), list.cursor - room + 1);
  const shown = items.slice(scroll, scroll + room);
  const title: Line = [{ text: TITLES[list.view], tone: 'title' }, { text: items.length ? `  ${list.cursor + 1}/${items.length}` : '', tone: 'dim' }];
  if (list.filter) title.push({ text: `  /${clean(list.filter)}`, tone: 'accent' });
  if (list.at) title.push({ text: `  refreshed ${formatClock(list.at)}`, tone: 'dim' });
  const statusCol = list.columns.findIndex((c) => c === 'STATUS');
  const header = cols.map(({ index, width: w }) => cell(list.columns[index], w)).join('  ');
  const middle = cols[0]?.index === 0 && alike(items, cols[0].width);
  const lines: Line[] = [title, [{ text: `  ${header}`, tone: 'label' }]];
  shown.forEach((it, i) => {
    const selected = scroll + i === list.cursor;
    const cells = cols.map(({ index, width: w }) => cell(it.cells[index] ?? '', w, middle && index === 0));
    if (selected) lines.push([{ text: `› ${cells.join('  ')}`.padEnd(inner), tone: 'selected' }]);
    else lines.push(cols.map(({ index }, j) => ({ text: '  ' + cells[j], tone: index === statusCol ? statusTone(it.status) : undefined })));
  });
  if (list.error) lines.push([{ text: `ERROR: ${clean(list.error)}`, tone: 'bad' }]);
  if (!items.length && !list.error) lines.push([{ text: list.loading ? 'Loading…' : list.filter ? `Nothing matches /${clean(list.filter)}.` : 'Nothing to show.', tone: 'info' }]);
  pane(g, rect, lines);
}

/** A job's monitor as `job monitor` draws it, cut to the pane (taller than the pane: its top). */
function jobPane(g: Grid, rect: Rect, detail: Extract<Detail, { kind: 'job' }>): void {
  const text = renderToString(<MonitorView jobId={detail.id} snapshot={detail.snapshot} selected={0} detail={false} error={detail.error} width={rect.w} keys={null} />, { columns: rect.w });
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < rect.h; i++) g.ansi(rect.x, rect.y + i, lines[i], rect.w);
}

/** The opened item's live detail (`height` lines under the pane's title), or how to open one. */
export function listDetailPane(g: Grid, rect: Rect, detail: Detail | undefined, selected: string | undefined, height: number): void {
  if (detail?.kind === 'job') return jobPane(g, rect, detail);
  const inner = Math.max(4, rect.w - 2);
  const lines = detail?.kind === 'lines' ? wrapLines(detail.lines, inner) : [];
  const title: Line = detail ? [{ text: detail.title, tone: 'title' }, { text: detail.live ? '  live' : '', tone: 'info' }] : [{ text: 'Details', tone: 'title' }];
  const room = Math.max(1, height - (detail?.error ? 1 : 0));
  // Newest at the bottom: a long fly stream shows its end.
  const shown = lines.length > room ? lines.slice(lines.length - room) : lines;
  const out: Line[] = [title];
  if (detail) out.push(...shown);
  else out.push([{ text: selected ? `Press Enter to open ${clean(selected)} live.` : 'Press Enter to open the selected item.', tone: 'dim' }]);
  if (detail?.error) out.push([{ text: `ERROR: ${detail.error}`, tone: 'bad' }]);
  pane(g, rect, out);
}
