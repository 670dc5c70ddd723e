/** e2e: `pyspy dump | store | flamegraph` against mocks whose py-spy answers each PySpyResult variant. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elements, parseXml } from '../../src/profiling/xml.js';
import type { MockHandle } from '../../src/mock/server.js';
import { BIN, cleanEnv, ESCAPE, runCli, startTestMock, tmp } from '../helpers.js';

const SCENARIOS = ['cpu', 'block', 'mixed', 'binary-not-found', 'failed'] as const;
type Name = (typeof SCENARIOS)[number];
const scenarioFile = (name: Name) => join('fixtures', 'profiling', 'scenarios', `${name}.yaml`);

const mocks = {} as Record<Name, MockHandle>;
const procs = {} as Record<Name, { proc: string; actor: string }>;

async function getJson(url: string): Promise<{ identity: string; children: string[]; parent: string | null; properties: Record<string, unknown> }> {
  const r = await fetch(url);
  if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
  return r.json() as never;
}

/** As the py-spy verifier: walk root -> hosts -> procs and pick a proc with a pyspy_worker actor. */
async function findWorker(admin: string): Promise<{ proc: string; actor: string }> {
  const root = await getJson(`${admin}/v1/root`);
  for (const host of root.children) {
    const h = await getJson(`${admin}/v1/${encodeURIComponent(host)}`);
    for (const procRef of h.children) {
      const p = await getJson(`${admin}/v1/${encodeURIComponent(procRef)}`);
      if (!('Proc' in p.properties)) continue;
      const actor = p.children.find((c) => c.startsWith('pyspy_worker'));
      if (actor) return { proc: p.identity, actor };
    }
  }
  throw new Error('no proc with a pyspy_worker actor');
}

beforeAll(async () => {
  await Promise.all(
    SCENARIOS.map(async (name) => {
      mocks[name] = await startTestMock({ scenario: scenarioFile(name) });
      procs[name] = await findWorker(mocks[name].urls.admin);
    }),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(mocks).map((m) => m.close()));
});

const cli = (name: Name, args: string[], env = cleanEnv()) => runCli([...args, '--addr', mocks[name].urls.admin], { env });

