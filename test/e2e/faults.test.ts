/**
 * Faults: the `flaky` scenario (20% 503, 5% dropped connections, 2% 504, latency spikes, on every
 * backend) against the commands that walk, diagnose, watch and monitor. The same world without
 * its faults is the ground truth. The mock counts what it injected, so the suite can show that the
 * faults really happened and print how many.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startMock, describeStats, type MockHandle, type MockStats } from '../../src/mock/server.js';
import { loadScenario, type Scenario } from '../../src/mock/scenario.js';
import { cleanEnv, ESCAPE, mockFlags, ROOT, runCli, type CliResult } from '../helpers.js';

const GOOD = join(ROOT, 'fixtures', 'manifests', 'good.yaml');

/** The flaky scenario; `clean` strips its faults (and the admin's own timeouts) to give the truth. */
function flaky(clean: boolean): Scenario {
  const s = loadScenario('flaky');
  // jobs finish in seconds instead of a minute, and a resolve takes 1-25 ms instead of 5-250 ms;
  // the faults (errors, drops, hung resolves, latency spikes) and everything else are the scenario's own
  s.mn.step_seconds = 0.25;
  s.admin.latency_ms = [1, 25];
  if (clean) {
    s.faults = [];
    s.admin.timeout_rate = 0;
  }
  return s;
}

let truth: MockHandle;
let mock: MockHandle;

const cli = (h: MockHandle, args: string[], timeoutMs = 60_000) => runCli([...args, ...mockFlags(h.urls)], { env: cleanEnv(), timeoutMs });

function held(r: CliResult): void {
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m);
  expect(r.stdout + r.stderr).not.toMatch(ESCAPE);
}

const ndjson = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/**
 * Creating something is a POST, which meshscope does not repeat: like an operator, try again. A
 * refused or dropped POST exits 1 (server) or 4 (connection) and says which fault it met.
 */
async function create(args: string[], attempts = 12): Promise<CliResult> {
  let last: CliResult | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await cli(mock, args);
    held(last);
    if (last.code === 0) return last;
    // a refusal says to try again; a dropped connection says the request may have taken effect
    // (here it has not: the mock drops a connection before the request reaches its handler)
    expect(last.stderr + last.stdout).toMatch(/try again|retry later|may have taken effect/i);
    expect([1, 4]).toContain(last.code);
  }
  throw new Error(`${args.join(' ')} failed ${attempts} times: ${last?.stderr}`);
}

const injected = (s: MockStats) => s.total.dropped + Object.values(s.total.errors).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  [truth, mock] = await Promise.all([startMock({ scenario: flaky(true), portBase: 0 }), startMock({ scenario: flaky(false), portBase: 0 })]);
});

afterAll(async () => {
  if (mock) console.log(`faults suite: the flaky mock served ${describeStats(mock.stats)}`);
  await Promise.all([truth?.close(), mock?.close()]);
});

