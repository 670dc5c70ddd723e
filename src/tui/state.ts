/**
 * All state of the topology browser in one reducer: the cache of fetched nodes, expansion,
 * selection and scroll, the toggles, overlays, the search and command prompts, the view, and the
 * terminal size. Pure and synchronous, so every key's effect is unit-tested without Ink; the
 * controller does the fetching and feeds results back in as actions.
 *
 * Selection is kept by row key (depth and reference), so it survives refreshes, expansion and
 * filter changes; when the selected row disappears the nearest surviving ancestor is selected.
 */
import type { NodePayload } from '../backends/admin/models.js';
import type { Line, Tone } from './theme.js';
import { reduceList, type ListAction, type ListState } from './views/model.js';
import { reduceMonitor, type MonitorAction, type MonitorState } from './job-monitor/model.js';
import { ancestorsOf, buildRows, ChildrenMemo, patchRows, procOf, ROOT_KEY, rowKey, type Cache, type CacheEntry, type Row } from './tree.js';

export type ViewName = 'mesh' | 'jobs' | 'envelopes' | 'agents';
export const VIEWS: ViewName[] = ['mesh', 'jobs', 'envelopes', 'agents'];

/** One check of the diagnostics walk, as the diagnose report has it. */
export interface DiagCheck {
  label: string;
  reference: string;
  note: string | null;
  phase: 'AdminInfra' | 'Mesh' | string;
  outcome: { Pass: { elapsed_ms: number } } | { Slow: { elapsed_ms: number } } | { Fail: { elapsed_ms: number; error: string } };
}

export type Overlay =
  | { kind: 'help'; scroll: number }
  | { kind: 'diag'; scroll: number; runId: number; running: boolean; checks: DiagCheck[]; completedAt?: number; error?: string }
  | { kind: 'pyspy' | 'config'; scroll: number; runId: number; running: boolean; target: string; short: string; lines: Line[]; completedAt?: number };

export type OverlayKind = Overlay['kind'];

export interface Prompt {
  /** `/` search in the tree, `:` command, `/` filter in a list view. */
  kind: 'search' | 'command' | 'filter';
  text: string;
  /** Where the search started: Esc goes back there. */
  origin?: { selectedKey?: string; expanded: ReadonlySet<string> };
}

export interface Size {
  columns: number;
  rows: number;
}

export interface TuiState {
  /** The admin server's base URL (header). */
  url: string;
  now: number;
  cache: Cache;
  /** References being fetched (kept apart from the cache: a fetch starting does not reshape the tree). */
  loading: ReadonlySet<string>;
  /** Refresh generation: cache entries of an older generation are refetched when needed. */
  gen: number;
  expanded: ReadonlySet<string>;
  showSystem: boolean;
  showStopped: boolean;
  /** Index of the selected row. */
  cursor: number;
  selectedKey?: string;
  /** First row shown in the tree pane. */
  scroll: number;
  size: Size;
  /** The header's error line (connection failure). */
  error?: string;
  /** A one-line message in the footer (copied reference, unknown command...). */
  notice?: { text: string; tone: Tone };
  overlay?: Overlay;
  prompt?: Prompt;
  /** The last search: its matches (row keys of the loaded tree) and which one is selected (1-based, 0: none). */
  search?: { query: string; matches: ReadonlySet<string>; index: number };
  view: ViewName;
  /** What a view other than the mesh says (which context entry is missing...). */
  viewMessage?: string[];
  /** The rows, selection and open detail of a list view (`:jobs`, `:envelopes`, `:agents`). */
  list?: ListState;
  /** The live job monitor (`meshscope job monitor` on a terminal): its snapshot and selection. */
  monitor?: MonitorState;
  /** Lines the details pane is scrolled up from the newest flight-recorder event. */
  detailScroll: number;
  refreshing: boolean;
  lastRefresh?: number;
  refreshMs: number;
  /** Set when the user asked to quit: the exit code. */
  quit?: number;
  /** The store's selectors: what is derived from its states, remembered (see `Selectors`). */
  select: Selectors;
}

