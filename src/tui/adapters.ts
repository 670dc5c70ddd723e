/**
 * Where the browser borrows from the rest of meshscope: the diagnostics overlay runs the diagnose
 * walk (src/diagnose, the same probes, labels, notes and order as `meshscope diagnose`) and
 * streams its checks; the py-spy overlay shows a dump the way `meshscope pyspy dump` renders it
 * (src/profiling).
 */
import type { HttpClient } from '../http/client.js';
import type { PySpyResult } from '../backends/admin/models.js';
import { attemptProbe } from '../diagnose/probe.js';
import { DEFAULTS, diagnose } from '../diagnose/run.js';
import { renderDump, resultError } from '../profiling/pyspy.js';
import { errorLines } from './errors.js';
import { clean } from './format.js';
import type { DiagCheck } from './state.js';
import { seg, type Line, type Tone } from './theme.js';

/** Runs the diagnostics walk, reporting each check in walk order as soon as it is known. */
export type DiagnoseRunner = (onCheck: (c: DiagCheck) => void, signal: AbortSignal) => Promise<void>;

/** A day: the interactive overlay has no whole-run ceiling (Esc ends the walk). */
const NO_CEILING_MS = 24 * 3600 * 1000;

/** The diagnose walk over its own admin client (no retries: a 503 is back-pressure to the walk). */
export function diagnoseRunner(admin: HttpClient, opts: { concurrency?: number; probeTimeoutMs?: number; slowMs?: number } = {}): DiagnoseRunner {
  return async (onCheck, signal) => {
    await diagnose({
      attempt: (ref, budget, run) => attemptProbe(admin, ref, budget, run),
      concurrency: opts.concurrency ?? DEFAULTS.concurrency,
      probeTimeoutMs: opts.probeTimeoutMs ?? DEFAULTS.probeTimeoutMs,
      slowMs: opts.slowMs ?? DEFAULTS.slowMs,
      runTimeoutMs: NO_CEILING_MS,
      signal,
      onEntry: (e) => onCheck(e.check),
    });
  };
}

/** A py-spy result as overlay lines: the dump as py-spy prints it, or what went wrong and what to do. */
export function pyspyLines(result: PySpyResult, proc: string): Line[] {
  const err = resultError(result, proc);
  if (err) return errorLines(err);
  if (!('Ok' in result)) return [[seg('unexpected py-spy answer', 'bad')]];
  const lines: Line[] = [];
  for (const l of renderDump(result.Ok, { proc }).replace(/\n$/, '').split('\n')) {
    const text = clean(l);
    const tone: Tone | undefined = text.startsWith('Thread ') ? 'proc' : text.startsWith('Process ') ? 'title' : text.startsWith('    ') ? 'actor' : undefined;
    lines.push([seg(text, tone)]);
  }
  for (const w of result.Ok.warnings) lines.push([seg(`warn: ${clean(w)}`, 'warn')]);
  return lines;
}
