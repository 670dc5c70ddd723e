/**
 * The longer mn command flows, kept out of the thin verb files: following a job to its end with
 * progress on stderr, reporting its outcome (summary on stdout, the mn.error.v1 failure on stderr,
 * exit 0 or 1), the non-interactive job monitor (NDJSON snapshots), following a blueprint launch
 * through its phases, and listing jobs (saying when finished ones are hidden).
 */
import { abortError, MeshError } from '../../errors.js';
import { sleep } from '../../http/client.js';
import type { IO, Output } from '../../output/index.js';
import { count } from '../../output/units.js';
import type { MnClient } from './client.js';
import type { LaunchProgress, WorkflowProgress } from './models.js';
import { followProgress, isTerminal, jobExitCode, jobOutcomeError, summaryFields, waitForJob } from './monitor.js';
import { formatElapsed, jobView, progressHeadline, statusTone } from './render.js';

export interface FlowContext {
  client: MnClient;
  out: Output;
  io: IO;
  signal: AbortSignal;
}

export interface FollowFlags {
  poll?: boolean;
  intervalS?: number;
}

function streamDisabled(io: IO): boolean {
  const v = io.env.MN_JOB_MONITOR_DISABLE_API_STREAM;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Most finished jobs counted for the "hidden" note of an empty `job list`. */
const HIDDEN_SCAN = 1000;

/**
 * `job list`: active jobs, or every job with `all`. When no job is active but finished ones exist,
 * the empty list says so on stderr and how to show them (`--all`), instead of "No resources found.".
 */
export async function listJobs(client: MnClient, out: Output, opts: { limit?: number; all?: boolean }): Promise<void> {
  const res = await client.listJobs({ limit: opts.limit, includeTerminal: Boolean(opts.all) });
  let empty: string | undefined;
  if (!opts.all && res.data.length === 0 && !out.structured) {
    try {
      const every = await client.listJobs({ limit: HIDDEN_SCAN, includeTerminal: true });
      const finished = every.data.filter((j) => isTerminal(j.status)).length;
      if (finished > 0) {
        const n = every.data.length >= HIDDEN_SCAN ? `at least ${count(finished, 'finished job')}` : count(finished, 'finished job');
        empty = finished === 1 ? `No active jobs; ${n} is hidden (show it with --all).` : `No active jobs; ${n} are hidden (show them with --all).`;
      }
    } catch (e) {
      // only a note: the list itself was answered (an interrupt still stops the command)
      if (e instanceof MeshError && e.kind === 'interrupted') throw e;
      out.debug(`could not count finished jobs: ${(e as Error).message}`);
    }
  }
  out.list(res.data, jobView, res, { empty });
}

/** Follow a job to completed|failed|cancelled, telling status changes on stderr. */
export async function followJob(ctx: FlowContext, jobId: string, flags: FollowFlags = {}): Promise<WorkflowProgress> {
  const { out } = ctx;
  const spinner = out.progress(`job ${jobId}: waiting`);
  let lastStatus: string | undefined;
  try {
    return await waitForJob(ctx.client, jobId, {
      signal: ctx.signal,
      poll: flags.poll || streamDisabled(ctx.io),
      intervalS: flags.intervalS,
      onFallback: (reason) => out.debug(`workflow-progress stream unavailable (${reason}); polling`),
      onSnapshot: (snap) => {
        spinner.update(`job ${jobId}: ${progressHeadline(snap)}`);
        if (snap.status !== lastStatus) {
          if (!out.structured) out.info(`job ${jobId}: ${snap.status}`);
          lastStatus = snap.status;
        }
      },
    });
  } finally {
    spinner.done();
  }
}

/** Print how a followed job ended and return its exit code (0 completed, 1 failed or cancelled). */
export function reportOutcome(out: Output, snap: WorkflowProgress): number {
  const fields = summaryFields(snap).map(([k, v]): [string, unknown, ReturnType<typeof statusTone>?] => (k === 'Elapsed' ? [k, formatElapsed(v as number)] : k === 'Status' ? [k, v, statusTone(String(v))] : k === 'Failure' ? [k, v, 'bad'] : [k, v]));
  const raw = { job_id: snap.job_id, status: snap.status, workflow_id: snap.workflow_id, run_id: snap.run_id, elapsed_seconds: snap.elapsed_seconds, steps_done: snap.steps.filter((s) => s.status === 'done').length, steps_total: snap.steps.length, resource_tokens: snap.resource_tokens, failure: snap.failure ?? null, exit_code: jobExitCode(snap.status) };
  out.item(fields, raw, `job/${snap.job_id}`);
  const err = jobOutcomeError(snap);
  if (err && !out.structured) out.error(err);
  return jobExitCode(snap.status);
}

/** `job monitor` without a terminal: one JSON snapshot per line, then the summary on stderr. */
export async function monitorNdjson(ctx: FlowContext, jobId: string, flags: FollowFlags = {}): Promise<number> {
  let last: WorkflowProgress | undefined;
  for await (const snap of followProgress(ctx.client, jobId, {
    signal: ctx.signal,
    poll: flags.poll || streamDisabled(ctx.io),
    intervalS: flags.intervalS,
    onFallback: (reason) => ctx.out.warn(`the workflow-progress stream is unavailable (${reason}); polling instead`),
  })) {
    last = snap;
    ctx.out.ndjson(snap);
  }
  if (!last) throw new MeshError({ kind: 'server', code: 'no_progress', backend: 'mn', message: `no progress was reported for job ${jobId}` });
  ctx.out.info(`job ${jobId} ${last.status}: ${progressHeadline(last)}${last.resource_tokens != null ? `, ${last.resource_tokens} tokens` : ''}`);
  const err = jobOutcomeError(last);
  if (err) ctx.out.info(`failure: ${err.message}${err.hint ? `\nremediation: ${err.hint}` : ''}`);
  return jobExitCode(last.status);
}

/**
 * A follow loop that Ctrl-C or --timeout may end anywhere (in a request or between polls): it ends
 * saying what goes on without us.
 */
async function following<T>(signal: AbortSignal, continues: string, loop: () => Promise<T>): Promise<T> {
  try {
    return await loop();
  } catch (e) {
    throw signal.aborted ? abortError(signal.reason, { backend: 'mn', continues }) : e;
  }
}

/** Follow a launch progress record through its phases; a spinner (TTY) and one line per phase on stderr. */
export async function followLaunch(ctx: FlowContext, progressId: string, opts: { pollMs?: number; ndjson?: boolean } = {}): Promise<LaunchProgress> {
  const spinner = ctx.out.progress(`launch ${progressId}`);
  const seen = new Map<string, string>();
  try {
    return await following(ctx.signal, 'the launch continues on the server', async () => {
      for (;;) {
        const p = await ctx.client.launchProgress(progressId);
        for (const ph of p.phases) {
          if (seen.get(ph.id) === ph.status) continue;
          seen.set(ph.id, ph.status);
          if (opts.ndjson) ctx.out.ndjson({ progress_id: p.progress_id, phase: ph.id, status: ph.status, message: ph.message ?? null, run_id: p.run_id ?? null, job_id: p.job_id ?? null });
          else if (ph.status !== 'running') ctx.out.info(`${ph.status === 'completed' ? '✓' : ph.status === 'failed' ? '×' : '-'} ${ph.label ?? ph.id}: ${ph.message ?? ph.status}`);
        }
        spinner.update(`${p.latest?.label ?? p.current_phase ?? 'launch'}: ${p.latest?.message ?? p.status}`);
        if (p.completed || p.status === 'completed' || p.status === 'failed') return p;
        await sleep(opts.pollMs ?? 250, ctx.signal);
      }
    });
  } finally {
    spinner.done();
  }
}

// ---------------------------------------------------------------- run logs and streams

const RUN_END = new Set(['job_completed', 'job_failed', 'job_cancelled', 'run_completed', 'run_failed', 'run_cancelled']);

function runOutcome(type: string | undefined): number {
  return type && /completed$/.test(type) ? 0 : 1;
}

/** `run logs -f`: print new log records every interval until the run ends; exit with its outcome. */
export async function followLogs(ctx: FlowContext, runId: string, opts: { level?: string; limit?: number; intervalMs?: number; print: (rows: import('./models.js').RunLog[]) => void }): Promise<number> {
  const seen = new Set<string>();
  let first = true;
  return following(ctx.signal, 'the run continues on the server', async () => {
    for (;;) {
      const [logs, summary] = await Promise.all([ctx.client.runLogs(runId, { level: opts.level, limit: 5000 }), ctx.client.observabilitySummary(runId)]);
      let fresh = logs.data.filter((l) => {
        const key = JSON.stringify(l);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (first && opts.limit !== undefined) fresh = fresh.slice(-opts.limit);
      first = false;
      if (fresh.length) opts.print(fresh);
      const status = summary.status ?? '';
      if (isTerminal(status)) {
        const last = await ctx.client.runLogs(runId, { level: opts.level, limit: 5000 });
        const rest = last.data.filter((l) => !seen.has(JSON.stringify(l)));
        if (rest.length) opts.print(rest);
        return status === 'completed' ? 0 : 1;
      }
      await sleep(opts.intervalMs ?? 1000, ctx.signal);
    }
  });
}

export interface StreamRecord {
  channel: string;
  id?: string;
  data: Record<string, unknown>;
}

/**
 * `run stream`: the merged SSE channels of a run. Without follow, stops at the first heartbeat
 * (everything stored so far has been sent); with follow, reconnects with Last-Event-ID after a cut
 * and stops when the run ends (a job_* / run_* end record on the events or timeline channel).
 */
export async function streamRun(ctx: FlowContext, runId: string, opts: { channels?: string; level?: string; follow: boolean; intervalS?: number; print: (r: StreamRecord) => void }): Promise<number> {
  const { readSse } = await import('../../http/sse.js');
  let lastId: string | undefined;
  let cuts = 0;
  return following(ctx.signal, 'the run continues on the server', async () => {
    for (;;) {
      const res = await ctx.client.runStream(runId, { channels: opts.channels, level: opts.level, intervalS: opts.intervalS ?? (opts.follow ? 1 : 0.25), lastEventId: lastId, signal: ctx.signal });
      try {
        for await (const item of readSse(res.body, { backend: 'mn' })) {
          if (item.kind === 'comment') {
            if (!opts.follow) return 0;
            continue;
          }
          if (item.kind !== 'event') continue;
          let data: Record<string, unknown>;
          try {
            data = JSON.parse(item.event.data) as Record<string, unknown>;
          } catch {
            data = { raw: item.event.data };
          }
          if (item.event.id) lastId = item.event.id;
          opts.print({ channel: item.event.event, id: item.event.id, data });
          if (opts.follow && (item.event.event === 'events' || item.event.event === 'timeline') && RUN_END.has(String(data.type))) return runOutcome(String(data.type));
        }
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        if (!(e instanceof MeshError) || !e.retryable) {
          if (++cuts > 5) throw e;
        }
      }
      if (!opts.follow) return 0;
      if (++cuts > 20) throw new MeshError({ kind: 'unreachable', code: 'stream_cut', backend: 'mn', message: `the run stream of ${runId} kept closing`, hint: 'try again, or read `meshscope run events` instead' });
      ctx.out.debug(`run stream closed; reconnecting after id ${lastId ?? '(start)'}`);
      await sleep(250, ctx.signal);
    }
  });
}
