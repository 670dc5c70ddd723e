/** e2e: `pprof capture | top | flamegraph` against the grid mock's simulated Go nodes. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { Profile } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_TYPES } from '../../src/backends/grid/models.js';
import { expectedHotFunctions } from '../../src/mock/grid/profiles.js';
import { elements, parseXml, textOf } from '../../src/profiling/xml.js';
import type { MockHandle } from '../../src/mock/server.js';
import { BIN, cleanEnv, runCli, startTestMock, tmp, type CliResult } from '../helpers.js';

const TOKEN = 's3cret-grid-token';
const NODES = {
  sync: '11111111-1111-4111-8111-111111111111',
  api: '22222222-2222-4222-8222-222222222222',
  idle: '33333333-3333-4333-8333-333333333333',
  offline: '44444444-4444-4444-8444-444444444444',
  stuck: '55555555-5555-4555-8555-555555555555',
};

let mock: MockHandle;
beforeAll(async () => {
  mock = await startTestMock({ scenario: join('fixtures', 'profiling', 'scenarios', 'grid.yaml') });
}, 30_000);
afterAll(async () => {
  await mock?.close();
});

/** Run the CLI in a folder (capture saves under the server's file name in the current folder). */
function runIn(cwd: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const grid = (args: string[], env = cleanEnv({ GRID_TOKEN: TOKEN }), cwd?: string) => (cwd ? runIn(cwd, [...args, '--grid-url', mock.urls.grid], env) : runCli([...args, '--grid-url', mock.urls.grid], { env }));

const GO = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
if (!GO) console.warn('go is not installed: skipping the `go tool pprof -top` cross-check of captured profiles');

describe('pprof capture, top and flamegraph', () => {
  const dir = tmp('pprof-e2e');
  const captured = new Map<string, string>();

  it('captures every profile type under the server\'s file name; each decodes and `pprof top` ranks the hot functions', async () => {
    for (const profile of PROFILE_TYPES) {
      const r = await grid(['pprof', 'capture', '--client', NODES.sync, '--profile', profile], undefined, dir);
      expect(r.code, r.stderr).toBe(0);
      const name = /^file:\s+(.+)$/m.exec(r.stdout)![1];
      expect(name).toMatch(new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/hydden-${profile}-\\d{8}T\\d{6}Z\\.out$`));
      expect(r.stdout).toMatch(new RegExp(`^profile:\\s+${profile}$`, 'm'));
      expect(r.stderr).toMatch(/read it with: meshscope pprof top hydden-/);
      captured.set(profile, name);
      const p = Profile.decode(gunzipSync(readFileSync(name)));
      expect(p.sample.length).toBeGreaterThan(0);
      const top = await runCli(['pprof', 'top', name, '-o', 'json'], { env: cleanEnv() });
      expect(top.code).toBe(0);
      const rows = JSON.parse(top.stdout).rows as Array<{ function: string; flat: number }>;
      expect(rows.filter((row) => row.flat > 0).map((row) => row.function)).toEqual(expectedHotFunctions('sync', profile));
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('prints the flat/cum table like go tool pprof -top; --cum and -n', async () => {
    const file = captured.get('cpu')!;
    const r = await runCli(['pprof', 'top', file], { env: cleanEnv() });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(['File: gridd', 'Type: cpu']);
    const head = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(l));
    const names = lines.slice(head + 1).map((l) => l.split(/\s{2,}/).pop()!.replace(/ \((partial-)?inline\)$/, ''));
    expect(names.slice(0, 4)).toEqual(expectedHotFunctions('sync', 'cpu'));
    const cum = await runCli(['pprof', 'top', file, '--cum', '-n', '3'], { env: cleanEnv() });
    expect(cum.code).toBe(0);
    const body = cum.stdout.trimEnd().split('\n');
    const rows = body.slice(body.findIndex((l) => /flat%/.test(l)) + 1);
    expect(rows).toHaveLength(3);
    expect(rows.map((l) => l.split(/\s{2,}/).pop()).sort()).toEqual(['grid/client.(*Client).Run', 'grid/client.(*Syncer).processBatch', 'main.main']);
    // the runtime's rarely sampled stacks are dropped, as go tool pprof drops them
    expect(cum.stdout).toMatch(/\nDropped 9 nodes \(cum <= [\d.]+m?s\)\nShowing top 3 nodes out of 10\n/);
    const heap = await runCli(['pprof', 'top', captured.get('heap')!, '--sample-index', 'alloc_objects', '-n', '1'], { env: cleanEnv() });
    expect(heap.stdout).toContain('Type: alloc_objects');
  });

  it('draws a flame graph of a captured profile: XML, one rectangle per node, names escaped', async () => {
    const out = join(dir, 'cpu.svg');
    const r = await runCli(['pprof', 'flamegraph', captured.get('cpu')!, '--out', out], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(out, 'utf8');
    const root = parseXml(svg);
    const frames = [...elements(root)].filter((e) => e.name === 'g' && e.attrs.class === 'frame');
    // root + main.main, Run, processBatch, sha256, json + net/http serve, handlePprof, deflate, matchLen (inlined) + gcBgMarkWorker
    // + the runtime's rare stacks (4 + 3 + 2 frames)
    expect(frames).toHaveLength(20);
    const titles = frames.map((g) => textOf(g.children.find((c) => typeof c !== 'string' && c.name === 'title') as never));
    expect(titles.some((t) => t.startsWith('grid/client.(*Client).Run ('))).toBe(true);
    expect(svg).toContain('encoding/json.(*encodeState).marshal');
    const again = await runCli(['pprof', 'flamegraph', captured.get('cpu')!, '--out', out], { env: cleanEnv() });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('saves under --out, and never over an existing file without --force', async () => {
    const out = join(dir, 'mine.pb.gz');
    writeFileSync(out, 'precious');
    const r = await grid(['pprof', 'capture', '--client', NODES.api, '--profile', 'goroutine', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect(readFileSync(out, 'utf8')).toBe('precious');
    const forced = await grid(['pprof', 'capture', '--client', NODES.api, '--profile', 'goroutine', '--out', out, '--force', '-o', 'json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ file: out, client: NODES.api, module: 'grid.client', profile: 'goroutine', sample_types: ['goroutine/count'] });
    expect(Profile.decode(gunzipSync(readFileSync(out))).sample.length).toBeGreaterThan(0);
  });

  it.skipIf(!GO)('go tool pprof -top reads the captured files (skipped where go is not installed)', () => {
    for (const [profile, file] of captured) {
      const out = execFileSync('go', ['tool', 'pprof', '-top', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      for (const fn of expectedHotFunctions('sync', profile as never)) expect(out).toContain(fn);
    }
  });
});

describe('pprof capture errors', () => {
  it('refuses unknown profile types before sending (exit 2, even with no server)', async () => {
    const r = await runCli(['pprof', 'capture', '--client', NODES.sync, '--profile', 'flame', '--grid-url', 'http://127.0.0.1:9'], { env: cleanEnv({ GRID_TOKEN: TOKEN }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown profile type "flame"');
    expect(r.stderr).toContain('cpu, allocs, heap, goroutine, block, mutex, threadcreate');
    const missing = await runCli(['pprof', 'capture', '--profile', 'cpu'], { env: cleanEnv() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--client');
  });

  it('maps 403 to exit 13, without printing the token', async () => {
    const wrong = await grid(['pprof', 'capture', '--client', NODES.sync, '--profile', 'heap'], cleanEnv({ GRID_TOKEN: 'not-the-token' }));
    expect(wrong.code).toBe(13);
    expect(wrong.stderr).toContain('the grid refused the credentials (HTTP 403)');
    expect(wrong.stderr).toContain('GRID_TOKEN');
    expect(wrong.stderr + wrong.stdout).not.toContain('not-the-token');
    const none = await grid(['pprof', 'capture', '--client', NODES.sync, '--profile', 'heap'], cleanEnv());
    expect(none.code).toBe(13);
    expect(none.stderr).toContain('no grid API token');
  });

  it('maps 404 (unknown or offline node) to exit 3, 500 to exit 1, 400 to exit 2', async () => {
    for (const node of ['no-such-node', NODES.offline]) {
      const r = await grid(['pprof', 'capture', '--client', node, '--profile', 'heap']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`grid node ${node} not found or offline (HTTP 404) (node_not_found)`);
    }
    const stuck = await grid(['pprof', 'capture', '--client', NODES.stuck, '--profile', 'heap']);
    expect(stuck.code).toBe(1);
    expect(stuck.stderr).toContain(`profiling failed on node ${NODES.stuck}: module grid.client did not answer (HTTP 500) (profiling_failed)`);
    const module = await grid(['pprof', 'capture', '--client', NODES.sync, '--profile', 'heap', '--module', 'grid.server']);
    expect(module.code).toBe(2);
    expect(module.stderr).toContain('the grid refused the request for a heap profile of module grid.server (HTTP 400)');
    expect(module.stderr).toContain('unknown module: grid.server');
  });

  it('reads only pprof files: bad input is a usage error', async () => {
    const dir = tmp('pprof-bad');
    writeFileSync(join(dir, 'x.svg'), '<svg/>');
    const bad = await runCli(['pprof', 'top', join(dir, 'x.svg')], { env: cleanEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a pprof profile');
    const missing = await runCli(['pprof', 'top', join(dir, 'nope.out')], { env: cleanEnv() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const noOut = await runCli(['pprof', 'flamegraph', join(dir, 'x.svg')], { env: cleanEnv() });
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out FILE.svg is required');
  });
});
