/** py-spy: dumps rendered as py-spy prints them, the three PySpyResult variants, aggregation, limits, files, ssh. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MeshError } from '../../src/errors.js';
import { PySpyResult, type PySpyOk } from '../../src/backends/admin/models.js';
import { dispositionFilename, safeFilename } from '../../src/backends/grid/client.js';
import { pyspyOk, pyspyResult } from '../../src/mock/admin/pyspy.js';
import { PySpyScenario } from '../../src/mock/admin/scenario.js';
import type { ProcRec } from '../../src/mock/admin/world.js';
import { createRng } from '../../src/mock/rng.js';
import { aggregateDumps, binaryNotFoundError, failedError, frameLabel, frameName, parseProfileLimits, renderDump, resultError, shellQuote, storedDumpQuery } from '../../src/profiling/pyspy.js';
import { parseServePort, serveFile, sshTunnel } from '../../src/profiling/serve.js';
import { tmp } from '../helpers.js';

const PROC = { pid: 4242, role: 'user', ref: 'trainer<ab12>@tcp://10.0.0.1:26601' } as unknown as ProcRec;

function dump(mode: 'cpu' | 'block' | 'mixed', seed = 1): PySpyOk {
  const r = pyspyOk(PROC, PySpyScenario.parse({ mode }), createRng(seed));
  expect(PySpyResult.safeParse(r).success).toBe(true);
  return (r as { Ok: PySpyOk }).Ok;
}

/** The verifier's evidence frames (`module.name` when a module is present). */
const EVIDENCE = {
  cpu: ['do_cpu_work', '_cpu_burn_loop', 'process_batch'],
  block: ['do_blocking_work', 'time.sleep', 'process_batch'],
};

describe('renderDump', () => {
  it('prints one block per thread: id, active/GIL flags, name, frames innermost first as name (file:line)', () => {
    const text = renderDump(dump('cpu'), { proc: PROC.ref });
    expect(text.split('\n')[0]).toBe(`Process 4242: ${PROC.ref}`);
    const blocks = text.split('\n\n').slice(1);
    expect(blocks).toHaveLength(2);
    expect(blocks[0].split('\n')[0]).toBe('Thread 4242 (idle): "MainThread"');
    expect(blocks[1].split('\n')[0]).toBe('Thread 4249 (active+gil): "monarch-actor-loop"');
    const frames = blocks[1].split('\n').slice(1);
    expect(frames[0]).toMatch(/^ {4}_cpu_burn_loop \(pyspy_workload\.py:4[1-3]\)$/);
    expect(frames.slice(1, 4)).toEqual(['    do_cpu_work (pyspy_workload.py:52)', '    process_batch (pyspy_workload.py:63)', '    work_forever (pyspy_workload.py:77)']);
    for (const fn of EVIDENCE.cpu) expect(text).toContain(`    ${fn} (`);
    expect(text).not.toContain('Locals:');
  });

  it('shows the block workload with qualified and native frames', () => {
    const text = renderDump(dump('block'));
    for (const fn of EVIDENCE.block) expect(text).toContain(`    ${fn} (`);
    expect(text).toContain('    time.sleep (<built-in>)\n    do_blocking_work (pyspy_workload.py:58)');
    expect(text).toContain('    clock_nanosleep (libc.so.6)\n    time.sleep');
  });

  it('shows the mixed workload: cpu evidence in some dumps, the event loop in others', () => {
    const texts = Array.from({ length: 12 }, (_, i) => renderDump(dump('mixed', i + 1)));
    expect(texts.some((t) => EVIDENCE.cpu.every((fn) => t.includes(`    ${fn} (`)))).toBe(true);
    expect(texts.some((t) => t.includes('    select (selectors.py:468)'))).toBe(true);
  });

  it('prints arguments and locals with --locals', () => {
    const text = renderDump(dump('cpu'), { locals: true });
    expect(text).toMatch(/ {4}_cpu_burn_loop \(pyspy_workload\.py:\d+\)\n {8}Arguments:\n {12}deadline: 1722\.5\n {8}Locals:\n {12}acc: \d+\n {4}do_cpu_work/);
  });

  it('uses the hex Python thread id when the OS thread id is unknown', () => {
    const ok = dump('cpu');
    ok.stack_traces[0].os_thread_id = null;
    ok.stack_traces[0].thread_id = 0x7f2a3b4c5d60;
    ok.stack_traces[0].owns_gil = true;
    ok.stack_traces[0].thread_name = null;
    expect(renderDump(ok)).toContain('\nThread 0x7F2A3B4C5D60 (idle+gil)\n');
  });

  it('names frames as the verifier does', () => {
    expect(frameName({ name: 'sleep', filename: '<built-in>', module: 'time', line: 0, is_entry: false })).toBe('time.sleep');
    expect(frameLabel({ name: 'f', filename: '/a/b/c.py', short_filename: null, module: null, line: 0, is_entry: false })).toBe('f (/a/b/c.py)');
  });
});

