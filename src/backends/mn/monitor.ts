/**
 * Following a job: a stream of workflow-progress snapshots from the SSE endpoint
 * `jobs/{id}/workflow-progress/stream` (`event: snapshot`, `: heartbeat`, `event: error`), falling
 * back to polling `jobs/{id}/workflow-progress` when the stream is unavailable or ends early, until
 * the job reaches completed, failed or cancelled. As the `mn` CLI does, the stream is skipped when
 * MN_JOB_MONITOR_DISABLE_API_STREAM is set.
 */
import { abortError, MeshError } from '../../errors.js';
import { readSse } from '../../http/sse.js';
import type { MnClient } from './client.js';
import type { WorkflowProgress } from './models.js';
import { isTerminalJobStatus } from '../../vocab/mn.js';
// the models as lazy ones: a well-formed payload is checked without loading zod
import * as M from './checks.js';
import { safeParseLazy } from '../../http/model.js';

/** Has a job (or run) with this status finished? (the one list of terminal statuses: src/vocab/mn.ts) */
export const isTerminal = isTerminalJobStatus;

/** The exit code of a finished job: 0 completed, 1 failed or cancelled. */
export function jobExitCode(status: string): number {
  return status === 'completed' ? 0 : 1;
}

export interface FollowOptions {
  signal: AbortSignal;
  /** Server-side interval of the SSE stream, seconds (0.25–30). */
  intervalS?: number;
  /** Polling period, ms. */
  pollMs?: number;
  /** Never use the SSE stream. */
  poll?: boolean;
  /** Told once when falling back to polling, with the reason. */
  onFallback?: (reason: string) => void;
}

