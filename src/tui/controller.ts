/**
 * The browser's side effects around the pure reducer: fetching nodes (hosts eagerly, a host's
 * procs when it is expanded, anything else when it is selected or expanded), the periodic refresh
 * (paused while an overlay or a list view is open; selection and expansion survive it), finding
 * failures for `f` (what the server says is poisoned is fetched until the failed actors are
 * known), the overlays' jobs (diagnostics streaming live, py-spy, config), copying, the command
 * bar and quitting.
 *
 * Fetches share one small queue (the admin server refuses more than 2 concurrent resolves by
 * default): at most `concurrency` in flight, one per reference, what the user is looking at first.
 */
import type { CallOptions } from '../backends/admin/client.js';
import type { ConfigDumpResult, NodePayload, PySpyResult } from '../backends/admin/models.js';
import type { DiagnoseRunner } from './adapters.js';
import { burstKeys, hasControls, isBurst, keyIntents, type Intent, type KeyInfo } from './keys.js';
import { configLines } from './overlays.js';
import { initialState, layout, rowKey, selectedProc, selectedRow, selectRows, VIEWS, type Action, type FetchResult, type Size, type TuiState, type ViewName } from './state.js';
import type { Line } from './theme.js';
import { isFailedPayload, refLabel, type Row } from './tree.js';
import { RefSet } from '../backends/admin/refs.js';
import { clean } from './format.js';
import { showControls } from '../output/sanitize.js';
import { errorLines, errorText } from './errors.js';
import { ListController } from './views/controller.js';
import { Store } from './store.js';
import { selectedItem } from './views/model.js';
import type { ViewSources } from './views/sources.js';

export { errorText, Store };
export type { DiagnoseRunner };

export interface AdminApi {
  get(ref: string, opts?: CallOptions): Promise<NodePayload>;
  config(proc: string, opts?: CallOptions): Promise<ConfigDumpResult>;
  pyspy(proc: string, opts?: CallOptions): Promise<PySpyResult>;
}

export interface ControllerOptions {
  admin: AdminApi;
  url: string;
  refreshMs?: number;
  size?: Partial<Size>;
  clock?: () => number;
  /** Fetches in flight at once (default 2, the admin server's default limit). */
  concurrency?: number;
  /** Per-fetch budgets, ms (the reference TUI's: 5 s, config 8 s, py-spy 20 s). */
  fetchTimeoutMs?: number;
  configTimeoutMs?: number;
  pyspyTimeoutMs?: number;
  /** Quiet time after the selection moves before its details are fetched. */
  detailDelayMs?: number;
  diagnose: DiagnoseRunner;
  pyspyLines: (result: PySpyResult, proc: string) => Line[];
  /**
   * Put text on the clipboard; answers where it went (`the terminal's clipboard (OSC 52)`), and
   * throws when it went nowhere.
   */
  copy?: (text: string) => unknown;
  /** What a view other than the mesh says until it exists. */
  viewMessage?: (view: ViewName) => string[];
  /** Start the refresh and clock timers (default true; tests drive refreshes themselves). */
  timers?: boolean;
  /** The backends of the list views; a view without one shows its `viewMessage`. */
  views?: ViewSources;
}

/** A fetch of a node not yet known marks its row (`…`) once it has taken this long. */
const LOADING_AFTER_MS = 200;
/** How long the refresh's answers are gathered into one update. */
const GATHER_MS = 50;
/** A refresh still running after this long says so in the status line. */
const SLOW_REFRESH_MS = 1000;
/** Every this many refreshes, the open nodes off screen are refreshed too. */
const OFF_SCREEN_EVERY = 5;

const COMMANDS = ['mesh', 'jobs', 'envelopes', 'agents', 'help', 'quit'];
const COMMAND_ALIASES: Record<string, string> = { q: 'quit', 'q!': 'quit', job: 'jobs', envelope: 'envelopes', agent: 'agents', tree: 'mesh', topology: 'mesh' };

