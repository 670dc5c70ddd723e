/**
 * `mock serve --tls`: every backend serves https with the mock's CA. Every backend takes a CA (flag,
 * environment, context) and --insecure; without either each fails with the TLS hint (exit 4);
 * a CA named for a backend and a plain http URL are refused (exit 2), never a silent downgrade.
 */
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { cleanEnv, runCli, tmp } from '../helpers.js';
import { serveInProcess, type ServedMock } from './serve-in-process.js';

const NODE = 'eeb34ad6-0192-4ea2-b2bf-498d26be12fb';

/** One command per backend (asya's SSE and astromesh's WebSocket included), and the CA flag each takes. */
function perBackend(out: string): Array<{ backend: string; caFlag: string; args: string[] }> {
  return [
    { backend: 'admin', caFlag: '--cacert', args: ['mesh', 'info'] },
    { backend: 'mn', caFlag: '--mn-ca', args: ['job', 'list'] },
    { backend: 'asya', caFlag: '--asya-ca', args: ['envelope', 'health'] },
    { backend: 'astromesh', caFlag: '--astromesh-ca', args: ['agent', 'run', 'assistant', '--stream', 'hello'] },
    { backend: 'grid', caFlag: '--grid-ca', args: ['pprof', 'capture', '--client', NODE, '--profile', 'heap', '--force', '--out', join(out, 'heap.pb.gz')] },
  ];
}

describe('mock serve --tls and the printed context command', () => {
  let mock: ServedMock;
  let ca: string;
  beforeAll(async () => {
    mock = await serveInProcess(['--tls', '--port-base', '0'], cleanEnv());
    ca = mock.contextArgs.find((a) => a.startsWith('admin.ca='))!.slice('admin.ca='.length);
  });
  afterAll(async () => {
    if (mock) expect(await mock.stop()).toBe(0);
  });

  it('every backend is https, and the command names the CA of each (and admin\'s client certificate)', () => {
    for (const u of Object.values(mock.urls)) expect(u).toMatch(/^https:\/\//);
    for (const k of ['admin.ca', 'mn.ca', 'asya.ca', 'astromesh.ca', 'grid.ca']) expect(mock.contextArgs).toContain(`${k}=${ca}`);
    const cert = mock.contextArgs.find((a) => a.startsWith('admin.cert='))!.slice('admin.cert='.length);
    expect(mock.contextArgs).toEqual(expect.arrayContaining([`admin.key=${join(dirname(cert), 'client-key.pem')}`, '--use']));
    expect(dirname(ca)).toBe(dirname(cert));
  });

  it('after the command, commands of all five backends work with no other flags: SSE watch and WebSocket stream included', async () => {
    const env = cleanEnv({ MESHSCOPE_CONFIG: join(tmp('tlsctx'), 'config.yaml') });
    const cli = (args: string[]) => runCli(args, { env });
    const set = await cli(mock.contextArgs);
    expect(set.code, set.stderr).toBe(0);
    for (const { args } of perBackend(tmp('tls-pprof'))) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect((await cli(['diagnose'])).code).toBe(0);
    const agent = await cli(['agent', 'run', 'assistant', '--stream', 'hello']);
    expect(agent.stdout).toMatch(/Hello/);
    const sent = await cli(['envelope', 'send', 'echo', '--payload', '{"q":1}']);
    expect(sent.code, sent.stderr).toBe(0);
    const id = sent.stdout.trim();
    const watched = await cli(['envelope', 'watch', id]);
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stderr).toMatch(/succeeded/);

    // context show tells where each backend's CA came from, never a token
    const shown = JSON.parse((await runCli(['context', 'show', '-o', 'json'], { env: { ...env, GRID_TOKEN: 'grid-secret-42' } })).stdout);
    for (const e of shown.endpoints) {
      const backend = e.endpoint === 'asyaInternal' ? 'asya' : e.endpoint;
      expect(e, e.endpoint).toMatchObject({ ca, ca_source: `context ${backend}.ca` });
    }
    expect(JSON.stringify(shown)).not.toContain('grid-secret-42');
    const insecure = JSON.parse((await runCli(['context', 'show', '-o', 'json', '--insecure'], { env })).stdout);
    for (const e of insecure.endpoints) expect(e, e.endpoint).toMatchObject({ insecure: true, insecure_source: 'flag --insecure' });
  });
});

