/**
 * The live job monitor's side effects around the browser's store and reducer: the progress stream
 * consumed into snapshots, keys read through the one keymap (mode `monitor`), and the end — the
 * job reaching a terminal status (once its final frame is drawn), or the user detaching (q, Esc;
 * Ctrl-C as an interrupt).
 */
import type { WorkflowProgress } from '../../backends/mn/models.js';
import { keyIntents, type KeyInfo } from '../keys.js';
import { initialState } from '../state.js';
import { Store } from '../store.js';
import { emptyMonitor, TERMINAL, type MonitorAction } from './model.js';

export type MonitorOutcome = { kind: 'finished'; snapshot: WorkflowProgress } | { kind: 'detached'; snapshot?: WorkflowProgress; interrupt: boolean } | { kind: 'error'; error: unknown; snapshot?: WorkflowProgress };

export interface MonitorControllerOptions {
  jobId: string;
  source: AsyncIterable<WorkflowProgress>;
  onDone: (outcome: MonitorOutcome) => void;
  /** Notices from the source (stream fallback). */
  notices?: { subscribe(fn: (msg: string) => void): void };
}

/** The final frame is drawn before the app ends. */
const FINAL_FRAME_MS = 50;

export class MonitorController {
  readonly store: Store;
  private done = false;
  private stopped = false;
  private exit?: () => void;
  private timer?: NodeJS.Timeout;

  constructor(private readonly o: MonitorControllerOptions) {
    this.store = new Store({ ...initialState({ url: '' }), monitor: emptyMonitor(o.jobId) });
  }

  private act(action: MonitorAction): void {
    this.store.dispatch({ type: 'monitor', action });
  }

  private get snapshot(): WorkflowProgress | undefined {
    return this.store.getState().monitor?.snapshot;
  }

  /** Consume the stream until the job ends; `exit` ends the app. */
  start(exit: () => void): void {
    this.exit = exit;
    this.o.notices?.subscribe((text) => !this.stopped && this.act({ type: 'notice', text }));
    void (async () => {
      try {
        for await (const snapshot of this.o.source) {
          if (this.stopped) return;
          this.act({ type: 'snapshot', snapshot });
          if (TERMINAL.has(snapshot.status)) return this.finish({ kind: 'finished', snapshot });
        }
      } catch (e) {
        if (this.stopped) return;
        this.act({ type: 'failed', error: e instanceof Error ? e.message : String(e) });
        this.finish({ kind: 'error', error: e, snapshot: this.snapshot });
      }
    })();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private finish(outcome: MonitorOutcome): void {
    if (this.done) return;
    this.done = true;
    this.o.onDone(outcome);
    this.timer = setTimeout(() => this.exit?.(), FINAL_FRAME_MS);
  }

  /** One key press, as Ink reports it. */
  key(input: string, key: KeyInfo): void {
    for (const intent of keyIntents(this.store.getState(), input, key)) {
      if (intent.kind === 'action') this.store.dispatch(intent.action);
      else if (intent.kind === 'detach') this.finish({ kind: 'detached', snapshot: this.snapshot, interrupt: false });
      else if (intent.kind === 'quit') this.finish({ kind: 'detached', snapshot: this.snapshot, interrupt: true });
    }
  }
}
