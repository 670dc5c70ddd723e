/**
 * Simulated py-spy for the admin mock: stack dumps of the mesh's Python workers (the py-spy
 * workload: work_forever -> process_batch -> do_cpu_work -> _cpu_burn_loop, or blocking sleeps),
 * each PySpyResult variant by scenario, and SVG flame graphs of a simulated recording.
 */
import type { Rng } from '../rng.js';
import type { PySpyFrame, PySpyProfileOpts, PySpyResult, PySpyStackTrace } from '../../backends/admin/models.js';
import type { PySpyScenario } from './scenario.js';
import type { ProcRec } from './world.js';

const PY = '/usr/local/lib/python3.12';
const SITE = `${PY}/site-packages`;
const WORKLOAD = '/workspace/examples/pyspy_workload.py';
export const PYSPY_BINARY = '/usr/local/bin/py-spy';

function py(name: string, filename: string, line: number, extra: Partial<PySpyFrame> = {}): PySpyFrame {
  return { name, filename, module: null, short_filename: filename.split('/').pop() ?? filename, line, locals: null, is_entry: false, ...extra };
}

function native(name: string, lib: string): PySpyFrame {
  return { name, filename: lib, module: lib.split('/').pop() ?? lib, short_filename: null, line: 0, locals: null, is_entry: false };
}

/** Frames below the user's handler: the actor runtime and the event loop (innermost first). */
function runtimeFrames(rng: Rng): PySpyFrame[] {
  return [
    py('handle', `${SITE}/monarch/_src/actor/actor_mesh.py`, 1021 + rng.int(0, 3)),
    py('_run_handler', `${SITE}/monarch/_src/actor/actor_mesh.py`, 958),
    py('_run', `${PY}/asyncio/events.py`, 88),
    py('_run_once', `${PY}/asyncio/base_events.py`, 1987),
    py('run_forever', `${PY}/asyncio/base_events.py`, 641),
    py('run_until_complete', `${PY}/asyncio/base_events.py`, 674),
    py('run', `${PY}/asyncio/runners.py`, 118),
    py('_actor_loop_main', `${SITE}/monarch/_src/actor/bootstrap.py`, 212),
  ];
}

function cpuFrames(rng: Rng): PySpyFrame[] {
  return [
    py('_cpu_burn_loop', WORKLOAD, 41 + rng.int(0, 2), { locals: [{ name: 'deadline', addr: 139_812_000_000 + rng.int(0, 1e6), arg: true, repr: '1722.5' }, { name: 'acc', addr: 139_812_100_000 + rng.int(0, 1e6), arg: false, repr: String(rng.int(1e5, 1e7)) }] }),
    py('do_cpu_work', WORKLOAD, 52),
    py('process_batch', WORKLOAD, 63),
    py('work_forever', WORKLOAD, 77),
  ];
}

function blockFrames(nativeFrames: boolean): PySpyFrame[] {
  const frames = [py('sleep', '<built-in>', 0, { module: 'time', short_filename: null }), py('do_blocking_work', WORKLOAD, 58), py('process_batch', WORKLOAD, 63), py('work_forever', WORKLOAD, 77)];
  return nativeFrames ? [native('clock_nanosleep', '/usr/lib/x86_64-linux-gnu/libc.so.6'), ...frames] : frames;
}

function asyncSleepFrames(): PySpyFrame[] {
  return [py('select', `${PY}/selectors.py`, 468), py('_run_once', `${PY}/asyncio/base_events.py`, 1949), py('run_forever', `${PY}/asyncio/base_events.py`, 641), py('run_until_complete', `${PY}/asyncio/base_events.py`, 674), py('run', `${PY}/asyncio/runners.py`, 118), py('_actor_loop_main', `${SITE}/monarch/_src/actor/bootstrap.py`, 212)];
}

function mainThread(pid: number, service: boolean): PySpyStackTrace {
  const entry = service ? `${SITE}/monarch/_src/actor/host_main.py` : `${SITE}/monarch/_src/actor/bootstrap_main.py`;
  return {
    pid,
    thread_id: 139_812_345_000_000 + (pid % 1000),
    thread_name: 'MainThread',
    os_thread_id: pid,
    active: false,
    owns_gil: false,
    frames: [py('wait', `${PY}/threading.py`, 355), py(service ? 'serve_host' : 'bootstrap_main', entry, service ? 88 : 142), py('<module>', entry, service ? 120 : 171, { is_entry: true })],
  };
}

/** The worker thread's frames for one sample (innermost first). */
function workerFrames(mode: PySpyScenario['mode'], rng: Rng, nativeFrames: boolean): PySpyFrame[] {
  const m = mode === 'mixed' ? (rng.chance(0.5) ? 'cpu' : 'async') : mode;
  if (m === 'cpu') return [...cpuFrames(rng), ...runtimeFrames(rng)];
  if (m === 'block') return [...blockFrames(nativeFrames), ...runtimeFrames(rng)];
  return asyncSleepFrames();
}

/** A one-shot dump of a proc (the `Ok` variant). */
export function pyspyOk(proc: ProcRec, cfg: PySpyScenario, rng: Rng): PySpyResult {
  const pid = proc.pid;
  const traces: PySpyStackTrace[] = [mainThread(pid, proc.role === 'service')];
  if (proc.role === 'user') {
    traces.push({
      pid,
      thread_id: 139_812_345_100_000 + (pid % 1000),
      thread_name: 'monarch-actor-loop',
      os_thread_id: pid + 7,
      active: true,
      owns_gil: true,
      frames: workerFrames(cfg.mode, rng, true),
    });
  }
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

/** An SVG flame graph of a simulated `py-spy record` of the proc. */
export function profileSvg(proc: ProcRec, cfg: PySpyScenario, opts: PySpyProfileOpts, rng: Rng): string {
  const samples = Math.min(opts.duration_s * opts.rate_hz, 20_000);
  const root: FlameNode = { name: 'all', count: 0, children: new Map() };
  for (let i = 0; i < samples; i++) {
    const stacks: { thread: string; frames: PySpyFrame[] }[] = [];
    if (proc.role === 'user') stacks.push({ thread: 'monarch-actor-loop', frames: workerFrames(cfg.mode, rng, opts.native) });
    if (opts.threads || proc.role !== 'user') stacks.push({ thread: 'MainThread', frames: mainThread(proc.pid, proc.role === 'service').frames });
    for (const s of stacks) {
      let node = root;
      node.count++;
      const names = s.frames
        .filter((f) => opts.native || f.module === null || f.module === 'time')
        .map((f) => (f.module && f.module !== 'time' ? `${f.name} (${f.module})` : `${f.module ? `${f.module}.` : ''}${f.name} (${f.short_filename ?? f.filename}:${f.line})`))
        .reverse();
      if (opts.threads) names.unshift(`thread ${s.thread}`);
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
