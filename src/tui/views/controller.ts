/**
 * The side effects of the list views: fetching the open view's rows (now, then on the browser's
 * refresh interval), what their keys do (the keymap names them: moving, Enter opens the live detail,
 * r refreshes), and the one live detail stream, which follows the selection once a detail is open
 * and is closed when the view is left.
 */
import { errorText } from '../errors.js';
import { layout, type Action, type TuiState } from '../state.js';
import { selectedItem, type Detail, type ListAction, type ListViewName } from './model.js';
import type { ViewSources } from './sources.js';

export interface ListControllerOptions {
  sources: ViewSources;
  getState: () => TuiState;
  dispatch: (a: Action) => void;
  clock: () => number;
  /** Refresh on the browser's interval (tests refresh by hand). */
  timers: boolean;
  /** Quiet time after the selection moves before the open detail follows it, ms. */
  followDelayMs?: number;
}

export class ListController {
  private view?: ListViewName;
  private timer?: NodeJS.Timeout;
  private fetching?: Promise<void>;
  private listAbort?: AbortController;
  private detailAbort?: AbortController;
  private detailId?: string;
  private runSeq = 0;
  private followTimer?: NodeJS.Timeout;
  /** The detail stream of the open item (tests wait on it). */
  following?: Promise<void>;

  constructor(private readonly o: ListControllerOptions) {}

  has(view: string): view is ListViewName {
    return Boolean(this.o.sources[view as ListViewName]);
  }

  private act(action: ListAction): void {
    this.o.dispatch({ type: 'list', action });
  }

  /** Show a view: its rows now and on every refresh. */
  open(view: ListViewName): Promise<void> {
    const source = this.o.sources[view];
    if (!source) return Promise.resolve();
    if (this.view !== view) {
      this.close();
      this.view = view;
      this.listAbort = new AbortController();
      if (this.o.timers) this.timer = setInterval(() => void this.refresh(), this.o.getState().refreshMs);
    }
    this.act({ type: 'start', view, columns: source.columns, origin: source.origin });
    return this.refresh();
  }

  /** Fetch the open view's rows again (one fetch at a time); a finished detail of a polled view is fetched again too. */
  refresh(): Promise<void> {
    const view = this.view;
    const source = view && this.o.sources[view];
    if (!view || !source || !this.listAbort) return Promise.resolve();
    if (this.fetching) return this.fetching;
    const signal = this.listAbort.signal;
    const run = (async () => {
      try {
        const items = await source.list(signal);
        if (!signal.aborted) this.act({ type: 'items', view, items, at: this.o.clock() });
      } catch (e) {
        if (!signal.aborted) this.act({ type: 'failed', view, error: errorText(e), at: this.o.clock() });
      } finally {
        this.fetching = undefined;
      }
      const d = this.o.getState().list?.detail;
      if (!signal.aborted && source.refreshDetail && d && !d.live && d.id === this.detailId) this.follow(d.id, false);
    })();
    this.fetching = run;
    return run;
  }

  /** Follow one item of the open view (the previous stream is closed). */
  follow(id: string, fresh = true): Promise<void> {
    const view = this.view;
    const source = view && this.o.sources[view];
    if (!view || !source) return Promise.resolve();
    this.detailAbort?.abort();
    const abort = new AbortController();
    this.detailAbort = abort;
    this.detailId = id;
    const runId = fresh ? ++this.runSeq : this.runSeq;
    const placeholder: Detail = view === 'jobs' ? { kind: 'job', id, live: true } : { kind: 'lines', id, title: id, lines: [], live: true };
    if (fresh) this.act({ type: 'open', runId, detail: placeholder });
    let last: Detail = this.o.getState().list?.detail ?? placeholder;
    const emit = (d: Detail) => {
      if (abort.signal.aborted) return;
      last = d;
      this.act({ type: 'detail', runId, detail: d });
    };
    const run = source.follow(id, emit, abort.signal).then(
      () => undefined,
      (e) => {
        if (!abort.signal.aborted) emit({ ...last, live: false, error: errorText(e) });
      },
    );
    this.following = run;
    return run;
  }

  /** Leave the view: no more refreshes, the detail stream closed. */
  close(): void {
    if (this.followTimer) clearTimeout(this.followTimer);
    this.followTimer = undefined;
    if (!this.view) return;
    this.view = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.listAbort?.abort();
    this.listAbort = undefined;
    this.detailAbort?.abort();
    this.detailAbort = undefined;
    this.detailId = undefined;
  }

  /** Move the selection; an open detail follows it once the selection rests. */
  move(delta: number): void {
    const s = this.o.getState();
    if (!s.list) return;
    const before = selectedItem(s.list)?.id;
    this.act({ type: 'move', delta, viewport: Math.max(1, layout(s.size).treeViewport - 1) });
    this.followSelection(before);
  }

  /** After the rows or the filter changed: an open detail follows the selected row. */
  followSelection(before: string | undefined): void {
    const l = this.o.getState().list;
    const id = selectedItem(l)?.id;
    if (!l?.detail || id === undefined || id === before || id === l.detail.id) return;
    if (this.followTimer) clearTimeout(this.followTimer);
    const go = () => {
      this.followTimer = undefined;
      const now = this.o.getState().list;
      const sel = selectedItem(now)?.id;
      if (now?.detail && sel !== undefined && sel !== now.detail.id) void this.follow(sel);
    };
    const delay = this.o.followDelayMs ?? 40;
    if (delay <= 0) go();
    else this.followTimer = setTimeout(go, delay);
  }

  /** Enter: open the selected item live. */
  openSelected(): void {
    const item = selectedItem(this.o.getState().list);
    if (item) void this.follow(item.id);
  }
}