describe('BinaryNotFound and Failed', () => {
  const failedResult = pyspyResult(PROC, PySpyScenario.parse({ result: 'Failed' }), createRng(1));
  const notFoundResult = pyspyResult(PROC, PySpyScenario.parse({ result: 'BinaryNotFound' }), createRng(1));

  it('BinaryNotFound: a clear message listing the searched paths and how to install py-spy; exit 1', () => {
    const e = binaryNotFoundError({ searched: ['/opt/conda/bin/py-spy', 'py-spy'] }, PROC.ref);
    expect(e.exitCode).toBe(1);
    expect(e.code).toBe('pyspy_binary_not_found');
    expect(e.message).toContain(`py-spy is not installed on the host of ${PROC.ref}`);
    expect(e.details).toEqual(['/opt/conda/bin/py-spy', 'py-spy']);
    expect(e.hint).toContain('pip install py-spy');
    expect(e.hint).toContain('PYSPY_BIN');
    expect(resultError(notFoundResult, PROC.ref)?.code).toBe('pyspy_binary_not_found');
  });

  it('Failed: exit code and stderr, with a ptrace hint; exit 1', () => {
    const e = resultError(failedResult, PROC.ref)!;
    expect(e).toBeInstanceOf(MeshError);
    expect(e.exitCode).toBe(1);
    expect(e.code).toBe('pyspy_failed');
    expect(e.message).toContain('py-spy failed on pid 4242');
    expect(e.message).toContain('exit code 1');
    expect(e.details).toEqual(expect.arrayContaining([expect.stringContaining('stderr: Error: Failed to suspend process 4242: Operation not permitted')]));
    expect(e.hint).toContain('ptrace_scope');
    const killed = failedError({ pid: 1, binary: 'py-spy', exit_code: null, stderr: '' }, 'p');
    expect(killed.message).toContain('no exit code');
    expect(killed.message).toContain('no output on stderr');
  });

  it('Ok has no error', () => {
    expect(resultError({ Ok: dump('cpu') }, PROC.ref)).toBeUndefined();
  });
});

describe('aggregateDumps', () => {
  it('ranks the hottest frames of the active threads: own first, callees before callers', () => {
    const results = Array.from({ length: 10 }, (_, i) => ({ Ok: dump('cpu', i) }));
    const agg = aggregateDumps([...results, { Failed: { pid: 1, binary: 'py-spy', exit_code: 1, stderr: 'Error: timed out\nmore' } }, { BinaryNotFound: { searched: ['py-spy'] } }]);
    expect([agg.dumps, agg.ok, agg.failed, agg.binaryNotFound, agg.threadSamples, agg.idleIncluded]).toEqual([12, 10, 1, 1, 10, false]);
    expect(agg.frames.slice(0, 4).map((f) => f.function)).toEqual(['_cpu_burn_loop', 'do_cpu_work', 'process_batch', 'work_forever']);
    expect(agg.frames[0]).toMatchObject({ own: 10, total: 10, ownPct: 100, totalPct: 100, where: 'pyspy_workload.py' });
    expect(agg.frames.find((f) => f.function === 'wait')).toBeUndefined();
    expect(agg.failures).toEqual(['Error: timed out']);
    expect(agg.searched).toEqual(['py-spy']);
  });

  it('counts each frame once per thread sample and splits a mixed workload', () => {
    const agg = aggregateDumps(Array.from({ length: 40 }, (_, i) => ({ Ok: dump('mixed', i) })));
    const burn = agg.frames.find((f) => f.function === '_cpu_burn_loop')!;
    const select = agg.frames.find((f) => f.function === 'select')!;
    expect(burn.own + select.own).toBe(40);
    expect(burn.own).toBeGreaterThan(5);
    expect(select.own).toBeGreaterThan(5);
    for (const f of agg.frames) expect(f.total).toBeLessThanOrEqual(40);
  });

  it('falls back to idle threads when no thread was active', () => {
    const ok = dump('cpu');
    for (const t of ok.stack_traces) t.active = false;
    const agg = aggregateDumps([{ Ok: ok }]);
    expect(agg.idleIncluded).toBe(true);
    expect(agg.threadSamples).toBe(2);
  });
});

