/** The streaming breadth-first walker of the admin backend, against worlds of the admin mock without HTTP. */
import { describe, expect, it } from 'vitest';
import { MeshError } from '../../src/errors.js';
import { AdaptiveLimit, runWalk, SeenSet, walk, type WalkEvent, type WalkOptions } from '../../src/backends/admin/walk.js';
import { AdminScenario, type AdminScenarioInput } from '../../src/mock/admin/scenario.js';
import { World } from '../../src/mock/admin/world.js';
import type { NodePayload } from '../../src/backends/admin/models.js';

function world(input: AdminScenarioInput = {}, seed: number | string = 3): World {
  return new World(AdminScenario.parse(input), { seed, clock: { now: () => Date.parse('2026-05-01T12:00:00Z') }, env: {} });
}

function adminError(code: string, message = code): MeshError {
  return new MeshError({ kind: code === 'not_found' ? 'not_found' : 'server', code, message, backend: 'admin', retryable: code === 'service_unavailable' });
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** A fetch over a world: 404 for what does not resolve; optional hooks per call. */
function worldFetch(w: World, hook?: (ref: string) => Promise<void> | void): NonNullable<WalkOptions['fetch']> {
  return async (ref) => {
    await hook?.(ref);
    await tick();
    const p = w.resolve(ref);
    if (!p) throw adminError('not_found', `reference not found: '${ref}'`);
    return JSON.parse(JSON.stringify(p));
  };
}

async function collect(opts: WalkOptions): Promise<{ events: WalkEvent[]; stats: Awaited<ReturnType<typeof runWalk>> }> {
  const events: WalkEvent[] = [];
  const stats = await runWalk(undefined, opts, (e) => {
    events.push(e);
  });
  return { events, stats };
}

/** Breadth-first order of a world, deduplicated, children in payload order. */
function bfs(w: World, maxDepth = Infinity): string[] {
  const out: string[] = [];
  const seen = new Set(['root']);
  const queue: Array<[string, number]> = [['root', 0]];
  while (queue.length) {
    const [ref, d] = queue.shift()!;
    const p = w.resolve(ref);
    if (!p) continue;
    out.push(ref);
    if (d >= maxDepth) continue;
    for (const c of p.children) {
      if (seen.has(c)) continue;
      seen.add(c);
      queue.push([c, d + 1]);
    }
  }
  return out;
}

describe('walk order and coverage', () => {
  it('visits every node of the world once, in exact breadth-first order, whatever the answer order', async () => {
    const w = world({ hosts: 2, procs_per_host: 2, actors_per_proc: 3, child_actors: 2, stopped_per_proc: 1 });
    // Answers come back in a scrambled order (random delays), yet the output order is breadth-first.
    const fetch = worldFetch(w, () => new Promise((r) => setTimeout(r, Math.random() * 5)));
    const { events, stats } = await collect({ fetch, concurrency: 8, initialConcurrency: 8 });
    const refs = events.map((e) => e.ref);
    expect(refs).toEqual(bfs(w));
    expect(refs.length).toBe(w.size.nodes);
    expect(new Set(refs).size).toBe(refs.length);
    expect(stats.nodes).toBe(w.size.nodes);
    expect(stats.failed + stats.notFound).toBe(0);
    // Supervised actors are listed by their proc and by their supervisor: resolved once.
    expect(stats.requests).toBe(w.size.nodes);
  });

  it('depths: root 0, hosts 1, procs 2, actors 3; --depth stops below', async () => {
    const w = world({ hosts: 1, procs_per_host: 1, actors_per_proc: 2 });
    const { events } = await collect({ fetch: worldFetch(w), maxDepth: 2 });
    const kinds = events.map((e) => (e.kind === 'node' ? [Object.keys(e.node.properties)[0], e.depth] : ['error', e.depth]));
    expect(kinds).toEqual([['Root', 0], ['Host', 1], ['Proc', 2], ['Proc', 2], ['Proc', 2]]);
    expect(events.map((e) => e.ref)).toEqual(bfs(w, 2));
  });

  it('follow() prunes where nothing can match, and the parent and listing flags are carried', async () => {
    const w = world({ hosts: 2, procs_per_host: 1, actors_per_proc: 2, stopped_per_proc: 1 });
    const { events, stats } = await collect({ fetch: worldFetch(w), follow: (n: NodePayload) => 'Root' in n.properties });
    expect(events.map((e) => (e.kind === 'node' ? Object.keys(e.node.properties)[0] : '?'))).toEqual(['Root', 'Host', 'Host']);
    expect(stats.requests).toBe(3);
    const all = (await collect({ fetch: worldFetch(w) })).events.filter((e): e is Extract<WalkEvent, { kind: 'node' }> => e.kind === 'node');
    const host = all.find((e) => 'Host' in e.node.properties)!;
    expect(host.parent).toBe('root');
    const sys = all.filter((e) => e.listedSystem).map((e) => e.ref);
    expect(sys.length).toBeGreaterThan(0);
    expect(sys.every((r) => /^(proc_agent|cast|host_agent|mesh_admin)/.test(r))).toBe(true);
    const stopped = all.filter((e) => e.listedStopped);
    expect(stopped.length).toBe(2); // one per user proc
    expect(stopped.every((e) => 'Actor' in e.node.properties && e.node.properties.Actor.actor_status.startsWith('stopped'))).toBe(true);
  });

  it('an unparseable payload is an error event, not a crash', async () => {
    const { events, stats } = await collect({
      fetch: async (ref) => (ref === 'root' ? { identity: 'root', properties: { Root: { num_hosts: 1, started_at: 'x', started_by: 'u', system_children: [] } }, children: ['bad'], parent: null, as_of: 'x' } : { nonsense: true }),
    });
    expect(events.map((e) => e.kind)).toEqual(['node', 'error']);
    expect((events[1] as { error: MeshError }).error.code).toBe('invalid_response');
    expect(stats.failed).toBe(1);
  });
});

describe('errors by error.code', () => {
  it('not_found mid-walk: reported once, not retried, the walk goes on', async () => {
    const w = world({ hosts: 2, procs_per_host: 1, actors_per_proc: 2, missing: [{ host: 0, proc: 0, actor: 1 }] });
    const calls = new Map<string, number>();
    const { events, stats } = await collect({ fetch: worldFetch(w, (r) => void calls.set(r, (calls.get(r) ?? 0) + 1)) });
    const errors = events.filter((e) => e.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].kind === 'error' && errors[0].error.code).toBe('not_found');
    expect(calls.get(errors[0].ref)).toBe(1);
    expect(stats.notFound).toBe(1);
    expect(stats.nodes).toBe(w.size.nodes - 1);
  });

  it('gateway_timeout: the node may still exist, so it is tried `retries` more times, then reported', async () => {
    const w = world({ hosts: 1, procs_per_host: 1, actors_per_proc: 1 });
    const target = w.hosts[0].procs[2].ref;
    const flaky = w.hosts[0].procs[0].ref;
    const calls = new Map<string, number>();
    const fetch = worldFetch(w, (r) => {
      const n = (calls.get(r) ?? 0) + 1;
      calls.set(r, n);
      if (r === target) throw adminError('gateway_timeout');
      if (r === flaky && n === 1) throw adminError('gateway_timeout');
    });
    const { events, stats } = await collect({ fetch, retries: 2, backoffMs: 1 });
    expect(calls.get(target)).toBe(3);
    expect(calls.get(flaky)).toBe(2);
    const err = events.find((e) => e.kind === 'error');
    expect(err?.ref).toBe(target);
    expect(stats.failed).toBe(1);
    // The flaky proc's actors were walked after its second attempt.
    expect(events.filter((e) => e.kind === 'node' && e.parent === flaky).length).toBeGreaterThan(0);
  });

  it('connection resets are retried; other server errors are reported without retry', async () => {
    const w = world({ hosts: 1, procs_per_host: 0 });
    const calls = new Map<string, number>();
    const svc = w.hosts[0].procs[0].ref;
    const local = w.hosts[0].procs[1].ref;
    const fetch = worldFetch(w, (r) => {
      const n = (calls.get(r) ?? 0) + 1;
      calls.set(r, n);
      if (r === svc && n <= 2) throw new MeshError({ kind: 'unreachable', code: 'connection_reset', message: 'reset', retryable: true });
      if (r === local) throw adminError('internal_error');
    });
    const { stats } = await collect({ fetch, retries: 1, backoffMs: 1 });
    expect(calls.get(svc)).toBe(3);
    expect(calls.get(local)).toBe(1);
    expect(stats.failed).toBe(1);
  });
});