describe('each backend on its own: CA flags, environment, --insecure', () => {
  const env = cleanEnv({ GRID_TOKEN: 'any' });
  let mock: MockHandle;
  let ca: string;
  let cert: string;
  let key: string;
  let urlFlags: string[];
  beforeAll(async () => {
    mock = await startMock({ tls: true, portBase: 0, env: {} });
    ({ ca, clientCert: cert, clientKey: key } = mock.tls!);
    const u = mock.urls;
    urlFlags = ['--addr', u.admin, '--mn-url', u.mn, '--asya-url', u.asya, '--asya-internal-url', u.asyaInternal, '--astromesh-url', u.astromesh, '--grid-url', u.grid];
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('without a CA or --insecure each TLS backend fails with the TLS hint that names its CA flag (exit 4)', async () => {
    for (const { backend, caFlag, args } of perBackend(tmp('tls-none'))) {
      const r = await runCli([...urlFlags, ...args], { env });
      expect(r.code, `${backend}: ${r.stderr}`).toBe(4);
      expect(r.stderr, backend).toMatch(/cannot verify the TLS certificate .*\(tls_verify_failed\)/);
      expect(r.stderr, backend).toMatch(new RegExp(`^hint: pass ${caFlag} FILE .*--insecure`, 'm'));
    }
    // the SSE watch stops at the first TLS failure instead of reconnecting
    const sent = await runCli([...urlFlags, '--asya-ca', ca, 'envelope', 'send', 'echo'], { env });
    expect(sent.code, sent.stderr).toBe(0);
    const watch = await runCli([...urlFlags, 'envelope', 'watch', sent.stdout.trim()], { env, timeoutMs: 20_000 });
    expect(watch.code, watch.stderr).toBe(4);
    expect(watch.stderr).toMatch(/hint: pass --asya-ca FILE/);
  });

  it('the CA flags reach every backend', async () => {
    const flags = [...urlFlags, '--cacert', ca, '--cert', cert, '--key', key, '--mn-ca', ca, '--asya-ca', ca, '--astromesh-ca', ca, '--grid-ca', ca];
    for (const { backend, args } of perBackend(tmp('tls-flags'))) {
      const r = await runCli([...flags, ...args], { env });
      expect(r.code, `${backend}: ${r.stderr}`).toBe(0);
    }
  });

  it('so do MESHSCOPE_<BACKEND>_CA', async () => {
    const caEnv = { ...env, MESHSCOPE_ADMIN_CA: ca, MESHSCOPE_ADMIN_CERT: cert, MESHSCOPE_ADMIN_KEY: key, MESHSCOPE_MN_CA: ca, MESHSCOPE_ASYA_CA: ca, MESHSCOPE_ASTROMESH_CA: ca, MESHSCOPE_GRID_CA: ca };
    for (const { backend, args } of perBackend(tmp('tls-env'))) {
      const r = await runCli([...urlFlags, ...args], { env: caEnv });
      expect(r.code, `${backend}: ${r.stderr}`).toBe(0);
    }
  });

  it('--insecure reaches every TLS backend (admin still with its client certificate) and warns once', async () => {
    for (const { backend, args } of perBackend(tmp('tls-insecure'))) {
      const r = await runCli([...urlFlags, '--cert', cert, '--key', key, '--insecure', ...args], { env });
      expect(r.code, `${backend}: ${r.stderr}`).toBe(0);
      expect(r.stderr.match(/warning: --insecure/g), backend).toHaveLength(1);
    }
  });

  it('a CA named for a backend with a plain http URL is refused: flag, environment or context (exit 2)', async () => {
    const plain = (u: string) => u.replace('https:', 'http:');
    const cfg = cleanEnv({ GRID_TOKEN: 'any', MESHSCOPE_CONFIG: join(tmp('tls-downgrade'), 'config.yaml') });
    expect((await runCli(['context', 'set', 'sec', `asya.url=${mock.urls.asya}`, `asya.internal-url=${mock.urls.asyaInternal}`, `asya.ca=${ca}`, `astromesh.url=${mock.urls.astromesh}`, `astromesh.ca=${ca}`, '--use'], { env: cfg })).code).toBe(0);
    const refused: Array<[string[], Record<string, string>, RegExp]> = [
      [['--asya-url', plain(mock.urls.asya), 'envelope', 'list'], {}, /is plain http but the context names a CA for asya \(asya\.ca\) \(tls_required\)/],
      [['envelope', 'list'], { MESHSCOPE_ASYA_INTERNAL_URL: plain(mock.urls.asyaInternal) }, /is plain http but the context names a CA for asya/],
      [['agent', 'list'], { ASTROMESH_DAEMON_URL: plain(mock.urls.astromesh) }, /is plain http but the context names a CA for astromesh \(astromesh\.ca\)/],
      [['--mn-url', plain(mock.urls.mn), '--mn-ca', ca, 'job', 'list'], {}, /is plain http but --mn-ca names a CA for mn \(tls_required\)/],
      [['--grid-url', plain(mock.urls.grid), 'pprof', 'capture', '--client', NODE, '--profile', 'heap'], { MESHSCOPE_GRID_CA: ca }, /is plain http but MESHSCOPE_GRID_CA names a CA for grid/],
    ];
    for (const [args, extra, message] of refused) {
      const r = await runCli(args, { env: { ...cfg, ...extra } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^hint: /m);
    }
  });
});
