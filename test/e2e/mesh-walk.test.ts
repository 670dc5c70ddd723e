/**
 * `meshscope mesh walk` end to end: it visits the whole world of every scenario exactly once,
 * round-trips references byte for byte (legacy-refs), filters, and reports what it cannot read.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/mock/scenario.js';
import { World } from '../../src/mock/admin/world.js';
import type { MockHandle } from '../../src/mock/server.js';
import { ROOT, runCli, startTestMock, tmp } from '../helpers.js';

interface Node {
  identity: string;
  properties: Record<string, Record<string, unknown>>;
  children: string[];
}

const ndjson = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Node);
const kind = (n: Node) => Object.keys(n.properties)[0];

/** The world a scenario builds (same seed, same references). */
function worldOf(name: string): World {
  const sc = loadScenario(name);
  return new World(sc.admin, { seed: sc.seed, clock: { now: () => Date.now() }, env: {} });
}

describe('the walk visits the whole world of each scenario', () => {
  // The walks are independent (each its own --mock) and mostly wait on the mock's latency: they run
  // side by side, the one that counts back-pressure on its own at the end.
  for (const [name, extra] of [
    ['healthy', []],
    ['degraded', []],
    ['legacy-refs', []],
    // 20% service_unavailable, 5% dropped connections, 2% gateway_timeout and 1% hung resolves
    ['flaky', ['--retries', '6']],
  ] as Array<[string, string[]]>) {
    it.concurrent(`${name}: one line per node, each node once`, async () => {
      const r = await runCli(['mesh', 'walk', '--mock', '--scenario', name, '-o', 'json', ...extra], { timeoutMs: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const got = ndjson(r.stdout);
      const w = worldOf(name);
      expect(got).toHaveLength(w.size.nodes);
      expect(new Set(got.map((n) => n.identity))).toEqual(new Set(w.refs()));
      expect(got[0].identity).toBe('root');
      expect(got.filter((n) => kind(n) === 'Host')).toHaveLength(w.size.hosts);
      expect(got.filter((n) => kind(n) === 'Proc')).toHaveLength(w.size.procs);
      expect(got.filter((n) => kind(n) === 'Actor')).toHaveLength(w.size.actors);
    }, 60_000);
  }

  it.concurrent('large: 10,000+ actors through the server limit of 2', async () => {
    const r = await runCli(['mesh', 'walk', '--mock', '--scenario', 'large', '-o', 'name', '-v'], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const w = worldOf('large');
    expect(w.size.actors).toBeGreaterThanOrEqual(10_000);
    expect(lines).toHaveLength(w.size.nodes);
    expect(new Set(lines).size).toBe(lines.length);
    // Back-pressure is handled, not reported: no warnings, and the walk says what it did.
    expect(r.stderr).not.toContain('warning:');
    expect(r.stderr).toMatch(/walk: \d+ requests, \d+ service_unavailable, \d+ retries; concurrency \d+\.\.\d+/);
  }, 120_000);

  it.concurrent('failing: a hung host (gateway_timeout) and a node gone mid-walk are reported, the rest is walked, exit 1', async () => {
    const r = await runCli(['mesh', 'walk', '--mock', '--scenario', 'failing', '-o', 'json', '--retries', '0'], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    const w = worldOf('failing');
    const hung = w.hosts[2];
    const hungNodes = 1 + hung.procs.reduce((s, p) => s + 1 + p.actors.length + p.stopped.length, 0);
    const gone = w.select({ host: 1, proc: 1, actor: 0 });
    const got = ndjson(r.stdout);
    expect(got).toHaveLength(w.size.nodes - hungNodes - 1);
    expect(got.some((n) => n.identity === gone.ref)).toBe(false);
    expect(r.stderr).toContain(`warning: ${hung.ref} (listed by root): timed out resolving reference (gateway_timeout); the node may still exist`);
    expect(r.stderr).toContain(`warning: ${gone.ref} (listed by `);
    expect(r.stderr).toContain('gone since its parent listed it (not_found); the walk goes on');
  }, 60_000);

  it('back-pressure: against a limit of 2 the walk comes down from where it probed and finishes', async () => {
    const file = join(tmp('walk-limit'), 'limit2.yaml');
    writeFileSync(file, 'name: limit2\nseed: 3\nadmin:\n  hosts: 2\n  procs_per_host: 2\n  actors_per_proc: 6\n  latency_ms: 20\n  resolve_limit: 2\n');
    const r = await runCli(['mesh', 'walk', '--mock', '--scenario', file, '-o', 'name', '--concurrency', '16', '-v'], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const w = new World(loadScenario(file).admin, { seed: 3, clock: { now: () => Date.now() }, env: {} });
    expect(r.stdout.trim().split('\n')).toHaveLength(w.size.nodes);
    expect(r.stderr).not.toContain('warning:');
    const m = /walk: (\d+) requests, (\d+) service_unavailable, \d+ retries; concurrency (\d+)\.\.(\d+) \(now (\d+)\)/.exec(r.stderr);
    expect(m).not.toBeNull();
    const [requests, refused, , peak, now] = m!.slice(1).map(Number);
    expect(refused).toBeGreaterThan(0);
    expect(requests).toBe(w.size.nodes + refused);
    expect(peak).toBeLessThanOrEqual(3);
    expect(now).toBeLessThanOrEqual(2);
    expect(refused).toBeLessThan(w.size.nodes / 4);
  }, 60_000);
});

describe('references round-trip byte for byte (legacy-refs)', () => {
  let mock: MockHandle;
  beforeAll(async () => {
    mock = await startTestMock({ scenario: 'legacy-refs' });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('every reference with %, /, ?, #, spaces, commas, brackets, <, > and non-ASCII resolves to itself', async () => {
    const r = await runCli(['mesh', 'walk', '-o', 'name', '--addr', mock.urls.admin]);
    expect(r.code).toBe(0);
    const refs = r.stdout.split('\n').slice(0, -1);
    expect(new Set(refs)).toEqual(new Set(worldOf('legacy-refs').refs()));
    const specials = ['%', '/', '?', '#', ' ', ',', '[', ']', '<', '>', 'é', '训'];
    for (const ch of specials) expect(refs.some((x) => x.includes(ch)), ch).toBe(true);
    // One reference per special character, each fetched with `mesh get` and compared byte for byte.
    const picks = [...new Set(specials.map((ch) => refs.filter((x) => x.includes(ch)).sort((a, b) => b.length - a.length)[0]))];
    const results = await Promise.all(picks.map((ref) => runCli(['mesh', 'get', ref, '-o', 'json', '--addr', mock.urls.admin])));
    results.forEach((g, i) => {
      expect(g.code, picks[i]).toBe(0);
      expect(g.stderr).toBe('');
      expect(Buffer.from(JSON.parse(g.stdout).identity)).toEqual(Buffer.from(picks[i]));
    });
  }, 60_000);

  it('a reference is never parsed: a near miss is not found', async () => {
    const r = await runCli(['mesh', 'get', 'unix:@x,data loader,pyspy_worker[0]', '--addr', mock.urls.admin]);
    expect(r.code).toBe(3);
  });
});

// read-only walks of two shared mocks, side by side
describe.concurrent('filters and output forms', () => {
  let healthy: MockHandle;
  let degraded: MockHandle;
  beforeAll(async () => {
    [healthy, degraded] = await Promise.all([startTestMock({ scenario: 'healthy' }), startTestMock({ scenario: 'degraded' })]);
  });
  afterAll(async () => {
    await Promise.all([healthy?.close(), degraded?.close()]);
  });
  const walk = (m: MockHandle, args: string[]) => runCli(['mesh', 'walk', '--addr', m.urls.admin, ...args]);

  it('--kind, --depth', async () => {
    const w = worldOf('healthy');
    const [hosts, procs, actors, depth1] = await Promise.all([walk(healthy, ['--kind', 'host', '-o', 'json']), walk(healthy, ['--kind', 'proc', '-o', 'json']), walk(healthy, ['--kind', 'actor', '-o', 'json']), walk(healthy, ['--depth', '1', '-o', 'json'])]);
    expect(ndjson(hosts.stdout).map(kind)).toEqual(Array(w.size.hosts).fill('Host'));
    expect(ndjson(procs.stdout).map(kind)).toEqual(Array(w.size.procs).fill('Proc'));
    expect(ndjson(actors.stdout).map(kind)).toEqual(Array(w.size.actors).fill('Actor'));
    expect(ndjson(depth1.stdout).map(kind)).toEqual(['Root', 'Host', 'Host']);
  });

  it('--system, --no-system', async () => {
    const [sys, nosys, all] = await Promise.all([walk(healthy, ['--system', '-o', 'json']), walk(healthy, ['--no-system', '-o', 'json']), walk(healthy, ['-o', 'json'])]);
    const s = ndjson(sys.stdout);
    const n = ndjson(nosys.stdout);
    expect(s.length).toBeGreaterThan(0);
    expect(s.every((x) => x.properties.Actor?.is_system === true)).toBe(true);
    expect(n.some((x) => x.properties.Actor?.is_system === true)).toBe(false);
    expect(s.length + n.length).toBe(ndjson(all.stdout).length);
  });

  it('--failed, --stopped', async () => {
    const [failed, stopped] = await Promise.all([walk(degraded, ['--failed', '-o', 'json']), walk(degraded, ['--stopped', '-o', 'json'])]);
    const f = ndjson(failed.stdout);
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => (kind(x) === 'Actor' && x.properties.Actor.failure_info) || (kind(x) === 'Proc' && x.properties.Proc.is_poisoned))).toBe(true);
    expect(f.some((x) => kind(x) === 'Proc')).toBe(true);
    const st = ndjson(stopped.stdout);
    expect(st.length).toBeGreaterThan(0);
    expect(st.every((x) => kind(x) === 'Actor' && /^(stopped|failed)/.test(String(x.properties.Actor.actor_status)))).toBe(true);
  });

  it('table rows stream with a header; a summary goes to stderr; yaml and name forms', async () => {
    const r = await walk(degraded, []);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^KIND +STATE +NAME +REFERENCE$/);
    expect(lines[1]).toMatch(/^root +ok +root +root$/);
    expect(lines[2]).toMatch(/^host +ok +tcp:10\.0\.0\.1:26600 +host:host_agent\.service@tcp:\/\/10\.0\.0\.1:26600$/);
    expect(lines.some((l) => /^proc +poisoned +/.test(l))).toBe(true);
    expect(lines.some((l) => /^actor +failed +/.test(l))).toBe(true);
    expect(r.stderr).toMatch(/^walked \d+ nodes \(1 root, 3 hosts, \d+ procs, \d+ actors\) in [\d.]+s\n$/);
    const y = await walk(healthy, ['--depth', '0', '-o', 'yaml']);
    expect(y.stdout).toMatch(/^---\nidentity: root\n/);
    const n = await walk(healthy, ['--depth', '1', '-o', 'name']);
    expect(n.stdout).toBe(`root\nhost:host_agent.service@tcp://10.0.0.1:26600\nhost:host_agent.service@tcp://10.0.0.2:26600\n`);
  });

  it('bad flags are usage errors', async () => {
    const d = await walk(healthy, ['--depth', 'deep']);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('invalid --depth "deep": expected a whole number of at least 0');
    expect((await walk(healthy, ['--kind', 'galaxy'])).code).toBe(2);
    expect((await walk(healthy, ['--concurrency', '0'])).code).toBe(2);
  });

  it('an unreachable server: exit 4', async () => {
    const r = await runCli(['mesh', 'walk', '--addr', 'http://127.0.0.1:9']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('(connection_refused)');
  });

  it('the bench scenarios load', () => {
    for (const f of ['walk-limit2', 'walk-limit16', 'walk-100k']) expect(loadScenario(join(ROOT, 'fixtures', 'bench', `${f}.yaml`)).name).toBe(f);
  });
});
