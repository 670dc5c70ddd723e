/**
 * Where the browser borrows from the rest of meshscope: the diagnostics overlay runs the diagnose
 * walk (src/diagnose, the same probes, labels, notes and order as `meshscope diagnose`) and
 * streams its checks; the py-spy overlay shows a dump the way `meshscope pyspy dump` renders it
 * (src/profiling); check rows and the summary line are the diagnose renderer's.
 */
import type { HttpClient } from '../http/client.js';
import type { PySpyResult } from '../backends/admin/models.js';
import { attemptProbe } from '../diagnose/probe.js';
import { checkRow } from '../diagnose/render/text.js';
import { DEFAULTS, diagnose } from '../diagnose/run.js';
import { NOTE_TEXT, summarize, summaryLine } from '../diagnose/summary.js';
import { outcomeKind, type Check } from '../diagnose/types.js';
import { renderDump, resultError } from '../profiling/pyspy.js';
import type { DiagnoseRunner } from './controller.js';
import { errorLines } from './errors.js';
import { clean } from './format.js';
import type { DiagCheck } from './state.js';
import { seg, type Line, type Tone } from './theme.js';

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

const KIND_TONE: Record<string, Tone> = { Pass: 'ok', Slow: 'warn', Fail: 'bad' };

/** One check row, ` ✓ label 3ms  — note`, with the note dimmed. */
export function diagRowLine(c: DiagCheck): Line {
  const check = c as Check;
  const text = clean(checkRow(check));
  const tone = KIND_TONE[outcomeKind(check.outcome)];
  const note = check.note ? `  — ${NOTE_TEXT[check.note]}` : '';
  if (note && text.endsWith(note)) return [seg(text.slice(0, 3), tone), seg(text.slice(3, text.length - note.length), tone === 'bad' ? 'bad' : undefined), seg(note, 'dim')];
  return [seg(text.slice(0, 3), tone), seg(text.slice(3), tone === 'bad' ? 'bad' : undefined)];
}

/** The overlay's pinned summary: `Running… • live updates`, then the reference summary line. */
export function diagSummaryLine(running: boolean, checks: readonly DiagCheck[]): string {
  if (running) return 'Running… • live updates';
  return summaryLine(summarize(checks as Check[], false));
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
