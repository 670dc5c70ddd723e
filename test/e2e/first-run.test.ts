/**
 * A newcomer's first hour: the dead ends a new user meets, each run in-process as the user types
 * it, against nothing listening or the embedded mock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { runCli } from '../helpers.js';

let mock: MockHandle;

beforeAll(async () => {
  mock = await startMock({ scenario: 'healthy', portBase: 0, env: {} });
});

afterAll(async () => {
  await mock?.close();
});

describe('diagnose says why nothing could be probed', () => {
  it('nothing listening: the report keeps the TUI row; stderr gives the reason and a hint', async () => {
    const r = await runCli(['diagnose', '--addr', 'http://127.0.0.1:9']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Request failed: error sending request for url (http://127.0.0.1:9/v1/root)');
    expect(r.stderr).toContain('error: the admin server at http://127.0.0.1:9 could not be reached: cannot connect to http://127.0.0.1:9/v1/root: connection refused (connection_refused)');
    expect(r.stderr).toMatch(/^hint: check that the admin server is running/m);
  });

  it('a plain-HTTP server reached over https: the hint says --plaintext / http://', async () => {
    const hostPort = mock.urls.admin.replace(/^http:\/\//, '');
    const r = await runCli(['diagnose', '--addr', hostPort]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/could not be reached: TLS handshake with https:\/\/127\.0\.0\.1:\d+\/v1\/root failed \(tls_handshake_failed\)/);
    expect(r.stderr).toMatch(/hint: .*(--plaintext|http:\/\/)/);
  });

  it('--diagnose: stdout is the JSON report alone, the reason goes to stderr', async () => {
    const r = await runCli(['--addr', 'http://127.0.0.1:9', '--diagnose']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.checks[0].outcome.Fail.error).toBe('Request failed: error sending request for url (http://127.0.0.1:9/v1/root)');
    expect(r.stderr).toContain('(connection_refused)');
  });

  it('a healthy mesh prints nothing on stderr', async () => {
    const r = await runCli(['diagnose', '--addr', mock.urls.admin, '--slow-ms', '60000']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});