describe('back-pressure: service_unavailable adapts the concurrency', () => {
  /** A fetch that behaves like the server: more than `limit` at once is refused at once. */
  function limited(w: World, limit: number, latencyMs = 2) {
    let inflight = 0;
    let peak = 0;
    let refused = 0;
    const fetch: NonNullable<WalkOptions['fetch']> = async (ref) => {
      if (inflight >= limit) {
        refused++;
        await tick();
        throw adminError('service_unavailable', 'too many concurrent introspection requests');
      }
      inflight++;
      peak = Math.max(peak, inflight);
      try {
        await new Promise((r) => setTimeout(r, latencyMs));
        const p = w.resolve(ref);
        if (!p) throw adminError('not_found');
        return p;
      } finally {
        inflight--;
      }
    };
    return { fetch, stats: () => ({ peak, refused }) };
  }

  it('settles at the server limit: every node is walked, refusals stay a small fraction', async () => {
    const w = world({ hosts: 2, procs_per_host: 3, actors_per_proc: 30 });
    const server = limited(w, 2);
    const { events, stats } = await collect({ fetch: server.fetch, concurrency: 16, initialConcurrency: 8, backoffMs: 1 });
    expect(events.filter((e) => e.kind === 'node')).toHaveLength(w.size.nodes);
    expect(stats.failed).toBe(0);
    expect(stats.backpressure).toBe(server.stats().refused);
    expect(stats.backpressure).toBeGreaterThan(0);
    // It came down from 8 and stayed near the limit instead of hammering the server.
    expect(stats.minConcurrency).toBeLessThanOrEqual(2);
    expect(stats.concurrency).toBeLessThanOrEqual(3);
    expect(stats.backpressure).toBeLessThan(w.size.nodes / 5);
  });

  it('grows up to the server limit when it is higher than the start', async () => {
    const w = world({ hosts: 2, procs_per_host: 3, actors_per_proc: 40 });
    const server = limited(w, 8);
    const { stats } = await collect({ fetch: server.fetch, concurrency: 8, initialConcurrency: 1, backoffMs: 1 });
    expect(stats.nodes).toBe(w.size.nodes);
    expect(stats.maxConcurrency).toBe(8);
    expect(server.stats().peak).toBe(8);
    expect(stats.backpressure).toBe(0);
  });

  it('a node refused more often than allowed is reported, the rest is walked', async () => {
    const w = world({ hosts: 1, procs_per_host: 1, actors_per_proc: 2 });
    const target = w.hosts[0].procs[2].ref;
    const fetch = worldFetch(w, (r) => {
      if (r === target) throw adminError('service_unavailable');
    });
    const { events, stats } = await collect({ fetch, backpressureAttempts: 3, backoffMs: 1 });
    const err = events.find((e) => e.kind === 'error');
    expect(err?.ref).toBe(target);
    expect(err?.kind === 'error' && err.error.code).toBe('service_unavailable');
    expect(stats.backpressure).toBe(3);
    expect(stats.nodes).toBe(w.size.nodes - 1 - 4); // the proc and its 4 actors
  });

  it('AdaptiveLimit: multiplicative drop to what the server accepted, slow growth, rare probes above a refusal', () => {
    const l = new AdaptiveLimit(2, 16);
    for (let i = 0; i < 4; i++) l.success();
    expect(l.value).toBe(3);
    l.overload(3); // refused while 3 were out: the server takes 2
    expect(l.value).toBe(2);
    for (let i = 0; i < 10; i++) l.success();
    expect(l.value).toBe(2); // no quick re-probe of the refused level
    for (let i = 0; i < 64; i++) l.success();
    expect(l.value).toBe(3);
    l.overload(1);
    expect(l.value).toBe(1);
    expect(l.min).toBe(1);
    const capped = new AdaptiveLimit(40, 4);
    expect(capped.value).toBe(4);
  });
});

