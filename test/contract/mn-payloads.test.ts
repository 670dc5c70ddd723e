/**
 * The mn-api contract, held outside the mock: the client's zod models (src/backends/mn/models.ts)
 * against (1) payloads shaped as the real gateway sends them (fixtures/mn/*.json, each naming the
 * model that reads it and the section of the reference notes it comes from), and (2) what the mock
 * serves on every route with a JSON answer. The mock judges nothing itself; a drift between it,
 * the real server and the client fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/backends/mn/manifest.js';
import { MODELS } from '../../src/backends/mn/models.js';
import { Scenario } from '../../src/mock/scenario.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { createMnMock } from '../../src/mock/mn/router.js';
import type { BackendFactory } from '../../src/mock/types.js';
import { ROOT } from '../helpers.js';

type ModelName = keyof typeof MODELS;

/** Why a payload does not parse with a model, one line per issue ('' when it does). */
function problems(model: ModelName, payload: unknown): string {
  const parsed = MODELS[model].safeParse(payload);
  return parsed.success ? '' : parsed.error.issues.map((i) => `${model} ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

const FIXTURES = join(ROOT, 'fixtures', 'mn');
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as { model: string; source: string; payload: unknown }) }));

describe('mn client models read the real gateway payloads (fixtures/mn)', () => {
  it('there are fixtures, each naming a model of the client and its source', () => {
    expect(fixtures.length).toBeGreaterThan(30);
    for (const f of fixtures) {
      expect(Object.keys(MODELS), f.file).toContain(f.model);
      expect(f.source, f.file).toMatch(/^reference\/mirrorneuron\.md §/);
    }
  });

  it.each(fixtures.map((f) => [f.file, f] as const))('%s', (_file, f) => {
    expect(problems(f.model as ModelName, f.payload)).toBe('');
  });
});

describe('mn client models read what the mock serves', () => {
  let mock: MockHandle;
  let base: string;
  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    const r = await fetch(base + path);
    return { status: r.status, body: await r.json() };
  };
  const post = async (path: string, body?: unknown, method = 'POST'): Promise<{ status: number; body: unknown }> => {
    const r = await fetch(base + path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  };

  beforeAll(async () => {
    const scenario = Scenario.parse({ name: 'mn-payloads', seed: 11, clock_speed: 40, mn: { step_seconds: 1, seed_jobs: { completed: 2, failed: 1, cancelled: 1, running: 1 } } });
    mock = await startMock({ scenario, portBase: 0, factories: [createMnMock as BackendFactory], env: {} });
    base = mock.urls.mn;
  });
  afterAll(async () => {
    await mock.close();
  });

  it('every JSON route answers 2xx with a body its client model reads', async () => {
    const jobs = (await get('/jobs?limit=100')).body as { data: Array<{ job_id: string; status: string }> };
    const done = jobs.data.find((j) => j.status === 'completed')!;
    const failed = jobs.data.find((j) => j.status === 'failed')!;
    expect(done && failed).toBeTruthy();
    const detail = (await get(`/jobs/${done.job_id}?include=compact`)).body as { job: { run_id: string } };
    const run = detail.job.run_id;
    const blueprints = (await get('/blueprints')).body as { blueprints: Array<{ id: string }> };
    const bp = blueprints.blueprints[0].id;
    const models = (await get('/models')).body as { models: Array<{ id: string; installed: boolean }> };
    const model = models.models.find((m) => m.installed)!.id;
    const services = (await get('/services')).body as { services: Array<{ name: string; status: string }> };
    const service = services.services.find((s) => s.status === 'passing')?.name;

    const answers: Array<[ModelName, string, Promise<{ status: number; body: unknown }>]> = [];
    const check = (model: ModelName, what: string, p: Promise<{ status: number; body: unknown }>) => answers.push([model, what, p]);
    check('GatewayHealth', 'GET /health', get('/health'));
    check('RuntimeHealth', 'GET /runtime/health', get('/runtime/health'));
    check('RuntimeStatus', 'GET /runtime/status', get('/runtime/status'));
    check('SystemSummary', 'GET /system/summary', get('/system/summary'));
    check('Metrics', 'GET /metrics', get('/metrics'));
    check('JobList', 'GET /jobs', get('/jobs?include_terminal=false'));
    for (const include of ['compact', 'summary', 'full']) {
      check('JobDetail', `GET /jobs/{completed}?include=${include}`, get(`/jobs/${done.job_id}?include=${include}`));
      check('JobDetail', `GET /jobs/{failed}?include=${include}`, get(`/jobs/${failed.job_id}?include=${include}`));
    }
    check('EventList', 'GET /jobs/{id}/events', get(`/jobs/${done.job_id}/events`));
    check('WorkflowProgress', 'GET /jobs/{completed}/workflow-progress', get(`/jobs/${done.job_id}/workflow-progress`));
    check('WorkflowProgress', 'GET /jobs/{failed}/workflow-progress', get(`/jobs/${failed.job_id}/workflow-progress`));
    check('DeadLetters', 'GET /jobs/{id}/dead-letters', get(`/jobs/${failed.job_id}/dead-letters`));
    check('BlueprintList', 'GET /blueprints', get('/blueprints'));
    check('BlueprintGet', 'GET /blueprints/{id}', get(`/blueprints/${bp}`));
    check('BlueprintInstall', 'POST /blueprints/{id}/install', post(`/blueprints/${bp}/install`));
    check('BlueprintValidate', 'POST /blueprints/{id}/validate', post(`/blueprints/${bp}/validate`, {}));
    check('BlueprintValidate', 'POST /blueprints/launch/validate', post('/blueprints/launch/validate', { source: 'catalog', blueprint_id: bp }));
    check('BlueprintRun', 'POST /blueprints/{id}/runs', post(`/blueprints/${bp}/runs`, { force: true }));
    check('RunResult', 'GET /runs/{id}/result', get(`/runs/${run}/result`));
    check('ArtifactList', 'GET /runs/{id}/artifacts', get(`/runs/${run}/artifacts`));
    check('OutputList', 'GET /runs/{id}/outputs', get(`/runs/${run}/outputs`));
    check('RunEventList', 'GET /runs/{id}/events', get(`/runs/${run}/events`));
    check('RunEventList', 'GET /runs/{id}/events?channel=human', get(`/runs/${run}/events?channel=human`));
    check('RunLogList', 'GET /runs/{id}/logs', get(`/runs/${run}/logs`));
    check('TimelineList', 'GET /runs/{id}/timeline', get(`/runs/${run}/timeline`));
    check('ObservabilitySummary', 'GET /runs/{id}/observability-summary', get(`/runs/${run}/observability-summary`));
    check('ResourceRollup', 'GET /runs/{id}/resources', get(`/runs/${run}/resources?window=30d&bucket=1d`));
    check('HumanList', 'GET /runs/{id}/human', get(`/runs/${run}/human`));
    check('RunUi', 'GET /runs/{id}/ui', get(`/runs/${run}/ui`));
    check('ModelList', 'GET /models', get('/models'));
    check('Benchmark', 'POST /models/{id}/benchmark', post(`/models/${encodeURIComponent(model)}/benchmark`, { max_tokens: 32 }));
    check('ServiceList', 'GET /services', get('/services'));
    if (service) check('ServiceList', 'GET /services/{name}/resolve', get(`/services/${service}/resolve`));
    check('ResourceInfo', 'GET /resource', get('/resource'));
    check('ResourceInfo', 'PUT /resource', post('/resource', { cpu: 50 }, 'PUT'));
    check('ScheduleList', 'GET /schedules', get('/schedules'));
    check('TriggerEventList', 'GET /events', get('/events'));
    check('TriggerEvent', 'POST /events', post('/events', { event_type: 'file_uploaded', payload: { path: '/x' } }));
    check('NodeJoin', 'POST /system/cluster/nodes:add', post('/system/cluster/nodes:add', { host: '10.0.0.42', token: 't' }));

    const bad: string[] = [];
    for (const [model, what, p] of answers) {
      const { status, body } = await p;
      if (status < 200 || status > 299) bad.push(`${what}: HTTP ${status} ${JSON.stringify(body).slice(0, 200)}`);
      else {
        const why = problems(model, body);
        if (why) bad.push(`${what}: ${why}`);
      }
    }
    expect(bad).toEqual([]);
    expect(answers.length).toBeGreaterThan(40);
  });

  it('the workflow-progress stream sends snapshots the client model reads', async () => {
    const jobs = (await get('/jobs?limit=100')).body as { data: Array<{ job_id: string; status: string }> };
    const done = jobs.data.find((j) => j.status === 'completed')!;
    const r = await fetch(`${base}/jobs/${done.job_id}/workflow-progress/stream`, { signal: AbortSignal.timeout(20_000) });
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await r.text();
    const snapshots = [...text.matchAll(/^event: snapshot\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]) as unknown);
    expect(snapshots.length).toBeGreaterThan(0);
    for (const s of snapshots) expect(problems('WorkflowProgress', s)).toBe('');
  });

  // last: it clears the finished jobs the tests above read
  it('write routes: submit, control, cleanup, launch, schedules, node leave', async () => {
    const manifest = loadManifest(join(ROOT, 'fixtures', 'manifests', 'good.yaml')).json;
    const submit = await post('/jobs', { manifest_json: manifest, payloads: { 'topic.txt': 'robots' } });
    expect(problems('SubmitResult', submit.body)).toBe('');
    const id = (submit.body as { id: string }).id;
    const control = await post(`/jobs/${id}/pause`);
    expect(problems('JobControl', control.body)).toBe('');
    expect(problems('JobControl', (await post(`/jobs/${id}/cancel`)).body)).toBe('');
    expect(problems('CleanupResult', (await post('/jobs/cleanup')).body)).toBe('');
    const bp = ((await get('/blueprints')).body as { blueprints: Array<{ id: string }> }).blueprints[0].id;
    const launch = await post('/blueprints/launch/runs', { source: 'catalog', blueprint_id: bp, force: true });
    expect(launch.status).toBe(202);
    expect(problems('BlueprintRun', launch.body)).toBe('');
    const progressId = (launch.body as { progress_id: string }).progress_id;
    expect(problems('LaunchProgress', (await get(`/blueprints/launch/progress/${progressId}`)).body)).toBe('');
    const created = await post('/schedules', { manifest_json: manifest, payloads: { 'topic.txt': 'robots' }, schedule: { kind: 'periodic', crons: ['*/5 * * * *'] } });
    expect(problems('ScheduleMutation', created.body)).toBe('');
    const sid = (created.body as { schedule_id: string }).schedule_id;
    expect(problems('Schedule', (await get(`/schedules/${sid}`)).body)).toBe('');
    expect(problems('ScheduleMutation', (await post(`/schedules/${sid}`, { attrs: { name: 'every five' } }, 'PATCH')).body)).toBe('');
    expect(problems('ScheduleMutation', (await post(`/schedules/${sid}/pause`, {})).body)).toBe('');
    expect(problems('ScheduleMutation', (await post(`/schedules/${sid}/dispatch`, {})).body)).toBe('');
    expect(problems('ScheduleMutation', (await post(`/schedules/${sid}`, undefined, 'DELETE')).body)).toBe('');
    await post('/system/cluster/nodes:add', { host: '10.0.0.43', token: 't' });
    expect(problems('NodeLeave', (await post('/system/cluster/nodes:remove', { node_name: 'mirror_neuron@10.0.0.43' })).body)).toBe('');
  });
});
