/**
 * `job monitor` on a terminal: the Ink view fed by the workflow-progress stream (or polling), then
 * the end-of-job summary and the job's exit code. Detaching (q) leaves the job running, exit 0;
 * Ctrl+C detaches too, exit 130.
 */
import type { FlowContext, FollowFlags } from '../../backends/mn/flows.js';
import { reportOutcome } from '../../backends/mn/flows.js';
import { followProgress } from '../../backends/mn/monitor.js';
import { colorEnabled } from '../../output/index.js';
import { MeshError } from '../../errors.js';
import { importInk } from '../ink.js';

export async function liveMonitor(ctx: FlowContext, jobId: string, flags: FollowFlags = {}): Promise<number> {
  await importInk();
  const { runJobMonitor } = await import('./index.js');
  const stop = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stop.signal]);
  const listeners: Array<(msg: string) => void> = [];
  const disabled = ctx.io.env.MN_JOB_MONITOR_DISABLE_API_STREAM;
  const source = followProgress(ctx.client, jobId, {
    signal,
    poll: flags.poll || Boolean(disabled && disabled !== '0' && disabled.toLowerCase() !== 'false'),
    intervalS: flags.intervalS,
    onFallback: (reason) => listeners.forEach((fn) => fn(`progress stream unavailable (${reason}); polling`)),
  });
  let outcome;
  try {
    outcome = await runJobMonitor({
      jobId,
      source,
      stdin: ctx.io.stdin as NodeJS.ReadStream,
      stdout: ctx.io.stdout as NodeJS.WriteStream,
      stderr: ctx.io.stderr as NodeJS.WriteStream,
      noColor: !colorEnabled(ctx.io.stdout, ctx.io.env, true) || ctx.out.c.level === 0,
      notices: { subscribe: (fn) => listeners.push(fn) },
    });
  } finally {
    stop.abort();
    await source.return(undefined).catch(() => undefined);
  }
  if (outcome.kind === 'finished') return reportOutcome(ctx.out, outcome.snapshot);
  if (outcome.kind === 'error') throw outcome.error instanceof MeshError ? outcome.error : new MeshError({ kind: 'server', code: 'monitor_failed', backend: 'mn', message: String((outcome.error as Error)?.message ?? outcome.error) });
  ctx.out.info(`Exited live monitor for ${jobId}; the job keeps running (meshscope job monitor ${jobId} to return).`);
  return outcome.interrupt ? 130 : 0;
}
