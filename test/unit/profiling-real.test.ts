/**
 * Golden tests over the outputs of the real tools (fixtures/real, copied from ../shared/real-data):
 * every Go runtime profile read as `go tool pprof -top` printed it, every py-spy dump printed as
 * py-spy printed it, py-spy's recordings (raw, speedscope, SVG) read back; and bad input of every
 * kind refused with an error that names the file and what is wrong, never a crash.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MeshError } from '../../src/errors.js';
import { PySpyStackTrace, type PySpyOk } from '../../src/backends/admin/models.js';
import { renderFlameGraph } from '../../src/profiling/flamegraph.js';
import { goFixed, goG, percentage, scaledLabel } from '../../src/profiling/measure.js';
import { decodeProfile, foldedStacks, renderTop, topReport } from '../../src/profiling/pprof.js';
import { recordLabel, renderDump, renderThreads, topOfDumps, topTable } from '../../src/profiling/pyspy.js';
import { readPySpyFile, shortFilename } from '../../src/profiling/pyspy-files.js';
import { elements, parseXml } from '../../src/profiling/xml.js';
import { pyspyOk } from '../../src/mock/admin/pyspy.js';
import { PySpyScenario } from '../../src/mock/admin/scenario.js';
import type { ProcRec } from '../../src/mock/admin/world.js';
import { createRng } from '../../src/mock/rng.js';
import { ROOT, tmp } from '../helpers.js';

const REAL = join(ROOT, 'fixtures', 'real');
const GOP = join(REAL, 'go-pprof');
const PYS = join(REAL, 'pyspy');
const PROFILES = ['cpu', 'heap', 'allocs', 'goroutine', 'block', 'mutex', 'threadcreate'] as const;
/** Dumps whose JSON and text are the same moment: thread for thread, frame for frame. */
const SAME_MOMENT = ['block', 'block.locals', 'block.native', 'recursion', 'asyncio', 'asyncio.locals'];
/** Dumps whose JSON and text were taken at different moments (the stacks move). */
const MOVING = ['cpu', 'cpu.native'];

const text = (file: string) => readFileSync(file, 'utf8');
const profile = (name: string) => decodeProfile(readFileSync(join(GOP, `${name}.pb.gz`)), `${name}.pb.gz`);
const dumpOf = (name: string): PySpyOk => {
  const read = readPySpyFile(join(PYS, `${name}.json`));
  if (read.kind !== 'dump' || !('Ok' in read.result)) throw new Error(`${name}.json is not an Ok dump`);
  return read.result.Ok;
};
/** py-spy's text without its two header lines and the blank line (the command line and Python version the API does not have). */
const threadsOf = (txt: string) => txt.split('\n').slice(3).join('\n');

