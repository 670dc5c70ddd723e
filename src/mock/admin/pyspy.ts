/**
 * Simulated py-spy for the admin mock: stack dumps of the mesh's Python workers shaped as the real
 * `py-spy dump --json --native` output the server wraps (compare ../shared/real-data/pyspy): threads
 * newest first with MainThread last, OS thread ids (the main thread's is the pid), pthread ids,
 * idle / active / active+gil, frames innermost first, native frames between the Python ones
 * (`clock_nanosleep` in libc, `time_sleep` in libpython, bare `0x7f…` addresses), package-relative
 * short file names, and locals only when the scenario's py-spy is asked for them. The workload is
 * the py-spy verifier's (work_forever -> process_batch -> do_cpu_work -> _cpu_burn_loop, or blocking
 * sleeps); each PySpyResult variant by scenario; and SVG flame graphs of a simulated recording.
 */
import type { Rng } from '../rng.js';
import type { PySpyFrame, PySpyLocalVariable, PySpyProfileOpts, PySpyResult, PySpyStackTrace } from '../../backends/admin/models.js';
import type { PySpyScenario } from './scenario.js';
import type { ProcRec } from './world.js';

const PY = '/usr/local/lib/python3.12';
const SITE = `${PY}/site-packages`;
const WORKLOAD = '/workspace/examples/pyspy_workload.py';
const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const LIBPYTHON = '/usr/local/lib/libpython3.12.so.1.0';
export const PYSPY_BINARY = '/usr/local/bin/py-spy';

/** py-spy's short file name: the path below the outermost package, or the base name. */
function shortName(filename: string): string {
  const m = /\/lib\/python[\d.]+\/(?:site-packages\/)?(.+)$/.exec(filename);
  return m ? m[1] : (filename.split('/').pop() ?? filename);
}

interface Ctx {
  rng: Rng;
  /** Give frames their locals (the scenario's py-spy runs with --locals). */
  locals: boolean;
  /** Where libc is mapped in this process (bare native frames are addresses in it). */
  libcBase: number;
}

function py(ctx: Ctx, name: string, filename: string, line: number, locals: Array<[string, boolean, string]> = []): PySpyFrame {
  const vars: PySpyLocalVariable[] | null = ctx.locals ? locals.map(([n, arg, repr]) => ({ name: n, addr: 0x7f0000000000 + ctx.rng.int(0, 0xffffffff) * 16, arg, repr })) : null;
  return { name, filename, module: null, short_filename: shortName(filename), line, locals: vars, is_entry: false };
}

function native(name: string, lib: string): PySpyFrame {
  return { name, filename: lib, module: lib, short_filename: lib.split('/').pop() ?? lib, line: 0, locals: null, is_entry: true };
}

/** A libc frame py-spy has no symbol for: its address. */
function libcAddress(ctx: Ctx, offset: number): PySpyFrame {
  return native(`0x${(ctx.libcBase + offset).toString(16)}`, LIBC);
}

const obj = (ctx: Ctx, type: string) => `<${type} at 0x${(0x7f0000000000 + ctx.rng.int(0, 0xffffff) * 16).toString(16)}>`;

/** The bottom of every thread but the main one: libpython's thread_run, then libc's thread start. */
function threadBottom(ctx: Ctx): PySpyFrame[] {
  return [native('thread_run', LIBPYTHON), libcAddress(ctx, 0xa71f5), libcAddress(ctx, 0x1278ec)];
}

/** Frames below the user's handler: the actor runtime and the event loop (innermost first). */
function runtimeFrames(ctx: Ctx): PySpyFrame[] {
  return [
    py(ctx, 'handle', `${SITE}/monarch/_src/actor/actor_mesh.py`, 1021 + ctx.rng.int(0, 3), [['self', true, obj(ctx, '_Actor')], ['message', true, obj(ctx, 'PythonMessage')]]),
    py(ctx, '_run_handler', `${SITE}/monarch/_src/actor/actor_mesh.py`, 958),
    py(ctx, '_run', `${PY}/asyncio/events.py`, 88, [['self', true, obj(ctx, 'Handle')]]),
    py(ctx, '_run_once', `${PY}/asyncio/base_events.py`, 1987, [['self', true, obj(ctx, '_UnixSelectorEventLoop')]]),
    py(ctx, 'run_forever', `${PY}/asyncio/base_events.py`, 641, [['self', true, obj(ctx, '_UnixSelectorEventLoop')]]),
    py(ctx, 'run_until_complete', `${PY}/asyncio/base_events.py`, 674),
    py(ctx, 'run', `${PY}/asyncio/runners.py`, 118),
    py(ctx, '_actor_loop_main', `${SITE}/monarch/_src/actor/bootstrap.py`, 212),
  ];
}

/** The event loop's thread: its own start below the loop. */
function loopBottom(ctx: Ctx): PySpyFrame[] {
  return [
    py(ctx, 'run', `${PY}/threading.py`, 1010, [['self', true, obj(ctx, 'Thread')]]),
    py(ctx, '_bootstrap_inner', `${PY}/threading.py`, 1073, [['self', true, obj(ctx, 'Thread')]]),
    py(ctx, '_bootstrap', `${PY}/threading.py`, 1030, [['self', true, obj(ctx, 'Thread')]]),
    ...threadBottom(ctx),
  ];
}

