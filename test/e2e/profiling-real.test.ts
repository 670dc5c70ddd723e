/**
 * e2e over the outputs of the real tools (fixtures/real): `pprof top` prints what `go tool pprof
 * -top` printed, `pprof flamegraph` draws every real profile, `pyspy dump --from` prints what
 * py-spy printed, `pyspy top` and `pyspy flamegraph --from` read py-spy's recordings, and
 * `pyspy flamegraph REF` saves py-spy's SVG byte for byte. The mocks answer in the same shapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Profile } from 'pprof-format';
import { gunzipSync } from 'node:zlib';
import { PROFILE_TYPES } from '../../src/backends/grid/models.js';
import { loadScenario } from '../../src/mock/scenario.js';
import type { MockHandle } from '../../src/mock/server.js';
import { elements, parseXml, textOf } from '../../src/profiling/xml.js';
import { cleanEnv, ROOT, runCli, startTestMock, tmp } from '../helpers.js';

const REAL = join(ROOT, 'fixtures', 'real');
const GOP = join(REAL, 'go-pprof');
const PYS = join(REAL, 'pyspy');
const PROFILES = ['cpu', 'heap', 'allocs', 'goroutine', 'block', 'mutex', 'threadcreate'];
const env = () => cleanEnv({ TZ: 'UTC' });
const golden = (file: string) => readFileSync(file, 'utf8');
const threadsOf = (txt: string) => txt.split('\n').slice(3).join('\n');

describe('pprof top and flamegraph on the real Go profiles', () => {
  for (const name of PROFILES) {
    it(`pprof top ${name}.pb.gz prints what go tool pprof -top printed (and -cum)`, async () => {
      const file = join(GOP, `${name}.pb.gz`);
      const r = await runCli(['pprof', 'top', file], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(golden(join(GOP, `${name}.top.txt`)));
      const cum = await runCli(['pprof', 'top', file, '--cum'], { env: env() });
      expect(cum.stdout).toBe(golden(join(GOP, `${name}.top-cum.txt`)));
    });
  }

  it('--nodefraction 0 and --sample-index as go prints them; -o json carries the same rows', async () => {
    const all = await runCli(['pprof', 'top', join(GOP, 'cpu.pb.gz'), '--nodefraction', '0'], { env: env() });
    expect(all.stdout).toBe(golden(join(GOP, 'cpu.top-all.txt')));
    const space = await runCli(['pprof', 'top', join(GOP, 'heap.pb.gz'), '--sample-index', 'alloc_space'], { env: env() });
    expect(space.stdout).toBe(golden(join(GOP, 'heap.alloc_space.top.txt')));
    const json = await runCli(['pprof', 'top', join(GOP, 'mutex.pb.gz'), '-o', 'json'], { env: env() });
    expect(JSON.parse(json.stdout)).toMatchObject({ type: 'delay', unit: 'nanoseconds', output_unit: 's', total: 3776334503, dropped_nodes: 0, rows: [{ function: 'sync.(*Mutex).Unlock', inline: 'inline', flat: 3776334503, flat_pct: 100 }, { function: 'main.contend', inline: null, flat: 0 }] });
    const bad = await runCli(['pprof', 'top', join(GOP, 'cpu.pb.gz'), '--nodefraction', '2'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --nodefraction "2": expected a fraction from 0 to 1');
    const index = await runCli(['pprof', 'top', join(GOP, 'heap.pb.gz'), '--sample-index', '9'], { env: env() });
    expect(index.code).toBe(2);
    expect(index.stderr).toContain('--sample-index 9 is outside the range [0..3]');
  });

  it('pprof flamegraph draws every real profile; threadcreate (no stacks) as its root alone', async () => {
    const dir = tmp('real-flame');
    for (const name of PROFILES) {
      const out = join(dir, `${name}.svg`);
      const r = await runCli(['pprof', 'flamegraph', join(GOP, `${name}.pb.gz`), '-f', out, '-o', 'json'], { env: env() });
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      const root = parseXml(readFileSync(out, 'utf8'));
      const titles = [...elements(root)].filter((e) => e.name === 'title').map((t) => textOf(t));
      // the root holds the whole total: 7.11s of cpu, 4 threads created
      if (name === 'cpu') expect(titles[0]).toBe('root (7.11s, 100.00%)');
      if (name === 'threadcreate') expect(titles).toEqual(['root (4 threadcreate, 100.00%)']);
      if (name === 'mutex') expect(titles).toContain('sync.(*Mutex).Unlock (3.78s, 100.00%)');
    }
  });
});

describe('pyspy dump --from, top and flamegraph --from on the real py-spy files', () => {
  for (const name of ['block', 'block.locals', 'block.native', 'recursion', 'asyncio', 'asyncio.locals']) {
    it(`pyspy dump --from ${name}.json prints the threads py-spy printed`, async () => {
      const r = await runCli(['pyspy', 'dump', '--from', join(PYS, `${name}.json`), ...(name.includes('locals') ? ['--locals'] : [])], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      const lines = r.stdout.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^Process \\d+: .*${name.replace('.', '\\.')}\\.json$`));
      expect(threadsOf(r.stdout)).toBe(threadsOf(golden(join(PYS, `${name}.txt`))));
    });
  }

  it('pyspy dump --from: -o json gives the file back; a recording is not a dump; --locals on a dump without them warns', async () => {
    const json = await runCli(['pyspy', 'dump', '--from', join(PYS, 'cpu.json'), '-o', 'json'], { env: env() });
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(golden(join(PYS, 'cpu.json'))));
    const rec = await runCli(['pyspy', 'dump', '--from', join(PYS, 'cpu.collapsed.txt')], { env: env() });
    expect(rec.code).toBe(2);
    expect(rec.stderr).toContain('is a recording (collapsed stacks), not a dump');
    expect(rec.stderr).toContain('meshscope pyspy top');
    const noLocals = await runCli(['pyspy', 'dump', '--from', join(PYS, 'block.json'), '--locals'], { env: env() });
    expect(noLocals.code).toBe(0);
    expect(noLocals.stderr).toContain('carries no locals: py-spy dump was run without --locals');
    const both = await runCli(['pyspy', 'dump', 'p<x>@tcp://h:1', '--from', join(PYS, 'block.json')], { env: env() });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give a reference or --from FILE, not both');
  });

  it('pyspy top reads raw (collapsed) and speedscope recordings as py-spy top shows them', async () => {
    const raw = await runCli(['pyspy', 'top', join(PYS, 'cpu.collapsed.txt')], { env: env() });
    expect(raw.code, raw.stderr).toBe(0);
    expect(raw.stdout.split('\n').slice(1).join('\n')).toBe(
      [
        'Total Samples 397',
        '',
        '  %Own   %Total  OwnTime  TotalTime  Function (filename:line)',
        ' 74.06%  74.06%    2.94s     2.94s   burn (workload.py:15)',
        ' 25.94%  25.94%    1.03s     1.03s   burn (workload.py:14)',
        '  0.00%  51.64%   0.000s     2.05s   <lambda> (workload.py:44)',
        '  0.00%  51.64%   0.000s     2.05s   <listcomp> (workload.py:44)',
        '  0.00%  51.64%   0.000s     2.05s   _bootstrap (threading.py:1002)',
        '  0.00%  51.64%   0.000s     2.05s   _bootstrap_inner (threading.py:1045)',
        '  0.00%  51.64%   0.000s     2.05s   run (threading.py:982)',
        '  0.00%  48.36%   0.000s     1.92s   <module> (workload.py:46)',
        '',
      ].join('\n'),
    );
    const ss = await runCli(['pyspy', 'top', join(PYS, 'cpu.speedscope.json'), '--functions', '-o', 'json'], { env: env() });
    const body = JSON.parse(ss.stdout);
    expect(body).toMatchObject({ kind: 'speedscope', samples: 395, by: 'function' });
    expect(body.rows[0]).toEqual({ function: 'burn', file: 'workload.py', own: 395, total: 395, own_pct: 100, total_pct: 100, own_s: 3.95, total_s: 3.95 });
    const dump = await runCli(['pyspy', 'top', join(PYS, 'cpu.native.json')], { env: env() });
    expect(dump.stdout).toContain('GIL: 100.00%, Active: 200.00%, Threads: 2');
  });

  it('pyspy flamegraph --from draws a raw, a speedscope or a dump file', async () => {
    const dir = tmp('real-pyspy-flame');
    for (const [file, total] of [['cpu.collapsed.txt', 397], ['cpu.speedscope.json', 395], ['block.native.json', 4]] as const) {
      const out = join(dir, `${file}.svg`);
      const r = await runCli(['pyspy', 'flamegraph', '--from', join(PYS, file), '-f', out], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      const titles = [...elements(parseXml(readFileSync(out, 'utf8')))].filter((e) => e.name === 'title').map((t) => textOf(t));
      expect(titles[0]).toBe(`all (${total} sample${total === 1 ? '' : 's'}, 100.00%)`);
      if (file === 'cpu.collapsed.txt') expect(titles).toContain('burn (workload.py:15) (148 samples, 37.28%)');
      if (file === 'block.native.json') expect(titles).toContain('clock_nanosleep (libc.so.6) (1 sample, 25.00%)');
    }
    const svg = await runCli(['pyspy', 'flamegraph', '--from', join(PYS, 'cpu.flame.svg'), '-f', join(dir, 'x.svg')], { env: env() });
    expect(svg.code).toBe(2);
    expect(svg.stderr).toContain('cpu.flame.svg: is XML or SVG');
  });
});

describe('pyspy flamegraph through the API saves py-spy\'s SVG byte for byte', () => {
  let mock: MockHandle;
  beforeAll(async () => {
    const scenario = loadScenario(join(ROOT, 'fixtures', 'profiling', 'scenarios', 'cpu.yaml'));
    scenario.admin!.pyspy.svg_file = join(PYS, 'cpu.flame.svg');
    mock = await startTestMock({ scenario, only: ['admin'] });
  }, 30_000);
  afterAll(async () => {
    await mock?.close();
  });

  it('the saved file is the server\'s answer, unchanged, with no warning', async () => {
    const get = async (ref: string) => (await fetch(`${mock.urls.admin}/v1/${encodeURIComponent(ref)}`)).json();
    const root = await (await fetch(`${mock.urls.admin}/v1/root`)).json();
    const host = await get(root.children[0]);
    let proc: string | undefined;
    for (const ref of host.children as string[]) {
      const p = await get(ref);
      if ('Proc' in p.properties && (p.children as string[]).some((c) => c.startsWith('pyspy_worker'))) proc = p.identity;
    }
    const out = join(tmp('real-svg'), 'profile.svg');
    const r = await runCli(['pyspy', 'flamegraph', proc!, '--duration', '1', '-f', out, '--addr', mock.urls.admin], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFileSync(out).equals(readFileSync(join(PYS, 'cpu.flame.svg')))).toBe(true);
  });
});

describe('the mocks answer in the real shapes', () => {
  let mock: MockHandle;
  beforeAll(async () => {
    mock = await startTestMock({ scenario: join('fixtures', 'profiling', 'scenarios', 'grid.yaml') });
  }, 30_000);
  afterAll(async () => {
    await mock?.close();
  });

  it('grid: inline frames, a bytes label and four sample types on heap, a threadcreate profile without stacks, dropped runtime nodes', async () => {
    const dir = tmp('real-grid');
    const node = '11111111-1111-4111-8111-111111111111';
    const files: Record<string, string> = {};
    for (const profile of PROFILE_TYPES) {
      const out = join(dir, `${profile}.pb.gz`);
      const r = await runCli(['pprof', 'capture', '--client', node, '--profile', profile, '-f', out, '--grid-url', mock.urls.grid], { env: cleanEnv({ GRID_TOKEN: 's3cret-grid-token' }) });
      expect(r.code, r.stderr).toBe(0);
      files[profile] = out;
    }
    const heap = Profile.decode(gunzipSync(readFileSync(files.heap)));
    const s = heap.stringTable.strings;
    expect(heap.sampleType.map((t) => s[Number(t.type)])).toEqual(['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
    expect(heap.sample.every((x) => x.label.length === 1 && s[Number(x.label[0].key)] === 'bytes')).toBe(true);
    expect(heap.location.some((l) => l.line.length > 1)).toBe(true);
    const tc = Profile.decode(gunzipSync(readFileSync(files.threadcreate)));
    expect(tc.sample.length).toBe(1);
    expect(tc.sample[0].locationId).toEqual([]);
    const top = async (profile: string, ...args: string[]) => (await runCli(['pprof', 'top', files[profile], ...args], { env: env() })).stdout;
    expect(await top('mutex')).toMatch(/ sync\.\(\*Mutex\)\.Unlock \(inline\)\n/);
    expect(await top('threadcreate')).toMatch(/^Showing nodes accounting for 0, 0% of \d+ total\n {6}flat {2}flat% {3}sum% {8}cum {3}cum%\n$/m);
    const cpu = await top('cpu');
    expect(cpu).toMatch(/\nDropped 9 nodes \(cum <= [\d.]+m?s\)\n/);
    expect(cpu).toContain(' compress/flate.matchLen (inline)\n');
    expect(cpu).not.toContain('runtime.nanotime');
    // kept with --nodefraction 0 (marked inline unless its one call falls below the edge fraction, as go prints it)
    expect(await top('cpu', '--nodefraction', '0')).toMatch(/ runtime\.nanotime( \(inline\))?\n/);
  });
});
