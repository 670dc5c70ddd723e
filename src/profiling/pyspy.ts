/**
 * py-spy results of the mesh admin API (and py-spy's own files), read the way py-spy prints them:
 * `py-spy dump`'s thread blocks (threads in reverse order, `Thread {id} ({idle|active|active+gil}):
 * "{name}"`, frames innermost first as `name (file:line)`, native frames as `name (library)`,
 * optionally with Arguments/Locals), `py-spy top`'s own/total table over repeated dumps or a
 * recording, the BinaryNotFound and Failed variants as errors that say what to do, and the
 * resolution of an actor reference to the proc that hosts it.
 */
import { MeshError, usageError } from '../errors.js';
import type { AdminClient, CallOptions } from '../backends/admin/client.js';
import { nodeVariant, type PySpyBinaryNotFound, type PySpyFailed, type PySpyFrame, type PySpyOk, type PySpyResult, type PySpyStackTrace } from '../backends/admin/models.js';
import { goFixed } from './measure.js';

/** The frame's file as py-spy shows it: the short file name, else the full one. */
export function frameFile(f: Pick<PySpyFrame, 'filename' | 'short_filename'>): string {
  return f.short_filename ?? f.filename;
}

/** `name (file:line)`, or `name (file)` for a frame without a line (native frames: `name (library)`), as py-spy prints a frame. */
export function frameLabel(f: Pick<PySpyFrame, 'name' | 'filename' | 'short_filename' | 'line'>): string {
  return f.line !== 0 ? `${f.name} (${frameFile(f)}:${f.line})` : `${f.name} (${frameFile(f)})`;
}

/** A frame as `py-spy record` names it in flame graphs and raw stacks: as in a dump, but a frame without a file (a thread or process frame) by its name alone. */
export function recordLabel(f: Pick<PySpyFrame, 'name' | 'filename' | 'short_filename' | 'line'>): string {
  return frameFile(f) === '' ? f.name : frameLabel(f);
}

/** py-spy's thread id: the OS thread id when known, else the Python thread id in hex (`{:#X}`). */
export function threadId(t: Pick<PySpyStackTrace, 'os_thread_id' | 'thread_id'>): string {
  if (t.os_thread_id !== undefined && t.os_thread_id !== null) return String(t.os_thread_id);
  return `0x${t.thread_id.toString(16).toUpperCase()}`;
}

/** `idle` (whatever the GIL), `active` or `active+gil`, as py-spy says. */
export function threadStatus(t: Pick<PySpyStackTrace, 'active' | 'owns_gil'>): string {
  if (!t.active) return 'idle';
  return t.owns_gil ? 'active+gil' : 'active';
}

export interface RenderOptions {
  /** Print each frame's arguments and locals (when the dump has them). */
  locals?: boolean;
  /** The proc the dump was taken of (printed in the header). */
  proc?: string;
  /** Where the dump came from when it was read from a file (printed in the header instead of a proc). */
  source?: string;
}

/**
 * The thread blocks of `py-spy dump`, exactly as py-spy prints them: threads in the reverse of
 * the order py-spy (and the API) lists them, frames innermost first, no blank lines between.
 */