function cpuFrames(ctx: Ctx): PySpyFrame[] {
  return [
    py(ctx, '_cpu_burn_loop', WORKLOAD, 41 + ctx.rng.int(0, 2), [['deadline', true, '1722.5'], ['acc', false, String(ctx.rng.int(1e5, 1e7))]]),
    py(ctx, 'do_cpu_work', WORKLOAD, 52, [['work_ms', true, '500']]),
    py(ctx, 'process_batch', WORKLOAD, 63, [['self', true, obj(ctx, 'PySpyWorker')], ['batch', true, String(ctx.rng.int(1, 999))]]),
    py(ctx, 'work_forever', WORKLOAD, 77, [['self', true, obj(ctx, 'PySpyWorker')]]),
  ];
}

/** `time.sleep` in C: libc's clock_nanosleep under libpython's time_sleep, then the Python caller. */
function blockFrames(ctx: Ctx): PySpyFrame[] {
  return [
    native('clock_nanosleep', LIBC),
    native('time_sleep', LIBPYTHON),
    py(ctx, 'do_blocking_work', WORKLOAD, 58, [['work_ms', true, '500']]),
    py(ctx, 'process_batch', WORKLOAD, 63, [['self', true, obj(ctx, 'PySpyWorker')], ['batch', true, String(ctx.rng.int(1, 999))]]),
    py(ctx, 'work_forever', WORKLOAD, 77, [['self', true, obj(ctx, 'PySpyWorker')]]),
  ];
}

/** The loop waiting in epoll for the next message (asyncio.sleep between batches). */
function asyncSleepFrames(ctx: Ctx): PySpyFrame[] {
  return [
    native('epoll_wait', LIBC),
    py(ctx, 'select', `${PY}/selectors.py`, 468, [['self', true, obj(ctx, 'EpollSelector')], ['timeout', true, '0.5'], ['max_ev', false, '1'], ['ready', false, '[]']]),
    py(ctx, '_run_once', `${PY}/asyncio/base_events.py`, 1949, [['self', true, obj(ctx, '_UnixSelectorEventLoop')]]),
    py(ctx, 'run_forever', `${PY}/asyncio/base_events.py`, 641, [['self', true, obj(ctx, '_UnixSelectorEventLoop')]]),
    py(ctx, 'run_until_complete', `${PY}/asyncio/base_events.py`, 674),
    py(ctx, 'run', `${PY}/asyncio/runners.py`, 118),
    py(ctx, '_actor_loop_main', `${SITE}/monarch/_src/actor/bootstrap.py`, 212),
  ];
}

/** pthread ids: high addresses, a thread stack apart. */
const pthreadId = (pid: number, k: number) => 0x7f0000000000 + (pid % 0x8000) * 0x1000000 + k * 0x801000 + 0x640;

function mainThread(ctx: Ctx, pid: number, service: boolean): PySpyStackTrace {
  const entry = service ? `${SITE}/monarch/_src/actor/host_main.py` : `${SITE}/monarch/_src/actor/bootstrap_main.py`;
  return {
    pid,
    thread_id: pthreadId(pid, 0),
    thread_name: 'MainThread',
    os_thread_id: pid,
    active: false,
    owns_gil: false,
    frames: [
      libcAddress(ctx, 0xa3f16),
      native('PyThread_acquire_lock_timed', LIBPYTHON),
      native('lock_PyThread_acquire_lock', LIBPYTHON),
      py(ctx, 'wait', `${PY}/threading.py`, 355, [['self', true, obj(ctx, 'Condition')], ['timeout', true, 'None'], ['waiter', false, obj(ctx, '_thread.lock')]]),
      py(ctx, service ? 'serve_host' : 'bootstrap_main', entry, service ? 88 : 142),
      { ...py(ctx, '<module>', entry, service ? 120 : 171), is_entry: true },
      libcAddress(ctx, 0x4524a),
    ],
  };
}

/** The worker thread's state and frames for one sample (innermost first). */
function workerThread(ctx: Ctx, mode: PySpyScenario['mode'], pid: number): PySpyStackTrace {
  const m = mode === 'mixed' ? (ctx.rng.chance(0.5) ? 'cpu' : 'async') : mode;
  const head = m === 'cpu' ? [...cpuFrames(ctx), ...runtimeFrames(ctx)] : m === 'block' ? [...blockFrames(ctx), ...runtimeFrames(ctx)] : asyncSleepFrames(ctx);
  const busy = m === 'cpu';
  return { pid, thread_id: pthreadId(pid, 1), thread_name: 'monarch-actor-loop', os_thread_id: pid + 7, active: busy, owns_gil: busy, frames: [...head, ...loopBottom(ctx)] };
}

