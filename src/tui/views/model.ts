/**
 * The list views of the browser (`:jobs`, `:envelopes`, `:agents`): one pure reducer for the rows
 * of the open view, its selection (kept by id across refreshes) and the live detail of the item
 * opened with Enter. The controller fetches and streams; this file only folds results in.
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
  | { type: 'open'; runId: number; detail: Detail }
  | { type: 'detail'; runId: number; detail: Detail };

export function emptyList(view: ListViewName, columns: string[], origin?: string): ListState {
  return { view, columns, origin, items: [], cursor: 0, scroll: 0, loading: true, runId: 0 };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

function keepScroll(l: ListState, viewport: number): ListState {
  let scroll = l.scroll;
  if (l.cursor < scroll) scroll = l.cursor;
  else if (l.cursor >= scroll + viewport) scroll = l.cursor - viewport + 1;
  scroll = clamp(scroll, 0, Math.max(0, l.items.length - viewport));
  return scroll === l.scroll ? l : { ...l, scroll };
}

export function reduceList(l: ListState | undefined, a: ListAction): ListState | undefined {
  if (a.type === 'start') return l && l.view === a.view ? l : emptyList(a.view, a.columns, a.origin);
  if (!l) return l;
  switch (a.type) {
    case 'items': {
      if (a.view !== l.view) return l;
      let cursor = l.selectedId === undefined ? 0 : a.items.findIndex((i) => i.id === l.selectedId);
      if (cursor < 0) cursor = clamp(l.cursor, 0, Math.max(0, a.items.length - 1));
      return { ...l, items: a.items, cursor, selectedId: a.items[cursor]?.id, loading: false, error: undefined, at: a.at };
    }
    case 'failed':
      return a.view === l.view ? { ...l, loading: false, error: a.error, at: a.at } : l;
    case 'move': {
      if (!l.items.length) return l;
      const cursor = clamp(l.cursor + a.delta, 0, l.items.length - 1);
      return keepScroll({ ...l, cursor, selectedId: l.items[cursor].id }, a.viewport ?? Number.MAX_SAFE_INTEGER);
    }
    case 'open':
      return { ...l, runId: a.runId, detail: a.detail };
    case 'detail':
      return a.runId === l.runId && l.detail?.id === a.detail.id ? { ...l, detail: a.detail } : l;
  }
}

export function selectedItem(l: ListState | undefined): ViewItem | undefined {
  return l?.items[l.cursor];
}

export function statusTone(status: string): Tone {
  const s = status.toLowerCase();
  if (/^(completed|succeeded|done|ok|deployed|healthy|running_ok)$/.test(s)) return 'ok';
  if (/^(failed|error|canceled|cancelled|unhealthy)$/.test(s)) return 'bad';
  if (/^(running|active|live)$/.test(s)) return 'info';
  if (/^(pending|paused|pausing|queued|ready|cancelling)$/.test(s)) return 'warn';
  return 'plain';
}
