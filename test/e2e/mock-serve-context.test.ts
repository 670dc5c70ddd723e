/**
 * `meshscope mock serve` prints one command that makes a context for all five backends and makes
 * it current; after running it, commands of every backend reach the mock with no endpoint flags.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanEnv, runCli, tmp } from '../helpers.js';
import { serveInProcess, type ServedMock } from './serve-in-process.js';

const NODE = 'eeb34ad6-0192-4ea2-b2bf-498d26be12fb'; // the first grid node of the healthy scenario

describe('mock serve: the printed context command', () => {
  let mock: ServedMock;
  const env = cleanEnv({ MESHSCOPE_CONFIG: join(tmp('mockctx'), 'config.yaml') });
  const cli = (args: string[]) => runCli(args, { env });

  beforeAll(async () => {
    mock = await serveInProcess(['--port-base', '0'], cleanEnv());
  });
  afterAll(async () => {
    if (mock) expect(await mock.stop()).toBe(0);
  });

  it('names every backend, replaces any older "mock" context and makes it current', async () => {
    const a = mock.contextArgs;
    expect(a.slice(0, 3)).toEqual(['context', 'set', 'mock']);
    expect(a).toEqual(expect.arrayContaining([`admin.url=${mock.urls.admin}`, `mn.url=${mock.urls.mn}`, `asya.url=${mock.urls.asya}`, `asya.internal-url=${mock.urls['asya (internal)']}`, `astromesh.url=${mock.urls.astromesh}`, `grid.url=${mock.urls.grid}`, '--use', '--replace']));
    // a stale "mock" context (say, of an earlier `mock serve --tls`) must not survive in part
    expect((await cli(['context', 'set', 'mock', 'admin.ca=/gone/ca.pem', 'mn.ca=/gone/ca.pem'])).code).toBe(0);
    expect((await cli(['context', 'set', 'other', `mn.url=http://127.0.0.1:9/api/v1`, '--use'])).code).toBe(0);
    const r = await cli(mock.contextArgs);
    expect(r.code, r.stderr).toBe(0);
    const file = parse(readFileSync(env.MESHSCOPE_CONFIG, 'utf8'));
    expect(file['current-context']).toBe('mock');
    expect(file.contexts.mock.admin).toEqual({ url: mock.urls.admin });
    expect(file.contexts.mock.mn).toEqual({ url: mock.urls.mn });
  });

  it('then commands of all five backends reach the mock with no endpoint flags', async () => {
    const runs: string[][] = [
      ['diagnose'],
      ['mesh', 'info'],
      ['job', 'list'],
      ['runtime', 'health'],
      ['envelope', 'list'],
      ['envelope', 'health'],
      ['agent', 'list'],
      ['pprof', 'capture', '--client', NODE, '--profile', 'heap', '--out', join(tmp('mockctx-pprof'), 'heap.pb.gz')],
    ];
    for (const args of runs) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const shown = JSON.parse((await cli(['context', 'show', '-o', 'json'])).stdout);
    expect(shown.context).toBe('mock');
    for (const e of shown.endpoints) expect(e.source, e.endpoint).toBe('context');
  });
});