export type Action =
  | { type: 'fetchStart'; refs: string[] }
  | { type: 'fetched'; ref: string; payload: NodePayload; at: number; gen?: number }
  | { type: 'fetchFailed'; ref: string; error: string; at: number }
  /** Several fetches completed together (one tree update for all of them). */
  | { type: 'fetchedMany'; results: FetchResult[]; at: number }
  | { type: 'batch'; actions: Action[] }
  | { type: 'connectFailed'; error: string }
  | { type: 'refreshStart' }
  /** The refresh is taking a while: the status line says it is refreshing. */
  | { type: 'refreshSlow' }
  | { type: 'refreshDone'; at: number; error?: string }
  | { type: 'move'; delta: number }
  | { type: 'moveTo'; index: number }
  | { type: 'select'; key: string }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'scrollToTop' }
  | { type: 'toggleExpand' }
  /** Open the selected node and step onto its first child; on an open node, step onto its first child. */
  | { type: 'open' }
  /** Close the selected node; on a closed node, go to its parent. */
  | { type: 'close' }
  | { type: 'expanded'; key: string }
  | { type: 'collapseAll' }
  | { type: 'toggleSystem' }
  | { type: 'toggleStopped' }
  | { type: 'resize'; size: Size }
  | { type: 'openOverlay'; overlay: Overlay }
  | { type: 'closeOverlay' }
  /** Scroll the overlay, never past `max` (what the overlay's text allows at this size). */
  | { type: 'overlayScroll'; delta: number; max: number }
  | { type: 'overlayScrollTo'; where: 'top' | 'bottom'; max: number }
  | { type: 'diagCheck'; runId: number; check: DiagCheck }
  | { type: 'diagDone'; runId: number; at: number; error?: string }
  | { type: 'overlayResult'; runId: number; lines: Line[]; at: number }
  | { type: 'promptOpen'; kind: Prompt['kind'] }
  | { type: 'promptInput'; text: string }
  | { type: 'promptBackspace' }
  | { type: 'promptCancel' }
  /** Erase what was typed (Ctrl-U). */
  | { type: 'promptClear' }
  | { type: 'promptSubmit' }
  | { type: 'searchStep'; dir: 1 | -1 }
  /** Select the next failure in tree order (`searched`: the whole mesh was looked through first). */
  | { type: 'nextFailed'; searched?: boolean }
  | { type: 'notice'; text: string; tone?: Tone }
  | { type: 'clearNotice' }
  | { type: 'clearSearch' }
  | { type: 'setView'; view: ViewName; message?: string[] }
  | { type: 'list'; action: ListAction }
  | { type: 'monitor'; action: MonitorAction }
  | { type: 'detailScroll'; delta: number; max: number }
  | { type: 'tick'; now: number }
  | { type: 'quit'; code: number };

export interface FetchResult {
  ref: string;
  payload?: NodePayload;
  error?: string;
  /** The refresh generation the fetch started in. */
  gen?: number;
}

export interface InitOptions {
  url: string;
  size?: Partial<Size>;
  refreshMs?: number;
  now?: number;
}

export const DEFAULT_SIZE: Size = { columns: 120, rows: 40 };
export const PAGE = 10;

export function initialState(opts: InitOptions): TuiState {
  return {
    url: opts.url,
    now: opts.now ?? Date.now(),
    cache: new Map(),
    loading: new Set(),
    gen: 0,
    expanded: new Set([ROOT_KEY]),
    showSystem: false,
    showStopped: false,
    cursor: 0,
    selectedKey: ROOT_KEY,
    scroll: 0,
    size: normSize(opts.size),
    view: 'mesh',
    detailScroll: 0,
    refreshing: false,
    refreshMs: opts.refreshMs ?? 2000,
    select: new Selectors(),
  };
}