describe('limits and helpers', () => {
  it('validates duration 1..300 and rate 1..1000', () => {
    expect(parseProfileLimits('30', '100')).toEqual({ durationS: 30, rateHz: 100 });
    expect(parseProfileLimits('300s', '1000hz')).toEqual({ durationS: 300, rateHz: 1000 });
    for (const [d, r, re] of [
      ['0', '100', /--duration must be 1\.\.300 seconds, got 0/],
      ['301', '100', /--duration must be 1\.\.300 seconds, got 301/],
      ['5', '0', /--rate must be 1\.\.1000 Hz, got 0/],
      ['5', '1001', /--rate must be 1\.\.1000 Hz, got 1001/],
      ['abc', '100', /invalid --duration "abc"/],
      ['5', '1.5', /invalid --rate "1\.5"/],
    ] as const) {
      try {
        parseProfileLimits(d, r);
        expect.unreachable();
      } catch (e) {
        expect((e as MeshError).exitCode).toBe(2);
        expect((e as MeshError).message).toMatch(re);
      }
    }
  });

  it('quotes the SQL and shell words', () => {
    expect(storedDumpQuery("a'b")).toBe("SELECT * FROM pyspy_dumps WHERE dump_id = 'a''b'");
    expect(shellQuote('plain-1.svg')).toBe('plain-1.svg');
    expect(shellQuote("SELECT * FROM t WHERE id = 'x'")).toBe(`"SELECT * FROM t WHERE id = 'x'"`);
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote(`it's $HOME`)).toBe(`'it'\\''s $HOME'`);
  });

  it('builds the ssh -L tunnel from SSH_CONNECTION', () => {
    expect(sshTunnel({}, 8888)).toBeUndefined();
    expect(sshTunnel({ SSH_CONNECTION: '10.1.1.1 50000 10.2.2.2 22', USER: 'alice' }, 8888)).toBe('ssh -L 8888:127.0.0.1:8888 alice@10.2.2.2');
    expect(sshTunnel({ SSH_CONNECTION: '10.1.1.1 50000 10.2.2.2 2222' }, 9000, 19000)).toBe('ssh -L 19000:127.0.0.1:9000 -p 2222 10.2.2.2');
  });

  it('parses --serve and serves one file on 127.0.0.1', async () => {
    expect(parseServePort(undefined)).toBeUndefined();
    expect(parseServePort(true)).toEqual({ port: 8888, fallback: true });
    expect(parseServePort('0')).toEqual({ port: 0, fallback: false });
    expect(() => parseServePort('http')).toThrow(/invalid --serve port/);
    const dir = tmp('serve');
    const file = join(dir, 'flame graph.svg');
    writeFileSync(file, '<svg/>');
    const served = await serveFile(file, 0, false);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/flame%20graph\.svg$/);
      const r = await fetch(served.url);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/svg+xml');
      expect(await r.text()).toBe('<svg/>');
      expect((await fetch(served.url.replace('flame%20graph.svg', 'etc/passwd'))).status).toBe(404);
      await expect(serveFile(file, served.port, false)).rejects.toThrow(/in use/);
    } finally {
      await served.close();
    }
  });


  it('reads and sanitises the Content-Disposition file name', () => {
    expect(dispositionFilename('attachment; filename=hydden-cpu-20260101T000000Z.out')).toBe('hydden-cpu-20260101T000000Z.out');
    expect(dispositionFilename('attachment; filename="a b.out"')).toBe('a b.out');
    expect(dispositionFilename("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.out; filename=x.out")).toBe('résumé.out');
    expect(dispositionFilename(undefined)).toBeUndefined();
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('.bashrc')).toBe('bashrc');
    expect(safeFilename('a b.out')).toBe('a_b.out');
    expect(safeFilename('..')).toBeUndefined();
    expect(safeFilename('C:\\x\\y.out')).toBe('y.out');
  });
});
