/**
 * bin/meshscope.js, the launcher: it runs the bundle in dist/cli with V8's code cache (written
 * after a run, refused caches compiled past and removed, an unwritable folder never an error),
 * loads the bundle with source maps under --verbose so that stack traces name src/, and runs the
 * modules tsc compiled (dist/src) when there is no bundle or the bundle is older than them. About
 * the process itself, so the bin is spawned; the last part runs a copy of the launcher beside a
 * stand-in bundle, in a folder of its own.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../../src/mock/server.js';
import { cleanEnv, ROOT, spawnCli, startTestMock, tmp } from '../helpers.js';
import { bundleMissing } from './loaded-modules.js';

let mock: MockHandle;
beforeAll(async () => {
  expect(bundleMissing()).toBeUndefined();
  mock = await startTestMock({ scenario: 'healthy', only: ['admin'] });
});
afterAll(async () => {
  await mock?.close();
});

const root = () => ['mesh', 'get', 'root', '--addr', mock.urls.admin, '--plaintext', '-o', 'json'];
const identity = (stdout: string) => (JSON.parse(stdout) as { identity: string }).identity;

/** The cache files in `dir` (one folder per Node version and architecture), with their times. */
function caches(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!existsSync(dir)) return out;
  for (const sub of readdirSync(dir)) for (const f of readdirSync(join(dir, sub))) out.set(join(sub, f), statSync(join(dir, sub, f)).mtimeMs);
  return out;
}

describe('the code cache', () => {
  it('is written after a first run, for each file of the bundle the run loaded, and a second run uses it as it is', async () => {
    const dir = join(tmp('code-cache'), 'cache');
    const env = cleanEnv({ MESHSCOPE_CODE_CACHE: dir });
    const first = await spawnCli(root(), { env });
    expect(first.code).toBe(0);
    expect(identity(first.stdout)).toBe('root');
    const written = caches(dir);
    expect(written.size).toBeGreaterThanOrEqual(3);
    const bundle = new Set(readdirSync(join(ROOT, 'dist', 'cli')));
    for (const name of written.keys()) {
      expect(name.startsWith(`${process.version}-${process.arch}/`)).toBe(true);
      // FILE.cjs.SIZE.MTIME
      expect(bundle.has(name.split('/')[1].replace(/\.\d+\.\d+$/, ''))).toBe(true);
    }
    // V8 takes every file's cache (one it refused would be removed), so nothing is written again
    const second = await spawnCli(root(), { env });
    expect(second.code).toBe(0);
    expect(identity(second.stdout)).toBe('root');
    expect(caches(dir)).toEqual(written);
  });

  it('a command that changes V8 flags (mesh walk) writes its caches before the change: later runs, walks or not, take them as they are', async () => {
    const dir = join(tmp('code-cache'), 'cache');
    const env = cleanEnv({ MESHSCOPE_CODE_CACHE: dir });
    const walk = ['mesh', 'walk', '--addr', mock.urls.admin, '--plaintext', '-o', 'json'];
    expect((await spawnCli(root(), { env })).code).toBe(0);
    const before = caches(dir);
    const first = await spawnCli(walk, { env });
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(5);
    // the walk's own files were loaded without a cache: theirs are written too
    const written = caches(dir);
    expect(written.size).toBeGreaterThan(before.size);
    // caches written under the walk's flags would be refused (and removed) by the next run
    for (const argv of [walk, root(), walk]) {
      const r = await spawnCli(argv, { env });
      expect(r.code).toBe(0);
      expect(caches(dir)).toEqual(written);
    }
  });

  it('caches of other builds not written for a week are removed when caches are written; newer ones stay', async () => {
    const dir = join(tmp('code-cache'), 'cache');
    const sub = join(dir, `${process.version}-${process.arch}`);
    mkdirSync(sub, { recursive: true });
    const old = join(sub, 'net-OLDBUILD.cjs.1234.1700000000000');
    const recent = join(sub, 'net-OTHERBUILD.cjs.1234.1700000000001');
    writeFileSync(old, 'stale');
    writeFileSync(recent, 'another checkout');
    const monthAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    utimesSync(old, monthAgo, monthAgo);
    const r = await spawnCli(root(), { env: cleanEnv({ MESHSCOPE_CODE_CACHE: dir }) });
    expect(r.code).toBe(0);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(caches(dir).size).toBeGreaterThanOrEqual(4);
  });

  it('one V8 refuses (damaged) is compiled past: the same answer, and the file is removed for the next run to write again', async () => {
    const dir = join(tmp('code-cache'), 'cache');
    const env = cleanEnv({ MESHSCOPE_CODE_CACHE: dir });
    expect((await spawnCli(root(), { env })).code).toBe(0);
    const written = [...caches(dir).keys()];
    expect(written.length).toBeGreaterThan(0);
    for (const f of written) writeFileSync(join(dir, f), 'not a code cache');
    const r = await spawnCli(root(), { env });
    expect(r.code).toBe(0);
    expect(identity(r.stdout)).toBe('root');
    expect(r.stderr).toBe('');
    expect([...caches(dir).keys()]).toEqual([]);
    expect((await spawnCli(root(), { env })).code).toBe(0);
    expect([...caches(dir).keys()].sort()).toEqual(written.sort());
    for (const f of written) expect(readFileSync(join(dir, f)).length).toBeGreaterThan(100);
  });

  it('a folder that cannot be written is no error: the command runs and says nothing of it', async () => {
    const file = join(tmp('code-cache'), 'a-file');
    writeFileSync(file, '');
    const r = await spawnCli(root(), { env: cleanEnv({ MESHSCOPE_CODE_CACHE: join(file, 'cache') }) });
    expect(r.code).toBe(0);
    expect(identity(r.stdout)).toBe('root');
    expect(r.stderr).toBe('');
  });

  it('MESHSCOPE_CODE_CACHE=off: the command runs without one', async () => {
    const r = await spawnCli(root(), { env: cleanEnv({ MESHSCOPE_CODE_CACHE: 'off' }) });
    expect(r.code).toBe(0);
    expect(identity(r.stdout)).toBe('root');
  });
});

