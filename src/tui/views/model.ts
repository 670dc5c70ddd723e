/**
 * The list views of the browser (`:jobs`, `:envelopes`, `:agents`): one pure reducer for the rows
 * of the open view, its `/` filter, its selection (kept by id across refreshes and filters) and the
 * live detail of the item opened with Enter. The controller fetches and streams; this file only folds results in.
 */
import type { WorkflowProgress } from '../../backends/mn/models.js';
import type { Line, Tone } from '../theme.js';

export type ListViewName = 'jobs' | 'envelopes' | 'agents';

/** One row of a list view: its id, the cells under the view's columns, and its status. */
export interface ViewItem {
  id: string;
  cells: string[];
  status: string;
}

/** The opened item's live detail: text lines, or a MirrorNeuron job's progress snapshot. */
export type Detail =
  | { kind: 'lines'; id: string; title: string; lines: Line[]; live: boolean; error?: string }
  | { kind: 'job'; id: string; snapshot?: WorkflowProgress; live: boolean; error?: string };

export interface ListState {
  view: ListViewName;
  columns: string[];
  /** `/` filter (smart case, over every cell): only matching rows are shown, and `cursor` counts among them. */
  filter?: string;
  /** The backend the rows come from, for the header. */
  origin?: string;
  items: ViewItem[];
  cursor: number;
  selectedId?: string;
  /** First row shown. */
  scroll: number;
  loading: boolean;
  error?: string;
  at?: number;
  /** The run of the open detail (results of older runs are dropped). */
  runId: number;
  detail?: Detail;
}

export type ListAction =
  | { type: 'start'; view: ListViewName; columns: string[]; origin?: string }
  | { type: 'items'; view: ListViewName; items: ViewItem[]; at: number }
  | { type: 'failed'; view: ListViewName; error: string; at: number }
  | { type: 'move'; delta: number; viewport?: number }
  | { type: 'filter'; text: string }
  | { type: 'open'; runId: number; detail: Detail }
  | { type: 'detail'; runId: number; detail: Detail };

export function emptyList(view: ListViewName, columns: string[], origin?: string): ListState {
  return { view, columns, origin, items: [], cursor: 0, scroll: 0, loading: true, runId: 0 };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

const matchMemo = new WeakMap<ViewItem[], { filter: string; shown: ViewItem[] }>();

/** The rows shown: all of them, or those matching the filter (smart case: case-insensitive unless it has a capital). */
export function shownItems(l: ListState | undefined): ViewItem[] {
  if (!l) return [];
  if (!l.filter) return l.items;
  const m = matchMemo.get(l.items);
  if (m && m.filter === l.filter) return m.shown;
  const f = l.filter;
  const sensitive = /[A-Z]/.test(f);
  const q = sensitive ? f : f.toLowerCase();
  const shown = l.items.filter((it) => it.cells.some((c) => (sensitive ? c : c.toLowerCase()).includes(q)) || (sensitive ? it.id : it.id.toLowerCase()).includes(q));
  matchMemo.set(l.items, { filter: f, shown });
  return shown;
}

/** The cursor on the row of `id` among the shown rows, else at `fallback` (kept in range). */
function place(l: ListState, id: string | undefined, fallback: number): ListState {
  const shown = shownItems(l);
  let cursor = id === undefined ? -1 : shown.findIndex((i) => i.id === id);
  if (cursor < 0) cursor = clamp(fallback, 0, Math.max(0, shown.length - 1));
  return { ...l, cursor, selectedId: shown[cursor]?.id ?? l.selectedId };
}

function keepScroll(l: ListState, viewport: number): ListState {
  let scroll = l.scroll;
  if (l.cursor < scroll) scroll = l.cursor;
  else if (l.cursor >= scroll + viewport) scroll = l.cursor - viewport + 1;
  scroll = clamp(scroll, 0, Math.max(0, shownItems(l).length - viewport));
  return scroll === l.scroll ? l : { ...l, scroll };
}

export function reduceList(l: ListState | undefined, a: ListAction): ListState | undefined {
  if (a.type === 'start') return l && l.view === a.view ? l : emptyList(a.view, a.columns, a.origin);
  if (!l) return l;
  switch (a.type) {
    case 'items': {
      if (a.view !== l.view) return l;
      return place({ ...l, items: a.items, loading: false, error: undefined, at: a.at }, l.selectedId, l.selectedId === undefined ? 0 : l.cursor);
    }
    case 'filter': {
      const filter = a.text || undefined;
      if (filter === l.filter) return l;
      return place({ ...l, filter, scroll: 0 }, l.selectedId, 0);
    }
    case 'failed':
      return a.view === l.view ? { ...l, loading: false, error: a.error, at: a.at } : l;
    case 'move': {
      const shown = shownItems(l);
      if (!shown.length) return l;
      const cursor = clamp(l.cursor + a.delta, 0, shown.length - 1);
      return keepScroll({ ...l, cursor, selectedId: shown[cursor].id }, a.viewport ?? Number.MAX_SAFE_INTEGER);
    }
    case 'open':
      return { ...l, runId: a.runId, detail: a.detail };
    case 'detail':
      return a.runId === l.runId && l.detail?.id === a.detail.id ? { ...l, detail: a.detail } : l;
  }
}

export function selectedItem(l: ListState | undefined): ViewItem | undefined {
  return shownItems(l)[l?.cursor ?? 0];
}

export function statusTone(status: string): Tone {
  const s = status.toLowerCase();
  if (/^(completed|succeeded|done|ok|deployed|healthy|running_ok)$/.test(s)) return 'ok';
  if (/^(failed|error|canceled|cancelled|unhealthy)$/.test(s)) return 'bad';
  if (/^(running|active|live)$/.test(s)) return 'info';
  if (/^(pending|paused|pausing|queued|ready|cancelling)$/.test(s)) return 'warn';
  return 'plain';
}
