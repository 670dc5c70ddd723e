/** Helpers of the browser's tests: a simulated mesh from a mock scenario, served without HTTP. */
import { MeshError } from '../../src/errors.js';
import { loadScenario } from '../../src/mock/scenario.js';
import { World } from '../../src/mock/admin/world.js';
import type { ConfigDumpResult, NodePayload, PySpyResult } from '../../src/backends/admin/models.js';
import type { AdminApi } from '../../src/tui/controller.js';
import { reduce, initialState, rowKey, type Action, type TuiState } from '../../src/tui/state.js';
import type { Controller } from '../../src/tui/controller.js';

export const T0 = Date.parse('2026-06-01T12:00:00.000Z');

export function worldOf(scenario: string, now = T0): World {
  const sc = loadScenario(scenario);
  return new World(sc.admin, { seed: sc.seed, clock: { now: () => now }, env: { USER: 'operator' } });
}

/** The admin API answered from a world, as the mock would (404 for gone nodes, 504 for hung ones). */
export class WorldAdmin implements AdminApi {
  readonly calls: string[] = [];
  constructor(readonly world: World) {}

  async get(ref: string): Promise<NodePayload> {
    this.calls.push(ref);
    const b = this.world.behaviour(ref);
    if (b.hung) throw new MeshError({ kind: 'server', code: 'gateway_timeout', status: 504, backend: 'admin', message: 'timed out resolving reference' });
    const p = this.world.resolve(ref);
    if (!p) throw new MeshError({ kind: 'not_found', code: 'not_found', status: 404, backend: 'admin', message: `reference not found: ${ref}` });
    return p;
  }

  async config(proc: string): Promise<ConfigDumpResult> {
    this.calls.push(`config:${proc}`);
    return {
      entries: [
        { name: 'hyperactor::config::codec_max_frame_length', value: '1048576', default_value: '1048576', source: 'Default', changed_from_default: false, env_var: 'HYPERACTOR_CODEC_MAX_FRAME_LENGTH' },
        { name: 'hyperactor_mesh::config::mesh_admin_single_host_timeout', value: '5s', default_value: '3s', source: 'Env', changed_from_default: true, env_var: null },
      ],
    };
  }

  async pyspy(proc: string): Promise<PySpyResult> {
    this.calls.push(`pyspy:${proc}`);
    return {
      Ok: {
        pid: 4242,
        binary: '/usr/bin/py-spy',
        warnings: [],
        stack_traces: [
          {
            pid: 4242,
            thread_id: 140000000000,
            thread_name: 'MainThread',
            os_thread_id: 4242,
            active: true,
            owns_gil: true,
            frames: [
              { name: '_cpu_burn_loop', filename: '/app/worker.py', module: null, short_filename: 'worker.py', line: 42, locals: null, is_entry: false },
              { name: 'work_forever', filename: '/app/worker.py', module: null, short_filename: 'worker.py', line: 10, locals: null, is_entry: true },
            ],
          },
        ],
      },
    };
  }
}

/** A state with every given node fetched (what the controller would have done). */
export function stateWith(world: World, refs: string[], extra: Partial<TuiState> = {}): TuiState {
  let s = { ...initialState({ url: 'http://mesh.test:1729', size: { columns: 120, rows: 40 }, now: T0 }), ...extra };
  for (const ref of refs) {
    const payload = world.resolve(ref);
    if (payload) s = reduce(s, { type: 'fetched', ref, payload, at: T0 });
  }
  return s;
}

export function apply(s: TuiState, ...actions: Action[]): TuiState {
  return actions.reduce(reduce, s);
}

/** root, its hosts, and the procs of every host. */
export function topRefs(world: World): string[] {
  const out = ['root'];
  for (const h of world.hosts) {
    out.push(h.ref);
    for (const p of h.procs) out.push(p.ref);
  }
  return out;
}

/** Poll a rendered frame until `pred` holds; on time-out the error shows the screen's text lines. */
export async function waitForFrame(frame: () => string, pred: (f: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const f = frame();
    if (pred(f)) return f;
    if (Date.now() - t0 > ms) {
      const text = f.split('\n').filter((l) => /[a-z]/i.test(l.replace(/[│╭╮╰╯─]/g, ''))).join('\n');
      throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Type keys into an Ink app, giving Esc time to be told apart from an escape sequence. */
export async function pressKeys(stdin: { write(data: string): unknown }, keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await new Promise((r) => setTimeout(r, k === '\x1b' ? 30 : 10));
  }
}

export const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

/** What ink-testing-library's render gives back, as far as the drivers use it. */
interface Rendered {
  lastFrame(): string | undefined;
  stdin: { write(data: string): unknown };
  stdout: object;
}

/**
 * Drive an app rendered by ink-testing-library at `columns` wide (its stdout says 100 and Ink reads
 * the width again on every commit): the frame without escapes, a wait for a frame, key presses.
 */
export function drive(ui: Rendered, columns: number) {
  Object.defineProperty(ui.stdout, 'columns', { get: () => columns, configurable: true });
  const frame = () => (ui.lastFrame() ?? '').replace(ANSI, '');
  return {
    frame,
    until: (pred: (f: string) => boolean, what: string, ms?: number) => waitForFrame(frame, pred, what, ms),
    press: (...keys: string[]) => pressKeys(ui.stdin, keys),
  };
}

/** Opens every host and every proc of `world` in the browser `c` (the large mesh: about 10,000 rows), then goes home. */
export async function openEveryHostAndProc(c: Controller, world: World): Promise<void> {
  for (const h of world.hosts) {
    c.dispatch({ type: 'select', key: rowKey(h.ref, 1) });
    c.dispatch({ type: 'toggleExpand' });
    await Promise.all(h.procs.map((p) => c.fetch(p.ref)));
    for (const p of h.procs) {
      c.dispatch({ type: 'select', key: rowKey(p.ref, 2) });
      c.dispatch({ type: 'toggleExpand' });
    }
  }
  c.dispatch({ type: 'home' });
}