describe('stack traces', () => {
  /** A preload that makes writing to stdout fail: a meshscope bug, as far as the command can tell. */
  function brokenStdout(): string {
    const hook = join(tmp('stack'), 'broken-stdout.cjs');
    writeFileSync(hook, `process.stdout.write = () => { throw new TypeError('stdout is broken'); };\n`);
    return hook;
  }

  it('name the source files under --verbose (the bundle`s source maps), and do not show without it', async () => {
    const hook = brokenStdout();
    const args = ['mesh', 'get', 'root', '--addr', mock.urls.admin, '--plaintext'];
    const verbose = await spawnCli([...args, '--verbose'], { env: cleanEnv({ NODE_OPTIONS: `--require=${hook}` }) });
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/^error: internal error .*stdout is broken/m);
    expect(verbose.stderr).toMatch(/^TypeError: stdout is broken$/m);
    expect(verbose.stderr).toMatch(/^\s+at .*\/src\/output\/index\.ts:\d+:\d+\)?$/m);
    expect(verbose.stderr).not.toMatch(/dist\/cli\//);
    const plain = await spawnCli(args, { env: cleanEnv({ NODE_OPTIONS: `--require=${hook}` }) });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^error: internal error .*stdout is broken/m);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('which build runs', () => {
  /** A copy of the launcher in a package of its own: dist/src and node_modules linked to this one's, dist/cli a stand-in. */
  function packageWithStandIn(): { bin: string; standIn: string; compiled: number } {
    const dir = tmp('launcher');
    mkdirSync(join(dir, 'bin'));
    for (const f of ['meshscope.js', 'package.json']) copyFileSync(join(ROOT, 'bin', f), join(dir, 'bin', f));
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    for (const d of ['src', 'commands']) symlinkSync(join(ROOT, 'dist', d), join(dir, 'dist', d));
    const standIn = join(dir, 'dist', 'cli', 'meshscope.cjs');
    writeFileSync(standIn, `exports.main = async (argv) => { process.stdout.write('the bundle ran: ' + argv.join(' ') + '\\n'); return 0; };\n`);
    return { bin: join(dir, 'bin', 'meshscope.js'), standIn, compiled: statSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')).mtimeMs };
  }

  const run = (bin: string, args: string[]) =>
    new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [bin, ...args], { env: cleanEnv() }, (err, stdout) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }));
    });

  it('the bundle when it is newer than what tsc compiled, else dist/src; --version from package.json either way', async () => {
    const { bin, standIn, compiled } = packageWithStandIn();
    utimesSync(standIn, new Date(compiled + 60_000), new Date(compiled + 60_000));
    expect(await run(bin, ['--help'])).toEqual({ code: 0, stdout: 'the bundle ran: --help\n' });
    // `tsc` alone after the bundle: the bundle is older than the source
    utimesSync(standIn, new Date(compiled - 60_000), new Date(compiled - 60_000));
    const older = await run(bin, ['--help']);
    expect(older.code).toBe(0);
    expect(older.stdout).toMatch(/^Usage: meshscope/);
    rmSync(join(standIn, '..'), { recursive: true });
    const none = await run(bin, ['--help']);
    expect(none.stdout).toMatch(/^Usage: meshscope/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await run(bin, ['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n` });
  });
});