describe('go tool pprof -top on the real Go profiles', () => {
  for (const name of PROFILES) {
    it(`${name}: the same lines as go tool pprof -top and -top -cum`, () => {
      const p = profile(name);
      expect(renderTop(topReport(p, { timeZone: 'UTC' }))).toBe(text(join(GOP, `${name}.top.txt`)));
      expect(renderTop(topReport(p, { cum: true, timeZone: 'UTC' }))).toBe(text(join(GOP, `${name}.top-cum.txt`)));
    });
  }

  it('cpu -nodefraction=0: nothing dropped', () => {
    const r = topReport(profile('cpu'), { nodeFraction: 0, timeZone: 'UTC' });
    expect(r.droppedNodes).toBe(0);
    expect(renderTop(r)).toBe(text(join(GOP, 'cpu.top-all.txt')));
  });

  it('heap -sample_index=alloc_space', () => {
    expect(renderTop(topReport(profile('heap'), { sampleType: 'alloc_space', timeZone: 'UTC' }))).toBe(text(join(GOP, 'heap.alloc_space.top.txt')));
  });

  it('the details the table is made of: one unit for the table, inline markers, dropped nodes, the stackless threadcreate total, zero-flat rows by name', () => {
    const cpu = topReport(profile('cpu'), { timeZone: 'UTC' });
    expect(cpu.outputUnit).toBe('s');
    expect(cpu.rows.find((r) => r.function === 'runtime.nextFreeFast')).toMatchObject({ inline: 'inline', flatText: '0.06s' });
    expect(cpu.droppedNodes).toBe(159);
    expect(cpu.labels).toContain('Dropped 159 nodes (cum <= 0.04s)');
    const heap = topReport(profile('heap'));
    expect(heap.outputUnit).toBe('MB');
    expect(heap.rows.find((r) => r.function === 'runtime.malg')!.flatText).toBe('0.50MB');
    const tc = topReport(profile('threadcreate'));
    expect([tc.total, tc.rows.length]).toEqual([4, 0]);
    const zero = topReport(profile('goroutine')).rows.filter((r) => r.flat === 0).map((r) => r.function);
    expect(zero).toEqual([...zero].sort());
  });

  it('flame graphs of every real profile: all of its samples under the root', () => {
    for (const name of PROFILES) {
      const p = profile(name);
      const { stacks, type, total } = foldedStacks(p);
      expect(total, name).toBe(topReport(p).total);
      const root = parseXml(renderFlameGraph(stacks, { rootName: 'root', title: `${name}: ${type.type}` }));
      const rects = [...elements(root)].filter((e) => e.name === 'rect' && e.attrs['data-samples'] !== undefined);
      expect(Number(rects[0].attrs['data-samples']), name).toBe(total);
      // threadcreate's samples have no stack: the root alone
      if (name === 'threadcreate') expect(rects).toHaveLength(1);
      else expect(rects.length, name).toBeGreaterThan(2);
    }
  });

  const GO = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
  if (!GO) console.warn('go is not installed: skipping the cross-check of `pprof top` against `go tool pprof` on other flags');
  it.skipIf(!GO)('-nodecount and -sample_index as go tool pprof prints them (skipped where go is not installed)', () => {
    for (const name of PROFILES) {
      const file = join(GOP, `${name}.pb.gz`);
      const types = profile(name).sampleType.length;
      for (const [n, cum, index] of [[1, false, 0], [4, true, types - 1], [20, false, 0]] as const) {
        const out = execFileSync('go', ['tool', 'pprof', '-top', `-nodecount=${n}`, `-sample_index=${index}`, ...(cum ? ['-cum'] : []), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
        expect(renderTop(topReport(profile(name), { nodeCount: n, cum, sampleType: String(index), timeZone: 'UTC' })), `${name} -nodecount=${n} -sample_index=${index}${cum ? ' -cum' : ''}`).toBe(out);
      }
    }
  });
});

describe("Go's number formats", () => {
  it('%.2f and %.2g round as Go does (ties to even) and drop what Go drops', () => {
    expect([goFixed(0.125, 2), goFixed(12.125, 2), goFixed(2.675, 2), goFixed(0.015, 2)]).toEqual(['0.12', '12.12', '2.67', '0.01']);
    expect([goG(0.7, 2), goG(0.05, 2), goG(0.0001234, 2), goG(0.00001234, 2), goG(123, 2), goG(0.995, 2)]).toEqual(['0.7', '0.05', '0.00012', '1.2e-05', '1.2e+02', '0.99']);
    expect([percentage(1, 143), percentage(0, 4), percentage(9995, 10000), percentage(25, 26)]).toEqual(['  0.7%', '    0%', '  100%', '96.15%']);
    expect([scaledLabel(330_000_000, 'nanoseconds', 's'), scaledLabel(524_493, 'bytes', 'MB'), scaledLabel(2_004_322_796, 'bytes', 'MB'), scaledLabel(0, 'bytes', 'MB')]).toEqual(['0.33s', '0.50MB', '1911.47MB', '0']);
  });
});

describe('py-spy dump on the real dumps', () => {
  for (const name of SAME_MOMENT) {
    it(`${name}: the thread blocks py-spy printed, line for line`, () => {
      const ok = dumpOf(name);
      const want = threadsOf(text(join(PYS, `${name}.txt`)));
      expect(renderThreads(ok.stack_traces, { locals: name.includes('locals') })).toBe(want);
      // and after meshscope's own two header lines and a blank line, as py-spy lays it out
      const rendered = renderDump(ok, { locals: name.includes('locals'), source: `${name}.json` }).split('\n');
      expect(rendered[0]).toBe(`Process ${ok.pid}: ${name}.json`);
      expect(rendered[2]).toBe('');
      expect(rendered.slice(3).join('\n')).toBe(want);
    });
  }

  for (const name of MOVING) {
    it(`${name}: another moment of the same process, the same shape: threads, ids, names, frame lines`, () => {
      const ours = renderThreads(dumpOf(name).stack_traces).trimEnd().split('\n');
      const theirs = threadsOf(text(join(PYS, `${name}.txt`))).trimEnd().split('\n');
      const header = /^Thread (\d+) \((?:idle|active|active\+gil)\): "(.*)"$/;
      const ids = (lines: string[]) => lines.filter((l) => l.startsWith('Thread ')).map((l) => header.exec(l)!.slice(1, 3).join(' '));
      expect(ids(ours)).toEqual(ids(theirs));
      expect(ids(ours)[0]).toMatch(/ MainThread$/);
      const frame = /^ {4}\S.* \([^()]+\)$/;
      for (const l of [...ours, ...theirs]) expect(l.startsWith('Thread ') ? header.test(l) : frame.test(l), l).toBe(true);
      if (name === 'cpu.native') for (const lines of [ours, theirs]) expect(lines.some((l) => /^ {4}0x7f[0-9a-f]+ \(libc\.so\.6\)$/.test(l))).toBe(true);
    });
  }

  it('the JSON lists threads newest first; py-spy prints them the other way round', () => {
    const ok = dumpOf('block');
    expect(ok.stack_traces.map((t) => t.thread_name)).toEqual(['heartbeat', 'dataloader-1', 'dataloader-0', 'MainThread']);
    expect(renderThreads(ok.stack_traces).split('\n')[0]).toBe('Thread 15967 (idle): "MainThread"');
  });

  it('aggregates like py-spy top: the cpu dump counts its active threads, by line', () => {
    const top = topOfDumps([{ Ok: dumpOf('cpu.native') }]);
    expect([top.samples, top.threads, top.gilPct, top.activePct]).toEqual([1, 2, 100, 200]);
    expect(top.rows.find((r) => r.label === 'burn (workload.py:15)')).toMatchObject({ own: 1, total: 2, ownPct: 100, totalPct: 200 });
    expect(top.rows.find((r) => r.label === 'pthread_cond_wait (libc.so.6)')).toMatchObject({ own: 0, total: 1 });
  });
});

describe("the admin mock's dumps are shaped as the real ones", () => {
  const proc = { pid: 37014, role: 'user', ref: 'philosophers<yie2qu>@tcp://10.0.0.1:26601' } as unknown as ProcRec;
  const mock = (mode: 'cpu' | 'block' | 'mixed', locals = false, seed = 1) => (pyspyOk(proc, PySpyScenario.parse({ mode, locals }), createRng(seed)) as { Ok: PySpyOk }).Ok;
  const real = dumpOf('block.native');

  it('threads as py-spy lists them: MainThread last with the pid as its OS thread id, pthread ids, idle/active/gil', () => {
    for (const ok of [real, mock('cpu'), mock('block')]) {
      const main = ok.stack_traces[ok.stack_traces.length - 1];
      expect(main).toMatchObject({ thread_name: 'MainThread', os_thread_id: ok.pid, active: false, owns_gil: false });
      for (const t of ok.stack_traces) expect(t.thread_id).toBeGreaterThan(2 ** 40);
      expect(new Set(ok.stack_traces.map((t) => t.os_thread_id)).size).toBe(ok.stack_traces.length);
    }
    expect(mock('cpu').stack_traces[0]).toMatchObject({ active: true, owns_gil: true });
    expect(mock('block').stack_traces[0]).toMatchObject({ active: false, owns_gil: false });
  });

  it('native frames as py-spy --native reports them: the library as module and file, its base name as short name, no line', () => {
    const natives = (ok: PySpyOk) => ok.stack_traces.flatMap((t) => t.frames).filter((f) => f.module !== null);
    for (const ok of [real, mock('block')]) {
      expect(natives(ok).length).toBeGreaterThan(0);
      for (const f of natives(ok)) {
        expect(f.filename).toBe(f.module);
        expect(f.short_filename).toBe(f.filename.split('/').pop());
        expect(f.line).toBe(0);
      }
      const names = natives(ok).map((f) => `${f.name} (${f.short_filename})`);
      expect(names.some((n) => /^0x7f[0-9a-f]+ \(libc\.so\.6\)$/.test(n))).toBe(true);
      expect(names.some((n) => /^PyThread_acquire_lock_timed \(libpython3\.\d+\.so\.1\.0\)$/.test(n))).toBe(true);
    }
    expect(renderThreads(mock('block').stack_traces)).toMatch(/\n {4}clock_nanosleep \(libc\.so\.6\)\n {4}time_sleep \(libpython3\.12\.so\.1\.0\)\n {4}do_blocking_work /);
    // the same as in the real dump of a thread in time.sleep
    expect(renderThreads(real.stack_traces)).toMatch(/\n {4}clock_nanosleep \(libc\.so\.6\)\n {4}time_sleep \(libpython3\.11\.so\.1\.0\)\n {4}step /);
  });

  it("every line the mock's dumps print has the shape of a line of the real dumps", () => {
    const shapes = [/^Thread \d+ \((idle|active|active\+gil)\): "[^"]+"$/, /^ {4}\S.* \([^()]+:\d+\)$/, /^ {4}\S+ \([^()]+\.so[.\d]*\)$/, /^ {8}(Arguments|Locals):$/, /^ {12}\w+: .+$/];
    for (const txt of [...SAME_MOMENT, ...MOVING].map((n) => threadsOf(text(join(PYS, `${n}.txt`))))) for (const l of txt.trimEnd().split('\n')) expect(shapes.some((re) => re.test(l)), l).toBe(true);
    for (const mode of ['cpu', 'block', 'mixed'] as const) {
      for (const l of renderThreads(mock(mode, true).stack_traces, { locals: true }).trimEnd().split('\n')) expect(shapes.some((re) => re.test(l)), l).toBe(true);
    }
  });

  it("locals only when the scenario's py-spy takes them, as py-spy --locals writes them", () => {
    expect(mock('cpu').stack_traces.flatMap((t) => t.frames).every((f) => f.locals === null)).toBe(true);
    const frames = mock('cpu', true).stack_traces.flatMap((t) => t.frames);
    const withLocals = frames.filter((f) => f.locals && f.locals.length);
    expect(withLocals.length).toBeGreaterThan(3);
    for (const v of withLocals.flatMap((f) => f.locals!)) expect(Object.keys(v).sort()).toEqual(['addr', 'arg', 'name', 'repr']);
    // arguments come before locals in a frame, as py-spy lists them
    for (const f of withLocals) expect(f.locals!.map((v) => v.arg)).toEqual([...f.locals!.map((v) => v.arg)].sort((a, b) => Number(b) - Number(a)));
    expect(frames.filter((f) => f.module !== null).every((f) => f.locals === null)).toBe(true);
  });
});

describe("py-spy's recordings", () => {
  it('raw (collapsed) stacks: frames root first, counts per stack', () => {
    const read = readPySpyFile(join(PYS, 'cpu.collapsed.txt'));
    if (read.kind !== 'collapsed') throw new Error(read.kind);
    expect(read.stacks.map((s) => s.count)).toEqual([44, 59, 146, 148]);
    expect(read.stacks[0].frames.map((f) => [f.name, f.short_filename, f.line])).toEqual([
      ['burn', 'workload.py', 14],
      ['<module>', 'workload.py', 46],
    ]);
    const rows = topTable(read.stacks, { samples: 397, periodS: 0.01 });
    expect(rows.slice(0, 2).map((r) => [r.label, r.own, r.total, goFixed(r.ownPct, 2), goFixed(r.ownSeconds, 2)])).toEqual([
      ['burn (workload.py:15)', 294, 294, '74.06', '2.94'],
      ['burn (workload.py:14)', 103, 103, '25.94', '1.03'],
    ]);
  });

  it('speedscope: one sampled profile per thread, shared frames, weights in seconds', () => {
    const read = readPySpyFile(join(PYS, 'cpu.speedscope.json'));
    if (read.kind !== 'speedscope') throw new Error(read.kind);
    expect(read.threads).toEqual(['Thread 15968 "MainThread"', 'Thread 16135 "burner"']);
    expect(read.stacks).toHaveLength(395);
    const rows = topTable(read.stacks, { samples: 395 });
    expect(rows[0]).toMatchObject({ label: 'burn (workload.py:15)', own: 312 });
    expect(goFixed(rows[0].ownSeconds, 2)).toBe('3.12');
    expect(rows.find((r) => r.label === '_bootstrap (threading.py:1002)')).toMatchObject({ own: 0, total: 205 });
    expect(shortFilename('/usr/local/lib/python3.11/asyncio/base_events.py')).toBe('asyncio/base_events.py');
    expect(shortFilename('/usr/local/lib/python3.12/site-packages/monarch/_src/actor/actor_mesh.py')).toBe('monarch/_src/actor/actor_mesh.py');
  });

  it('thread and process frames of record --threads / --subprocesses (no file) keep their bare names', () => {
    const f = join(tmp('pyspy-threads'), 'threads.txt');
    writeFileSync(f, 'process 12:"python x.py";thread (0x7F01);main (x.py:3) 5\n');
    const read = readPySpyFile(f);
    if (read.kind !== 'collapsed') throw new Error(read.kind);
    expect(topTable(read.stacks, { samples: 5 }).map((r) => r.label)).toEqual(['main (x.py:3)', 'process 12:"python x.py"', 'thread (0x7F01)']);
    expect(read.stacks[0].frames.map(recordLabel).reverse().join(';')).toBe('process 12:"python x.py";thread (0x7F01);main (x.py:3)');
  });

  it("py-spy's own flame graph SVG is well-formed XML meshscope reads (so it is saved without a warning)", () => {
    const root = parseXml(text(join(PYS, 'cpu.flame.svg')));
    expect(root.name).toBe('svg');
    const frames = [...elements(root)].find((e) => e.name === 'svg' && e.attrs.id === 'frames')!;
    expect(frames.attrs.total_samples).toBe('366');
  });
});

describe('every file of the real data is under test', () => {
  const covered = new Set<string>([
    ...PROFILES.flatMap((p) => [`go-pprof/${p}.pb.gz`, `go-pprof/${p}.top.txt`, `go-pprof/${p}.top-cum.txt`]),
    'go-pprof/cpu.top-all.txt',
    'go-pprof/heap.alloc_space.top.txt',
    'go-pprof/main.go',
    'go-pprof/go.mod',
    ...[...SAME_MOMENT, ...MOVING].flatMap((d) => [`pyspy/${d}.json`, `pyspy/${d}.txt`]),
    'pyspy/cpu.collapsed.txt',
    'pyspy/cpu.speedscope.json',
    'pyspy/cpu.flame.svg',
    'pyspy/workload.py',
    'README.md',
  ]);

  it('fixtures/real holds no file the golden tests leave out', () => {
    const files = ['go-pprof', 'pyspy'].flatMap((d) => readdirSync(join(REAL, d)).map((f) => `${d}/${f}`));
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
    expect([...covered].filter((f) => !existsSync(join(REAL, f)))).toEqual([]);
  });

  const SHARED = join(ROOT, '..', 'shared', 'real-data');
  it.skipIf(!existsSync(SHARED))('fixtures/real is a copy of ../shared/real-data (skipped where it is not there)', () => {
    for (const f of covered) if (existsSync(join(SHARED, f))) expect(readFileSync(join(REAL, f)).equals(readFileSync(join(SHARED, f))), f).toBe(true);
    const shared = ['go-pprof', 'pyspy'].flatMap((d) => readdirSync(join(SHARED, d)).map((f) => `${d}/${f}`));
    expect(shared.filter((f) => !covered.has(f))).toEqual([]);
  });
});

describe('bad input: a clear error naming the file, never a crash', () => {
  const expectUsage = (fn: () => unknown, re: RegExp) => {
    let thrown: unknown;
    try {
      fn();
    } catch (e) {
      thrown = e;
    }
    expect(thrown, 'should have thrown').toBeInstanceOf(MeshError);
    expect((thrown as MeshError).exitCode).toBe(2);
    expect((thrown as MeshError).message).toMatch(re);
    return thrown as MeshError;
  };
  const gz = readFileSync(join(GOP, 'heap.pb.gz'));

  it('profiles: truncated, corrupt, gzip of something else, too large once unpacked, empty', () => {
    expectUsage(() => decodeProfile(gz.subarray(0, gz.length / 2), 'half.pb.gz'), /^half\.pb\.gz is not a valid gzip file: unexpected end of file$/);
    const corrupt = Buffer.from(gz);
    corrupt[corrupt.length - 6] ^= 0xff;
    expectUsage(() => decodeProfile(corrupt, 'crc.pb.gz'), /^crc\.pb\.gz is not a valid gzip file: incorrect data check$/);
    const raw = gunzipSync(gz);
    expectUsage(() => decodeProfile(raw.subarray(0, raw.length - 300), 'cut.pb'), /^cut\.pb is not (a|a valid) pprof profile/);
    expectUsage(() => decodeProfile(gzipSync('{"profile": "not really"}'), 'json.gz'), /^json\.gz is gzip-compressed, but what it holds is not a pprof profile/);
    expectUsage(() => decodeProfile(gzipSync(readFileSync(join(PYS, 'cpu.flame.svg'))), 'svg.gz'), /^svg\.gz is gzip-compressed, but what it holds is not a pprof profile/);
    const big = expectUsage(() => decodeProfile(gz, 'heap.pb.gz', { maxBytes: 1024 }), /^heap\.pb\.gz unpacks to more than 1\.0 KiB, the most meshscope reads of a profile$/);
    expect(big.code).toBe('invalid_profile');
    expectUsage(() => decodeProfile(Buffer.alloc(0), 'empty.pb'), /^empty\.pb is empty$/);
    // every prefix of a real profile is refused cleanly or read: never anything but a MeshError
    for (let n = 1; n < raw.length; n += 97) {
      try {
        decodeProfile(raw.subarray(0, n), `prefix-${n}`);
      } catch (e) {
        expect(e, `prefix of ${n} bytes`).toBeInstanceOf(MeshError);
      }
    }
  });

  it('py-spy JSON: unknown fields are ignored; a missing or mistyped field it needs names the file and the field', () => {
    const dir = tmp('pyspy-bad');
    const block = JSON.parse(text(join(PYS, 'block.json')));
    const write = (name: string, data: unknown) => {
      const f = join(dir, name);
      writeFileSync(f, typeof data === 'string' ? data : JSON.stringify(data));
      return f;
    };
    const extra = structuredClone(block);
    extra[0].gpu = { util: 0.9 };
    extra[0].frames[0].column = 7;
    const unknown = readPySpyFile(write('unknown.json', extra));
    expect(unknown.kind === 'dump' && 'Ok' in unknown.result && renderThreads(unknown.result.Ok.stack_traces)).toBe(threadsOf(text(join(PYS, 'block.txt'))));
    const unneeded = structuredClone(block);
    delete unneeded[1].pid;
    delete unneeded[1].frames[0].is_entry;
    delete unneeded[1].frames[0].is_shim_entry;
    expect(readPySpyFile(write('unneeded.json', unneeded)).kind).toBe('dump');
    const missing = structuredClone(block);
    delete missing[1].frames[2].line;
    expectUsage(() => readPySpyFile(write('missing.json', missing)), /missing\.json: not a py-spy dump \(py-spy dump --json\): \[1\]\.frames\[2\]\.line: missing \(expected number\)$/);
    const noFrames = structuredClone(block);
    delete noFrames[3].frames;
    expectUsage(() => readPySpyFile(write('noframes.json', noFrames)), /noframes\.json: .*\[3\]\.frames: missing/);
    const typed = structuredClone(block);
    typed[0].active = 'yes';
    expectUsage(() => readPySpyFile(write('typed.json', typed)), /typed\.json: .*\[0\]\.active: expected boolean, not string$/);
    expectUsage(() => readPySpyFile(write('cut.json', text(join(PYS, 'block.json')).slice(0, 700))), /cut\.json: is not valid JSON/);
    expectUsage(() => readPySpyFile(write('other.json', { hello: 'world' })), /other\.json: is JSON, but neither a py-spy dump nor a speedscope profile \(its keys: hello\)$/);
    expectUsage(() => readPySpyFile(join(PYS, 'cpu.flame.svg')), /cpu\.flame\.svg: is XML or SVG/);
    expectUsage(() => readPySpyFile(write('bad.txt', 'a (x.py:1);b (x.py:2) 5\nnot a stack\n')), /bad\.txt: line 2 is not a collapsed stack/);
    expectUsage(() => readPySpyFile(write('ss.json', { profiles: [{ type: 'sampled', samples: [[0, 4]], weights: [0.01] }], shared: { frames: [{ name: 'f' }] } })), /ss\.json: profiles\[0\]\.samples\[0\] names frame 4, but shared\.frames has 1$/);
    expectUsage(() => readPySpyFile(write('evented.json', { profiles: [{ type: 'evented' }], shared: { frames: [] } })), /evented\.json: profiles\[0\] is a "evented" profile/);
    expectUsage(() => readPySpyFile(write('empty.txt', '')), /empty\.txt: is empty$/);
    // the API's model reads py-spy's own JSON as it is
    expect(PySpyStackTrace.safeParse(block[0]).success).toBe(true);
  });
});
