/** Test helpers: spawn the built CLI, start a mock server process, temporary folders. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

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

export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: opts.env ?? cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 25_000);
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
    }, 20_000);
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
// eslint-disable-next-line no-control-regex
export const ESCAPE = /[\x1b\x9b]|[\x00-\x08\x0b-\x1f\x7f]/;
