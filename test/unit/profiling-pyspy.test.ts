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
import { binaryNotFoundError, failedError, frameLabel, parseProfileLimits, renderDump, resultError, shellQuote, storedDumpQuery, topOfDumps } from '../../src/profiling/pyspy.js';
import { parseServePort, serveFile, sshTunnel } from '../../src/profiling/serve.js';
import { tmp } from '../helpers.js';

const PROC = { pid: 4242, role: 'user', ref: 'trainer<ab12>@tcp://10.0.0.1:26601' } as unknown as ProcRec;

function dump(mode: 'cpu' | 'block' | 'mixed', seed = 1, locals = false): PySpyOk {
  const r = pyspyOk(PROC, PySpyScenario.parse({ mode, locals }), createRng(seed));
  expect(PySpyResult.safeParse(r).success).toBe(true);
  return (r as { Ok: PySpyOk }).Ok;
}

/** The verifier's evidence frames; with native frames (as the server dumps), `time.sleep` is libpython's time_sleep. */
const EVIDENCE = {
  cpu: ['do_cpu_work', '_cpu_burn_loop', 'process_batch'],
  block: ['do_blocking_work', 'time_sleep', 'process_batch'],
};

/** The thread blocks of a rendered dump: after the two header lines and the blank line. */
const threadBlocks = (text: string) => text.split('\n').slice(3).join('\n');