function normSize(size?: Partial<Size>): Size {
  const columns = size?.columns && size.columns > 0 ? size.columns : DEFAULT_SIZE.columns;
  const rows = size?.rows && size.rows > 0 ? size.rows : DEFAULT_SIZE.rows;
  return { columns, rows };
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

export interface Layout {
  /** Lines the app draws (one less than the terminal, so Ink never clears the whole screen). */
  height: number;
  bodyHeight: number;
  treeWidth: number;
  detailWidth: number;
  /** The open overlay's width (the whole body on a narrow terminal). */
  overlayWidth: number;
  /** Tree rows visible at once. */
  treeViewport: number;
  /** Lines of the details pane's content. */
  detailViewport: number;
  /** Whether the panes had to be clipped (the terminal is too small). */
  clipped: boolean;
}

export const HEADER_LINES = 2;
export const FOOTER_LINES = 2;

/** Below this width an overlay takes the whole body (the tree behind it is only context). */
export const WIDE_OVERLAY_BELOW = 120;

export function layout(size: Size): Layout {
  const height = Math.max(8, size.rows - 1);
  const bodyHeight = Math.max(4, height - HEADER_LINES - FOOTER_LINES);
  // A narrow terminal gives the tree a little more (its rows carry markers that are never cut).
  const treeWidth = Math.max(20, Math.floor(size.columns * (size.columns < 100 ? 0.45 : 0.4)));
  const detailWidth = Math.max(20, size.columns - treeWidth);
  // Each pane: a border (2 lines) and a title line.
  const inner = Math.max(1, bodyHeight - 3);
  const overlayWidth = size.columns < WIDE_OVERLAY_BELOW ? Math.max(20, size.columns) : detailWidth;
  return { height, bodyHeight, treeWidth, detailWidth, overlayWidth, treeViewport: inner, detailViewport: inner, clipped: size.rows - 1 < 8 || size.columns < 60 };
}

// ---------------------------------------------------------------------------------------------
// Selectors (memoised per store: moving the cursor never rebuilds the tree)
// ---------------------------------------------------------------------------------------------

interface RowsInput {
  cache: Cache;
  expanded: ReadonlySet<string>;
  showSystem: boolean;
  showStopped: boolean;
}

interface RowsMemo extends RowsInput {
  rows: Row[];
}

export interface FailureSummary {
  actors: number;
  procs: number;
  unreachable: number;
}

const sameInput = (m: RowsInput, s: RowsInput) => m.cache === s.cache && m.expanded === s.expanded && m.showSystem === s.showSystem && m.showStopped === s.showStopped;

/** Row sets kept for recent inputs: the current tree, where a search started, the other toggles. */
const KEPT = 4;

/**
 * What one store derives from its states, each value computed once for its inputs: the rows of the
 * tree as shown (for the last few inputs, so that going back — a search cancelled, a toggle undone —
 * costs nothing), every loaded node (search and `f`), the index of a row key, the failure counts.
 * Every state of a store carries the store's selectors (`initialState` makes them, the reducer
 * passes them on); two stores never share them, and they never change what a state means: they
 * only remember.
 */
export class Selectors {
  /** How often the shown rows were built from scratch or patched after a fetch. */
  readonly stats = { builds: 0, patches: 0 };
  private visible: RowsMemo[] = [];
  private loaded?: RowsMemo & { root: boolean };
  private readonly index = new WeakMap<readonly Row[], Map<string, number>>();
  private readonly byRef = new WeakMap<readonly Row[], Map<string, number[]>>();
  private summary?: { cache: Cache; value: FailureSummary };
  /** Each node's sorted children, kept across refreshes that do not change them. */
  private readonly children = new ChildrenMemo();

  /** The rows of the tree as shown. */
  rows(s: RowsInput): Row[] {
    const hit = this.peek(s);
    if (hit) return hit;
    const rows = buildRows({ cache: s.cache, expanded: s.expanded, showSystem: s.showSystem, showStopped: s.showStopped, memo: this.children });
    this.stats.builds++;
    this.remember(s, rows);
    return rows;
  }

  /** The rows for exactly these inputs, if they are known. */
  peek(s: RowsInput): Row[] | undefined {
    for (const m of this.visible) if (sameInput(m, s)) return m.rows;
    return undefined;
  }

  /** Rows known for these inputs (a patch of `from`, whose rows keep their keys and places). */
  remember(s: RowsInput, rows: Row[], from?: readonly Row[]): void {
    this.visible = [{ cache: s.cache, expanded: s.expanded, showSystem: s.showSystem, showStopped: s.showStopped, rows }, ...this.visible.filter((m) => !sameInput(m, s))].slice(0, KEPT);
    // a patch keeps every row's key and place
    const idx = from && this.index.get(from);
    if (idx) this.index.set(rows, idx);
    const refs = from && this.byRef.get(from);
    if (refs) this.byRef.set(rows, refs);
  }

  /** The places of a reference's rows (one node may be shown twice: under its proc and its supervisor). */
  placesOf(rows: readonly Row[], ref: string): readonly number[] | undefined {
    let m = this.byRef.get(rows);
    if (!m) {
      m = new Map();
      for (let i = 0; i < rows.length; i++) {
        const at = m.get(rows[i].ref);
        if (at) at.push(i);
        else m.set(rows[i].ref, [i]);
      }
      this.byRef.set(rows, m);
    }
    return m.get(ref);
  }

  /** Every loaded node, as if everything fetched were expanded (what search and `f` look through). */
  loadedRows(s: RowsInput): Row[] {
    const root = s.expanded.has(ROOT_KEY);
    const m = this.peekLoaded(s);
    if (m) return m;
    // only the root's own expansion counts: below it, every loaded node is open
    const rows = buildRows({ cache: s.cache, expanded: root ? new Set([ROOT_KEY]) : new Set(), showSystem: s.showSystem, showStopped: s.showStopped, expandAllLoaded: true, memo: this.children });
    this.loaded = { cache: s.cache, expanded: s.expanded, showSystem: s.showSystem, showStopped: s.showStopped, root, rows };
    return rows;
  }

  private peekLoaded(s: RowsInput): Row[] | undefined {
    const m = this.loaded;
    return m && m.cache === s.cache && m.showSystem === s.showSystem && m.showStopped === s.showStopped && m.root === s.expanded.has(ROOT_KEY) ? m.rows : undefined;
  }

  /**
   * After a fetch: the shown rows, and the loaded ones if they were known, patched where the
   * fetched nodes keep their shape (see `patchRows`).
   */
  fetched(prev: RowsInput, next: RowsInput, changed: ReadonlySet<string>): void {
    const rows = this.peek(prev);
    // the other rows kept for the previous answers (the other toggle, where a search started)
    // follow too, so going back to them after a refresh builds nothing; the shown rows come last
    // and stay the first remembered
    for (const m of [...this.visible].reverse()) {
      if (m.cache !== prev.cache || m.rows === rows) continue;
      const input = { cache: next.cache, expanded: m.expanded, showSystem: m.showSystem, showStopped: m.showStopped };
      const patched = patchRows(m.rows, input, prev.cache, changed, (ref) => this.placesOf(m.rows, ref));
      if (patched) this.remember(input, patched, m.rows);
    }
    if (rows) {
      const patched = patchRows(rows, next, prev.cache, changed, (ref) => this.placesOf(rows, ref));
      if (patched) {
        this.stats.patches++;
        this.remember(next, patched, rows);
      }
    }
    const loaded = this.peekLoaded(prev);
    if (!loaded) return;
    const patched = patchRows(loaded, { ...next, expandAllLoaded: true }, prev.cache, changed, (ref) => this.placesOf(loaded, ref));
    if (!patched) return;
    this.loaded = { ...this.loaded!, cache: next.cache, rows: patched };
    const idx = this.index.get(loaded);
    if (idx) this.index.set(patched, idx);
    const refs = this.byRef.get(loaded);
    if (refs) this.byRef.set(patched, refs);
  }

  /** Compute now what the first search or `f` would (the browser does it while nothing else happens). */
  warm(s: RowsInput & { selectedKey?: string }): void {
    this.indexOf(this.loadedRows(s), s.selectedKey);
    // and the tree `s` would show (kept, and patched along with the shown rows)
    const shown = this.peek(s);
    this.rows({ ...s, showSystem: !s.showSystem });
    // the shown rows stay the first remembered
    if (shown) this.remember(s, shown);
  }

  /** Where a row key is in these rows (-1: not there). */
  indexOf(rows: readonly Row[], key: string | undefined): number {
    if (key === undefined) return -1;
    let m = this.index.get(rows);
    if (!m) {
      m = new Map();
      for (let i = 0; i < rows.length; i++) if (!m.has(rows[i].key)) m.set(rows[i].key, i);
      this.index.set(rows, m);
    }
    return m.get(key) ?? -1;
  }

  /**
   * What the server says failed, over everything fetched: failed actors (the poisoned procs'
   * failed_actor_count), poisoned procs, nodes that could not be fetched (from the cache, once per
   * cache: no walk of the tree).
   */
  failures(s: Pick<TuiState, 'cache'>): FailureSummary {
    if (this.summary?.cache === s.cache) return this.summary.value;
    const value = { actors: 0, procs: 0, unreachable: 0 };
    for (const e of s.cache.values()) {
      const p = e.payload?.properties;
      if (!e.payload && e.error !== undefined) value.unreachable++;
      else if (p && 'Proc' in p && p.Proc.is_poisoned) {
        value.procs++;
        value.actors += p.Proc.failed_actor_count;
      }
    }
    this.summary = { cache: s.cache, value };
    return value;
  }
}

/** A state's selectors (a state made by hand, without `initialState`, gets a fresh set). */
function sel(s: Partial<Pick<TuiState, 'select'>>): Selectors {
  return s.select ?? new Selectors();
}

/** The rows of the tree as shown. */
export function selectRows(s: TuiState): Row[] {
  return sel(s).rows(s);
}

/** Every loaded node, as if everything fetched were expanded (what search and `f` look through). */
export function selectLoadedRows(s: TuiState): Row[] {
  return sel(s).loadedRows(s);
}

/** How often this store built or patched the rows of its tree (tests, benchmarks). */
export function rowStats(s: TuiState): { builds: number; patches: number } {
  return sel(s).stats;
}

function indexOfKey(s: TuiState, rows: readonly Row[], key: string | undefined): number {
  return sel(s).indexOf(rows, key);
}

export function selectedRow(s: TuiState): Row | undefined {
  return selectRows(s)[s.cursor];
}

/** The selected node's cache entry (its payload once fetched). */
export function selectedEntry(s: TuiState): CacheEntry | undefined {
  const row = selectedRow(s);
  return row ? s.cache.get(row.ref) : undefined;
}

/**
 * Where `f` stops: an actor whose own data says failed, a node that cannot be fetched, and a
 * poisoned proc none of whose failed actors is known.
 */
export function failureStops(rows: readonly Row[]): boolean[] {
  const stops = rows.map((r) => r.failedActor || Boolean(r.error));
  // an actor shown twice (under its proc and under its supervisor) is one stop: under its proc
  const shallowest = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    if (!stops[i]) continue;
    const j = shallowest.get(rows[i].ref);
    if (j === undefined || rows[i].depth < rows[j].depth) shallowest.set(rows[i].ref, i);
  }
  for (let i = 0; i < rows.length; i++) if (stops[i] && shallowest.get(rows[i].ref) !== i) stops[i] = false;
  const known = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    if (!rows[i].failedActor) continue;
    for (const a of ancestorsOf(rows, i)) if (rows[a].kind === 'proc') known.add(a);
  }
  for (let i = 0; i < rows.length; i++) if (rows[i].kind === 'proc' && rows[i].selfFailed && !known.has(i)) stops[i] = true;
  return stops;
}