describe('pyspy dump', () => {
  it('renders an Ok dump as py-spy does, with the evidence frames of the cpu workload', async () => {
    const r = await cli('cpu', ['pyspy', 'dump', procs.cpu.proc]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Process \\d+: ${procs.cpu.proc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
    expect(r.stdout).toMatch(/\nThread \d+ \(idle\): "MainThread"\n/);
    expect(r.stdout).toMatch(/\nThread \d+ \(active\+gil\): "monarch-actor-loop"\n {4}_cpu_burn_loop \(pyspy_workload\.py:\d+\)\n {4}do_cpu_work \(pyspy_workload\.py:52\)\n {4}process_batch \(pyspy_workload\.py:63\)\n {4}work_forever \(pyspy_workload\.py:77\)\n/);
    expect(r.stdout).not.toContain('Locals:');
    expect(r.stdout).not.toMatch(ESCAPE);
  });

  it('uses the proc of an actor reference, and shows locals with --locals', async () => {
    const r = await cli('cpu', ['pyspy', 'dump', procs.cpu.actor, '--locals']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`: ${procs.cpu.proc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(r.stderr).toContain(`${procs.cpu.actor} is an actor: dumping its proc ${procs.cpu.proc}`);
    expect(r.stdout).toMatch(/_cpu_burn_loop \(pyspy_workload\.py:\d+\)\n {8}Arguments:\n {12}deadline: [\d.]+\n {8}Locals:\n {12}acc: \d+\n/);
  });

  it('prints the evidence frames of the block workload', async () => {
    const r = await cli('block', ['pyspy', 'dump', procs.block.proc]);
    expect(r.code).toBe(0);
    // as py-spy --native shows time.sleep: libc's clock_nanosleep under libpython's time_sleep
    expect(r.stdout).toMatch(/\nThread \d+ \(idle\): "monarch-actor-loop"\n {4}clock_nanosleep \(libc\.so\.6\)\n {4}time_sleep \(libpython3\.12\.so\.1\.0\)\n {4}do_blocking_work \(pyspy_workload\.py:58\)\n {4}process_batch \(pyspy_workload\.py:63\)\n/);
  });

  it('aggregates repeated dumps of the mixed workload as py-spy top does', async () => {
    const r = await cli('mixed', ['pyspy', 'dump', procs.mixed.proc, '--samples', '12', '--interval', '5', '--idle']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Collecting samples from '${procs.mixed.proc}' (12 py-spy dumps: 12 Ok, 0 failed, 0 py-spy not found)`);
    expect(lines[1]).toBe('Total Samples 12');
    expect(lines[2]).toMatch(/^GIL: \d+\.\d\d%, Active: \d+\.\d\d%, Threads: 2$/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe('  %Own   %Total  OwnTime  TotalTime  Function (filename:line)');
    const row = /^ *([\d.]+)% +([\d.]+)% +[\d.]+s +[\d.]+s {3}(.+)$/;
    const rows = lines.slice(5).filter((l) => l).map((l) => row.exec(l)!);
    expect(rows.every(Boolean)).toBe(true);
    for (const fn of ['do_cpu_work (pyspy_workload.py:52)', 'process_batch (pyspy_workload.py:63)', 'select (selectors.py:468)', 'epoll_wait (libc.so.6)']) expect(rows.map((m) => m[3])).toContain(fn);
    // own% of the worker's leaves (burning, or waiting in epoll) adds up to 100% with --idle
    const own = rows.filter((m) => /^_cpu_burn_loop |^epoll_wait /.test(m[3])).reduce((a, m) => a + Number(m[1]), 0);
    expect(own).toBeCloseTo(100, 0);
    const json = await cli('mixed', ['pyspy', 'dump', procs.mixed.proc, '--samples', '3', '--interval', '0', '-o', 'json']);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body).toMatchObject({ proc: procs.mixed.proc, dumps: 3, ok: 3, failed: 0, binary_not_found: 0, samples: 3, by: 'line' });
    expect(body.rows[0]).toEqual(expect.objectContaining({ function: expect.any(String), file: expect.any(String), own: expect.any(Number), total_pct: expect.any(Number) }));
  });

  it('BinaryNotFound: lists the searched paths and how to install py-spy; exit 1', async () => {
    const r = await cli('binary-not-found', ['pyspy', 'dump', procs['binary-not-found'].proc]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: py-spy is not installed on the host of ${procs['binary-not-found'].proc}; searched: (pyspy_binary_not_found)`);
    expect(r.stderr).toContain('\n  - py-spy\n');
    expect(r.stderr).toMatch(/hint: install py-spy where the proc runs: `pip install py-spy`/);
    const json = await cli('binary-not-found', ['pyspy', 'dump', procs['binary-not-found'].proc, '-o', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ BinaryNotFound: { searched: ['py-spy'] } });
    const many = await cli('binary-not-found', ['pyspy', 'dump', procs['binary-not-found'].proc, '--samples', '2', '--interval', '0']);
    expect(many.code).toBe(1);
    expect(many.stderr).toContain('(pyspy_binary_not_found)');
  });

  it('Failed: exit code and stderr of py-spy; exit 1', async () => {
    const r = await cli('failed', ['pyspy', 'dump', procs.failed.proc]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: py-spy failed on pid \d+ of .* \(\/usr\/local\/bin\/py-spy, exit code 1\); its stderr: \(pyspy_failed\)/);
    expect(r.stderr).toMatch(/ {2}- stderr: Error: Failed to suspend process \d+: Operation not permitted \(os error 1\)/);
    expect(r.stderr).toContain('ptrace_scope');
    const json = await cli('failed', ['pyspy', 'dump', procs.failed.proc, '-o', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).Failed).toMatchObject({ exit_code: 1, binary: '/usr/local/bin/py-spy' });
  });

  it('refuses a host reference, an unknown proc and a bad --samples', async () => {
    const root = await getJson(`${mocks.cpu.urls.admin}/v1/root`);
    const host = await cli('cpu', ['pyspy', 'dump', root.children[0]]);
    expect(host.code).toBe(2);
    expect(host.stderr).toContain('is a host, not a proc or an actor');
    const missing = await cli('cpu', ['pyspy', 'dump', 'nope<x>@tcp://10.9.9.9:1']);
    expect(missing.code).toBe(3);
    const bad = await cli('cpu', ['pyspy', 'dump', procs.cpu.proc, '--samples', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --samples "lots"');
  });
});

describe('pyspy store', () => {
  it('prints the dump_id and the query that reads the stored dump back', async () => {
    const r = await cli('cpu', ['pyspy', 'store', procs.cpu.actor]);
    expect(r.code).toBe(0);
    const id = /^dump_id:\s+(\S+)$/m.exec(r.stdout)![1];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const sql = `SELECT * FROM pyspy_dumps WHERE dump_id = '${id}'`;
    expect(r.stdout).toContain(`query:        ${sql}`);
    expect(r.stdout).toContain(`meshscope mesh query "${sql}"`);
    const rows = (await (await fetch(`${mocks.cpu.urls.admin}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }) })).json()) as { rows: Array<{ dump_id: string; proc_ref: string }> };
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ dump_id: id, proc_ref: procs.cpu.proc });
    const json = await cli('cpu', ['pyspy', 'store', procs.cpu.proc, '-o', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ dump_id: expect.any(String), proc: procs.cpu.proc, query: expect.stringContaining('SELECT * FROM pyspy_dumps') });
  });
});

