/**
 * Test helpers: run the CLI in-process (`runCli`, the default) or as the built bin (`spawnCli`,
 * for tests about the process itself), start the mock in this process or as `mock serve`, temporary folders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startMock, type MockHandle, type MockOptions } from '../src/mock/server.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'meshscope.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no colour forcing, no user config, no tokens from the developer's shell. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot']) if (process.env[k]) env[k] = process.env[k]!;
  env.MESHSCOPE_CONFIG = join(tmp('cfg'), 'config.yaml');
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  /** Give up after this long: in-process, the command is interrupted (exit 130); spawned, killed. */
  timeoutMs?: number;
  /** In-process only: stdout (and stderr) claim to be a terminal of this many columns. */
  tty?: { columns?: number };
  /** In-process only: aborting it is the user's Ctrl-C. */
  interrupt?: AbortSignal;
  /** In-process only: called with all the output so far each time the command writes some. */
  onOutput?: (out: { stdout: string; stderr: string }) => void;
}

/** An output stream that keeps what is written to it. */
export function sink(tty?: { columns?: number }): PassThrough & { text(): string; isTTY?: true; columns?: number } {
  // a pipe's isTTY is undefined, as on a child process's stdout
  const s = Object.assign(new PassThrough(), tty ? { isTTY: true as const, columns: tty.columns } : {});
  let text = '';
  s.setEncoding('utf8').on('data', (d: string) => (text += d));
  return Object.assign(s, { text: () => text });
}

let runModule: Promise<typeof import('../src/cli/run.js')> | undefined;

/**
 * `meshscope ARGS` run in this process through run(argv, io), the way bin/meshscope.js runs it,
 * with its own stdout, stderr, stdin and environment. Use spawnCli only for what is about the
 * process (signals, real TTYs, the launcher, a closed pipe).
 */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  runModule ??= import('../src/cli/run.js');
  const { run } = await runModule;
  const stdout = sink(opts.tty);
  const stderr = sink(opts.tty);
  const onOutput = () => opts.onOutput?.({ stdout: stdout.text(), stderr: stderr.text() });
  stdout.on('data', onOutput);
  stderr.on('data', onOutput);
  const stdin = Object.assign(Readable.from(opts.input ? [opts.input] : []), { isTTY: false });
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(Object.assign(new Error('interrupted'), { name: 'AbortError' }));
  opts.interrupt?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(onAbort, opts.timeoutMs ?? 60_000);
  try {
    const code = await run(args, { stdout, stderr, stdin, env: opts.env ?? cleanEnv() }, { interrupt: ctl.signal });
    await new Promise((r) => setImmediate(r));
    return { code: ctl.signal.aborted && code !== 0 ? 130 : code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    clearTimeout(timer);
    opts.interrupt?.removeEventListener('abort', onAbort);
  }
}

/** The built bin/meshscope.js as a child process: for tests about the process itself. */
export function spawnCli(args: string[], opts: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: opts.env ?? cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** The endpoint flags that point a command at an in-process mock (`startMock`) on every backend. */
export function mockFlags(u: { admin: string; mn: string; asya: string; asyaInternal: string; astromesh: string; grid: string }): string[] {
  return ['--addr', u.admin, '--plaintext', '--mn-url', u.mn, '--asya-url', u.asya, '--asya-internal-url', u.asyaInternal, '--astromesh-url', u.astromesh, '--grid-url', u.grid];
}

/**
 * The embedded mock in this process (startMock) on free ports; its servers' own secrets
 * (MN_API_TOKEN, GRID_TOKEN) come from `env` only, never from the shell that runs the tests.
 * Use it with `mockFlags(mock.urls)`, and `startMockProcess` only for tests about `mock serve`.
 */
export function startTestMock(opts: MockOptions = {}): Promise<MockHandle> {
  return startMock({ portBase: 0, env: {}, ...opts });
}

export interface MockProcess {
  urls: Record<string, string> & { tls?: { ca: string; cert: string; key: string } };
  child: ChildProcess;
  /** What the mock printed on stderr so far. */
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `meshscope mock serve -o json --port-base 0 ...` as a child process; resolves on its ready line. */
export function startMockProcess(args: string[] = [], env: Record<string, string> = cleanEnv()): Promise<MockProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, 'mock', 'serve', '-o', 'json', '--port-base', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const rl = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mock did not start: ${stderr}`));
    }, 60_000);
    let stdout = '';
    rl.on('line', (line) => (stdout += `${line}\n`));
    rl.once('line', (line) => {
      // the ready line is one JSON object on one line; an error (-o json) is printed over several
      let urls: MockProcess['urls'];
      try {
        urls = JSON.parse(line);
      } catch {
        return;
      }
      clearTimeout(timer);
      resolvePromise({
        urls,
        child,
        stderr: () => stderr,
        stop: (signal = 'SIGTERM') =>
          new Promise((r) => {
            if (child.exitCode !== null) return r(child.exitCode);
            child.once('close', (code) => r(code));
            child.kill(signal);
          }),
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock exited ${code}: ${stdout}${stderr}`));
    });
  });
}

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `meshscope-test-${prefix}-`));
}

/** Any ANSI escape or C0 control other than newline/tab. */
export const ESCAPE = /[\x1b\x9b]|[\x00-\x08\x0b-\x1f\x7f]/;

/**
 * Ask `probe` again (every `intervalMs`) until `done` holds for its answer, and return that answer:
 * how a test waits for a state (a job running, an envelope pending) instead of for a length of time.
 * Fails after `timeoutMs` with the last answer.
 */
export async function waitUntil<T>(probe: () => Promise<T>, done: (v: T) => boolean, what: string, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 25_000);
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`waited in vain for ${what}; last: ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}

/** A zip of stored (uncompressed) entries: enough for an mn bundle. */
export function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const n = Buffer.from(name);
    const d = Buffer.from(text);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(d.length, 18);
    local.writeUInt32LE(d.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(d.length, 20);
    central.writeUInt32LE(d.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, d);
    centrals.push(central, n);
    offset += 30 + n.length + d.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(files).length, 8);
  eocd.writeUInt16LE(Object.keys(files).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

