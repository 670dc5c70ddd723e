/**
 * One diagnose run: the walk over an adaptive limiter, the whole-run ceiling (the checks finished
 * when it fires are kept, in-flight probes are lost, `timed_out` becomes true), the findings, and
 * the fleet and baseline sections. Knows nothing of the CLI: the probe attempt is injected.
 */
import { abortError, isTimeoutReason } from '../errors.js';
import type { BaselineInput } from './baseline.js';
import { AdaptiveLimiter, compareKeys } from './limiter.js';
import { opaqueReferencesFinding } from './findings.js';
import { createProber, ProbeAbandoned, type Attempt } from './probe.js';
import { buildReport } from './report.js';
import type { FleetReport, Report } from './types.js';
import { Walk, type WalkEntry, type WalkKey } from './walk.js';

/** The reference TUI's budgets (`timeouts.rs`). */
export const DEFAULTS = { probeTimeoutMs: 5000, slowMs: 500, runTimeoutMs: 120_000, concurrency: 16, initialWindow: 2 } as const;

export interface DiagnoseOptions {
  attempt: Attempt;
  /** Most probes in flight; 1 = the reference TUI's serial walk, exactly. */
  concurrency?: number;
  /** The window the walk starts with (it adapts from there). */
  initialWindow?: number;
  probeTimeoutMs?: number;
  slowMs?: number;
  runTimeoutMs?: number;
  /** Ctrl-C (or an outer deadline: a TimeoutError reason counts as the run timeout). */
  signal?: AbortSignal;
  allActors?: boolean;
  strict?: boolean;
  /** Each check as soon as it and everything before it in walk order is known. */
  onEntry?: (e: WalkEntry) => void;
  fleet?: (signal: AbortSignal) => Promise<FleetReport>;
  baseline?: { file: string; data: BaselineInput };
}

export interface RunStats {
  probes: number;
  retries: number;
  peakInflight: number;
  peakWindow: number;
  busy: number;
  elapsedMs: number;
}

export async function diagnose(opts: DiagnoseOptions): Promise<{ report: Report; stats: RunStats }> {
  const started = performance.now();
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULTS.concurrency));
  const serial = concurrency === 1;
  const runTimeoutMs = opts.runTimeoutMs ?? DEFAULTS.runTimeoutMs;
  const ceiling = new AbortController();
  const timer = setTimeout(() => ceiling.abort(new DOMException(`timed out after ${runTimeoutMs}ms`, 'TimeoutError')), runTimeoutMs);
  const run = opts.signal ? AbortSignal.any([ceiling.signal, opts.signal]) : ceiling.signal;

  // Serial: exactly the walk order. Concurrent: nodes that open up more work first, then walk order.
  const compare = serial ? (a: WalkKey, b: WalkKey) => compareKeys(a.path, b.path) : (a: WalkKey, b: WalkKey) => (a.leaf === b.leaf ? compareKeys(a.path, b.path) : a.leaf ? 1 : -1);
  const limiter = new AdaptiveLimiter<WalkKey>({ max: concurrency, initial: opts.initialWindow ?? DEFAULTS.initialWindow }, compare);
  const probe = createProber(opts.attempt, limiter, { budgetMs: opts.probeTimeoutMs ?? DEFAULTS.probeTimeoutMs, slowMs: opts.slowMs ?? DEFAULTS.slowMs, serial, run });
  const fleetJob = opts.fleet?.(run);

  let frozen: WalkEntry[] | undefined;
  const walk = new Walk((ref, key) => probe(ref, key), { allActors: opts.allActors });
  const onAbort = () => {
    frozen = walk.snapshot();
    limiter.close(new ProbeAbandoned());
  };
  if (run.aborted) onAbort();
  else run.addEventListener('abort', onAbort, { once: true });

  const live = (async () => {
    for await (const e of walk.stream()) {
      if (run.aborted) break;
      opts.onEntry?.(e);
    }
  })();
  const aborted = new Promise<void>((resolve) => (run.aborted ? resolve() : run.addEventListener('abort', () => resolve(), { once: true })));
  try {
    await Promise.race([walk.done, aborted]);
    await live;
  } finally {
    clearTimeout(timer);
    run.removeEventListener('abort', onAbort);
  }
  if (walk.failure) throw walk.failure;
  let timedOut = false;
  if (frozen) {
    if (ceiling.signal.aborted || isTimeoutReason(opts.signal?.reason)) timedOut = true;
    else throw abortError(opts.signal?.reason);
  }
  const entries = frozen ?? walk.snapshot();
  const fleet = fleetJob ? await fleetJob : undefined;
  const findings = entries.flatMap((e) => e.findings);
  const opaque = opaqueReferencesFinding(entries.map((e) => e.opaque));
  if (opaque) findings.push(opaque);
  let report = buildReport({ checks: entries.map((e) => e.check), timedOut, findings, fleet, strict: opts.strict });
  if (opts.baseline) {
    const { compareWithBaseline } = await import('./baseline.js');
    const baseline = compareWithBaseline(opts.baseline.file, opts.baseline.data, report);
    report = buildReport({ checks: report.checks, timedOut, findings: report.findings, fleet, baseline, strict: opts.strict });
  }
  const progress = walk.progress();
  return {
    report,
    stats: { probes: entries.length, retries: progress.retries, peakInflight: limiter.stats.peakInflight, peakWindow: limiter.stats.peakWindow, busy: limiter.stats.busy, elapsedMs: Math.round(performance.now() - started) },
  };
}
