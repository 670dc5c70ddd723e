/** The foundation, end to end: the CLI against mocks on free ports; `mock serve` as a process. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../../src/mock/server.js';
import { cleanEnv, ESCAPE, runCli, startMockProcess, startTestMock, tmp, type MockProcess } from '../helpers.js';

describe('version, help, usage errors', () => {
  it('--version and version', async () => {
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const j = await runCli(['version', '-o', 'json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ meshscope: v.stdout.trim(), node: process.version });
  });

  it('--help groups the nouns by backend', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const heading of ['Monarch mesh admin:', 'MirrorNeuron (mn):', 'Asya:', 'Astromesh:', 'Grid:', 'Everywhere:', 'Global options:']) expect(r.stdout).toContain(heading);
    expect(r.stderr).toBe('');
  });

  it('an unknown flag is a usage error (exit 2) with a hint, no stack trace', async () => {
    const r = await runCli(['context', 'list', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown command and a bad -o value are usage errors', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const o = await runCli(['context', 'list', '-o', 'xml']);
    expect(o.code).toBe(2);
    expect(o.stderr).toContain('xml');
  });

  it('a bad duration names the flag', async () => {
    const r = await runCli(['runtime', 'health', '--timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid --timeout "soon": expected a duration such as 500ms, 2s, 5m or 1h');
  });
});

describe('exit codes against real servers', () => {
  it('unreachable host: exit 4, names the address', async () => {
    const r = await runCli(['runtime', 'health', '--mn-url', 'http://127.0.0.1:9/api/v1']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('error: cannot connect to http://127.0.0.1:9/api/v1/runtime/health: connection refused (connection_refused)');
    expect(r.stderr).toContain('hint:');
  });

  it('under -o json an error is {"error":{...}} on stdout', async () => {
    const r = await runCli(['runtime', 'health', '--mn-url', 'http://127.0.0.1:9/api/v1', '-o', 'json']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'connection_refused', backend: 'mn', exit_code: 4 });
  });

  describe('mn auth', () => {
    let mock: MockHandle;
    beforeAll(async () => {
      mock = await startTestMock({ env: { MN_API_TOKEN: 'right-token' } });
    });
    afterAll(async () => {
      await mock?.close();
    });

    it('a wrong token: 401 -> exit 13 with the token hint, and the token is never printed', async () => {
      const r = await runCli(['runtime', 'health', '--mn-url', mock.urls.mn, '--verbose'], { env: cleanEnv({ MN_API_TOKEN: 'wrong-token-123' }) });
      expect(r.code).toBe(13);
      expect(r.stderr).toContain('missing or invalid bearer token (unauthorized)');
      expect(r.stderr).toContain('MN_API_TOKEN');
      expect(r.stdout + r.stderr).not.toContain('wrong-token-123');
    });

    it('a token with a line break is refused before anything is sent: exit 2, named by its source, never printed', async () => {
      const r = await runCli(['runtime', 'health', '--mn-url', mock.urls.mn, '--verbose', '-o', 'json'], { env: cleanEnv({ MN_API_TOKEN: 'pasted-secret-77\nsecond-line' }) });
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'bad_token', backend: 'mn' });
      expect(r.stdout).toContain('the mn token (from env MN_API_TOKEN) holds a line break');
      expect(r.stdout + r.stderr).not.toContain('pasted-secret-77');
      expect(r.stderr).not.toMatch(/^GET /m);
    });

    it('the right token passes; --verbose logs the request without the token', async () => {
      const r = await runCli(['runtime', 'health', '--mn-url', mock.urls.mn, '--verbose'], { env: cleanEnv({ MN_API_TOKEN: 'right-token' }) });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/runtime\/health 200 \d+ms/);
      expect(r.stdout + r.stderr).not.toContain('right-token');
      expect(r.stdout).toMatch(/^COMPONENT\s+STATUS/);
    });
  });
});

describe('TLS: the mock with --tls (the admin server requires a client certificate)', () => {
  let mock: MockHandle;
  /** The files `mock serve --tls` announces: the CA, and a client certificate and key. */
  let t: { ca: string; cert: string; key: string };
  beforeAll(async () => {
    mock = await startTestMock({ tls: true });
    t = { ca: mock.tls!.ca, cert: mock.tls!.clientCert, key: mock.tls!.clientKey };
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('connects with --cacert --cert --key', async () => {
    const r = await runCli(['mesh', 'info', '--addr', mock.urls.admin, '--cacert', t.ca, '--cert', t.cert, '--key', t.key, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('url');
  });

  it('without a client certificate: exit 4 and the hint to pass --cert and --key', async () => {
    const r = await runCli(['mesh', 'info', '--addr', mock.urls.admin, '--cacert', t.ca]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('hint: the server requires a client certificate: pass --cert and --key');
  });

  it('without the CA: exit 4 and the hint to pass --cacert', async () => {
    const r = await runCli(['mesh', 'info', '--addr', mock.urls.admin]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('--cacert');
  });

  it('a context that names certificates is never downgraded to plain http: not by a flag, not by the environment', async () => {
    const env = cleanEnv({ MESHSCOPE_CONFIG: join(tmp('cfg'), 'config.yaml'), GRID_TOKEN: 'dev' });
    const set = await runCli(['context', 'set', 'secure', `admin.url=${mock.urls.admin}`, `admin.ca=${t.ca}`, `admin.cert=${t.cert}`, `admin.key=${t.key}`, `mn.url=${mock.urls.mn}`, `mn.ca=${t.ca}`, `grid.url=${mock.urls.grid}`, `grid.ca=${t.ca}`, '--use'], { env });
    expect(set.code, set.stderr).toBe(0);
    expect((await runCli(['mesh', 'info'], { env })).code).toBe(0);
    expect((await runCli(['runtime', 'health'], { env })).code).toBe(0);

    const plainAdmin = mock.urls.admin.replace('https:', 'http:');
    const plainMn = mock.urls.mn.replace('https:', 'http:');
    const refused: [string[], Record<string, string>, RegExp][] = [
      [['mesh', 'info', '--addr', plainAdmin], {}, /is plain http but TLS files were given \(usage\)/],
      [['mesh', 'info'], { MESHSCOPE_ADMIN_URL: plainAdmin }, /is plain http but TLS files were given \(usage\)/],
      [['mesh', 'info', '--plaintext'], {}, /--plaintext conflicts with --cacert\/--cert\/--key \(usage\)/],
      [['runtime', 'health', '--mn-url', plainMn], {}, /is plain http but the context names a CA for mn \(mn\.ca\) \(tls_required\)/],
      [['runtime', 'health'], { MN_API_BASE_URL: plainMn }, /is plain http but the context names a CA for mn/],
      [['pprof', 'capture', '--client', 'x', '--profile', 'heap', '--grid-url', mock.urls.grid.replace('https:', 'http:')], {}, /is plain http but the context names a CA for grid \(grid\.ca\) \(tls_required\)/],
    ];
    for (const [args, extra, message] of refused) {
      const r = await runCli(args, { env: { ...env, ...extra } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^hint: /m);
    }
  });

  it('--insecure skips verification and says so', async () => {
    const r = await runCli(['mesh', 'info', '--addr', mock.urls.admin, '--cert', t.cert, '--key', t.key, '--insecure']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: --insecure');
  });
});

describe('colour', () => {
  it('piped output and NO_COLOR carry no escape codes; FORCE_COLOR does', async () => {
    const piped = await runCli(['runtime', 'health', '--mock']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toMatch(ESCAPE);
    const forced = await runCli(['runtime', 'health', '--mock'], { env: cleanEnv({ FORCE_COLOR: '1' }) });
    expect(forced.stdout).toMatch(ESCAPE);
    const noColor = await runCli(['runtime', 'health', '--mock'], { env: cleanEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }) });
    expect(noColor.stdout).not.toMatch(ESCAPE);
    const flag = await runCli(['runtime', 'health', '--mock', '--no-color'], { env: cleanEnv({ FORCE_COLOR: '1' }) });
    expect(flag.stdout).not.toMatch(ESCAPE);
  });
});

describe('contexts', () => {
  it('a malformed contexts file: exit 2, names the key and the line', async () => {
    const dir = tmp('badcfg');
    const path = join(dir, 'config.yaml');
    writeFileSync(path, 'current-context: p\ncontexts:\n  p:\n    mn:\n      url: http://x/api/v1\n      tokn-env: X\n');
    const r = await runCli(['runtime', 'health'], { env: cleanEnv({ MESHSCOPE_CONFIG: path }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}:6: contexts.p.mn.tokn-env: unknown key "tokn-env"`);
  });

  it('set, use, show and list through the CLI; a context points commands at its endpoints', async () => {
    const mock = await startTestMock();
    try {
      const env = cleanEnv({ MESHSCOPE_CONFIG: join(tmp('cfg'), 'config.yaml') });
      expect((await runCli(['context', 'set', 'lab', `mn.url=${mock.urls.mn}`, `astromesh.url=${mock.urls.astromesh}`, '--use'], { env })).code).toBe(0);
      const list = await runCli(['context', 'list'], { env });
      expect(list.stdout).toMatch(/\*\s+lab\s+mn,astromesh/);
      const show = await runCli(['context', 'show', '-o', 'json'], { env });
      const shown = JSON.parse(show.stdout);
      expect(shown.context).toBe('lab');
      expect(shown.endpoints.find((e: { endpoint: string }) => e.endpoint === 'mn')).toMatchObject({ url: mock.urls.mn, source: 'context' });
      expect((await runCli(['astro', 'health'], { env })).code).toBe(0);
      // the flag beats the context
      expect((await runCli(['astro', 'health', '--astromesh-url', 'http://127.0.0.1:9'], { env })).code).toBe(4);
      expect((await runCli(['context', 'delete', 'lab'], { env })).code).toBe(0);
      expect((await runCli(['context', 'use', 'lab'], { env })).code).toBe(2); // an unknown context is a usage error wherever it is typed
    } finally {
      await mock.close();
    }
  });
});

describe('mock serve', () => {
  it('-o json prints exactly one JSON object with every endpoint, and exits 0 on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const mock = await startMockProcess();
      expect(Object.keys(mock.urls).sort()).toEqual(['admin', 'astromesh', 'asya', 'asya_internal', 'grid', 'mn']);
      expect(mock.urls.mn).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      const health = await fetch(`${mock.urls.asya}/health`);
      expect(await health.text()).toBe('OK\n');
      expect(await mock.stop(signal)).toBe(0);
    }
  });

  it('on stop it says how many requests it served and which faults it injected', async () => {
    const mock = await startMockProcess(['--scenario', 'flaky']);
    const answers = await Promise.all(
      Array.from({ length: 60 }, () =>
        fetch(`${mock.urls.asya}/health`).then(
          (r) => r.status,
          () => 'dropped',
        ),
      ),
    );
    expect(await mock.stop()).toBe(0);
    const line = mock.stderr().match(/^mock stopped: (\d+) requests; injected: (.+)$/m);
    expect(line, mock.stderr()).not.toBeNull();
    expect(Number(line![1])).toBe(60);
    const dropped = answers.filter((a) => a === 'dropped').length;
    const refused = answers.filter((a) => a === 503).length;
    if (dropped) expect(line![2]).toContain(`${dropped} dropped`);
    if (refused) expect(line![2]).toContain(`${refused} service_unavailable`);
    expect(dropped + refused).toBeGreaterThan(0);
  });

  it('--port-base N puts the servers on N..N+5', async () => {
    // below the ephemeral range; another base if something else holds one of the six ports
    let base = 0;
    let r: MockProcess | undefined;
    for (let i = 0; i < 5 && !r; i++) {
      base = 20000 + Math.floor(Math.random() * 12000);
      r = await startMockProcess(['--port-base', String(base)], cleanEnv()).catch((e: Error) => {
        expect(e.message).toContain('port_in_use');
        return undefined;
      });
    }
    if (!r) throw new Error('no free range of six ports found');
    // startMockProcess passes --port-base 0 first; the later flag wins
    try {
      expect(r.urls.admin).toBe(`http://127.0.0.1:${base}`);
      expect(r.urls.grid).toBe(`http://127.0.0.1:${base + 5}`);
      expect(r.urls.asya_internal).toBe(`http://127.0.0.1:${base + 3}`);
    } finally {
      await r.stop();
    }
  });

  it('an unknown scenario is a usage error that lists the known ones', async () => {
    const r = await runCli(['mock', 'serve', '--scenario', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown scenario "nope"');
    expect(r.stderr).toContain('healthy');
  });
});

describe('--mock on any command', () => {
  it('every backend answers its health check', async () => {
    for (const args of [['runtime', 'health'], ['envelope', 'health'], ['astro', 'health'], ['mesh', 'info']]) {
      const r = await runCli([...args, '--mock']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });

  it('meshscope --diagnose routes to diagnose even when a flag value looks like a command word', async () => {
    const r = await runCli(['--mock', '--diagnose', '--slow-ms', '0']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary.healthy).toBe(true);
    expect(Object.keys(report.checks[0].outcome)).toEqual(['Slow']);
  });

  it('--scenario without --mock is a usage error', async () => {
    const r = await runCli(['astro', 'health', '--scenario', 'flaky']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--scenario needs --mock');
  });
});

describe('completion', () => {
  it('bash and zsh scripts are valid shell; fish lists nouns', async () => {
    const bash = await runCli(['completion', 'bash']);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('complete -F _meshscope meshscope');
    expect(bash.stdout).toContain('"context") words="list ls show set use delete rm');
    const check = spawnSync('bash', ['-n'], { input: bash.stdout });
    expect(check.status, check.stderr?.toString()).toBe(0);
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.stdout.startsWith('#compdef meshscope')).toBe(true);
    const fish = await runCli(['completion', 'fish']);
    expect(fish.stdout).toContain('-a envelope');
    expect((await runCli(['completion', 'tcsh'])).code).toBe(2);
  });
});
