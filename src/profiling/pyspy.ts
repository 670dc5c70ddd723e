/**
 * py-spy results of the mesh admin API, read the way py-spy prints them: one block per thread
 * (id, active/GIL flags, name) with frames innermost first as `name (file:line)`, optionally with
 * arguments and locals; the BinaryNotFound and Failed variants as errors that say what to do;
 * repeated dumps aggregated into the hottest frames (as `py-spy top` does); and the resolution of
 * an actor reference to the proc that hosts it.
 */
import { MeshError, usageError } from '../errors.js';
import type { AdminClient, CallOptions } from '../backends/admin/client.js';
import { nodeVariant, type PySpyBinaryNotFound, type PySpyFailed, type PySpyFrame, type PySpyOk, type PySpyResult, type PySpyStackTrace } from '../backends/admin/models.js';

/** A native frame: its "module" is the shared object it lives in (libc.so.6, libpython3.12.so). */
export function isNativeFrame(f: PySpyFrame): boolean {
  const m = f.module ?? '';
  return m !== '' && (/\.(so|dylib|dll)(\.|$)/.test(m) || f.filename === m || f.filename.endsWith(`/${m}`));
}

/** The frame's function name, qualified by its module as the py-spy verifier does (`time.sleep`). */
export function frameName(f: PySpyFrame): string {
  if (f.module && !isNativeFrame(f)) return `${f.module}.${f.name}`;
  return f.name;
}

/** Where the frame is: `file:line` (the short file name when there is one), or the native module. */
export function frameWhere(f: PySpyFrame, withLine = true): string {
  if (isNativeFrame(f)) return f.module!;
  const file = f.short_filename || f.filename;
  return withLine && f.line > 0 ? `${file}:${f.line}` : file;
}

/** `name (file:line)`, as py-spy prints a frame. */
export function frameLabel(f: PySpyFrame): string {
  return `${frameName(f)} (${frameWhere(f)})`;
}

/** py-spy's thread id: the OS thread id when known, else the Python thread id in hex. */
export function threadId(t: PySpyStackTrace): string {
  if (t.os_thread_id !== undefined && t.os_thread_id !== null) return String(t.os_thread_id);
  return `0x${t.thread_id.toString(16).toUpperCase()}`;
}

export function threadStatus(t: PySpyStackTrace): string {
  return `${t.active ? 'active' : 'idle'}${t.owns_gil ? '+gil' : ''}`;
}

export interface RenderOptions {
  /** Print each frame's arguments and locals (when the dump has them). */
  locals?: boolean;
  /** The proc the dump was taken of (printed in the header). */
  proc?: string;
}

/** Render an Ok dump as py-spy does. */
export function renderDump(ok: PySpyOk, opts: RenderOptions = {}): string {
  const lines: string[] = [];
  lines.push(`Process ${ok.pid}${opts.proc ? `: ${opts.proc}` : ''}`);
  lines.push(`py-spy ${ok.binary}`);
  for (const t of ok.stack_traces) {
    lines.push('');
    lines.push(`Thread ${threadId(t)} (${threadStatus(t)})${t.thread_name ? `: "${t.thread_name}"` : ''}`);
    if (t.frames.length === 0) lines.push('    (no Python frames)');
    for (const f of t.frames) {
      lines.push(`    ${frameLabel(f)}`);
      if (opts.locals && f.locals && f.locals.length) {
        const args = f.locals.filter((v) => v.arg);
        const locals = f.locals.filter((v) => !v.arg);
        if (args.length) {
          lines.push('        Arguments:');
          for (const v of args) lines.push(`            ${v.name}: ${v.repr ?? '?'}`);
        }
        if (locals.length) {
          lines.push('        Locals:');
          for (const v of locals) lines.push(`            ${v.name}: ${v.repr ?? '?'}`);
        }
      }
    }
  }
  return lines.join('\n') + '\n';
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

export interface HotFrame {
  /** `module.name` or name. */
  function: string;
  /** File (or native module), without the line: lines of one function are merged. */
  where: string;
  /** Thread samples in which the frame was the innermost one. */
  own: number;
  /** Thread samples in which the frame appeared anywhere. */
  total: number;
  ownPct: number;
  totalPct: number;
}

export interface Aggregate {
  dumps: number;
  ok: number;
  failed: number;
  binaryNotFound: number;
  /** Thread stacks counted (the active threads of each Ok dump; all threads when none was active). */
  threadSamples: number;
  idleIncluded: boolean;
  frames: HotFrame[];
  /** First stderr line of each distinct failure. */
  failures: string[];
  searched: string[];
  warnings: string[];
}

/** Aggregate repeated dumps into the hottest frames (sorted by own samples, then total). */
export function aggregateDumps(results: PySpyResult[]): Aggregate {
  const ok = results.filter((r): r is { Ok: PySpyOk } => 'Ok' in r).map((r) => r.Ok);
  const failures = new Set<string>();
  const searched = new Set<string>();
  for (const r of results) {
    if ('Failed' in r) failures.add((r.Failed.stderr.trim().split(/\r?\n/)[0] || `exit code ${r.Failed.exit_code ?? 'none'}`).slice(0, 300));
    if ('BinaryNotFound' in r) for (const s of r.BinaryNotFound.searched) searched.add(s);
  }
  const active = ok.flatMap((d) => d.stack_traces.filter((t) => t.active && t.frames.length));
  const idleIncluded = active.length === 0;
  const threads = idleIncluded ? ok.flatMap((d) => d.stack_traces.filter((t) => t.frames.length)) : active;
  const own = new Map<string, number>();
  const total = new Map<string, number>();
  const meta = new Map<string, { fn: string; where: string }>();
  /** Sum of the frame's distance from the innermost frame: breaks ties, callees before callers. */
  const depth = new Map<string, number>();
  for (const t of threads) {
    const seen = new Set<string>();
    t.frames.forEach((f, i) => {
      const fn = frameName(f);
      const where = frameWhere(f, false);
      const key = `${fn}\u0000${where}`;
      meta.set(key, { fn, where });
      if (i === 0) own.set(key, (own.get(key) ?? 0) + 1);
      if (!seen.has(key)) {
        seen.add(key);
        total.set(key, (total.get(key) ?? 0) + 1);
        depth.set(key, (depth.get(key) ?? 0) + i);
      }
    });
  }
  const n = threads.length;
  const avgDepth = (key: string) => (depth.get(key) ?? 0) / (total.get(key) ?? 1);
  const frames = [...total.keys()]
    .sort((a, b) => (own.get(b) ?? 0) - (own.get(a) ?? 0) || (total.get(b) ?? 0) - (total.get(a) ?? 0) || avgDepth(a) - avgDepth(b) || a.localeCompare(b))
    .map((key) => ({ function: meta.get(key)!.fn, where: meta.get(key)!.where, own: own.get(key) ?? 0, total: total.get(key) ?? 0, ownPct: n ? ((own.get(key) ?? 0) / n) * 100 : 0, totalPct: n ? ((total.get(key) ?? 0) / n) * 100 : 0 }))
  return {
    dumps: results.length,
    ok: ok.length,
    failed: results.filter((r) => 'Failed' in r).length,
    binaryNotFound: results.filter((r) => 'BinaryNotFound' in r).length,
    threadSamples: n,
    idleIncluded,
    frames,
    failures: [...failures],
    searched: [...searched],
    warnings: [...new Set(ok.flatMap((d) => d.warnings))],
  };
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
    for (const t of r.Ok.stack_traces) if (t.frames.length) out.push({ frames: t.frames.map(frameLabel).reverse(), value: 1 });
  }
  return out;
}
