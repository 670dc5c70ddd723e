/**
 * Every command that changes something, against a mock that refuses every non-GET request with
 * 503 (or drops its connection): meshscope sends it once and reports the failure, unless the API
 * makes the request idempotent (reads sent as POST, PUT, the envelope DELETE, profiling), which
 * are retried. The mock counts the requests it received.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { loadScenario } from '../../src/mock/scenario.js';
import { cleanEnv, ESCAPE, mockFlags, ROOT, runCli, tmp } from '../helpers.js';

const GOOD = join(ROOT, 'fixtures', 'manifests', 'good.yaml');

type Mode = 'refused' | 'dropped';
const mocks = {} as Record<Mode, MockHandle>;
const dir = tmp('no-retry');
const ids = { job: '', schedule: '', blueprint: '', model: '', proc: '', grid: '', run: '', astroNode: '' };

function start(mode: Mode): Promise<MockHandle> {
  const s = loadScenario('healthy');
  s.faults = [{ backend: '*', route: '^(POST|PUT|PATCH|DELETE) ', ...(mode === 'refused' ? { errors: { service_unavailable: 1 } } : { drop: 1 }) }];
  return startMock({ scenario: s, portBase: 0 });
}

function cli(h: MockHandle, args: string[]) {
  return runCli([...args, ...mockFlags(h.urls)], { env: cleanEnv({ MN_JOIN_TOKEN: 'join-secret', GRID_TOKEN: 'dev' }), timeoutMs: 60_000 });
}

/** Requests the mock received on routes that are not GET. */
function mutations(h: MockHandle): number {
  let n = 0;
  for (const [key, r] of h.stats.routes) if (!key.split(' ')[1].match(/^(GET|HEAD)$/)) n += r.requests;
  return n;
}

interface Case {
  args: () => string[];
  /** The API makes the request idempotent: a refusal or a dropped connection is retried. */
  retried?: boolean;
}

const CASES: Case[] = [
  // admin
  { args: () => ['mesh', 'query', 'SELECT 1'], retried: true },
  { args: () => ['pyspy', 'store', ids.proc] },
  { args: () => ['pyspy', 'flamegraph', ids.proc, '--duration', '1', '-f', join(dir, `f-${Math.random()}.svg`)] },
  // mn
  { args: () => ['job', 'submit', '-f', GOOD] },
  { args: () => ['job', 'cancel', ids.job] },
  { args: () => ['job', 'cleanup', '-y'] },
  { args: () => ['bundle', 'upload', join(dir, 'bundle.zip')] },
  { args: () => ['blueprint', 'install', ids.blueprint] },
  { args: () => ['blueprint', 'validate', ids.blueprint] },
  { args: () => ['blueprint', 'run', ids.blueprint] },
  { args: () => ['run', 'respond', ids.run, 'req-1', '--decision', 'approve'] },
  { args: () => ['run', 'ack', ids.run, 'notice-1'] },
  { args: () => ['model', 'benchmark', ids.model] },
  { args: () => ['resource', 'set', '--cpu', '50'], retried: true },
  { args: () => ['schedule', 'create', '-f', GOOD, '--in', '10m'] },
  { args: () => ['schedule', 'update', ids.schedule, '--name', 'renamed'] },
  { args: () => ['schedule', 'pause', ids.schedule] },
  { args: () => ['schedule', 'delete', ids.schedule] },
  { args: () => ['schedule', 'dispatch', ids.schedule] },
  { args: () => ['event', 'emit', 'file_uploaded'] },
  { args: () => ['node', 'join', '10.0.0.42'] },
  { args: () => ['node', 'leave', 'mirror_neuron@10.0.0.12'] },
  // asya
  { args: () => ['envelope', 'send', 'echo'] },
  { args: () => ['envelope', 'cancel', '3f1c2a9e-0000-4000-8000-000000000001'], retried: true },
  { args: () => ['envelope', 'publish', '3f1c2a9e-0000-4000-8000-000000000001', '--status', 'running'] },
  // astromesh
  { args: () => ['agent', 'run', 'assistant', 'hello'] },
  { args: () => ['memory', 'clear', 'assistant', 's-1', '-y'] },
  { args: () => ['tool', 'exec', 'calculator', '--arg', 'expression=1+1'] },
  { args: () => ['rag', 'ingest', '--collection', 'docs', join(dir, 'doc.md')] },
  { args: () => ['rag', 'query', 'docs', 'what'], retried: true },
  { args: () => ['astro', 'reset-metrics'] },
  { args: () => ['astro-mesh', 'join', 'n-1', '--url', 'http://10.0.1.12:8000'] },
  { args: () => ['astro-mesh', 'leave', ids.astroNode] },
  { args: () => ['astro-mesh', 'heartbeat', ids.astroNode], retried: true },
  { args: () => ['astro-mesh', 'gossip'] },
  { args: () => ['astro-mesh', 'election'] },
  // grid: profiling changes nothing on the node
  { args: () => ['pprof', 'capture', '--client', ids.grid, '--profile', 'heap', '-f', join(dir, `p-${Math.random()}.pb.gz`)], retried: true },
];