/** A one-shot dump of a proc (the `Ok` variant): newest thread first, MainThread last, as py-spy lists them. */
export function pyspyOk(proc: ProcRec, cfg: PySpyScenario, rng: Rng): PySpyResult {
  const pid = proc.pid;
  const ctx: Ctx = { rng, locals: cfg.locals, libcBase: 0x7f0000000000 + (pid % 0x800) * 0x10000000 };
  const traces: PySpyStackTrace[] = [];
  if (proc.role === 'user') traces.push(workerThread(ctx, cfg.mode, pid));
  traces.push(mainThread(ctx, pid, proc.role === 'service'));
  return { Ok: { pid, binary: PYSPY_BINARY, stack_traces: traces, warnings: [...cfg.warnings] } };
}

/** The answer of `/v1/pyspy/{proc}` for the scenario's variant. */
export function pyspyResult(proc: ProcRec, cfg: PySpyScenario, rng: Rng): PySpyResult {
  switch (cfg.result) {
    case 'BinaryNotFound':
      return { BinaryNotFound: { searched: ['py-spy'] } };
    case 'Failed':
      return { Failed: { pid: proc.pid, binary: PYSPY_BINARY, exit_code: 1, stderr: `Error: Failed to suspend process ${proc.pid}: Operation not permitted (os error 1)\nptrace is restricted: run as root or set kernel.yama.ptrace_scope=0\n` } };
    case 'Mixed':
      if (rng.chance(0.2)) return { Failed: { pid: proc.pid, binary: PYSPY_BINARY, exit_code: 1, stderr: 'Error: timed out while unwinding the native stack of thread monarch-actor-loop\n' } };
      return pyspyOk(proc, cfg, rng);
    default:
      return pyspyOk(proc, cfg, rng);
  }
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface FlameNode {
  name: string;
  count: number;
  children: Map<string, FlameNode>;
}

/** An SVG flame graph of a simulated `py-spy record` of the proc (native frames only with --native). */
export function profileSvg(proc: ProcRec, cfg: PySpyScenario, opts: PySpyProfileOpts, rng: Rng): string {
  const samples = Math.min(opts.duration_s * opts.rate_hz, 20_000);
  const root: FlameNode = { name: 'all', count: 0, children: new Map() };
  const ctx: Ctx = { rng, locals: false, libcBase: 0x7f0000000000 + (proc.pid % 0x8000) * 0x10000000 };
  for (let i = 0; i < samples; i++) {
    const traces: PySpyStackTrace[] = [];
    if (proc.role === 'user') traces.push(workerThread(ctx, cfg.mode, proc.pid));
    if (opts.threads || proc.role !== 'user') traces.push(mainThread(ctx, proc.pid, proc.role === 'service'));
    for (const t of traces) {
      let node = root;
      node.count++;
      const names = t.frames
        .filter((f) => opts.native || f.module === null)
        .map((f) => (f.line !== 0 ? `${f.name} (${f.short_filename ?? f.filename}:${f.line})` : `${f.name} (${f.short_filename ?? f.filename})`))
        .reverse();
      if (opts.threads) names.unshift(`thread (${t.os_thread_id}): ${t.thread_name}`);
      for (const name of names) {
        let child = node.children.get(name);
        if (!child) node.children.set(name, (child = { name, count: 0, children: new Map() }));
        child.count++;
        node = child;
      }
    }
  }
  const width = 1200;
  const rowH = 16;
  const rects: { node: FlameNode; x: number; w: number; depth: number }[] = [];
  let depthMax = 0;
  const draw = (node: FlameNode, x: number, depth: number) => {
    depthMax = Math.max(depthMax, depth);
    const w = root.count ? (node.count / root.count) * (width - 20) : 0;
    rects.push({ node, x, w, depth });
    let cx = x;
    for (const c of [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      draw(c, cx, depth + 1);
      cx += root.count ? (c.count / root.count) * (width - 20) : 0;
    }
  };
  draw(root, 10, 0);
  const height = (depthMax + 1) * rowH + 60;
  const body = rects
    .filter((r) => r.w >= 0.1)
    .map((r) => {
      const y = height - 20 - (r.depth + 1) * rowH;
      const pct = root.count ? ((r.node.count / root.count) * 100).toFixed(2) : '0';
      const hue = 20 + (r.node.name.length * 7) % 40;
      const label = r.w > 40 ? r.node.name.slice(0, Math.floor(r.w / 7)) : '';
      return `<g><title>${xml(r.node.name)} (${r.node.count} samples, ${pct}%)</title><rect x="${r.x.toFixed(1)}" y="${y}" width="${r.w.toFixed(1)}" height="${rowH - 1}" fill="hsl(${hue},80%,60%)" rx="2"/><text x="${(r.x + 3).toFixed(1)}" y="${y + 11}" font-size="11" font-family="monospace">${xml(label)}</text></g>`;
    })
    .join('\n');
  return `<?xml version="1.0" standalone="no"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect x="0" y="0" width="${width}" height="${height}" fill="#f8f8f8"/>
<text x="${width / 2}" y="24" font-size="17" text-anchor="middle" font-family="sans-serif">py-spy record: ${xml(proc.ref)} (pid ${proc.pid}, ${opts.duration_s}s at ${opts.rate_hz} Hz)</text>
${body}
</svg>
`;
}