function interrupted(signal: AbortSignal): MeshError {
  return abortError(signal.reason, { backend: 'mn', continues: 'the job keeps running' });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(interrupted(signal));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(interrupted(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function parseSnapshot(data: string): Promise<WorkflowProgress> {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    throw new MeshError({ kind: 'server', code: 'invalid_response', backend: 'mn', message: 'the workflow-progress stream sent a snapshot that is not JSON', hint: 'check that the URL points at mn-api' });
  }
  const parsed = await safeParseLazy(M.WorkflowProgress, raw);
  if (!parsed.success) {
    throw new MeshError({ kind: 'server', code: 'invalid_response', backend: 'mn', message: 'the workflow-progress stream sent a snapshot meshscope does not understand', details: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`), hint: 'the server may be a different version' });
  }
  return parsed.data;
}

/** Snapshots of a job until it reaches a terminal status (the last one yielded is terminal). */
export async function* followProgress(client: MnClient, jobId: string, opts: FollowOptions): AsyncGenerator<WorkflowProgress> {
  const pollMs = opts.pollMs ?? 500;
  let last: string | undefined;
  if (!opts.poll) {
    let reason: string | undefined;
    try {
      const res = await client.progressStream(jobId, opts.intervalS, opts.signal);
      for await (const item of readSse(res.body, { backend: 'mn' })) {
        if (item.kind !== 'event') continue;
        if (item.event.event === 'snapshot') {
          const snap = await parseSnapshot(item.event.data);
          last = JSON.stringify(snap);
          yield snap;
          if (isTerminal(snap.status)) return;
        } else if (item.event.event === 'error') {
          let msg = item.event.data;
          try {
            const r = await safeParseLazy(M.StreamError, JSON.parse(item.event.data));
            if (!r.success) throw r.error;
            const e = r.data;
            msg = typeof e.error === 'string' ? e.error : JSON.stringify(e.error);
          } catch {
            // keep the raw text
          }
          if (/not found/i.test(msg)) throw new MeshError({ kind: 'not_found', code: 'not_found', backend: 'mn', message: msg, hint: 'list jobs with `meshscope job list --all`' });
          reason = `the stream reported an error: ${msg}`;
          break;
        }
      }
      reason ??= 'the stream ended before the job finished';
    } catch (e) {
      if (opts.signal.aborted) throw interrupted(opts.signal);
      if (e instanceof MeshError && (e.kind === 'auth' || e.kind === 'not_found' || e.code === 'invalid_response')) throw e;
      reason = e instanceof MeshError ? e.message : (e as Error).message;
    }
    opts.onFallback?.(reason);
  }
  for (;;) {
    if (opts.signal.aborted) throw interrupted(opts.signal);
    let snap: WorkflowProgress;
    try {
      snap = await client.workflowProgress(jobId);
    } catch (e) {
      if (opts.signal.aborted) throw interrupted(opts.signal);
      throw e;
    }
    const key = JSON.stringify(snap);
    if (key !== last) {
      last = key;
      yield snap;
    }
    if (isTerminal(snap.status)) return;
    await sleep(pollMs, opts.signal);
  }
}

/** Follow a job to its end; `onSnapshot` sees every snapshot. Returns the last (terminal) one. */
export async function waitForJob(client: MnClient, jobId: string, opts: FollowOptions & { onSnapshot?: (s: WorkflowProgress) => void }): Promise<WorkflowProgress> {
  let last: WorkflowProgress | undefined;
  for await (const snap of followProgress(client, jobId, opts)) {
    last = snap;
    opts.onSnapshot?.(snap);
  }
  if (!last) throw new MeshError({ kind: 'server', code: 'no_progress', backend: 'mn', message: `no progress was reported for job ${jobId}`, hint: 'check the job with `meshscope job get ID`' });
  return last;
}

/** Poll a job until its status is one of `wanted` (pause -> paused, cancel -> cancelled). */
export async function waitForStatus(client: MnClient, jobId: string, wanted: string[], opts: { signal: AbortSignal; pollMs?: number }): Promise<string> {
  for (;;) {
    const p = await client.workflowProgress(jobId);
    if (wanted.includes(p.status) || isTerminal(p.status)) return p.status;
    await sleep(opts.pollMs ?? 300, opts.signal);
  }
}

/** The end-of-job summary: status, steps, elapsed, tokens, failure. */
export function summaryFields(p: WorkflowProgress): Array<[string, unknown]> {
  const done = p.steps.filter((s) => s.status === 'done').length;
  return [
    ['Job ID', p.job_id],
    ['Status', p.status],
    ['Workflow', p.workflow_id ?? p.name],
    ['Run ID', p.run_id],
    ['Steps', `${done}/${p.steps.length} done`],
    ['Elapsed', p.elapsed_seconds],
    ['Tokens', p.resource_tokens],
    ['Failure', p.failure ? `${p.failure.desc} (${p.failure.code})` : undefined],
  ];
}

/** The error printed when a followed job did not complete: the failure's mn.error.v1 description. */
export function jobOutcomeError(p: WorkflowProgress): MeshError | undefined {
  if (p.status === 'completed') return undefined;
  if (p.failure) {
    const d = p.failure.details ?? {};
    const details: Record<string, unknown> = {};
    if (d.step_id) details.step = d.step_id;
    if (d.agent_id) details.agent = d.agent_id;
    if (d.node) details.node = d.node;
    if (d.attempt != null) details.attempt = d.max_attempts != null ? `${d.attempt}/${d.max_attempts}` : d.attempt;
    if (d.message) details.message = d.message;
    if (p.failure.trace_id) details.trace = p.failure.trace_id;
    return new MeshError({ kind: 'failed', code: p.failure.code, backend: 'mn', message: `job ${p.job_id} ${p.status}: ${p.failure.desc}`, hint: p.failure.remediation ?? `see \`meshscope job events ${p.job_id}\` and \`meshscope job dead-letters ${p.job_id}\``, details });
  }
  return new MeshError({ kind: 'failed', code: `job_${p.status}`, backend: 'mn', message: `job ${p.job_id} ${p.status}`, hint: p.status === 'cancelled' ? 'the job was cancelled before it finished' : `see \`meshscope job events ${p.job_id}\`` });
}