export class Controller {
  readonly store: Store;
  /** Resolves with the exit code when the user quits. */
  readonly exited: Promise<number>;
  private resolveExit!: (code: number) => void;
  private readonly opts: ControllerOptions;
  private readonly clock: () => number;
  private readonly inflight = new Map<string, Promise<NodePayload | undefined>>();
  private readonly waiting: Array<{ urgent: boolean; start: () => void }> = [];
  private active = 0;
  private pending: FetchResult[] = [];
  private flushing?: Promise<void>;
  private flushed?: () => void;
  private flushNow?: NodeJS.Immediate;
  private gathering?: NodeJS.Timeout;
  /** References someone waits for (their answers are not gathered with the refresh's). */
  private readonly urgent = new Set<string>();
  private refreshing?: Promise<void>;
  /** Refreshes started (the first, and every OFF_SCREEN_EVERY-th, fetches everything open). */
  private refreshes = 0;
  private timers: NodeJS.Timeout[] = [];
  private detailTimer?: NodeJS.Timeout;
  private runSeq = 0;
  private job?: AbortController;
  private readonly abort = new AbortController();
  private stopped = false;
  /** The open list view's fetching and live detail. */
  readonly lists: ListController;
  /** `f` looking through the mesh (one search at a time; tests wait on it). */
  finding?: Promise<void>;

  constructor(opts: ControllerOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? Date.now;
    this.store = new Store(initialState({ url: opts.url, size: opts.size, refreshMs: opts.refreshMs, now: this.clock() }));
    this.exited = new Promise((r) => (this.resolveExit = r));
    this.lists = new ListController({ sources: opts.views ?? {}, getState: () => this.state, dispatch: (a) => this.dispatch(a), clock: this.clock, timers: opts.timers !== false, followDelayMs: opts.detailDelayMs });
  }

  get state(): TuiState {
    return this.store.getState();
  }

  dispatch(a: Action): void {
    this.store.dispatch(a);
  }

