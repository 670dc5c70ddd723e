/**
 * meshscope's own bugs are told apart from the servers' failures (kind `internal`, exit 1, a message
 * that asks for a report, the stack only under --verbose), and an error may name the commands to
 * run next: `next_steps` under `-o json`, `hint:` lines in text.
 */
import { describe, expect, it, vi } from 'vitest';
import { ExitCode, MeshError, isInternalError, toMeshError } from '../../src/errors.js';
import { runCli } from '../helpers.js';

// `meshscope version` reads VERSION when it runs: here that read (and only that one) is a
// TypeError, a stand-in for any bug in meshscope's own code
vi.mock('../../src/cli/version.js', () => ({
  get VERSION(): string {
    if (/commands[\\/]version\.ts/.test(new Error().stack ?? '')) throw new TypeError("Cannot read properties of undefined (reading 'version')");
    return '0.0.0-test';
  },
}));

describe('toMeshError: a bug in meshscope is not a server failure', () => {
  it('a TypeError, RangeError or ReferenceError thrown by meshscope code is kind internal, exit 1', () => {
    for (const e of [new TypeError("Cannot read properties of undefined (reading 'x')"), new RangeError('Invalid array length'), new ReferenceError('x is not defined')]) {
      const err = toMeshError(e);
      expect(err.kind).toBe('internal');
      expect(err.exitCode).toBe(ExitCode.failed);
      expect(err.code).toBe('internal_error');
      expect(err.message).toMatch(/bug in meshscope/);
      expect(err.message).toContain(e.message);
      expect(err.hint).toMatch(/report/);
      expect(err.hint).toMatch(/--verbose/);
      expect(err.backend).toBeUndefined();
      expect(isInternalError(e)).toBe(true);
    }
  });

  it('a failed assertion is internal too', () => {
    const e = Object.assign(new Error('expected a job id'), { code: 'ERR_ASSERTION' });
    expect(toMeshError(e).kind).toBe('internal');
  });

  it('what the world does stays kind server: a socket reset, a TypeError caused by one, a plain Error', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const fetchFailed = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    for (const e of [reset, fetchFailed, new Error('something odd')]) {
      const err = toMeshError(e);
      expect(err.kind, e.message).toBe('server');
      expect(err.code).not.toBe('internal_error');
      expect(err.message).not.toMatch(/bug in meshscope/);
      expect(isInternalError(e)).toBe(false);
    }
  });

  it('a RangeError for data nested too deeply is the data, not a bug', () => {
    const err = toMeshError(new RangeError('Maximum call stack size exceeded'));
    expect(err.kind).toBe('server');
    expect(err.code).toBe('nested_too_deep');
  });

  it('a MeshError passes through unchanged', () => {
    const e = new MeshError({ kind: 'not_found', code: 'not_found', message: 'x' });
    expect(toMeshError(e)).toBe(e);
  });
});

describe('next steps', () => {
  it('toJSON carries next_steps only when there are some; withHint keeps them', () => {
    const plain = new MeshError({ kind: 'not_found', code: 'not_found', message: 'job j1 was not found' });
    expect(plain.toJSON()).not.toHaveProperty('next_steps');
    const e = plain.withNextSteps(['meshscope job list --all']).withHint('list jobs');
    expect(e.toJSON().next_steps).toEqual(['meshscope job list --all']);
    expect(e.hintLines()).toEqual(['list jobs', 'run `meshscope job list --all`']);
  });

  it('a next step the hint already quotes is not printed twice', () => {
    const e = new MeshError({ kind: 'not_found', code: 'not_found', message: 'x', hint: 'list jobs with `meshscope job list --all`', nextSteps: ['meshscope job list --all'] });
    expect(e.hintLines()).toEqual(['list jobs with `meshscope job list --all`']);
  });

  it('-o json: a job that is not found names the command to run next in next_steps', async () => {
    const r = await runCli(['job', 'get', 'job-does-not-exist', '--mock', '-o', 'json']);
    expect(r.code).toBe(ExitCode.notFound);
    const body = JSON.parse(r.stdout) as { error: Record<string, unknown> };
    expect(body.error.next_steps).toEqual(['meshscope job list --all']);
    expect(body.error.exit_code).toBe(3);
  });

  it('text: the next steps are hints on stderr, stdout stays empty', async () => {
    const r = await runCli(['job', 'get', 'job-does-not-exist', '--mock']);
    expect(r.code).toBe(ExitCode.notFound);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hint: .*`meshscope job list --all`/m);
  });
});

describe('a meshscope bug on the command line', () => {
  it('says it is a bug and asks for a report, exit 1, no stack without --verbose', async () => {
    const r = await runCli(['version']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: internal error \(a bug in meshscope, not the server's doing\): TypeError: Cannot read properties of undefined \(reading 'version'\) \(internal_error\)$/m);
    expect(r.stderr).toMatch(/^hint: .*report it/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('-o json: kind internal shows as code internal_error and exit_code 1', async () => {
    const r = await runCli(['version', '-o', 'json']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { error: Record<string, unknown> };
    expect(body.error.code).toBe('internal_error');
    expect(body.error.exit_code).toBe(1);
    expect(body.error.message).toMatch(/bug in meshscope/);
    expect(body.error).not.toHaveProperty('backend');
  });

  it('--verbose adds the stack trace on stderr', async () => {
    const r = await runCli(['version', '--verbose']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^TypeError: Cannot read properties of undefined/m);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