describe('renderDump', () => {
  it('prints the threads as py-spy does: MainThread (listed last) first, id, idle/active/gil, name, frames innermost first', () => {
    const text = renderDump(dump('cpu'), { proc: PROC.ref });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`Process 4242: ${PROC.ref}`);
    expect(lines[1]).toBe('py-spy /usr/local/bin/py-spy (the mesh admin API reports no command line or Python version)');
    expect(lines[2]).toBe('');
    const threads = lines.filter((l) => l.startsWith('Thread '));
    expect(threads).toEqual(['Thread 4242 (idle): "MainThread"', 'Thread 4249 (active+gil): "monarch-actor-loop"']);
    // no blank line between threads
    expect(threadBlocks(text)).not.toContain('\n\n');
    const worker = lines.slice(lines.indexOf(threads[1]) + 1);
    expect(worker[0]).toMatch(/^ {4}_cpu_burn_loop \(pyspy_workload\.py:4[1-3]\)$/);
    expect(worker.slice(1, 4)).toEqual(['    do_cpu_work (pyspy_workload.py:52)', '    process_batch (pyspy_workload.py:63)', '    work_forever (pyspy_workload.py:77)']);
    // package-relative short file names, as py-spy shortens them
    expect(worker.some((l) => /^ {4}handle \(monarch\/_src\/actor\/actor_mesh\.py:\d+\)$/.test(l))).toBe(true);
    expect(worker).toContain('    _run_once (asyncio/base_events.py:1987)');
    // native frames at the bottom: libpython's thread_run, then bare libc addresses
    expect(worker.filter((l) => l).slice(-3)).toEqual(['    thread_run (libpython3.12.so.1.0)', expect.stringMatching(/^ {4}0x7f[0-9a-f]+ \(libc\.so\.6\)$/), expect.stringMatching(/^ {4}0x7f[0-9a-f]+ \(libc\.so\.6\)$/)]);
    for (const fn of EVIDENCE.cpu) expect(text).toContain(`    ${fn} (`);
    expect(text).not.toContain('Locals:');
  });

  it('shows the block workload with native frames: clock_nanosleep in libc under time_sleep in libpython', () => {
    const text = renderDump(dump('block'));
    for (const fn of EVIDENCE.block) expect(text).toContain(`    ${fn} (`);
    expect(text).toContain('Thread 4249 (idle): "monarch-actor-loop"\n    clock_nanosleep (libc.so.6)\n    time_sleep (libpython3.12.so.1.0)\n    do_blocking_work (pyspy_workload.py:58)');
  });

  it('shows the mixed workload: cpu evidence in some dumps, the event loop in others', () => {
    const texts = Array.from({ length: 12 }, (_, i) => renderDump(dump('mixed', i + 1)));
    expect(texts.some((t) => EVIDENCE.cpu.every((fn) => t.includes(`    ${fn} (`)))).toBe(true);
    expect(texts.some((t) => t.includes('    epoll_wait (libc.so.6)\n    select (selectors.py:468)'))).toBe(true);
  });

  it('prints arguments and locals with --locals, when the server\'s py-spy took them', () => {
    expect(dump('cpu').stack_traces.every((t) => t.frames.every((f) => f.locals === null))).toBe(true);
    const text = renderDump(dump('cpu', 1, true), { locals: true });
    expect(text).toMatch(/ {4}_cpu_burn_loop \(pyspy_workload\.py:\d+\)\n {8}Arguments:\n {12}deadline: 1722\.5\n {8}Locals:\n {12}acc: \d+\n {4}do_cpu_work/);
    expect(renderDump(dump('cpu', 1, true))).not.toContain('Arguments:');
  });

  it('uses the hex Python thread id when the OS thread id is unknown; a GIL without activity is idle', () => {
    const ok = dump('cpu');
    const main = ok.stack_traces[ok.stack_traces.length - 1];
    main.os_thread_id = null;
    main.thread_id = 0x7f2a3b4c5d60;
    main.owns_gil = true;
    main.thread_name = null;
    expect(renderDump(ok)).toContain('\nThread 0x7F2A3B4C5D60 (idle)\n');
  });

  it('labels frames as py-spy does: name (short file:line), name (file) without a line, name (library) for native code', () => {
    expect(frameLabel({ name: 'sleep', filename: '<built-in>', module: 'time', line: 0, short_filename: null })).toBe('sleep (<built-in>)');
    expect(frameLabel({ name: 'f', filename: '/a/b/c.py', short_filename: null, module: null, line: 0 })).toBe('f (/a/b/c.py)');
    expect(frameLabel({ name: 'wait', filename: '/usr/lib/python3.11/threading.py', short_filename: 'threading.py', module: null, line: 327 })).toBe('wait (threading.py:327)');
    expect(frameLabel({ name: 'clock_nanosleep', filename: '/usr/lib/x86_64-linux-gnu/libc.so.6', short_filename: 'libc.so.6', module: '/usr/lib/x86_64-linux-gnu/libc.so.6', line: 0 })).toBe('clock_nanosleep (libc.so.6)');
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

describe('topOfDumps (py-spy top over repeated dumps)', () => {
  it('counts the active threads of each Ok dump: own when innermost, total once per stack', () => {
    const results = Array.from({ length: 10 }, (_, i) => ({ Ok: dump('cpu', i) }));
    const top = topOfDumps([...results, { Failed: { pid: 1, binary: 'py-spy', exit_code: 1, stderr: 'Error: timed out\nmore' } }, { BinaryNotFound: { searched: ['py-spy'] } }], { byLine: false });
    expect([top.dumps, top.ok, top.failed, top.binaryNotFound, top.samples, top.idleIncluded, top.threads]).toEqual([12, 10, 1, 1, 10, false, 2]);
    expect([top.gilPct, top.activePct]).toEqual([100, 100]);
    expect(top.rows[0]).toMatchObject({ label: '_cpu_burn_loop (pyspy_workload.py)', own: 10, total: 10, ownPct: 100, totalPct: 100 });
    for (const fn of ['do_cpu_work', 'process_batch', 'work_forever']) expect(top.rows.find((r) => r.function === fn)).toMatchObject({ own: 0, total: 10 });
    // the idle MainThread is not counted
    expect(top.rows.find((r) => r.function === 'bootstrap_main')).toBeUndefined();
    expect(top.failures).toEqual(['Error: timed out']);
    expect(top.searched).toEqual(['py-spy']);
  });

  it('keys rows by function and line, as py-spy top with line numbers', () => {
    const top = topOfDumps(Array.from({ length: 30 }, (_, i) => ({ Ok: dump('cpu', i) })));
    const burn = top.rows.filter((r) => r.function === '_cpu_burn_loop');
    expect(burn.map((r) => r.line).sort()).toEqual([41, 42, 43]);
    expect(burn.reduce((a, r) => a + r.own, 0)).toBe(30);
    expect(burn.every((r) => r.label === `_cpu_burn_loop (pyspy_workload.py:${r.line})`)).toBe(true);
  });

  it('leaves idle threads out unless asked (--idle); a mixed workload is busy in some dumps only', () => {
    const results = Array.from({ length: 40 }, (_, i) => ({ Ok: dump('mixed', i) }));
    const busy = topOfDumps(results, { byLine: false });
    const burn = busy.rows.find((r) => r.function === '_cpu_burn_loop')!;
    expect(burn.own).toBeGreaterThan(5);
    expect(burn.own).toBeLessThan(35);
    expect(busy.rows.find((r) => r.function === 'select')).toBeUndefined();
    const all = topOfDumps(results, { byLine: false, idle: true });
    const epoll = all.rows.find((r) => r.function === 'epoll_wait')!;
    expect(burn.own + epoll.own).toBe(40);
    expect(all.rows.find((r) => r.function === 'select')!.total).toBe(epoll.own);
    for (const r of all.rows) expect(r.total).toBeLessThanOrEqual(80);
  });

  it('falls back to idle threads when no thread was active', () => {
    const ok = dump('cpu');
    for (const t of ok.stack_traces) t.active = false;
    const top = topOfDumps([{ Ok: ok }]);
    expect(top.idleIncluded).toBe(true);
    expect(top.rows.find((r) => r.function === 'bootstrap_main')).toMatchObject({ total: 1 });
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
