/**
 * The side effects of the list views: fetching the open view's rows (now, then on the browser's
 * refresh interval), the keys that act on its rows (j/k move, Enter opens the live detail, r
 * refreshes), and the one live detail stream, closed when another item is opened or the view is left.
 */
import { errorText } from '../errors.js';
import type { KeyInfo } from '../keys.js';
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
}

export class ListController {
  private view?: ListViewName;
  private timer?: NodeJS.Timeout;
  private fetching?: Promise<void>;
  private listAbort?: AbortController;
  private detailAbort?: AbortController;
  private detailId?: string;
  private runSeq = 0;
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

  /** The keys a list view acts on; false when the key is the browser's (Esc, :, q, ?...). */
  key(input: string, key: KeyInfo): boolean {
    const s = this.o.getState();
    if (s.view === 'mesh' || !s.list || s.prompt || s.overlay || key.ctrl || key.meta) return false;
    const viewport = Math.max(1, layout(s.size).treeViewport - 1);
    const move = (delta: number) => {
      this.act({ type: 'move', delta, viewport });
      return true;
    };
    if (input === 'j' || key.downArrow) return move(1);
    if (input === 'k' || key.upArrow) return move(-1);
    if (key.pageDown) return move(10);
    if (key.pageUp) return move(-10);
    if (input === 'g' || key.home) return move(-s.list.items.length);
    if (input === 'G' || key.end) return move(s.list.items.length);
    if (key.return) {
      const item = selectedItem(s.list);
      if (item) void this.follow(item.id);
      return true;
    }
    if (input === 'r') {
      void this.refresh();
      return true;
    }
    return false;
  }
}
