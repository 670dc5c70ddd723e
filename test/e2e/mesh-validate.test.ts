/**
 * `--validate` on get/root/walk/tree: payloads checked against the server's own /v1/schema,
 * fetched once; the mock conforms (no warnings), a server that does not is warned about.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../../src/mock/server.js';
import { ROOT, runCli, startTestMock } from '../helpers.js';

describe('--validate against the mock: no warnings', () => {
  let mock: MockHandle;
  beforeAll(async () => {
    mock = await startTestMock({ scenario: 'degraded' });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('walk, tree, root and get', async () => {
    const walk = await runCli(['mesh', 'walk', '--validate', '-o', 'json', '--addr', mock.urls.admin]);
    expect(walk.code).toBe(0);
    expect(walk.stderr).toBe('');
    const nodes = walk.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const actor = nodes.find((n) => n.properties.Actor?.failure_info);
    const [tree, root, get] = await Promise.all([
      runCli(['mesh', 'tree', '--validate', '--addr', mock.urls.admin]),
      runCli(['mesh', 'root', '--validate', '--addr', mock.urls.admin]),
      runCli(['mesh', 'get', actor.identity, '--validate', '--addr', mock.urls.admin]),
    ]);
    for (const r of [tree, root, get]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    }
  }, 60_000);
});

describe('--validate against a server that breaks its own schema', () => {
  const schema = { ...JSON.parse(readFileSync(join(ROOT, 'fixtures', 'monarch', 'node_payload_schema.json'), 'utf8')), $id: 'https://example.test/schemas/v1/node_payload' };
  const host = 'host:host_agent.service@tcp://10.0.0.1:26600';
  const root = {
    identity: 'root',
    properties: { Root: { num_hosts: 1, started_at: '2026-05-01T00:00:00.000Z', started_by: 'ops', system_children: [] } },
    children: [host],
    parent: null,
    as_of: '2026-05-01T01:00:00.000Z',
  };
  // A host payload with a variant the schema does not allow next to its own: meshscope still reads it.
  const badHost = {
    identity: host,
    properties: { Host: { addr: 'tcp:10.0.0.1:26600', num_procs: 0, system_children: [], memory: { process_rss_bytes: null, process_vm_size_bytes: null } }, Extra: {} },
    children: [],
    parent: 'root',
    as_of: '2026-05-01T01:00:00.000Z',
  };
  let server: Server;
  let url = '';
  let schemaHits = 0;
  let schemaMissing = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/v1/schema' && !schemaMissing) return (schemaHits++, send(200, schema));
      if (req.url === '/v1/root') return send(200, root);
      if (req.url === `/v1/${encodeURIComponent(host)}`) return send(200, badHost);
      send(404, { error: { code: 'not_found', message: 'no such reference' } });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('get: a warning on stderr naming the schema $id and the violation; the node is still shown', async () => {
    const r = await runCli(['mesh', 'get', host, '--validate', '--addr', url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: ${host}: the payload does not match the server's schema https://example.test/schemas/v1/node_payload: /properties: must NOT have additional properties (Extra)\n`);
    expect(r.stdout).toMatch(/^kind: +host\naddr: +tcp:10\.0\.0\.1:26600\n/);
    const plain = await runCli(['mesh', 'get', host, '--addr', url]);
    expect(plain.stderr).toBe('');
  });

  it('walk and tree: only the offending node is warned about; the schema is fetched once per command', async () => {
    schemaHits = 0;
    const w = await runCli(['mesh', 'walk', '--validate', '-o', 'json', '--addr', url]);
    expect(w.code).toBe(0);
    expect(w.stdout.trim().split('\n')).toHaveLength(2);
    expect(w.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^warning: ${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the payload does not match`))]);
    expect(schemaHits).toBe(1);
    const t = await runCli(['mesh', 'tree', '--validate', '--addr', url]);
    expect(t.stderr).toContain('(Extra)');
    expect(t.stdout).toBe('Mesh Root (1 host)\n└─ tcp:10.0.0.1:26600  (0 procs)\n');
    const root = await runCli(['mesh', 'root', '--validate', '--addr', url]);
    expect(root.stderr).toBe('');
  });

  it('a server that publishes no schema: --validate says so (exit 3), without it the command works', async () => {
    schemaMissing = true;
    try {
      const r = await runCli(['mesh', 'root', '--validate', '--addr', url]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^error: cannot fetch the server's node schema \(GET \/v1\/schema\) for --validate: .*\(not_found\)\nhint: this server does not publish its schema; run without --validate\n$/);
      expect((await runCli(['mesh', 'root', '--addr', url])).code).toBe(0);
    } finally {
      schemaMissing = false;
    }
  });

  // --validate means one thing across the tree: strict | warn | none (alone: warn; none is the default here)
  const WARNING = `warning: ${host}: the payload does not match the server's schema https://example.test/schemas/v1/node_payload: /properties: must NOT have additional properties (Extra)\n`;
  it('get: --validate=warn is --validate alone; --validate=strict refuses the node (exit 1, nothing on stdout)', async () => {
    const bare = await runCli(['mesh', 'get', host, '--validate', '--addr', url]);
    const warn = await runCli(['mesh', 'get', host, '--validate=warn', '--addr', url]);
    for (const r of [bare, warn]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(WARNING);
      expect(r.stdout).toMatch(/^kind: +host\n/);
    }
    const strict = await runCli(['mesh', 'get', host, '--validate=strict', '--addr', url]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(new RegExp(`^error: ${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the payload does not match the server's schema https://example\\.test/schemas/v1/node_payload \\(schema_violation\\)\n`));
    expect(strict.stderr).toContain('/properties: must NOT have additional properties (Extra)');
    expect(strict.stderr).toMatch(/hint: .*--validate warn/);
    // the root conforms: strict shows it
    expect((await runCli(['mesh', 'root', '--validate', 'strict', '--addr', url])).code).toBe(0);
  });

  it('walk and tree under strict: every node is still listed, each violation warned, and the command ends with exit 1', async () => {
    const w = await runCli(['mesh', 'walk', '--validate', 'strict', '-o', 'json', '--addr', url]);
    expect(w.code).toBe(1);
    // the NDJSON stream stays one node per line; the error follows the warning on stderr
    const lines = w.stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).identity)).toEqual(['root', host]);
    expect(w.stderr.startsWith(WARNING)).toBe(true);
    expect(w.stderr.slice(WARNING.length)).toMatch(/^error: 1 payload did not match the server's schema .* \(schema_violation\)\n/);
    const t = await runCli(['mesh', 'tree', '--validate=strict', '--addr', url]);
    expect(t.code).toBe(1);
    expect(t.stdout).toBe('Mesh Root (1 host)\n└─ tcp:10.0.0.1:26600  (0 procs)\n');
    expect(t.stderr).toMatch(/error: 1 payload did not match the server's schema .* \(schema_violation\)/);
  });

  it('none: no schema request and no warning (as without the flag)', async () => {
    schemaHits = 0;
    const r = await runCli(['mesh', 'walk', '--validate', 'none', '-o', 'json', '--addr', url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(schemaHits).toBe(0);
  });

  it('a value that is not a mode is a usage error that says how to write it (exit 2)', async () => {
    const r = await runCli(['mesh', 'get', '--validate', host, '--addr', url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--validate \[mode\]' argument .* is invalid\. use strict, warn or none \(.*--validate=MODE, or put --validate after the reference\)/);
    expect((await runCli(['mesh', 'walk', '--validate=loose', '--addr', url])).code).toBe(2);
  });
});