/** What the server says failed, over everything fetched (see `Selectors.failures`). */
export function failureSummary(s: TuiState): FailureSummary {
  return sel(s).failures(s);
}

/** The proc py-spy and config act on: the selected proc, or the selected actor's proc. */
export function selectedProc(s: TuiState): string | undefined {
  const rows = selectRows(s);
  const row = rows[s.cursor];
  const direct = procOf(row, s.cache);
  if (direct || !row || row.kind !== 'actor') return direct;
  for (const i of ancestorsOf(rows, s.cursor)) if (rows[i].kind === 'proc') return rows[i].ref;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Reducer
// ---------------------------------------------------------------------------------------------

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** Keep the cursor inside the tree and on screen. */
function withScroll(s: TuiState, rows: readonly Row[]): TuiState {
  const vp = layout(s.size).treeViewport;
  const cursor = rows.length ? clamp(s.cursor, 0, rows.length - 1) : 0;
  let scroll = s.scroll;
  if (cursor < scroll) scroll = cursor;
  else if (cursor >= scroll + vp) scroll = cursor - vp + 1;
  scroll = clamp(scroll, 0, Math.max(0, rows.length - vp));
  const selectedKey = rows[cursor]?.key ?? s.selectedKey;
  if (cursor === s.cursor && scroll === s.scroll && selectedKey === s.selectedKey) return s;
  return { ...s, cursor, scroll, selectedKey };
}

/** Move the selection to a row index (resets the details scroll when the node changes). */
function moveTo(s: TuiState, index: number): TuiState {
  const rows = selectRows(s);
  if (!rows.length) return s;
  const cursor = clamp(index, 0, rows.length - 1);
  const key = rows[cursor].key;
  const next = withScroll({ ...s, cursor, selectedKey: key, detailScroll: key === s.selectedKey ? s.detailScroll : 0 }, rows);
  return next;
}

/**
 * After the tree changed shape: find the selected row again (same key, else the same reference at
 * any depth, else its nearest surviving ancestor, else the same position).
 */
function settle(prev: TuiState, next: TuiState): TuiState {
  const rows = selectRows(next);
  let idx = indexOfKey(next, rows, next.selectedKey);
  if (idx < 0 && next.selectedKey) {
    const ref = next.selectedKey.slice(next.selectedKey.indexOf(':') + 1);
    idx = rows.findIndex((r) => r.ref === ref);
  }
  if (idx < 0) {
    const prevRows = selectRows(prev);
    const prevIdx = indexOfKey(prev, prevRows, next.selectedKey);
    if (prevIdx >= 0) {
      for (const a of ancestorsOf(prevRows, prevIdx)) {
        const i = indexOfKey(next, rows, prevRows[a].key);
        if (i >= 0) {
          idx = i;
          break;
        }
      }
    }
  }
  if (idx < 0) idx = clamp(next.cursor, 0, Math.max(0, rows.length - 1));
  const key = rows[idx]?.key;
  const sameNode = key === next.selectedKey;
  return withScroll({ ...next, cursor: idx, selectedKey: key ?? next.selectedKey, detailScroll: sameNode ? next.detailScroll : 0 }, rows);
}

/** Above this many cached nodes, a refresh forgets the actors that are not on the tree. */
export const CACHE_SOFT_LIMIT = 2000;

/**
 * Keep the cache bounded while browsing a big mesh: root, hosts and procs stay (they carry failures
 * up the tree), actors stay while they are shown or selected; the rest is fetched again if needed.
 */
function pruneCache(s: TuiState): TuiState {
  if (s.cache.size <= CACHE_SOFT_LIMIT) return s;
  const shown = new Set<string>();
  for (const r of selectRows(s)) shown.add(r.ref);
  const cache = new Map<string, CacheEntry>();
  for (const [ref, e] of s.cache) {
    const props = e.payload?.properties;
    if (shown.has(ref) || (props && !('Actor' in props) && !('Error' in props))) cache.set(ref, e);
  }
  if (cache.size === s.cache.size) return s;
  return settle(s, { ...s, cache });
}

/**
 * Fetch results into the cache. When the changed nodes keep the tree's shape, the current rows are
 * patched in place of a rebuild (see `patchRows`).
 */
function applyFetches(s: TuiState, results: readonly FetchResult[], at: number): TuiState {
  if (!results.length) return s;
  const cache = new Map(s.cache);
  let loading: Set<string> | undefined;
  const changed = new Set<string>();
  for (const r of results) {
    if (r.payload) cache.set(r.ref, { payload: r.payload, gen: r.gen ?? s.gen, at });
    else {
      const old = cache.get(r.ref);
      cache.set(r.ref, { payload: old?.payload, gen: old?.gen ?? -1, error: r.error ?? 'no answer', at });
    }
    changed.add(r.ref);
    if (s.loading.has(r.ref)) {
      loading ??= new Set(s.loading);
      loading.delete(r.ref);
    }
  }
  sel(s).fetched(s, { cache, expanded: s.expanded, showSystem: s.showSystem, showStopped: s.showStopped }, changed);
  return settle(s, { ...s, cache, loading: loading ?? s.loading });
}

/** Expand the ancestors of a row of the loaded tree and select it. */
function reveal(s: TuiState, loaded: readonly Row[], index: number): TuiState {
  const closed = ancestorsOf(loaded, index).filter((a) => !s.expanded.has(loaded[a].key));
  // the same set when every ancestor is open already: the rows shown stay the same rows
  let expanded = s.expanded;
  if (closed.length) {
    const more = new Set(s.expanded);
    for (const a of closed) more.add(loaded[a].key);
    expanded = more;
  }
  return settle(s, { ...s, expanded, selectedKey: loaded[index].key });
}

function searchMatches(s: TuiState, query: string): { loaded: Row[]; hits: number[] } {
  const loaded = selectLoadedRows(s);
  const hits: number[] = [];
  if (!query) return { loaded, hits };
  // A query that looks like a reference (`…@tcp://…`, `host:…`) is also looked for in references.
  const inRefs = /@|:\/\/|^host:/.test(query);
  // smart case: a query in lower case matches any case
  const re = /[A-Z]/.test(query) ? undefined : new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu');
  const match = re ? (t: string) => re.test(t) : (t: string) => t.includes(query);
  for (let i = 0; i < loaded.length; i++) if (match(loaded[i].label) || (inRefs && match(loaded[i].ref))) hits.push(i);
  return { loaded, hits };
}

/** The loaded-tree index where stepping starts: the selected node, or the row before it. */
function loadedPosition(s: TuiState, loaded: readonly Row[]): number {
  const i = indexOfKey(s, loaded, s.selectedKey);
  return i >= 0 ? i : 0;
}

function jumpSearch(s: TuiState, query: string, dir: 1 | -1, includeCurrent: boolean): TuiState {
  const { loaded, hits } = searchMatches(s, query);
  const matches = new Set(hits.map((i) => loaded[i].key));
  if (!hits.length) return { ...s, search: { query, matches, index: 0 }, notice: query ? { text: `no match for "${query}"`, tone: 'warn' } : undefined };
  const pos = loadedPosition(s, loaded);
  let target: number | undefined;
  if (dir === 1) target = hits.find((h) => (includeCurrent ? h >= pos : h > pos)) ?? hits[0];
  else target = [...hits].reverse().find((h) => (includeCurrent ? h <= pos : h < pos)) ?? hits[hits.length - 1];
  const n = hits.indexOf(target) + 1;
  const next = reveal({ ...s, search: { query, matches, index: n } }, loaded, target);
  return { ...next, notice: { text: `/${query}  match ${n} of ${hits.length}`, tone: 'info' } };
}

export function reduce(s: TuiState, a: Action): TuiState {
  switch (a.type) {
    case 'batch':
      return a.actions.reduce(reduce, s);

    case 'fetchStart': {
      const loading = new Set(s.loading);
      for (const ref of a.refs) loading.add(ref);
      return { ...s, loading };
    }
    case 'fetched':
      return applyFetches(s, [{ ref: a.ref, payload: a.payload, gen: a.gen }], a.at);
    case 'fetchFailed':
      return applyFetches(s, [{ ref: a.ref, error: a.error }], a.at);
    case 'fetchedMany':
      return applyFetches(s, a.results, a.at);
    case 'connectFailed':
      return { ...s, error: `Failed to connect: ${a.error}`, refreshing: false };
    case 'refreshStart':
      return { ...s, gen: s.gen + 1 };
    case 'refreshSlow':
      return s.refreshing ? s : { ...s, refreshing: true };
    case 'refreshDone':
      return pruneCache({ ...s, refreshing: false, lastRefresh: a.at, now: a.at, error: a.error });

    case 'move':
      return moveTo(s, s.cursor + a.delta);
    case 'moveTo':
      return moveTo(s, a.index);
    case 'select': {
      const i = indexOfKey(s, selectRows(s), a.key);
      return i >= 0 ? moveTo(s, i) : s;
    }
    case 'home':
      return moveTo(s, 0);
    case 'end':
      return moveTo(s, selectRows(s).length - 1);
    case 'scrollToTop': {
      const rows = selectRows(s);
      return { ...s, scroll: clamp(s.cursor, 0, Math.max(0, rows.length - 1)) };
    }

    case 'toggleExpand': {
      const row = selectedRow(s);
      if (!row || !row.hasChildren) return s;
      const expanded = new Set(s.expanded);
      if (row.expanded) {
        // the root stays open (c closes everything below it)
        if (row.depth === 0) return s;
        expanded.delete(row.key);
        return settle(s, { ...s, expanded });
      }
      expanded.add(row.key);
      const next = settle(s, { ...s, expanded });
      // With the children known, go to the first one (as the reference tool does).
      const rows = selectRows(next);
      const child = rows[next.cursor + 1];
      if (child && child.parent === next.cursor) return moveTo(next, next.cursor + 1);
      return next;
    }
    case 'open': {
      const row = selectedRow(s);
      if (!row || !row.hasChildren) return s;
      if (!row.expanded) return reduce(s, { type: 'toggleExpand' });
      const rows = selectRows(s);
      const child = rows[s.cursor + 1];
      return child && child.parent === s.cursor ? moveTo(s, s.cursor + 1) : s;
    }
    case 'close': {
      const row = selectedRow(s);
      if (!row) return s;
      if (row.expanded && row.depth > 0) return reduce(s, { type: 'toggleExpand' });
      return row.parent >= 0 ? moveTo(s, row.parent) : s;
    }
    case 'expanded': {
      // The node's children arrived after Tab: step onto the first one if the node is still selected.
      if (s.selectedKey !== a.key) return s;
      const rows = selectRows(s);
      const child = rows[s.cursor + 1];
      return child && child.parent === s.cursor ? moveTo(s, s.cursor + 1) : s;
    }
    case 'collapseAll':
      return settle(s, { ...s, expanded: new Set([ROOT_KEY]) });
    case 'toggleSystem':
      return settle(s, { ...s, showSystem: !s.showSystem, notice: { text: `system actors ${s.showSystem ? 'hidden' : 'shown'}`, tone: 'info' } });
    case 'toggleStopped':
      return settle(s, { ...s, showStopped: !s.showStopped, notice: { text: `stopped actors ${s.showStopped ? 'hidden (failed ones stay)' : 'shown'}`, tone: 'info' } });

    case 'resize': {
      const size = normSize(a.size);
      if (size.columns === s.size.columns && size.rows === s.size.rows) return s;
      return withScroll({ ...s, size }, selectRows(s));
    }

    case 'openOverlay':
      return { ...s, overlay: a.overlay, prompt: undefined };
    case 'closeOverlay':
      return s.overlay ? { ...s, overlay: undefined } : s;
    case 'overlayScroll': {
      if (!s.overlay) return s;
      const scroll = clamp(Math.min(s.overlay.scroll, a.max) + a.delta, 0, Math.max(0, a.max));
      return scroll === s.overlay.scroll ? s : { ...s, overlay: { ...s.overlay, scroll } };
    }
    case 'overlayScrollTo':
      return s.overlay ? { ...s, overlay: { ...s.overlay, scroll: a.where === 'top' ? 0 : Math.max(0, a.max) } } : s;
    case 'diagCheck': {
      const o = s.overlay;
      if (!o || o.kind !== 'diag' || o.runId !== a.runId) return s;
      return { ...s, overlay: { ...o, checks: [...o.checks, a.check] } };
    }
    case 'diagDone': {
      const o = s.overlay;
      if (!o || o.kind !== 'diag' || o.runId !== a.runId) return s;
      return { ...s, overlay: { ...o, running: false, completedAt: a.at, error: a.error } };
    }
    case 'overlayResult': {
      const o = s.overlay;
      if (!o || (o.kind !== 'pyspy' && o.kind !== 'config') || o.runId !== a.runId) return s;
      return { ...s, overlay: { ...o, running: false, lines: a.lines, completedAt: a.at } };
    }

    case 'promptOpen':
      return {
        ...s,
        prompt: { kind: a.kind, text: a.kind === 'filter' ? (s.list?.filter ?? '') : '', origin: a.kind === 'search' ? { selectedKey: s.selectedKey, expanded: s.expanded } : undefined },
        notice: undefined,
      };
    case 'promptClear': {
      if (!s.prompt) return s;
      if (s.prompt.kind === 'search') return reduce(reduce(s, { type: 'promptCancel' }), { type: 'promptOpen', kind: 'search' });
      const next = { ...s, prompt: { ...s.prompt, text: '' } };
      return s.prompt.kind === 'filter' ? reduce(next, { type: 'list', action: { type: 'filter', text: '' } }) : next;
    }
    case 'promptInput': {
      if (!s.prompt) return s;
      const text = s.prompt.text + a.text;
      const next = { ...s, prompt: { ...s.prompt, text } };
      if (s.prompt.kind === 'filter') return reduce(next, { type: 'list', action: { type: 'filter', text } });
      if (s.prompt.kind !== 'search') return next;
      // Incremental: search again from where the search started.
      const origin = s.prompt.origin;
      const base = origin ? settle(next, { ...next, selectedKey: origin.selectedKey, expanded: origin.expanded }) : next;
      return jumpSearch(base, text, 1, true);
    }
    case 'promptBackspace': {
      if (!s.prompt) return s;
      const text = Array.from(s.prompt.text).slice(0, -1).join('');
      const next = { ...s, prompt: { ...s.prompt, text } };
      if (s.prompt.kind === 'filter') return reduce(next, { type: 'list', action: { type: 'filter', text } });
      if (s.prompt.kind !== 'search') return next;
      const origin = s.prompt.origin;
      const base = origin ? settle(next, { ...next, selectedKey: origin.selectedKey, expanded: origin.expanded }) : next;
      return text ? jumpSearch(base, text, 1, true) : { ...base, search: undefined, notice: undefined };
    }
    case 'promptCancel': {
      if (!s.prompt) return s;
      const origin = s.prompt.origin;
      if (s.prompt.kind === 'search' && origin) return settle(s, { ...s, prompt: undefined, search: undefined, notice: undefined, selectedKey: origin.selectedKey, expanded: origin.expanded });
      if (s.prompt.kind === 'filter') return reduce({ ...s, prompt: undefined }, { type: 'list', action: { type: 'filter', text: '' } });
      return { ...s, prompt: undefined };
    }
    case 'promptSubmit': {
      if (!s.prompt) return s;
      if (s.prompt.kind === 'search') {
        const query = s.prompt.text;
        return query ? { ...s, prompt: undefined } : { ...s, prompt: undefined, search: undefined };
      }
      return { ...s, prompt: undefined };
    }
    case 'searchStep':
      if (!s.search?.query) return { ...s, notice: { text: 'no search yet: press / to search', tone: 'warn' } };
      return jumpSearch(s, s.search.query, a.dir, false);
    case 'nextFailed': {
      const loaded = selectLoadedRows(s);
      const stops = failureStops(loaded);
      const pos = loadedPosition(s, loaded);
      const n = loaded.length;
      const total = stops.filter(Boolean).length;
      for (let step = 1; step <= n; step++) {
        const i = (pos + step) % n;
        if (!stops[i]) continue;
        const r = loaded[i];
        const k = stops.slice(0, i + 1).filter(Boolean).length;
        const what = r.error ? `unreachable: ${r.name}  ${r.detail ?? ''}` : r.failedActor ? `failed: ${r.name}` : `poisoned, its failed actors not found: ${r.name}`;
        return { ...reveal(s, loaded, i), notice: { text: `${what}  (${k} of ${total}, f for the next)`, tone: 'bad' } };
      }
      return { ...s, notice: { text: a.searched ? 'no failed actor and no unreachable node in the mesh' : 'no failed node among the loaded ones', tone: 'ok' } };
    }

    case 'notice':
      return { ...s, notice: { text: a.text, tone: a.tone ?? 'info' } };
    case 'clearNotice':
      return s.notice ? { ...s, notice: undefined } : s;
    case 'clearSearch':
      return s.search ? { ...s, search: undefined } : s;
    case 'setView':
      return { ...s, view: a.view, viewMessage: a.message, overlay: undefined, prompt: undefined, list: a.view === s.view ? s.list : undefined };
    case 'list': {
      const list = reduceList(s.list, a.action);
      return list === s.list ? s : { ...s, list };
    }
    case 'monitor': {
      if (!s.monitor) return s;
      const monitor = reduceMonitor(s.monitor, a.action);
      return monitor === s.monitor ? s : { ...s, monitor };
    }
    case 'detailScroll': {
      const detailScroll = clamp(Math.min(s.detailScroll, a.max) + a.delta, 0, Math.max(0, a.max));
      return detailScroll === s.detailScroll ? s : { ...s, detailScroll };
    }
    case 'tick':
      return a.now === s.now ? s : { ...s, now: a.now };
    case 'quit':
      return { ...s, quit: a.code };
  }
}

/** The row key of a reference at a depth (re-exported for the controller and tests). */
export { rowKey, ROOT_KEY };