describe('faults: the flaky scenario', () => {
  let nodes: Map<string, string | null>;

  it('mesh walk finds every node the fault-free world has', async () => {
    const clean = await cli(truth, ['mesh', 'walk', '-o', 'json']);
    expect(clean.code, clean.stderr).toBe(0);
    nodes = new Map(ndjson(clean.stdout).map((n) => [n.identity as string, (n.parent ?? null) as string | null]));
    expect(nodes.size).toBeGreaterThan(40);

    for (let run = 0; run < 2; run++) {
      const before = injected(mock.stats);
      // which resolve meets which fault depends on the order the requests arrive in, which depends on
      // timing: with the default single retry, two faults in a row on one node (a 3% chance each time)
      // would leave it out, so the walk may try each node as often as the flaky walk of mesh-walk.test.ts
      const r = await cli(mock, ['mesh', 'walk', '-o', 'json', '--retries', '6']);
      expect(r.code, r.stderr).toBe(0);
      held(r);
      const seen = ndjson(r.stdout).map((n) => n.identity as string);
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(new Set(nodes.keys()));
      expect(injected(mock.stats)).toBeGreaterThan(before);
    }
  }, 120_000);

  it('diagnose reports only the 504s as Fail; nodes it did not reach sit below a 504', async () => {
    const clean = await cli(truth, ['diagnose', '-o', 'json']);
    expect(clean.code, clean.stderr).toBe(0);
    const all = new Set<string>(JSON.parse(clean.stdout).checks.map((c: { reference: string }) => c.reference));

    for (let run = 0; run < 3; run++) {
      // the first run also checks the other backends (--fleet): their 503s and drops are retried
      // a hung resolve must end as the server's 504, never as the probe's own time-out
      const r = await cli(mock, ['diagnose', '-o', 'json', '--probe-timeout', '30s', ...(run === 0 ? ['--fleet'] : [])]);
      held(r);
      const report = JSON.parse(r.stdout);
      const fails = report.checks.filter((c: { outcome: object }) => 'Fail' in c.outcome);
      for (const f of fails) expect(f.outcome.Fail.error, f.reference).toBe('HTTP 504 Gateway Timeout');
      expect(report.timed_out).toBe(false);
      expect(report.summary.failed).toBe(fails.length);
      expect(r.code).toBe(fails.length ? 1 : 0);
      if (run === 0) {
        expect(report.fleet.checks.map((c: { backend: string }) => c.backend)).toEqual(['mn', 'asya', 'asya', 'astromesh', 'grid']);
        for (const c of report.fleet.checks) expect(c.outcome, `${c.backend} ${c.check}`).toHaveProperty('Pass');
      }

      const seen = new Set<string>(report.checks.map((c: { reference: string }) => c.reference));
      for (const ref of seen) expect(all.has(ref), ref).toBe(true);
      const failed = new Set<string>(fails.map((f: { reference: string }) => f.reference));
      for (const ref of all) {
        if (seen.has(ref)) continue;
        // a node missing from the report must have an ancestor whose check failed with 504
        let up = nodes.get(ref) ?? null;
        while (up && !failed.has(up)) up = nodes.get(up) ?? null;
        expect(up, `${ref} is missing but no ancestor failed`).not.toBeNull();
      }
    }
  }, 180_000);

  it('envelope send --watch reconnects through cut streams and dropped requests and ends with the envelope', async () => {
    const r = await create(['envelope', 'send', 'writer', '--watch']);
    expect(r.stderr).toMatch(/^reconnected to the event stream of \S+ \(fly text sent while disconnected is not replayed\)$/m);
    expect(r.stderr).toMatch(/^envelope \S+ succeeded$/m);
    // fly tokens are never stored (the real server does not replay them): what was printed is the
    // text with gaps, in order, and nothing else
    const text = 'Streams on this mesh drop now and then; a watcher reconnects and still sees the envelope to its end.'.split(' ');
    let at = 0;
    for (const word of r.stdout.split(/\s+/).filter(Boolean)) {
      at = text.indexOf(word, at);
      expect(at, `"${word}" out of order in ${JSON.stringify(r.stdout)}`).toBeGreaterThanOrEqual(0);
      at++;
    }
  }, 120_000);

  it('job monitor, run logs -f and run stream -f follow a job to its end', async () => {
    const sub = JSON.parse((await create(['job', 'submit', '-f', GOOD, '-o', 'json'])).stdout);
    const mon = await cli(mock, ['job', 'monitor', sub.id]);
    expect(mon.code, mon.stderr).toBe(0);
    held(mon);
    expect(ndjson(mon.stdout).at(-1).status).toBe('completed');

    let runId: string | undefined;
    for (let i = 0; i < 12 && !runId; i++) {
      const g = await cli(mock, ['job', 'get', sub.id, '-o', 'json']);
      if (g.code === 0) runId = JSON.parse(g.stdout).job.run_id;
    }
    expect(runId).toBeTruthy();
    const logs = await cli(mock, ['run', 'logs', runId!, '-f', '--interval', '0.2']);
    expect(logs.code, logs.stderr).toBe(0);
    held(logs);
    const lines = logs.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/runtime: job \S+ completed$/);
    expect(new Set(lines).size).toBe(lines.length);

    const stream = await cli(mock, ['run', 'stream', runId!, '-f', '--channels', 'events', '-o', 'json']);
    expect(stream.code, stream.stderr).toBe(0);
    held(stream);
    const events = ndjson(stream.stdout);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.at(-1).data.type).toBe('job_completed');
  }, 180_000);

  it('blueprint progress -f follows a launch to its end', async () => {
    const launch = JSON.parse((await create(['blueprint', 'run', 'research_brief_assistant', '-o', 'json'])).stdout);
    const r = await cli(mock, ['blueprint', 'progress', launch.progress_id, '-f']);
    expect(r.code, r.stderr).toBe(0);
    held(r);
    expect(r.stdout + r.stderr).toMatch(/Launch: Run \S+ launched/);
  }, 120_000);

  it('the suite met every kind of fault the scenario injects', () => {
    const t = mock.stats.total;
    expect(t.dropped).toBeGreaterThan(0);
    expect(t.errors.service_unavailable ?? 0).toBeGreaterThan(0);
    expect(t.spikes).toBeGreaterThan(0);
  });
});