describe('streaming: bounded memory', () => {
  it('holds at most bufferLimit answers for in-order output, even when the head node hangs', async () => {
    const w = world({ hosts: 1, procs_per_host: 2, actors_per_proc: 300 });
    const slowRef = w.hosts[0].procs[2].actors[0].ref; // the first actor of the first user proc
    let started = 0;
    let emitted = 0;
    let maxAhead = 0;
    const fetch = worldFetch(w, async (r) => {
      started++;
      maxAhead = Math.max(maxAhead, started - emitted);
      if (r === slowRef) await new Promise((res) => setTimeout(res, 150));
    });
    const it = walk(undefined, { fetch, concurrency: 8, initialConcurrency: 8, bufferLimit: 50 });
    let n = 0;
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      emitted++;
      n++;
    }
    expect(n).toBe(w.size.nodes);
    expect(maxAhead).toBeLessThanOrEqual(50 + 8);
  });

  it('stops when the signal aborts', async () => {
    const w = world({ hosts: 2, procs_per_host: 2, actors_per_proc: 50 });
    const ac = new AbortController();
    let n = 0;
    await runWalk(undefined, { fetch: worldFetch(w), signal: ac.signal }, () => {
      if (++n === 10) ac.abort();
    });
    expect(n).toBeLessThan(w.size.nodes);
  });
});

describe('SeenSet', () => {
  it('tells every reference of a large world apart and recognises repeats, byte for byte', () => {
    const w = world({ hosts: 4, procs_per_host: 5, actors_per_proc: 200, child_actors: 3, stopped_per_proc: 2 });
    const seen = new SeenSet();
    let n = 0;
    for (const ref of w.refs()) {
      expect(seen.add(ref)).toBe(true);
      n++;
    }
    expect(seen.size).toBe(n);
    for (const ref of w.refs()) expect(seen.add(ref)).toBe(false);
    // Near misses are different references.
    for (const ref of ['root ', 'Root', 'root\u0000', 'r\u00f6ot', 'ro\u0301ot']) expect(seen.add(ref)).toBe(true);
    expect(SeenSet.key('a')).toHaveLength(8);
  });

  it('a fetch that fails synchronously for every node neither recurses nor hangs', async () => {
    const { events, stats } = await collect({
      fetch: ((ref: string) => {
        if (ref === 'root') return Promise.resolve({ identity: 'root', properties: { Root: { num_hosts: 0, started_at: 'x', started_by: 'u', system_children: [] } }, children: Array.from({ length: 20_000 }, (_, i) => `a${i}.p@tcp://h:1`), parent: null, as_of: 'x' });
        throw adminError('internal_error');
      }) as NonNullable<WalkOptions['fetch']>,
      concurrency: 16,
      initialConcurrency: 16,
    });
    expect(events).toHaveLength(20_001);
    expect(stats.failed).toBe(20_000);
  });
});

