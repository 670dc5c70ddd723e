/** e2e: model, service, resource, schedule, event and node verbs against the mock. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { MockHandle } from '../../src/mock/server.js';
import { cleanEnv, ROOT, runCli, startTestMock, tmp, waitUntil } from '../helpers.js';

const manifests = join(ROOT, 'fixtures', 'manifests');
const GOOD = join(manifests, 'good.yaml');
const FAILING = join(manifests, 'failing.json');

let dir: string;
let mock: MockHandle;

const mn = (args: string[], extra: Record<string, string> = {}, input?: string) => runCli(args, { env: cleanEnv({ MESHSCOPE_MN_URL: mock.urls.mn, ...extra }), input });
const json = (s: string) => JSON.parse(s);

beforeAll(async () => {
  dir = tmp('mn-cluster');
  const scenario = join(dir, 'fast.yaml');
  // one simulated minute per real second: cron schedules fire while the tests run
  writeFileSync(scenario, stringify({ name: 'mn-cluster', seed: 21, clock_speed: 60, mn: { step_seconds: 3, seed_jobs: { completed: 1, running: 0 }, services: { passing: 3, warning: 1, critical: 1 } } }));
  mock = await startTestMock({ scenario: scenario });
});

afterAll(async () => {
  await mock?.close();
});

describe('models, services, resources', () => {
  it('model list and benchmark', async () => {
    const l = await mn(['model', 'list']);
    expect(l.stdout).toMatch(/^gemma4:e2b\s+ai\/gemma4:E2B\s+yes/m);
    const b = await mn(['model', 'benchmark', 'gemma4:e2b', '--max-tokens', '32', '-o', 'json']);
    expect(b.code).toBe(0);
    expect(json(b.stdout)).toMatchObject({ generated_tokens: 32, model: 'gemma4:e2b' });
    expect((await mn(['model', 'benchmark', 'not-a-model'])).code).toBe(3);
    expect((await mn(['model', 'benchmark', 'gemma4:e2b', '--max-tokens', '9999'])).code).toBe(2);
  });

  it('service list (filters) and resolve (passing instances only)', async () => {
    const all = json((await mn(['service', 'list', '-o', 'json'])).stdout).services;
    expect(all.map((s: { status: string }) => s.status).sort()).toEqual(['critical', 'passing', 'passing', 'passing', 'warning']);
    const passing = json((await mn(['service', 'list', '--passing', '-o', 'json'])).stdout).services;
    expect(passing.every((s: { status: string }) => s.status === 'passing')).toBe(true);
    const tagged = json((await mn(['service', 'list', '--tag', 'internal', '-o', 'json'])).stdout).services;
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.every((s: { tags: string[] }) => s.tags.includes('internal'))).toBe(true);
    const r = await mn(['service', 'resolve', 'litellm-gateway']);
    expect(r.stdout).toMatch(/^Address:\s+10\.0\.0\.11:4000$/m);
    // web-ui is warning and ocr-worker critical in this scenario: no passing instance
    const none = await mn(['service', 'resolve', 'ocr-worker']);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/no passing instance of service ocr-worker/);
  });

  it('resource get and set', async () => {
    const g = await mn(['resource', 'get']);
    expect(g.stdout).toMatch(/^Limits:\s+cpu 100%/m);
    const s = await mn(['resource', 'set', '--cpu', '50', '--memory', '75', '-o', 'json']);
    expect(s.code).toBe(0);
    expect(json(s.stdout).limits).toMatchObject({ cpu: 50, memory: 75 });
    expect((await mn(['resource', 'set'])).code).toBe(2);
    expect((await mn(['resource', 'set', '--gpu', '101'])).code).toBe(2);
    expect((await mn(['resource', 'set', '--cpu', '100'])).code).toBe(0);
  });
});

describe('schedules and events', () => {
  it('a periodic schedule dispatches on the clock; pause, update, resume, dispatch --wait, delete', async () => {
    const c = await mn(['schedule', 'create', '-f', GOOD, '--cron', '* * * * *', '--name', 'every minute', '-o', 'json']);
    expect(c.code, c.stderr).toBe(0);
    const id = json(c.stdout).schedule_id;
    // the next minute comes within a second on this clock
    const sched = await waitUntil(async () => json((await mn(['schedule', 'get', id, '-o', 'json'])).stdout), (x) => x.dispatch_count > 0, 'a dispatch');
    expect(sched.dispatch_count).toBeGreaterThan(0);
    expect(sched.child_job_ids[0]).toMatch(/^research-brief-/);
    expect((await mn(['schedule', 'pause', id])).stdout).toMatch(/^Status:\s+paused$/m);
    const u = await mn(['schedule', 'update', id, '--cron', '0 3 * * *', '--reason', 'nightly is enough']);
    expect(u.stdout).toMatch(/^Crons:\s+0 3 \* \* \*$/m);
    expect((await mn(['schedule', 'list', '--status', 'paused', '-o', 'name'])).stdout).toContain(`schedule/${id}`);
    const res = await mn(['schedule', 'resume', id]);
    expect(res.stdout).toMatch(/^Next run:\s+\S+T03:00:00\.000Z$/m);
    const d = await mn(['schedule', 'dispatch', id, '--wait']);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^Status:\s+completed$/m);
    expect((await mn(['schedule', 'delete', id])).stdout).toMatch(/^Status:\s+deleted$/m);
    expect((await mn(['schedule', 'get', id])).code).toBe(3);
  }, 60_000);

  it('create validates: one kind, a cron that parses, a manifest that validates', async () => {
    expect((await mn(['schedule', 'create', '-f', GOOD])).code).toBe(2);
    expect((await mn(['schedule', 'create', '-f', GOOD, '--cron', '* * * * *', '--in', '5m'])).code).toBe(2);
    const cron = await mn(['schedule', 'create', '-f', GOOD, '--cron', '61 * * * *']);
    expect(cron.code).toBe(2);
    expect(cron.stderr).toMatch(/invalid cron expression "61 \* \* \* \*"/);
    expect((await mn(['schedule', 'create', '-f', join(manifests, 'invalid.yaml'), '--in', '5m'])).code).toBe(2);
    const delayed = json((await mn(['schedule', 'create', '-f', GOOD, '--in', '10m', '-o', 'json'])).stdout);
    expect(delayed.schedule.kind).toBe('delayed');
  });

  it('event emit dispatches the matching event schedules; event list shows it', async () => {
    const c = await mn(['schedule', 'create', '-f', FAILING, '--event', 'invoice_received', '--filter', '{"folder":{"prefix":"inbox/"}}', '-o', 'json']);
    const sid = json(c.stdout).schedule_id;
    const hit = await mn(['event', 'emit', 'invoice_received', '--payload', '{"folder":"inbox/0042.pdf"}', '-o', 'json']);
    expect(hit.code).toBe(0);
    const ev = json(hit.stdout);
    expect(ev.dispatched).toEqual([{ schedule_id: sid, job_id: expect.stringMatching(/^invoice-extract-/) }]);
    const miss = await mn(['event', 'emit', 'invoice_received', '--payload', '{"folder":"archive/1.pdf"}']);
    expect(miss.stdout).toMatch(/^Dispatched: no matching schedule$/m);
    const l = await mn(['event', 'list', '--limit', '2']);
    expect(l.stdout).toContain(ev.event_id);
    expect((await mn(['event', 'emit', 'x', '--payload', '[1]'])).code).toBe(2);
  });
});

describe('cluster nodes', () => {
  it('node add / join read the token from a flag, MN_JOIN_TOKEN or stdin and never echo it', async () => {
    const a = await mn(['node', 'add', 'gpu-box-1', '--token', 'flag-secret-1']);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^Node:\s+mirror_neuron@gpu-box-1$/m);
    expect(a.stdout).toMatch(/^Status:\s+connected$/m);
    expect(a.stdout + a.stderr).not.toContain('flag-secret-1');
    const b = await mn(['node', 'join', '10.0.0.77', '-o', 'json'], { MN_JOIN_TOKEN: 'env-secret-2' });
    expect(b.code).toBe(0);
    expect(b.stdout).not.toContain('env-secret-2');
    const c = await mn(['node', 'join', '10.0.0.78'], {}, 'stdin-secret-3\n');
    expect(c.code).toBe(0);
    expect(c.stdout + c.stderr).not.toContain('stdin-secret-3');
    const none = await mn(['node', 'join', '10.0.0.79'], {}, '');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no join token given/);
    // the GPU node makes the GPU blueprint valid
    expect((await mn(['blueprint', 'validate', 'gpu_finetune_assistant'])).code).toBe(0);
    const sum = await mn(['runtime', 'summary', '-o', 'json']);
    expect(json(sum.stdout).nodes.map((n: { name: string }) => n.name)).toEqual(expect.arrayContaining(['mirror_neuron@gpu-box-1', 'mirror_neuron@10.0.0.77', 'mirror_neuron@10.0.0.78']));
  });

  it('bad hosts and names are refused; remove and leave disconnect', async () => {
    const bad = await mn(['node', 'add', 'not a host!', '--token', 't']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Remote node host must be a host name or IP address/);
    expect((await mn(['node', 'add', 'gpu-box-1', '--token', 't'])).code).toBe(2);
    const r = await mn(['node', 'remove', 'mirror_neuron@10.0.0.77']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Status:\s+disconnected$/m);
    const l = await mn(['node', 'leave', 'mirror_neuron@10.0.0.78']);
    expect(l.stdout).toMatch(/left the cluster/);
    expect((await mn(['node', 'remove', 'mirror_neuron@10.0.0.77'])).code).toBe(3);
    expect((await mn(['node', 'remove', 'plainname'])).code).toBe(2);
    expect((await mn(['node', 'remove', 'mirror_neuron@10.0.0.11'])).code).toBe(2);
  });
});
