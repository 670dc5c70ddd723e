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

  it('-o json: stdout is the JSON report alone, the reason goes to stderr', async () => {
    const r = await runCli(['diagnose', '--addr', 'http://127.0.0.1:9', '-o', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.checks[0].outcome.Fail.error).toBe('Request failed: error sending request for url (http://127.0.0.1:9/v1/root)');
    expect(r.stderr).toContain('(connection_refused)');
  });

  it('--diagnose keeps the reference TUI\'s quiet stderr', async () => {
    const r = await runCli(['--addr', 'http://127.0.0.1:9', '--diagnose']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.healthy).toBe(false);
    expect(r.stderr).toBe('');
  });

  it('a healthy mesh prints nothing on stderr', async () => {
    const r = await runCli(['diagnose', '--addr', mock.urls.admin, '--slow-ms', '60000']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('a wrong base URL names the URL that answered 404 and the base path', () => {
  it('mn without /api/v1: exit 2, the URL, and where the routes live', async () => {
    const base = mock.urls.mn.replace(/\/api\/v1$/, '');
    const r = await runCli(['job', 'list', '--mn-url', base]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: GET ${base}/jobs?limit=20&include_terminal=false answered 404 Not Found: the mn-api has no such route (route_not_found)`);
    expect(r.stderr).toContain(`hint: the base URL may be wrong (${base}); mn-api routes live under /api/v1`);
  });

  it('asya and astromesh with a path too many: the same', async () => {
    const a = await runCli(['envelope', 'list', '--asya-url', `${mock.urls.asya}/api/v1`]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(`answered 404 Not Found: the asya mesh api has no such route (route_not_found)`);
    const s = await runCli(['agent', 'list', '--astromesh-url', `${mock.urls.astromesh}/v1`]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain(`error: GET ${mock.urls.astromesh}/v1/v1/agents answered 404 Not Found: the astromesh daemon has no such route (route_not_found)`);
  });

  it('a resource that does not exist is still "not found" (exit 3)', async () => {
    const r = await runCli(['job', 'get', 'nosuch', '--mn-url', mock.urls.mn]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('(not_found)');
  });
});

describe('a not-found hint names a command that exists', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['mesh', ['mesh', 'get', 'host:nosuch.actor@tcp://10.9.9.9:1'], /`meshscope mesh tree`/],
    ['pyspy', ['pyspy', 'dump', 'nosuch@tcp://10.9.9.9:1'], /`meshscope mesh walk --kind proc -o name`/],
    ['run', ['run', 'result', 'nosuch'], /`meshscope job list --all`/],
    ['node', ['node', 'remove', 'mirror_neuron@nosuch'], /`meshscope runtime summary`/],
    ['job', ['job', 'get', 'nosuch'], /`meshscope job list --all`/],
    ['envelope', ['envelope', 'get', 'nosuch'], /`meshscope envelope list`/],
  ];
  for (const [noun, args, hint] of cases) {
    it(noun, async () => {
      const u = mock.urls;
      const r = await runCli([...args, '--addr', u.admin, '--mn-url', u.mn, '--asya-url', u.asya]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(hint);
      expect(r.stderr).not.toContain('the matching list command');
    });
  }
});

describe('help, a command line with no command, usage errors under -o json', () => {
  it('`meshscope help` and `help NOUN [VERB]` are the --help pages', async () => {
    const root = await runCli(['help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toBe((await runCli(['--help'])).stdout);
    const noun = await runCli(['help', 'job']);
    expect(noun.code).toBe(0);
    expect(noun.stdout).toMatch(/^Usage: meshscope job\|jobs /);
    const verb = await runCli(['help', 'job', 'list']);
    expect(verb.code).toBe(0);
    expect(verb.stdout).toMatch(/^Usage: meshscope job list(\|ls)? /);
  });

  it("a verb's --help lists the global flags", async () => {
    const r = await runCli(['envelope', 'get', '--help']);
    expect(r.code).toBe(0);
    const globals = r.stdout.split(/^Global Options:$/m)[1] ?? '';
    for (const flag of ['-o, --output <format>', '--context <name>', '--mock', '--asya-url <url>', '--timeout <duration>']) expect(globals).toContain(flag);
  });

  it('`meshscope --mock` alone says on stderr that a command is missing (exit 2), nothing on stdout', async () => {
    const r = await runCli(['--mock']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: no command given (--mock only sets options) (no_command)');
    expect(r.stderr).toContain('hint: name a command, e.g. `meshscope diagnose --mock`');
  });

  it('an unknown command, flag or value under -o json is a JSON error on stdout', async () => {
    for (const argv of [['-o', 'json', 'nosuch'], ['job', 'list', '--bogus', '--json'], ['--output=json', '--timeout', 'soon', 'job', 'list']]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).error).toMatchObject({ exit_code: 2 });
    }
    const r = await runCli(['-o', 'json', 'nosuch']);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'unknown_command', message: "unknown command 'nosuch'" });
  });

  it('a misspelt noun suggests the right one in the hint', async () => {
    const r = await runCli(['jbo', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown command 'jbo' (unknown_command)");
    expect(r.stderr).toContain('hint: did you mean job?');
  });

  it('an unknown context is the same error, exit 2, wherever it is typed', async () => {
    const viaFlag = await runCli(['--context', 'nosuch', 'job', 'list']);
    const viaUse = await runCli(['context', 'use', 'nosuch']);
    const viaEnv = await runCli(['job', 'list'], { env: { ...(await import('../helpers.js')).cleanEnv({ MESHSCOPE_CONTEXT: 'nosuch' }) } });
    for (const r of [viaFlag, viaUse, viaEnv]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/error: context "nosuch" not found in .*config\.yaml \(context_not_found\)/);
    }
  });
});