  /** First refresh, then one every `refreshMs` (skipped while an overlay is open). */
  start(): Promise<void> {
    const first = this.refresh();
    if (this.opts.timers !== false) {
      this.timers.push(setInterval(() => void this.refresh(), this.state.refreshMs));
      this.timers.push(setInterval(() => this.dispatch({ type: 'tick', now: this.clock() }), 1000));
    }
    return first;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.detailTimer) clearTimeout(this.detailTimer);
    this.flush();
    this.job?.abort();
    this.lists.close();
    this.abort.abort();
  }

  quit(code = 0): void {
    this.dispatch({ type: 'quit', code });
    this.stop();
    this.resolveExit(code);
  }

  resize(size: Partial<Size>): void {
    this.dispatch({ type: 'resize', size: { columns: size.columns ?? this.state.size.columns, rows: size.rows ?? this.state.size.rows } });
  }

  // -------------------------------------------------------------------------------------------
  // Fetching
  // -------------------------------------------------------------------------------------------

  private slot<T>(fn: () => Promise<T>, urgent: boolean): Promise<T> {
    const limit = Math.max(1, this.opts.concurrency ?? 2);
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.active++;
        fn().then(resolve, reject).finally(() => {
          this.active--;
          const next = this.waiting.shift();
          if (next) next.start();
        });
      };
      if (this.active < limit) start();
      else if (urgent) {
        // before everything that is not urgent, after what is (rows fill in the order they are shown)
        const at = this.waiting.findIndex((w) => !w.urgent);
        if (at < 0) this.waiting.push({ urgent, start });
        else this.waiting.splice(at, 0, { urgent, start });
      } else this.waiting.push({ urgent, start });
    });
  }

  /** Whether a node must be (re)fetched: never fetched, failed, or from an older refresh. */
  needs(ref: string): boolean {
    if (this.inflight.has(ref)) return false;
    const e = this.state.cache.get(ref);
    return !e || e.error !== undefined || e.payload === undefined || e.gen < this.state.gen;
  }

  /** Fetch one node (deduplicated: one request per reference at a time). */
  fetch(ref: string, urgent = false): Promise<NodePayload | undefined> {
    if (urgent) this.urgent.add(ref);
    const existing = this.inflight.get(ref);
    if (existing) return existing;
    const p = (async () => {
      // a node shown only by its reference says it is coming once its answer is slow to come
      const marker = this.state.cache.get(ref)?.payload ? undefined : setTimeout(() => !this.stopped && this.dispatch({ type: 'fetchStart', refs: [ref] }), LOADING_AFTER_MS);
      const gen = this.state.gen;
      try {
        const payload = await this.slot(() => this.opts.admin.get(ref, { timeoutMs: this.opts.fetchTimeoutMs ?? 5000, signal: this.abort.signal }), urgent);
        if (this.stopped) return undefined;
        await this.deliver({ ref, payload, gen });
        return payload;
      } catch (e) {
        if (this.stopped) return undefined;
        await this.deliver({ ref, error: errorText(e) });
        return undefined;
      } finally {
        clearTimeout(marker);
        this.urgent.delete(ref);
        this.inflight.delete(ref);
      }
    })();
    this.inflight.set(ref, p);
    return p;
  }

  /**
   * Hand a fetch result to the state. Results arriving together make one update: what the user
   * waits for (the selection, an expansion) at once, the refresh's answers gathered for a moment
   * (a refresh of a large tree is one or a few updates, not one per node).
   */
  private deliver(result: FetchResult): Promise<void> {
    this.pending.push(result);
    this.flushing ??= new Promise<void>((resolve) => (this.flushed = resolve));
    if (this.urgent.has(result.ref)) {
      clearTimeout(this.gathering);
      this.gathering = undefined;
      this.flushNow ??= setImmediate(() => this.flush());
    } else if (!this.flushNow) this.gathering ??= setTimeout(() => this.flush(), GATHER_MS);
    return this.flushing;
  }

  private flush(): void {
    clearTimeout(this.gathering);
    if (this.flushNow) clearImmediate(this.flushNow);
    this.gathering = undefined;
    this.flushNow = undefined;
    const results = this.pending;
    const done = this.flushed;
    this.pending = [];
    this.flushing = undefined;
    this.flushed = undefined;
    if (!this.stopped && results.length) this.dispatch({ type: 'fetchedMany', results, at: this.clock() });
    done?.();
  }

  private fetchIfNeeded(ref: string, urgent = false): Promise<NodePayload | undefined> {
    // someone waits for it now: its answer is not gathered with the refresh's
    if (urgent && this.inflight.has(ref)) this.urgent.add(ref);
    if (this.needs(ref)) return this.fetch(ref, urgent);
    return this.inflight.get(ref) ?? Promise.resolve(this.state.cache.get(ref)?.payload);
  }

  /**
   * The references of the tree's rows on screen and of their ancestors (the nodes whose answers
   * make what is shown).
   */
  private onScreen(): { refs: Set<string>; rows: Row[] } {
    const rows = selectRows(this.state);
    const refs = new Set<string>();
    const out: Row[] = [];
    const seen = new Set<number>();
    const end = Math.min(rows.length, this.state.scroll + layout(this.state.size).treeViewport);
    for (let i = Math.max(0, this.state.scroll); i < end; i++) {
      for (let a = i; a >= 0 && !seen.has(a); a = rows[a].parent) {
        seen.add(a);
        refs.add(rows[a].ref);
        out.push(rows[a]);
      }
    }
    return { refs, rows: out };
  }

  /**
   * Refresh the tree: root, every host, what is expanded (an expanded host's procs), the selection.
   * The open nodes off screen (a 10,000-row tree's other procs) only every few refreshes, and when
   * the user asks (r). Paused while an overlay or a list view is shown (unless asked for).
   */
  refresh(manual = false): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.refreshing) return this.refreshing;
    if ((this.state.overlay || this.state.view !== 'mesh') && !manual) return Promise.resolve();
    const full = manual || this.refreshes % OFF_SCREEN_EVERY === 0;
    this.refreshes++;
    const run = (async () => {
      this.dispatch({ type: 'refreshStart' });
      // the status line says so when a refresh is slow (a quick one every few seconds would flicker)
      const slow = setTimeout(() => !this.stopped && this.dispatch({ type: 'refreshSlow' }), SLOW_REFRESH_MS);
      let error: string | undefined;
      try {
        const root = await this.fetch('root', true);
        if (!root) {
          error = `Failed to connect: ${this.state.cache.get('root')?.error ?? 'no answer'}`;
          return;
        }
        // Everything at once (one slow host must not hold up the rest): every host, the procs of
        // the expanded hosts, every other expanded node, and the selection.
        const expanded = this.state.expanded;
        const near = full ? undefined : this.onScreen();
        const jobs: Promise<unknown>[] = [];
        const hosts = root.children.map((h) => {
          const job = this.fetchIfNeeded(h);
          jobs.push(job.then((p) => (p && expanded.has(rowKey(h, 1)) ? Promise.all(p.children.filter((c) => !near || near.refs.has(c)).map((c) => this.fetchIfNeeded(c))) : undefined)));
          return job;
        });
        for (const row of near ? near.rows : selectRows(this.state)) {
          if (row.expanded && row.depth > 1) jobs.push(this.fetchIfNeeded(row.ref));
        }
        const sel = selectedRow(this.state);
        if (sel) jobs.push(this.fetchIfNeeded(sel.ref, true));
        await Promise.all(jobs);
        const got = await Promise.all(hosts);
        if (root.children.length > 0 && got.every((h) => h === undefined)) {
          const first = root.children[0];
          error = `All host fetches failed: ${first}: ${this.state.cache.get(first)?.error ?? 'no answer'}`;
        }
      } finally {
        clearTimeout(slow);
        this.refreshing = undefined;
        if (!this.stopped) this.dispatch({ type: 'refreshDone', at: this.clock(), error });
        // what a first search (or f) looks through, made ready while nothing happens
        if (!this.stopped) setTimeout(() => !this.stopped && this.state.select.warm(this.state), 0);
      }
    })();
    this.refreshing = run;
    return run;
  }

  /**
   * Fetch the selected node's details once the selection has rested for a moment; then the rows
   * above and below it, if they were never fetched, behind it (a step to either shows its details
   * in the same frame).
   */
  private scheduleDetail(): void {
    if (this.detailTimer) clearTimeout(this.detailTimer);
    const delay = this.opts.detailDelayMs ?? 40;
    const go = () => {
      this.detailTimer = undefined;
      const row = selectedRow(this.state);
      if (row && this.needs(row.ref)) void this.fetch(row.ref, true);
      const rows = selectRows(this.state);
      for (const next of [rows[this.state.cursor + 1], rows[this.state.cursor - 1]]) {
        if (next && !next.fetched && !next.error && !this.inflight.has(next.ref)) void this.fetch(next.ref);
      }
    };
    if (delay <= 0) go();
    else this.detailTimer = setTimeout(go, delay);
  }

  /** A node that could not be fetched is fetched again (Tab, → or Enter on it): true when it was. */
  private async retry(): Promise<boolean> {
    const row = selectedRow(this.state);
    if (!row || !row.error) return false;
    this.dispatch({ type: 'notice', text: `fetching ${row.name} again…`, tone: 'info' });
    const payload = await this.fetch(row.ref, true);
    if (!payload) {
      const error = this.state.cache.get(row.ref)?.error ?? 'no answer';
      this.dispatch({ type: 'notice', text: `${row.name} could not be fetched: ${clean(error)} (Tab tries again)`, tone: 'bad' });
    } else this.dispatch({ type: 'notice', text: `${row.name} answered`, tone: 'ok' });
    return true;
  }

  /**
   * Open the selected node (fetching it, a host's procs, a poisoned proc's stopped actors to tell
   * the failed ones) and step onto its first child; `toggle` closes an open node instead, `open`
   * steps onto its first child.
   */
  private async expand(how: 'toggle' | 'open'): Promise<void> {
    const before = selectedRow(this.state);
    if (!before) return;
    if (before.error && !this.state.cache.get(before.ref)?.payload) {
      await this.retry();
      return;
    }
    if (!before.hasChildren) return;
    if (before.expanded) {
      this.dispatch({ type: how === 'toggle' ? 'toggleExpand' : 'open' });
      return;
    }
    this.dispatch({ type: 'toggleExpand' });
    const payload = await this.fetchIfNeeded(before.ref, true);
    if (payload && (before.kind === 'host' || before.kind === 'root')) await Promise.all(payload.children.map((c) => this.fetchIfNeeded(c, true)));
    if (payload && 'Proc' in payload.properties && payload.properties.Proc.is_poisoned) await Promise.all(payload.properties.Proc.stopped_children.map((c) => this.fetchIfNeeded(c)));
    this.dispatch({ type: 'expanded', key: before.key });
  }

  // -------------------------------------------------------------------------------------------
  // Finding failures
  // -------------------------------------------------------------------------------------------

  /** A node's payload: the cached one (if `fresh` allows it), else fetched. */
  private known(ref: string, fresh: (p: NodePayload, gen: number) => boolean = () => true): Promise<NodePayload | undefined> {
    const e = this.state.cache.get(ref);
    if (e?.payload && e.error === undefined && fresh(e.payload, e.gen)) return Promise.resolve(e.payload);
    // a node that did not answer is unreachable now (the refresh keeps trying it): no waiting on it
    if (e?.error !== undefined && !e.payload) return Promise.resolve(undefined);
    return this.inflight.get(ref) ?? this.fetch(ref);
  }

  /**
   * Fetch what it takes to know every failure of the mesh: every host (the refresh has them), the
   * procs of every host (a proc says whether it is poisoned and how many of its actors failed),
   * and the stopped actors of each poisoned proc (then its other actors, while fewer failed actors
   * are found than it counts).
   */
  async discoverFailures(): Promise<void> {
    const root = await this.known('root');
    if (!root) return;
    const hosts = await Promise.all(root.children.map((h) => this.known(h)));
    // A poisoned proc stays poisoned; another proc may have become poisoned since it was fetched
    // (an open host's procs are refreshed anyway; a closed host's are fetched again after a while).
    const now = this.clock();
    const recent = (ref: string) => now - (this.state.cache.get(ref)?.at ?? -Infinity) < Math.max(10_000, 5 * this.state.refreshMs);
    const procs = await Promise.all(
      hosts.flatMap((h) => (h ? h.children : [])).map(async (ref) => [ref, await this.known(ref, (p) => recent(ref) || ('Proc' in p.properties && p.properties.Proc.is_poisoned))] as const),
    );
    await Promise.all(
      procs.map(async ([, p]) => {
        if (!p || !('Proc' in p.properties) || !p.properties.Proc.is_poisoned) return;
        const pr = p.properties.Proc;
        const failedIn = (payloads: Array<NodePayload | undefined>) => payloads.filter((x) => x && 'Actor' in x.properties && isFailedPayload(x)).length;
        const stopped = await Promise.all(pr.stopped_children.map((c) => this.known(c)));
        if (failedIn(stopped) >= pr.failed_actor_count) return;
        const listed = new RefSet([...pr.stopped_children, ...pr.system_children]);
        const rest = p.children.filter((c) => !listed.has(c)).slice(0, 500);
        await Promise.all(rest.map((c) => this.known(c)));
      }),
    );
  }

  /** `f` presses waiting for the search to end (each steps once it has). */
  private steps = 0;

  /** `f`: look through the mesh for failures, then select the next one in tree order. */
  private nextFailed(): void {
    this.steps++;
    if (this.finding) {
      this.dispatch({ type: 'notice', text: 'looking for failures…', tone: 'info' });
      return;
    }
    this.dispatch({ type: 'notice', text: 'looking for failures…', tone: 'info' });
    const before = this.state.selectedKey;
    this.finding = this.discoverFailures()
      .catch(() => undefined)
      .then(async () => {
        // results still on their way into the state
        await this.flushing;
        if (this.stopped) return;
        const n = this.steps;
        this.steps = 0;
        for (let i = 0; i < n; i++) this.dispatch({ type: 'nextFailed', searched: true });
        if (this.state.selectedKey !== before && !this.state.overlay) this.scheduleDetail();
      })
      .finally(() => {
        this.finding = undefined;
      });
  }

  // -------------------------------------------------------------------------------------------
  // Overlays
  // -------------------------------------------------------------------------------------------

  private newJob(): { runId: number; signal: AbortSignal } {
    this.job?.abort();
    this.job = new AbortController();
    return { runId: ++this.runSeq, signal: this.job.signal };
  }

  private startDiagnostics(): void {
    const { runId, signal } = this.newJob();
    this.dispatch({ type: 'openOverlay', overlay: { kind: 'diag', scroll: 0, runId, running: true, checks: [] } });
    this.opts
      .diagnose((c) => {
        if (!signal.aborted) this.dispatch({ type: 'diagCheck', runId, check: c });
      }, signal)
      .then(
        () => this.dispatch({ type: 'diagDone', runId, at: this.clock() }),
        (e) => {
          if (!signal.aborted) this.dispatch({ type: 'diagDone', runId, at: this.clock(), error: errorText(e) });
        },
      );
  }

  private procShort(proc: string): string {
    const p = this.state.cache.get(proc)?.payload;
    if (p && 'Proc' in p.properties) return clean(p.properties.Proc.proc_name);
    return refLabel(proc);
  }

  private startProcJob(kind: 'pyspy' | 'config'): void {
    const o = this.state.overlay;
    const proc = o && (o.kind === 'pyspy' || o.kind === 'config') ? o.target : selectedProc(this.state);
    if (!proc) {
      this.dispatch({ type: 'notice', text: `${kind === 'pyspy' ? 'py-spy' : 'config'} needs a proc: select a proc or an actor`, tone: 'warn' });
      return;
    }
    const { runId, signal } = this.newJob();
    const short = this.procShort(proc);
    this.dispatch({ type: 'openOverlay', overlay: { kind, scroll: 0, runId, running: true, target: proc, short, lines: [] } });
    const work = async (): Promise<Line[]> => {
      if (kind === 'pyspy') return this.opts.pyspyLines(await this.opts.admin.pyspy(proc, { timeoutMs: this.opts.pyspyTimeoutMs ?? 20_000, signal, retries: 0 }), proc);
      return configLines(await this.opts.admin.config(proc, { timeoutMs: this.opts.configTimeoutMs ?? 8000, signal }));
    };
    work().then(
      (lines) => {
        if (!signal.aborted) this.dispatch({ type: 'overlayResult', runId, lines, at: this.clock() });
      },
      (e) => {
        if (!signal.aborted) this.dispatch({ type: 'overlayResult', runId, lines: errorLines(e), at: this.clock() });
      },
    );
  }

  // -------------------------------------------------------------------------------------------
  // Commands
  // -------------------------------------------------------------------------------------------

  private runCommand(text: string): void {
    this.dispatch({ type: 'promptSubmit' });
    const word = text.trim().replace(/^:/, '').split(/\s+/)[0] ?? '';
    const cmd = COMMAND_ALIASES[word] ?? word;
    if (!cmd) return;
    if (cmd === 'quit') return this.quit(0);
    if (cmd === 'help') return this.dispatch({ type: 'openOverlay', overlay: { kind: 'help', scroll: 0 } });
    if ((VIEWS as string[]).includes(cmd)) {
      const view = cmd as ViewName;
      if (view !== 'mesh' && this.lists.has(view)) {
        this.dispatch({ type: 'setView', view });
        this.lists.open(view);
        return;
      }
      this.dispatch({ type: 'setView', view, message: view === 'mesh' ? undefined : (this.opts.viewMessage?.(view) ?? [`The ${view} view is not available yet.`]) });
      this.lists.close();
      return;
    }
    this.dispatch({ type: 'notice', text: `unknown command ":${clean(word)}": try :mesh, :jobs, :envelopes, :agents, :help or :q`, tone: 'warn' });
  }

  private complete(): void {
    const text = this.state.prompt?.text ?? '';
    const hit = COMMANDS.find((c) => c.startsWith(text) && c !== text);
    if (hit) this.dispatch({ type: 'promptInput', text: hit.slice(text.length) });
  }

  /**
   * `y`: the selected reference to the clipboard. A reference with control characters or line
   * breaks is not copied (pasted into a shell they would act); what was copied is shown exactly.
   */
  private copy(): void {
    const row = selectedRow(this.state);
    if (!row) return;
    const ref = row.ref;
    if (unsafeToPaste(ref)) {
      this.dispatch({ type: 'notice', text: `not copied: the reference holds control characters or line breaks: ${showControls(ref, true)}`, tone: 'warn' });
      return;
    }
    if (!this.opts.copy) {
      this.dispatch({ type: 'notice', text: 'not copied: no clipboard here', tone: 'warn' });
      return;
    }
    const done = (where: unknown) => this.dispatch({ type: 'notice', text: `copied ${ref}${typeof where === 'string' && where ? `  → ${where}` : ''}`, tone: 'ok' });
    const failed = (e: unknown) => this.dispatch({ type: 'notice', text: `not copied: ${clean(errorText(e))}`, tone: 'warn' });
    try {
      const r = this.opts.copy(ref);
      if (r instanceof Promise) r.then(done, failed);
      else done(r);
    } catch (e) {
      failed(e);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Keys
  // -------------------------------------------------------------------------------------------

  /** One key press, as Ink reports it. */
  key(input: string, key: KeyInfo): void {
    if (this.stopped) return;
    if (isBurst(input, key) && (hasControls(input) || !this.state.prompt)) {
      for (const [ch, k] of burstKeys(input)) this.key(ch, k);
      return;
    }
    const before = this.state.selectedKey;
    const hadOverlay = this.state.overlay?.kind;
    const view = this.state.view;
    const item = selectedItem(this.state.list)?.id;
    if (this.state.notice && !this.state.prompt) this.dispatch({ type: 'clearNotice' });
    for (const intent of keyIntents(this.state, input, key)) this.run(intent);
    if (this.state.view === 'mesh') {
      this.lists.close();
      // back from a list view: the tree was not refreshed meanwhile
      if (view !== 'mesh') void this.refresh();
    } else this.lists.followSelection(item);
    if (hadOverlay && !this.state.overlay) this.job?.abort();
    if (this.state.selectedKey !== before && !this.state.overlay) this.scheduleDetail();
  }

  private run(intent: Intent): void {
    switch (intent.kind) {
      case 'action':
        this.dispatch(intent.action);
        return;
      case 'quit':
        return this.quit(0);
      case 'toggle':
        void this.expand('toggle');
        return;
      case 'open':
        void this.expand('open');
        return;
      case 'close':
        return this.dispatch({ type: 'close' });
      case 'nextFailed':
        return this.nextFailed();
      case 'list':
        if (intent.op === 'move') this.lists.move(intent.delta);
        else if (intent.op === 'open') this.lists.openSelected();
        else void this.lists.refresh();
        return;
      case 'diag':
        return this.startDiagnostics();
      case 'pyspy':
        return this.startProcJob('pyspy');
      case 'config':
        return this.startProcJob('config');
      case 'help':
        return this.dispatch({ type: 'openOverlay', overlay: { kind: 'help', scroll: 0 } });
      case 'copy':
        return this.copy();
      case 'refresh':
        void this.refresh(true);
        return;
      case 'command':
        return this.runCommand(intent.text);
      case 'complete':
        return this.complete();
    }
  }
}

/** Text that must not reach a clipboard: control characters (C0, DEL, C1), line and paragraph separators, bidi controls. */
export function unsafeToPaste(text: string): boolean {
  return /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(text);
}
