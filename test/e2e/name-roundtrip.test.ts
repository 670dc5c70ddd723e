/**
 * e2e: what `-o name` prints (`kind/ID`) is accepted back by every verb that takes that thing, as
 * kubectl accepts `pod/web` and `pods/web`; another kind's prefix is a usage error (exit 2).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { cleanEnv, mockFlags, runCli, tmp } from '../helpers.js';

let mock: MockHandle;
let env: Record<string, string>;

const cli = (args: string[]) => runCli([...args, ...mockFlags(mock.urls)], { env, timeoutMs: 120_000 });

/** The lines `-o name` printed, each checked to be `kind/...`. */
async function names(args: string[], kind: string): Promise<string[]> {
  const r = await cli([...args, '-o', 'name']);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThan(0);
  for (const l of lines) expect(l.startsWith(`${kind}/`)).toBe(true);
  return lines;
}

/** Feeding a name back: exit 0. */
async function ok(args: string[]): Promise<string> {
  const r = await cli(args);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  mock = await startMock({ portBase: 0, env: {} });
  env = cleanEnv({ MESHSCOPE_CONFIG: join(tmp('names'), 'config.yaml') });
}, 60_000);

afterAll(async () => {
  await mock?.close();
});

describe('every verb takes back what -o name printed', { timeout: 120_000 }, () => {
  it('job: get, events, progress, dead-letters, cancel (and the plural jobs/ID)', async () => {
    const all = await names(['job', 'list', '--all'], 'job');
    // `job list -o name | xargs -n1 meshscope job get`
    for (const n of all) expect(await ok(['job', 'get', n])).toContain(`Job ID:    ${n.slice('job/'.length)}`);
    await ok(['job', 'events', all[0]]);
    await ok(['job', 'progress', all[0]]);
    await ok(['job', 'dead-letters', all[0]]);
    await ok(['job', 'get', `jobs/${all[0].slice('job/'.length)}`]);
    const [running] = await names(['job', 'list'], 'job');
    expect(await ok(['job', 'cancel', running, '-o', 'name'])).toBe(`${running}\n`);
  });

  it('envelope: get, cancel', async () => {
    const all = await names(['envelope', 'list'], 'envelope');
    for (const n of all.slice(0, 3)) expect(await ok(['envelope', 'get', n])).toContain(n.slice('envelope/'.length));
    const [pending] = await names(['envelope', 'list', '--status', 'pending'], 'envelope');
    expect(await ok(['envelope', 'cancel', pending, '-o', 'name'])).toBe(`${pending}\n`);
  });

  it('agent: get, run; trace: get', async () => {
    const agents = await names(['agent', 'list'], 'agent');
    for (const n of agents) await ok(['agent', 'get', n]);
    expect(await ok(['agent', 'run', agents[0], 'What is 6*7?'])).not.toBe('');
    const [trace] = await names(['trace', 'list'], 'trace');
    await ok(['trace', 'get', trace]);
  });

  it('agent names in memory verbs', async () => {
    const [agent] = await names(['agent', 'list'], 'agent');
    await ok(['agent', 'run', agent, '--session', 'names-s1', 'Remember the number 42']);
    expect(await ok(['memory', 'history', agent, 'names-s1'])).toContain('Remember the number 42');
  });

  it('blueprint: get, validate; schedule: get, pause, resume; model: benchmark; service: resolve; tool: exec', async () => {
    const blueprints = await names(['blueprint', 'list'], 'blueprint');
    for (const n of blueprints) await ok(['blueprint', 'get', n]);
    await ok(['blueprint', 'validate', blueprints[0]]);
    const schedules = await names(['schedule', 'list'], 'schedule');
    for (const n of schedules) await ok(['schedule', 'get', n]);
    expect(await ok(['schedule', 'pause', schedules[0], '-o', 'name'])).toBe(`${schedules[0]}\n`);
    expect(await ok(['schedule', 'resume', schedules[0], '-o', 'name'])).toBe(`${schedules[0]}\n`);
    const [model] = await names(['model', 'list'], 'model');
    await ok(['model', 'benchmark', model, '--max-tokens', '16']);
    for (const n of await names(['service', 'list'], 'service')) expect(await ok(['service', 'resolve', n])).toMatch(new RegExp(`^Service: +${n.slice('service/'.length)}$`, 'm'));
    const tools = await names(['tool', 'list'], 'tool');
    expect(tools).toContain('tool/calculator');
    expect(await ok(['tool', 'exec', 'tool/calculator', '--arg', 'expression=6*7'])).toContain('42');
  });

  it('run: summary and artifact (artifact/PATH as `run artifacts -o name` prints it)', async () => {
    const jobs = JSON.parse(await ok(['job', 'list', '--all', '-o', 'json'])).data as Array<{ status: string; run_id: string }>;
    const done = jobs.find((j) => j.status === 'completed')!;
    const [runName] = await names(['run', 'result', done.run_id], 'run');
    await ok(['run', 'summary', runName]);
    const [artifact] = await names(['run', 'artifacts', runName], 'artifact');
    const out = join(tmp('names-artifact'), 'a.bin');
    expect(await ok(['run', 'artifact', runName, artifact, '-O', out])).toContain(out);
  });

  it('nodes: astro-mesh heartbeat, node leave', async () => {
    const [node] = await names(['astro-mesh', 'state'], 'node');
    expect(await ok(['astro-mesh', 'heartbeat', node, '-o', 'name'])).toBe(`${node}\n`);
    const mnNodes = await names(['runtime', 'summary'], 'node');
    const last = mnNodes[mnNodes.length - 1];
    expect(await ok(['node', 'leave', last, '-o', 'name'])).toBe(`${last}\n`);
  });

  it('context: show, use, delete', async () => {
    await ok(['context', 'set', 'lab', `mn.url=${mock.urls.mn}`]);
    const [ctx] = await names(['context', 'list'], 'context');
    expect(ctx).toBe('context/lab');
    await ok(['context', 'show', ctx]);
    await ok(['context', 'use', ctx]);
    await ok(['context', 'delete', ctx]);
  });
});

describe('another kind where one is expected', { timeout: 120_000 }, () => {
  it('is a usage error (exit 2) naming the kind expected', async () => {
    const [env1] = await names(['envelope', 'list'], 'envelope');
    const r = await cli(['job', 'get', env1]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: ".*" names an envelope, not a job \(usage\)$/m);
    expect(r.stderr).toMatch(/^hint: give a job ID, or job\/ID/m);
    const e = await cli(['envelope', 'get', 'job/x']);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('not an envelope');
    expect((await cli(['job', 'get', 'job/'])).code).toBe(2);
  });

  it('an unknown prefix stays part of the ID (not found, exit 3)', async () => {
    const r = await cli(['job', 'get', 'nosuchkind/x']);
    expect(r.code).toBe(3);
  });
});
