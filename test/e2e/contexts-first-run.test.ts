/**
 * A newcomer's first contexts: a context may name a token or a CA before (or without) its URL;
 * `context set` writes the file; what is really missing at the point of use is named as the key to
 * add; nothing in the contexts path speaks in the validator's words or prints a secret.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveEndpoints } from '../../src/config/resolve.js';
import { HttpClient } from '../../src/http/client.js';
import { MeshError } from '../../src/errors.js';
import { startMock } from '../../src/mock/server.js';
import { cleanEnv, runCli, tmp } from '../helpers.js';

const RAW_VALIDATOR = /Invalid input|expected string|received undefined|expected object|expected boolean/;

function freshEnv(extra: Record<string, string> = {}): Record<string, string> {
  return cleanEnv({ MESHSCOPE_CONFIG: join(tmp('first-run'), 'config.yaml'), ...extra });
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('context set: the README example', () => {
  it('a token and a CA without every URL: exit 0, the file written, the context current', async () => {
    const env = freshEnv();
    const r = await runCli(['context', 'set', 'prod', 'admin.url=https://mesh-admin.example:1729', 'admin.ca=/etc/pki/ca.pem', 'mn.token-env=MN_API_TOKEN', '--use'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(RAW_VALIDATOR);
    const file = parse(readFileSync(env.MESHSCOPE_CONFIG, 'utf8'));
    expect(file).toEqual({
      'current-context': 'prod',
      contexts: { prod: { admin: { url: 'https://mesh-admin.example:1729', ca: '/etc/pki/ca.pem' }, mn: { 'token-env': 'MN_API_TOKEN' } } },
    });
    // the URL of mn comes from the default; the token from the variable the context names, never printed
    const show = await runCli(['context', 'show', '-o', 'json'], { env: { ...env, MN_API_TOKEN: 'tok-first-run-7' } });
    expect(show.code, show.stderr).toBe(0);
    const shown = JSON.parse(show.stdout);
    expect(shown.context).toBe('prod');
    const by = Object.fromEntries(shown.endpoints.map((e: { endpoint: string }) => [e.endpoint, e]));
    expect(by.mn).toMatchObject({ url: 'http://localhost:54001/api/v1', source: 'default', auth: 'bearer token set (env MN_API_TOKEN)' });
    expect(by.admin).toMatchObject({ url: 'https://mesh-admin.example:1729', source: 'context', ca: '/etc/pki/ca.pem', ca_source: 'context admin.ca' });
    expect(show.stdout).not.toContain('tok-first-run-7');
    const table = await runCli(['context', 'show'], { env });
    expect(table.stdout).toMatch(/^admin +https:\/\/mesh-admin\.example:1729 +context +ca \/etc\/pki\/ca\.pem \(context admin\.ca\)/m);
  });

  it('the token first, the URL later: commands then use both', async () => {
    const mock = await startMock({ portBase: 0, only: ['mn'], env: { MN_API_TOKEN: 'mn-secret-31' } });
    try {
      const env = freshEnv();
      expect((await runCli(['context', 'set', 'lab', 'mn.token-env=LAB_MN_TOKEN', '--use'], { env })).code).toBe(0);
      expect((await runCli(['context', 'set', 'lab', `mn.url=${mock.urls.mn}`], { env })).code).toBe(0);
      const ok = await runCli(['job', 'list'], { env: { ...env, LAB_MN_TOKEN: 'mn-secret-31' } });
      expect(ok.code, ok.stderr).toBe(0);
      const denied = await runCli(['job', 'list'], { env });
      expect(denied.code).toBe(13);
    } finally {
      await mock.close();
    }
  });

  it('--replace starts a context afresh', async () => {
    const env = freshEnv();
    expect((await runCli(['context', 'set', 'p', 'mn.ca=/old/ca.pem', 'mn.url=https://old/api/v1'], { env })).code).toBe(0);
    expect((await runCli(['context', 'set', 'p', 'mn.url=http://new:54001/api/v1', '--replace'], { env })).code).toBe(0);
    expect(parse(readFileSync(env.MESHSCOPE_CONFIG, 'utf8')).contexts.p).toEqual({ mn: { url: 'http://new:54001/api/v1' } });
  });
});

describe('what is really missing is named as the key to add', () => {
  it('a CA without a URL, where the default is plain http: add mn.url to the context (exit 2)', async () => {
    const env = freshEnv();
    const ca = join(tmp('first-run-ca'), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    expect((await runCli(['context', 'set', 'prod', `mn.ca=${ca}`, `asya.ca=${ca}`, 'asya.url=https://asya.example:8080', '--use'], { env })).code).toBe(0);
    const r = await runCli(['job', 'list'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: http:\/\/localhost:54001\/api\/v1 is plain http but the context names a CA for mn \(mn\.ca\) \(tls_required\)$/m);
    expect(r.stderr).toMatch(/^hint: no mn\.url in context "prod", so the default .* was used: add mn\.url to context "prod" \(meshscope context set prod mn\.url=https:\/\/HOST:PORT\)/m);
    const s = await runCli(['envelope', 'publish', '0b7d5e3c-1a2f-4b6c-9d8e-7f6a5b4c3d2e', '--status', 'running'], { env });
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/hint: no asya\.internal-url in context "prod".*add asya\.internal-url to context "prod"/);
    // what is wrong with mn and asya stops no command of another backend
    expect((await runCli(['astro', 'health', '--astromesh-url', 'http://127.0.0.1:9', '--request-timeout', '5s'], { env })).stderr).toMatch(/connection_refused/);
    const show = await runCli(['context', 'show'], { env });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stderr).toMatch(/^warning: mn: http:\/\/localhost:54001\/api\/v1 is plain http but the context names a CA for mn \(mn\.ca\)$/m);
    expect(show.stderr).toMatch(/^ {2}hint: no mn\.url in context "prod"/m);
  });

  it('half a client certificate: add admin.key to the context (exit 2)', async () => {
    const env = freshEnv();
    expect((await runCli(['context', 'set', 'prod', 'admin.url=https://mesh:1729', 'admin.cert=/etc/pki/me.pem', '--use'], { env })).code).toBe(0);
    const r = await runCli(['mesh', 'info'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/context "prod" names admin\.cert but no admin\.key/);
    expect(r.stderr).toMatch(/^hint: add admin\.key to context "prod" \(meshscope context set prod admin\.key=FILE\), or pass --key$/m);
  });

  it('nothing answers at a default URL: the hint names the key of the context to add', async () => {
    const env = freshEnv();
    expect((await runCli(['context', 'set', 'prod', 'mn.token-env=MN_API_TOKEN', '--use'], { env })).code).toBe(0);
    const mn = resolveEndpoints({}, env).endpoints.mn;
    expect(mn.source).toBe('default');
    // the default address, moved to a port where nothing listens
    const client = new HttpClient({ ...mn, url: `http://127.0.0.1:${await closedPort()}/api/v1` }, { retries: 0 });
    const e = await client.json({ path: 'jobs' }).then(
      () => undefined,
      (x: unknown) => x as MeshError,
    );
    await client.close();
    expect(e?.code).toBe('connection_refused');
    expect(e?.hint).toMatch(/^no mn\.url in context "prod", so the default http:\/\/localhost:54001\/api\/v1 was tried: add mn\.url to context "prod" \(meshscope context set prod mn\.url=URL\), or pass --mn-url URL$/);
  });

  it('an unreadable token file fails only the backend that needs it, and says which key to fix', async () => {
    const env = freshEnv();
    expect((await runCli(['context', 'set', 'prod', `grid.token-file=${join(tmp('gone'), 'token')}`, '--use'], { env })).code).toBe(0);
    expect((await runCli(['runtime', 'health', '--mock'], { env })).code).toBe(0);
    const r = await runCli(['pprof', 'capture', '--client', 'x', '--profile', 'heap', '--mock'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read the token file .* named by grid\.token-file in context "prod": ENOENT/);
    expect(r.stderr).toMatch(/^hint: fix grid\.token-file in context "prod"/m);
    const show = JSON.parse((await runCli(['context', 'show', '-o', 'json'], { env })).stdout);
    expect(show.endpoints.find((e: { endpoint: string }) => e.endpoint === 'grid').auth).toMatch(/^token unreadable \(file /);
  });
});

describe('no validator words, no secrets', () => {
  it('context set checks each value before writing, and never repeats a token pasted in place of a name', async () => {
    const env = freshEnv();
    const cases: Array<[string, RegExp]> = [
      ['grid.token-env=glpat-s3cr3t-token-value', /^error: grid\.token-env must be the name of an environment variable \(such as MN_API_TOKEN\) that holds the token, not the token itself \(usage\)$/m],
      ['mn.url=mn.example/api/v1', /^error: mn\.url must be an http:\/\/ or https:\/\/ URL/m],
      ['admin.url=ftp://mesh:1729', /^error: admin\.url: unsupported scheme in admin address: ftp:\/\/mesh:1729 \(usage\)$/m],
      ['asya.insecure=yes', /^error: asya\.insecure must be true or false/m],
      ['astromesh.cacert=/x.pem', /^error: unknown key "astromesh\.cacert" \(usage\)$/m],
    ];
    for (const [assignment, message] of cases) {
      const r = await runCli(['context', 'set', 'prod', assignment], { env });
      expect(r.code, assignment).toBe(2);
      expect(r.stderr, assignment).toMatch(message);
      expect(r.stderr).not.toMatch(RAW_VALIDATOR);
    }
    expect((await runCli(['context', 'set', 'prod', 'grid.token-env=glpat-s3cr3t-token-value'], { env })).stderr).not.toContain('s3cr3t');
    expect(existsSync(env.MESHSCOPE_CONFIG)).toBe(false);
  });

  it('a hand-edited file: the key, the line and what it must be, in the file\'s words', async () => {
    const cases: Array<[string, RegExp]> = [
      ['contexts:\n  p:\n    mn: http://mn:54001/api/v1\n', /:3: contexts\.p\.mn: must be a mapping \(mn takes: url, token-env, token-file, ca, insecure\), not text/],
      ['contexts:\n  p:\n    mn:\n      url: 54001\n', /:4: contexts\.p\.mn\.url: must be a URL, not a number/],
      ['contexts:\n  p:\n    grid:\n      insecure: "yes"\n', /:4: contexts\.p\.grid\.insecure: must be true or false, not text/],
      ['contexts:\n  p:\n    admin:\n      cacert: /ca.pem\n', /:4: contexts\.p\.admin\.cacert: unknown key "cacert"/],
      ['contexts: [p]\n', /:1: contexts: must be a mapping from context names to contexts, not a list/],
      ['current-context: 3\ncontexts: {}\n', /:1: current-context: must be the name of a context, not a number/],
      ['contexts:\n  p:\n    mn:\n      token-env: sk-live-abc123\n', /:4: contexts\.p\.mn\.token-env: must be the name of an environment variable/],
    ];
    for (const [yaml, message] of cases) {
      const env = freshEnv();
      writeFileSync(env.MESHSCOPE_CONFIG, yaml);
      const r = await runCli(['context', 'list'], { env });
      expect(r.code, yaml).toBe(2);
      expect(r.stderr, yaml).toMatch(message);
      expect(r.stderr, yaml).not.toMatch(RAW_VALIDATOR);
      expect(r.stderr).not.toContain('sk-live-abc123');
    }
    const env = freshEnv();
    writeFileSync(env.MESHSCOPE_CONFIG, 'contexts:\n  p:\n    admin:\n      cacert: /ca.pem\n');
    expect((await runCli(['context', 'list'], { env })).stderr).toMatch(/^hint: did you mean "ca"\? admin takes: url, ca, insecure, cert, key, plaintext/m);
  });

  it('an entry left empty is no entry', async () => {
    const env = freshEnv();
    writeFileSync(env.MESHSCOPE_CONFIG, 'current-context: p\ncontexts:\n  p:\n    mn:\n    asya: ~\n');
    const r = await runCli(['context', 'list'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\*\s+p\s*$/m);
  });
});