export function renderThreads(traces: PySpyStackTrace[], opts: { locals?: boolean } = {}): string {
  const lines: string[] = [];
  for (const t of [...traces].reverse()) {
    const name = t.thread_name !== undefined && t.thread_name !== null ? `: "${t.thread_name}"` : '';
    lines.push(`Thread ${threadId(t)} (${threadStatus(t)})${name}`);
    for (const f of t.frames) {
      lines.push(`    ${frameLabel(f)}`);
      if (!opts.locals || !f.locals) continue;
      let shownArgs = false;
      let shownLocals = false;
      for (const v of f.locals) {
        if (v.arg && !shownArgs) {
          lines.push('        Arguments:');
          shownArgs = true;
        } else if (!v.arg && !shownLocals) {
          lines.push('        Locals:');
          shownLocals = true;
        }
        lines.push(`            ${v.name}: ${v.repr ?? '?'}`);
      }
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * A dump as `py-spy dump` prints it. py-spy's two header lines name the command line and the
 * Python version; the mesh admin API reports neither, so meshscope's header says what it has: the
 * pid and the proc, and the py-spy binary that took the dump.
 */
export function renderDump(ok: Pick<PySpyOk, 'pid' | 'stack_traces'> & { binary?: string }, opts: RenderOptions = {}): string {
  const where = opts.proc ?? opts.source;
  const header = [
    `Process ${ok.pid}${where ? `: ${where}` : ''}`,
    opts.source && !opts.proc
      ? "(py-spy's JSON has no command line or Python version)"
      : `py-spy ${ok.binary ?? '(unknown binary)'} (the mesh admin API reports no command line or Python version)`,
  ];
  return `${header.join('\n')}\n\n${renderThreads(ok.stack_traces, opts)}`;
}

/** Whether any frame of the dump carries locals (the server's py-spy ran with --locals). */
export function hasLocals(ok: PySpyOk): boolean {
  return ok.stack_traces.some((t) => t.frames.some((f) => (f.locals?.length ?? 0) > 0));
}

export const PYSPY_INSTALL_HINT =
  'install py-spy where the proc runs: `pip install py-spy` in the proc\'s Python environment (or `uv pip install py-spy`), ' +
  'or set PYSPY_BIN in the proc\'s environment to the path of a py-spy binary; py-spy also needs ptrace permission ' +
  '(run as the same user with kernel.yama.ptrace_scope=0, or grant CAP_SYS_PTRACE)';

export function binaryNotFoundError(r: PySpyBinaryNotFound, proc: string): MeshError {
  const searched = r.searched.length ? r.searched : ['(the server did not say where it looked)'];
  return new MeshError({
    kind: 'failed',
    code: 'pyspy_binary_not_found',
    backend: 'admin',
    message: `py-spy is not installed on the host of ${proc}; searched:`,
    details: searched,
    hint: PYSPY_INSTALL_HINT,
  });
}

export function failedError(r: PySpyFailed, proc: string): MeshError {
  const stderr = r.stderr.trim();
  const exit = r.exit_code === null || r.exit_code === undefined ? 'no exit code (killed by a signal or timed out)' : `exit code ${r.exit_code}`;
  let hint = 'try again; native unwinding can time out now and then. If it keeps failing, run py-spy on the host by hand to see why';
  if (/ptrace|operation not permitted|permission denied|os error 1\b/i.test(stderr)) hint = 'py-spy may not attach to the process: run the proc as the same user with kernel.yama.ptrace_scope=0 (sysctl), or grant CAP_SYS_PTRACE to the proc\'s container';
  else if (/no such process|os error 3\b/i.test(stderr)) hint = 'the process exited while py-spy attached; check the proc\'s state and try again';
  return new MeshError({
    kind: 'failed',
    code: 'pyspy_failed',
    backend: 'admin',
    message: `py-spy failed on pid ${r.pid} of ${proc} (${r.binary}, ${exit})${stderr ? '; its stderr:' : ' with no output on stderr'}`,
    details: stderr ? stderr.split(/\r?\n/).map((l) => `stderr: ${l}`) : undefined,
    hint,
  });
}

/** The error of a non-Ok result (undefined for Ok). */
export function resultError(r: PySpyResult, proc: string): MeshError | undefined {
  if ('BinaryNotFound' in r) return binaryNotFoundError(r.BinaryNotFound, proc);
  if ('Failed' in r) return failedError(r.Failed, proc);
  return undefined;
}

/** One stack of one thread, innermost frame first, and how much it weighs. */
export interface ThreadStack {
  frames: Array<Pick<PySpyFrame, 'name' | 'filename' | 'short_filename' | 'line'>>;
  /** Samples it stands for. */
  count: number;
  /** Seconds it stands for, when known (speedscope weights); else count x the sampling period. */
  seconds?: number;
}

export interface TopRow {
  /** `name (file:line)` (by line) or `name (file)` (by function), as py-spy top keys them. */
  label: string;
  function: string;
  file: string;
  line?: number;
  own: number;
  total: number;
  ownPct: number;
  totalPct: number;
  ownSeconds: number;
  totalSeconds: number;
}

export interface TopTable {
  /** Samples taken (each holds every thread). */
  samples: number;
  /** Threads in the last sample (dumps only). */
  threads?: number;
  /** Share of samples in which a thread held the GIL / was active (dumps only), percent. */
  gilPct?: number;
  activePct?: number;
  /** Idle threads were counted (asked for, or no thread was ever active). */
  idleIncluded: boolean;
  byLine: boolean;
  rows: TopRow[];
}

function frameKey(f: ThreadStack['frames'][number], byLine: boolean): { key: string; fn: string; file: string; line?: number } {
  const file = frameFile(f);
  if (file === '') return { key: f.name, fn: f.name, file };
  if (byLine && f.line !== 0) return { key: `${f.name} (${file}:${f.line})`, fn: f.name, file, line: f.line };
  return { key: `${f.name} (${file})`, fn: f.name, file };
}

/**
 * Own and total counts per function (and line), as `py-spy top` keeps them: a frame counts once
 * per stack however often it recurses, own when it is the innermost frame. Percentages are of
 * `samples`; rows sorted by own time, then total, then name.
 */
export function topTable(stacks: ThreadStack[], opts: { samples: number; periodS?: number; byLine?: boolean }): TopRow[] {
  const byLine = opts.byLine ?? true;
  const rows = new Map<string, TopRow>();
  for (const s of stacks) {
    const seconds = s.seconds ?? s.count * (opts.periodS ?? 0);
    const seen = new Set<string>();
    s.frames.forEach((f, i) => {
      const k = frameKey(f, byLine);
      if (seen.has(k.key)) return;
      seen.add(k.key);
      let row = rows.get(k.key);
      if (!row) rows.set(k.key, (row = { label: k.key, function: k.fn, file: k.file, ...(k.line !== undefined ? { line: k.line } : {}), own: 0, total: 0, ownPct: 0, totalPct: 0, ownSeconds: 0, totalSeconds: 0 }));
      row.total += s.count;
      row.totalSeconds += seconds;
      if (i === 0) {
        row.own += s.count;
        row.ownSeconds += seconds;
      }
    });
  }
  const n = opts.samples;
  return [...rows.values()]
    .map((r) => ({ ...r, ownPct: n ? (100 * r.own) / n : 0, totalPct: n ? (100 * r.total) / n : 0 }))
    .sort((a, b) => b.ownSeconds - a.ownSeconds || b.own - a.own || b.total - a.total || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

export interface DumpsTop extends TopTable {
  dumps: number;
  ok: number;
  failed: number;
  binaryNotFound: number;
  /** First stderr line of each distinct failure. */
  failures: string[];
  searched: string[];
  warnings: string[];
}

/**
 * Repeated dumps as `py-spy top` shows its samples: each Ok dump is one sample, the threads that
 * were idle are left out (unless `idle`, or unless no thread was ever active: then they count, and
 * `idleIncluded` says so).
 */
export function topOfDumps(results: PySpyResult[], opts: { idle?: boolean; periodS?: number; byLine?: boolean } = {}): DumpsTop {
  const ok = results.filter((r): r is { Ok: PySpyOk } => 'Ok' in r).map((r) => r.Ok);
  const failures = new Set<string>();
  const searched = new Set<string>();
  for (const r of results) {
    if ('Failed' in r) failures.add((r.Failed.stderr.trim().split(/\r?\n/)[0] || `exit code ${r.Failed.exit_code ?? 'none'}`).slice(0, 300));
    if ('BinaryNotFound' in r) for (const s of r.BinaryNotFound.searched) searched.add(s);
  }
  const anyActive = ok.some((d) => d.stack_traces.some((t) => t.active));
  const idleIncluded = Boolean(opts.idle) || !anyActive;
  let gil = 0;
  let active = 0;
  const stacks: ThreadStack[] = [];
  for (const d of ok) {
    for (const t of d.stack_traces) {
      if (!idleIncluded && !t.active) continue;
      if (t.owns_gil) gil++;
      if (t.active) active++;
      stacks.push({ frames: t.frames, count: 1 });
    }
  }
  const samples = ok.length;
  return {
    dumps: results.length,
    ok: ok.length,
    failed: results.filter((r) => 'Failed' in r).length,
    binaryNotFound: results.filter((r) => 'BinaryNotFound' in r).length,
    samples,
    threads: ok.length ? ok[ok.length - 1].stack_traces.length : 0,
    gilPct: samples ? (100 * gil) / samples : 0,
    activePct: samples ? (100 * active) / samples : 0,
    idleIncluded,
    byLine: opts.byLine ?? true,
    rows: topTable(stacks, { samples, periodS: opts.periodS, byLine: opts.byLine }),
    failures: [...failures],
    searched: [...searched],
    warnings: [...new Set(ok.flatMap((d) => d.warnings))],
  };
}

/** py-spy top's time column: fewer decimals for larger values. */
function displayTime(v: number): string {
  if (v > 1000) return goFixed(v, 0);
  if (v >= 100) return goFixed(v, 1);
  if (v >= 1) return goFixed(v, 2);
  return goFixed(v, 3);
}

/** The table as `py-spy top` draws it (without the terminal control): totals, then one row per function. */
export function renderTopTable(t: TopTable, opts: { title?: string; limit?: number } = {}): string {
  const lines: string[] = [];
  if (opts.title) lines.push(opts.title);
  lines.push(`Total Samples ${t.samples}`);
  if (t.gilPct !== undefined && t.activePct !== undefined) lines.push(`GIL: ${goFixed(t.gilPct, 2)}%, Active: ${goFixed(t.activePct, 2)}%, Threads: ${t.threads ?? 0}`);
  lines.push('');
  lines.push(`${'%Own '.padStart(7)}${'%Total'.padStart(8)}${'OwnTime'.padStart(9)}${'TotalTime'.padStart(11)}  Function (${t.byLine ? 'filename:line' : 'filename'})`);
  const rows = opts.limit !== undefined ? t.rows.slice(0, opts.limit) : t.rows;
  for (const r of rows) lines.push(`${goFixed(r.ownPct, 2).padStart(6)}% ${goFixed(r.totalPct, 2).padStart(6)}% ${displayTime(r.ownSeconds).padStart(7)}s ${displayTime(r.totalSeconds).padStart(8)}s   ${r.label}`);
  return `${lines.join('\n')}\n`;
}

export interface ResolvedProc {
  /** The proc reference, exactly as the server spells it. */
  proc: string;
  /** The reference given, when it was an actor's (resolved through its parents). */
  from?: string;
}

/**
 * The proc of a reference: a proc is itself; an actor is hosted by its proc, reached through
 * `parent` (a supervised child actor's parent may be another actor). Hosts and the root are refused.
 */
export async function resolveProc(admin: AdminClient, ref: string, call?: CallOptions): Promise<ResolvedProc> {
  if (!ref) throw usageError('a proc or actor reference is required', 'list them with `meshscope mesh tree`');
  let current = ref;
  for (let hop = 0; hop < 16; hop++) {
    const node = await admin.get(current, call);
    const variant = nodeVariant(node.properties);
    if (variant === 'Proc') return { proc: node.identity, from: hop > 0 ? ref : undefined };
    if (variant === 'Actor') {
      if (!node.parent) throw new MeshError({ kind: 'failed', code: 'no_parent', backend: 'admin', message: `actor ${current} has no parent proc in its payload`, hint: 'pass the proc reference instead (see `meshscope mesh tree`)' });
      current = node.parent;
      continue;
    }
    if (variant === 'Host') {
      const procs = node.children.slice(0, 6);
      throw usageError(`${ref} is a host, not a proc or an actor`, procs.length ? `pick one of its procs, e.g.: ${procs.join(', ')}` : 'pick one of its procs (see `meshscope mesh tree`)', 'not_a_proc');
    }
    if (variant === 'Root') throw usageError('the root is not a proc', 'pick a proc or an actor from `meshscope mesh tree`', 'not_a_proc');
    throw new MeshError({ kind: 'failed', code: 'error_node', backend: 'admin', message: `${current} resolves to an error node: ${JSON.stringify((node.properties as { Error?: unknown }).Error)}`, hint: 'the node may be gone; list the mesh again with `meshscope mesh tree`' });
  }
  throw new MeshError({ kind: 'failed', code: 'parent_loop', backend: 'admin', message: `could not reach a proc from ${ref} through its parents`, hint: 'pass the proc reference instead' });
}

/** The SQL that reads a stored dump back (`dump_id` quoted as an SQL string). */
export function storedDumpQuery(dumpId: string): string {
  return `SELECT * FROM pyspy_dumps WHERE dump_id = '${dumpId.replace(/'/g, "''")}'`;
}

export { shellQuote } from '../output/shell.js';

export const PROFILE_LIMITS = { minDurationS: 1, maxDurationS: 300, minRateHz: 1, maxRateHz: 1000 } as const;

function integer(value: string, flag: string, unit: RegExp): number {
  const m = new RegExp(`^\\s*(\\d+)\\s*(?:${unit.source})?\\s*$`).exec(value);
  if (!m) throw usageError(`invalid ${flag} "${value}": expected a whole number`, `e.g. ${flag} ${flag === '--duration' ? '10' : '100'}`);
  return Number(m[1]);
}

/** Validate `--duration` (1..300 s) and `--rate` (1..1000 Hz) before anything is sent. */
export function parseProfileLimits(duration: string, rate: string): { durationS: number; rateHz: number } {
  const durationS = integer(duration, '--duration', /s|sec|secs|seconds/);
  const rateHz = integer(rate, '--rate', /hz|Hz/);
  const L = PROFILE_LIMITS;
  if (durationS < L.minDurationS || durationS > L.maxDurationS) {
    const hint = durationS > L.maxDurationS ? `the mesh admin server refuses longer recordings (MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION, default ${L.maxDurationS} s)` : 'record for at least 1 second';
    throw usageError(`--duration must be ${L.minDurationS}..${L.maxDurationS} seconds, got ${durationS}`, hint, 'bad_duration');
  }
  if (rateHz < L.minRateHz || rateHz > L.maxRateHz) throw usageError(`--rate must be ${L.minRateHz}..${L.maxRateHz} Hz, got ${rateHz}`, 'py-spy samples at most 1000 times a second; 100 is a good default', 'bad_rate');
  return { durationS, rateHz };
}

/** Per-thread flame-graph input from Ok dumps (root first), e.g. to draw repeated dumps. */
export function dumpStacks(results: PySpyResult[]): Array<{ frames: string[]; value: number }> {
  const out: Array<{ frames: string[]; value: number }> = [];
  for (const r of results) {
    if (!('Ok' in r)) continue;
    for (const t of r.Ok.stack_traces) if (t.frames.length) out.push({ frames: t.frames.map(recordLabel).reverse(), value: 1 });
  }
  return out;
}