describe('pyspy flamegraph', () => {
  it('saves the SVG, refuses to overwrite without --force, overwrites with it', async () => {
    const dir = tmp('pyspy-fg');
    const file = join(dir, 'profile.svg');
    const r = await cli('cpu', ['pyspy', 'flamegraph', procs.cpu.actor, '--duration', '2', '--rate', '50', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`file:     ${file}`);
    const svg = readFileSync(file, 'utf8');
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect([...elements(root)].some((e) => e.name === 'rect')).toBe(true);
    expect(svg).toContain('_cpu_burn_loop');
    writeFileSync(file, 'keep me');
    const again = await cli('cpu', ['pyspy', 'flamegraph', procs.cpu.proc, '--duration', '1', '-f', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    const forced = await cli('cpu', ['pyspy', 'flamegraph', procs.cpu.proc, '--duration', '1', '-f', file, '--force', '-o', 'json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ file, proc: procs.cpu.proc, duration_s: 1, rate_hz: 100, native: false });
    expect(readFileSync(file, 'utf8')).toContain('<svg');
  });

  it('validates duration and rate before sending anything (exit 2 even with no server)', async () => {
    const dir = tmp('pyspy-limits');
    const env = cleanEnv();
    const nowhere = ['--addr', 'http://127.0.0.1:9'];
    for (const [flags, message] of [
      [['--duration', '0'], '--duration must be 1..300 seconds, got 0'],
      [['--duration', '301'], '--duration must be 1..300 seconds, got 301'],
      [['--rate', '0'], '--rate must be 1..1000 Hz, got 0'],
      [['--rate', '1001'], '--rate must be 1..1000 Hz, got 1001'],
      [['--duration', 'ten'], 'invalid --duration "ten"'],
    ] as const) {
      const r = await runCli(['pyspy', 'flamegraph', 'p@tcp://h:1', ...flags, '--out', join(dir, 'x.svg'), ...nowhere], { env });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
    }
    const noOut = await runCli(['pyspy', 'flamegraph', 'p@tcp://h:1', ...nowhere], { env });
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out FILE.svg is required');
    const sent = await runCli(['pyspy', 'flamegraph', 'p@tcp://h:1', '--out', join(dir, 'x.svg'), ...nowhere], { env });
    expect(sent.code).toBe(4);
  });

  it('maps a missing py-spy (503) to exit 1 with a clear message', async () => {
    const dir = tmp('pyspy-503');
    const r = await cli('binary-not-found', ['pyspy', 'flamegraph', procs['binary-not-found'].proc, '--duration', '1', '--out', join(dir, 'p.svg')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('py-spy is not available on the host of');
    expect(r.stderr).toContain('pip install py-spy');
  });

  it('--serve serves the SVG on 127.0.0.1 and prints the browser URL and the ssh -L tunnel; Ctrl-C ends it with 0', async () => {
    const dir = tmp('pyspy-serve');
    const file = join(dir, 'profile.svg');
    const env = cleanEnv({ SSH_CONNECTION: '10.1.1.1 50000 10.2.2.2 22', USER: 'alice' });
    const child = spawn(process.execPath, [BIN, 'pyspy', 'flamegraph', procs.cpu.proc, '--duration', '1', '--out', file, '--serve', '0', '--addr', mocks.cpu.urls.admin], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL: ${stdout} ${stderr}`)), 20_000);
        child.stdout.setEncoding('utf8').on('data', (d) => {
          stdout += d;
          const m = /then open in a browser: (http:\/\/localhost:\d+\/profile\.svg)/.exec(stdout);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      const port = /localhost:(\d+)\//.exec(url)![1];
      expect(stdout).toContain(`saved ${file}`);
      expect(stdout).toContain(`serving it on 127.0.0.1 port ${port}: http://127.0.0.1:${port}/profile.svg`);
      expect(stdout).toContain(`  ssh -L ${port}:127.0.0.1:${port} alice@10.2.2.2\n`);
      const r = await fetch(`http://127.0.0.1:${port}/profile.svg`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/svg+xml');
      expect(await r.text()).toBe(readFileSync(file, 'utf8'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      child.kill('SIGINT');
      expect(await closed).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