beforeAll(async () => {
  writeFileSync(join(dir, 'bundle.zip'), Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'binary'));
  writeFileSync(join(dir, 'doc.md'), '# A document\n\nSome text to ingest.\n');
  [mocks.refused, mocks.dropped] = await Promise.all([start('refused'), start('dropped')]);
  const h = mocks.refused;
  const json = async (args: string[]) => {
    const r = await cli(h, [...args, '-o', 'json']);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return JSON.parse(r.stdout);
  };
  ids.job = (await json(['job', 'list', '--all'])).data[0].job_id;
  ids.run = (await json(['job', 'get', ids.job])).job.run_id;
  ids.schedule = (await json(['schedule', 'list'])).schedules[0].schedule_id;
  ids.blueprint = (await json(['blueprint', 'list'])).blueprints[0].id;
  ids.model = (await json(['model', 'list'])).models[0].id;
  ids.grid = h.scenario.grid.nodes[0].id;
  ids.astroNode = (await json(['astro-mesh', 'state'])).nodes[0].node_id;
  const walk = (await cli(h, ['mesh', 'walk', '-o', 'json'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
  ids.proc = walk.find((n) => 'Proc' in n.properties).identity;
}, 60_000);

let held = 0;
afterAll(async () => {
  console.log(`no-retry sweep: ${CASES.length} commands x 2 faults = ${CASES.length * 2} cases, ${held} held`);
  await Promise.all(Object.values(mocks).map((m) => m.close()));
});

describe.each(['refused', 'dropped'] as Mode[])('a mutation the server %s', (mode) => {
  it.each(CASES.map((c) => [c.args().slice(0, 2).join(' '), c] as const))('%s', async (_name, c) => {
    const h = mocks[mode];
    const before = mutations(h);
    const r = await cli(h, c.args());
    const sent = mutations(h) - before;
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m);
    expect(r.stdout + r.stderr).not.toMatch(ESCAPE);
    // 503 is a server-side failure (1); a dropped connection cannot connect (4)
    expect(r.code, r.stderr).toBe(mode === 'refused' ? 1 : 4);
    expect(r.stderr).toMatch(/^error: .+\(\w+\)$/m);
    if (c.retried) {
      expect(sent, 'an idempotent request is retried').toBeGreaterThan(1);
    } else {
      expect(sent, 'sent exactly once').toBe(1);
      // a request that went out without an answer may have been carried out: the user is told so
      if (mode === 'dropped') expect(r.stderr).toMatch(/was sent and may have taken effect[\s\S]*hint: check its effect before sending it again/);
    }
    held++;
  }, 60_000);
});
