/**
 * Contract: every answer of the mock mn-api parses with the client's zod models (the client parses
 * each one, so a drift fails here; the mock itself judges nothing by them), and the mock's error
 * bodies map to the documented exit codes.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { readSse } from '../../src/http/sse.js';
import { MnClient } from '../../src/backends/mn/client.js';
import { loadManifest } from '../../src/backends/mn/manifest.js';
import { MODELS, WorkflowProgress } from '../../src/backends/mn/models.js';
import { followProgress } from '../../src/backends/mn/monitor.js';
import { MeshError } from '../../src/errors.js';
import { Scenario } from '../../src/mock/scenario.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { createMnMock } from '../../src/mock/mn/router.js';
import type { BackendFactory } from '../../src/mock/types.js';
import { ROOT } from '../helpers.js';

const manifestJson = (name: string) => loadManifest(join(ROOT, 'fixtures', 'manifests', name)).json;

function scenario(extra: Record<string, unknown> = {}): Scenario {
  return Scenario.parse({ name: 'mn-contract', seed: 7, clock_speed: 40, mn: { step_seconds: 2, seed_jobs: { completed: 2, failed: 1, cancelled: 1, running: 1 } }, ...extra });
}

async function start(sc: Scenario, env: Record<string, string> = {}): Promise<MockHandle> {
  return startMock({ scenario: sc, portBase: 0, factories: [createMnMock as BackendFactory], env });
}

function client(url: string, token?: string): MnClient {
  return new MnClient(new HttpClient({ backend: 'mn', url, token }, { retries: 1, backoffMs: 10 }));
}

async function rejection(p: Promise<unknown>): Promise<MeshError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MeshError);
    return e as MeshError;
  }
  throw new Error('expected the request to fail');
}

async function untilTerminal(c: MnClient, id: string): Promise<WorkflowProgress> {
  let last: WorkflowProgress | undefined;
  for await (const snap of followProgress(c, id, { signal: AbortSignal.timeout(20_000), pollMs: 100 })) last = snap;
  return last!;
}

describe('mock mn-api contract', () => {
  let mock: MockHandle;
  let c: MnClient;

  beforeAll(async () => {
    mock = await start(scenario());
    c = client(mock.urls.mn);
  });
  afterAll(async () => {
    await mock.close();
  });

  it('system routes', async () => {
    expect((await c.gatewayHealth()).status).toBe('ok');
    expect((await c.runtimeHealth()).components.map((x) => x.name)).toEqual(['core_grpc', 'api', 'web_ui']);
    const st = await c.runtimeStatus(2);
    expect(st.overall).toBe('passing');
    expect(st.jobs?.total).toBeGreaterThanOrEqual(5);
    expect((await c.systemSummary()).nodes.length).toBe(2);
    expect((await c.metrics()).jobs?.total).toBeGreaterThanOrEqual(5);
  });

  it('jobs: submit, list, detail (compact, summary, full), events, progress and its SSE stream, control, dead letters, cleanup', async () => {
    const { id, status } = await c.submitJob({ manifest_json: manifestJson('good.yaml'), payloads: { 'topic.txt': 'robots' } });
    expect(status).toBe('pending');
    const listed = await c.listJobs({ limit: 50, includeTerminal: true });
    expect(listed.data.map((j) => j.job_id)).toContain(id);
    for (const mode of ['compact', 'summary', 'full'] as const) expect((await c.getJob(id, mode)).job?.job_id).toBe(id);
    const final = await untilTerminal(c, id);
    expect(final.status).toBe('completed');
    expect((await c.jobEvents(id, { limit: 500 })).data.at(-1)?.type).toBe('job_completed');
    expect((await c.workflowProgress(id)).status).toBe('completed');

    const bad = await c.submitJob({ manifest_json: manifestJson('failing.json') });
    const failed = await untilTerminal(c, bad.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure?.schema_version).toBe('mn.error.v1');
    expect((await c.deadLetters(bad.id)).data.length).toBeGreaterThan(0);
    expect((await c.getJob(bad.id)).failure?.code).toBe('workflow.step.retry_exhausted');

    const slow = await c.submitJob({ manifest_json: manifestJson('good.yaml') });
    expect((await c.controlJob(slow.id, 'pause')).status).toMatch(/^(pausing|paused)$/);
    expect((await c.controlJob(slow.id, 'resume')).status).toMatch(/^(running|pending)$/);
    expect((await c.controlJob(slow.id, 'cancel')).status).toMatch(/^(cancelling|cancelled)$/);
    expect((await c.cleanupJobs()).cleared_count).toBeGreaterThan(0);
  });

  it('the workflow-progress stream frames snapshots as `event: snapshot` and ends after the terminal one', async () => {
    const { id } = await c.submitJob({ manifest_json: manifestJson('good.yaml') });
    const res = await c.progressStream(id, 0.25);
    expect(String(res.headers['content-type'])).toMatch(/^text\/event-stream/);
    const statuses: string[] = [];
    for await (const item of readSse(res.body, { backend: 'mn' })) {
      if (item.kind !== 'event') continue;
      expect(item.event.event).toBe('snapshot');
      statuses.push(WorkflowProgress.parse(JSON.parse(item.event.data)).status);
    }
    expect(statuses.at(-1)).toBe('completed');
    expect(statuses.length).toBeGreaterThan(1);
  });

  it('an idle workflow-progress stream sends `: heartbeat` comments (a paused job)', async () => {
    const { id } = await c.submitJob({ manifest_json: manifestJson('good.yaml') });
    await c.controlJob(id, 'pause');
    const ac = new AbortController();
    const res = await c.progressStream(id, 0.25, ac.signal);
    let snapshots = 0;
    let heartbeats = 0;
    try {
      for await (const item of readSse(res.body, { backend: 'mn' })) {
        if (item.kind === 'event' && item.event.event === 'snapshot') snapshots++;
        if (item.kind === 'comment' && item.comment.trim() === 'heartbeat') heartbeats++;
        if (heartbeats >= 2) break;
      }
    } finally {
      ac.abort();
    }
    expect(snapshots).toBeGreaterThanOrEqual(1);
    expect(heartbeats).toBe(2);
    await c.controlJob(id, 'cancel');
  });

  it('runs: result, final artifact, artifacts and downloads, outputs, events, logs, timeline, summary, stream, resources, human, ui', async () => {
    const { id } = await c.submitJob({ manifest_json: manifestJson('good.yaml') });
    const final = await untilTerminal(c, id);
    const run = final.run_id!;
    expect((await c.runResult(run)).status).toBe('completed');
    const fa = await c.finalArtifact(run);
    expect(JSON.parse(await fa.body.toArray().then((b) => Buffer.concat(b).toString())).run_id).toBe(run);
    const arts = await c.runArtifacts(run);
    const csv = arts.artifacts.find((a) => a.relative_path === 'outputs/dataset.csv')!;
    const dl = await c.artifact(run, 'outputs/dataset.csv');
    const bytes = Buffer.concat(await dl.body.toArray());
    expect(bytes.length).toBe(csv.size_bytes);
    expect((await c.runOutputs(run)).outputs.length).toBe(2);
    expect((await c.runEvents(run, { limit: 5 })).data).toHaveLength(5);
    expect((await c.runEvents(run, { channel: 'human' })).data.length).toBeGreaterThan(0);
    expect((await c.runLogs(run, { level: 'INFO', limit: 3 })).data).toHaveLength(3);
    expect((await c.runTimeline(run)).data.at(-1)?.type).toBe('run_completed');
    expect((await c.observabilitySummary(run)).schema_version).toBe('mn.observability_summary.v1');
    expect((await c.runResources(run, { window: '24h', bucket: '1h' })).sample_count).toBeGreaterThan(0);
    const human = await c.runHuman(run, true);
    const req = human.data.find((h) => h.type === 'human_input_requested')!;
    const notice = human.data.find((h) => h.type === 'human_notice')!;
    expect((await c.respondHuman(run, req.payload!.request_id!, { decision: 'approve' })).payload).toMatchObject({ approved: true });
    expect((await c.ackHuman(run, notice.payload!.notice_id!, {})).type).toBe('human_notice_acknowledged');
    expect((await c.runHuman(run, true)).data).toHaveLength(0);
    expect((await c.runUi(run)).run_id).toBe(run);
    // the run stream sends the stored records, then heartbeats
    const stream = await c.runStream(run, { channels: 'timeline', intervalS: 0.25 });
    const seen: string[] = [];
    for await (const item of readSse(stream.body, { backend: 'mn' })) {
      if (item.kind === 'comment') break;
      if (item.kind === 'event') {
        expect(item.event.event).toBe('timeline');
        expect(item.event.id).toMatch(/^\d+$/);
        seen.push(String(JSON.parse(item.event.data).type));
      }
    }
    expect(seen).toContain('run_completed');
  });

  it('bundles, blueprints and launches', async () => {
    const list = await c.listBlueprints();
    expect(list.blueprints.length).toBeGreaterThanOrEqual(5);
    expect((await c.listBlueprints('finance')).blueprints.every((b) => b.category === 'Finance')).toBe(true);
    expect((await c.getBlueprint('research_brief_assistant')).blueprint.id).toBe('research_brief_assistant');
    expect((await c.installBlueprint('tax_form_ocr_capture_assistant')).model_install?.ok).toBe(true);
    expect((await c.validateBlueprint('research_brief_assistant')).validation.ok).toBe(true);
    const invalid = await c.validateBlueprint('gpu_finetune_assistant');
    expect(invalid.validation.ok).toBe(false);
    expect(invalid.validation.issues[0].location?.path).toBe('gpu_count');
    const sync = await c.runBlueprint('research_brief_assistant', {});
    expect(sync.job_id).toBeTruthy();
    expect((await c.launchProgress(sync.progress_id!)).completed).toBe(true);
    const asyncRun = await c.launch({ source: 'catalog', blueprint_id: 'portfolio_risk_review_assistant' });
    expect(asyncRun.status).toBe('launching');
    expect(asyncRun.job_id).toBeNull();
    let p = await c.launchProgress(asyncRun.progress_id!);
    for (let i = 0; i < 400 && !p.completed; i++) {
      await new Promise((r) => setTimeout(r, 50));
      p = await c.launchProgress(asyncRun.progress_id!);
    }
    expect(p.status).toBe('completed');
    expect(p.job_id).toBeTruthy();
    expect(p.phases.map((x) => x.id)).toEqual(expect.arrayContaining(['resolve_source', 'validation', 'submit', 'launch']));
    expect((await c.validateLaunch({ source: 'path', path: '/opt/mirror-neuron/blueprints/video_highlights_assistant' })).validation.ok).toBe(true);
  });

  it('models, services, resources, schedules, events, cluster', async () => {
    const models = await c.listModels();
    expect(models.models.length).toBeGreaterThan(0);
    expect((await c.benchmarkModel(models.models.find((m) => m.installed)!.id, { max_tokens: 32 })).generated_tokens).toBe(32);
    expect((await c.listServices({ passing_only: true })).services.every((s) => s.status === 'passing')).toBe(true);
    expect((await c.resolveService('litellm-gateway')).services[0].name).toBe('litellm-gateway');
    expect((await c.getResource()).limits?.cpu).toBe(100);
    expect((await c.setResource({ cpu: 50 })).limits?.cpu).toBe(50);
    const created = await c.createSchedule({ manifest_json: manifestJson('good.yaml'), schedule: { kind: 'event', event_type: 'file_uploaded', filter: { folder: { prefix: 'inbox/' } } } });
    const sid = created.schedule_id!;
    expect((await c.listSchedules({ kind: 'event' })).schedules.map((s) => s.schedule_id)).toContain(sid);
    expect((await c.getSchedule(sid)).kind).toBe('event');
    expect((await c.updateSchedule(sid, { name: 'inbox watcher' }, 'rename')).schedule?.name).toBe('inbox watcher');
    const ev = await c.emitEvent('file_uploaded', { folder: 'inbox/a.pdf' });
    expect(ev.dispatched?.[0]?.schedule_id).toBe(sid);
    expect(ev.dispatched?.[0]?.job_id).toBeTruthy();
    expect((await c.listEvents(10)).events[0].event_id).toBe(ev.event_id);
    expect((await c.pauseSchedule(sid)).status).toBe('paused');
    expect((await c.emitEvent('file_uploaded', { folder: 'inbox/b.pdf' })).dispatched).toEqual([]);
    expect((await c.resumeSchedule(sid)).status).toBe('active');
    expect((await c.dispatchSchedule(sid)).job_id).toBeTruthy();
    expect((await c.deleteSchedule(sid, 'done')).status).toBe('deleted');
    const joined = await c.addNode({ host: '10.9.9.9', token: 'tok' }, 'join');
    expect(joined.node_name).toBe('mirror_neuron@10.9.9.9');
    expect(JSON.stringify(joined)).not.toContain('tok');
    expect((await c.removeNode('mirror_neuron@10.9.9.9', 'leave')).status).toBe('disconnected');
  });

  it('raw GET answers parse with their models too (checked without the client)', async () => {
    const base = mock.urls.mn;
    const job = (await c.listJobs({ includeTerminal: true })).data[0];
    const pairs: Array<[string, keyof typeof MODELS]> = [
      ['health', 'GatewayHealth'],
      ['runtime/status', 'RuntimeStatus'],
      ['system/summary', 'SystemSummary'],
      ['jobs?include_terminal=true', 'JobList'],
      [`jobs/${job.job_id}?include=full`, 'JobDetail'],
      [`jobs/${job.job_id}/workflow-progress`, 'WorkflowProgress'],
      [`runs/${job.run_id}/timeline`, 'TimelineList'],
      ['blueprints', 'BlueprintList'],
      ['schedules', 'ScheduleList'],
      ['resource', 'ResourceInfo'],
    ];
    for (const [path, model] of pairs) {
      const res = await fetch(`${base}/${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const parsed = MODELS[model].safeParse(await res.json());
      expect(parsed.success, `${path} as ${model}`).toBe(true);
    }
  });
});

describe('mock mn-api errors map to exit codes', () => {
  let mock: MockHandle;
  let c: MnClient;

  beforeAll(async () => {
    mock = await start(scenario({ mn: { request_limit_bytes: 64 * 1024, seed_jobs: { completed: 1, running: 0 } } }), { MN_API_TOKEN: 'right' });
    c = client(mock.urls.mn, 'right');
  });
  afterAll(async () => {
    await mock.close();
  });

  it('401 missing or invalid bearer token -> exit 13; /health needs no token', async () => {
    expect((await client(mock.urls.mn).gatewayHealth()).auth).toBe('enabled');
    const e = await rejection(client(mock.urls.mn, 'wrong').listJobs());
    expect(e.exitCode).toBe(13);
    expect(e.message).toBe('missing or invalid bearer token');
  });

  it('gRPC pass-through not found -> exit 3; cannot be paused -> exit 1', async () => {
    expect((await rejection(c.getJob('no-such-job'))).exitCode).toBe(3);
    const id = (await c.listJobs({ includeTerminal: true })).data.find((j) => j.status === 'completed')!.job_id;
    const e = await rejection(c.controlJob(id, 'pause'));
    expect(e.exitCode).toBe(1);
    expect(e.message).toMatch(/cannot be paused/);
  });

  it('413 request_too_large with the limit; pydantic lists and problem+json issues keep their details', async () => {
    const big = await rejection(c.submitJob({ manifest_json: manifestJson('good.yaml'), payloads: { big: 'x'.repeat(100 * 1024) } }));
    expect(big.status).toBe(413);
    expect(big.code).toBe('request_too_large');
    expect(big.details).toMatchObject({ limit_bytes: 64 * 1024 });
    const list = await rejection(c.listJobs({ limit: 0 }));
    expect(list.exitCode).toBe(2);
    expect((list.details as Array<{ loc: string[] }>)[0].loc).toEqual(['query', 'limit']);
    const req = await rejection(c.submitJob({ manifest_json: manifestJson('needs-model.yaml') }));
    expect(req.status).toBe(412);
    expect(req.code).toBe('requirements_not_met');
    expect((req.details as Array<{ location: { path: string }; help: string }>)[0]).toMatchObject({ location: { path: 'runtime.models.primary' }, help: expect.stringMatching(/--force/) });
    // the gateway checks requirements and inputs, not the workflow schema (reference/mirrorneuron.md §2.4, §2.11)
    expect((await c.submitJob({ manifest_json: JSON.stringify({ apiVersion: 'mn.workflow/v1', kind: 'Workflow' }) })).status).toBe('pending');
    expect((await rejection(c.submitJob({ manifest_json: '{not json' }))).message).toBe('manifest_json is malformed');
    expect((await rejection(c.submitJob({}))).message).toBe('manifest_json or _bundle_path is required');
  });
});

describe('job following falls back to polling when the stream is unavailable', () => {
  it('a 503 on the stream route: polling takes over and still sees the job finish', async () => {
    const mock = await start(scenario({ faults: [{ backend: 'mn', route: 'GET /api/v1/jobs/{job_id}/workflow-progress/stream', errors: { service_unavailable: 1 } }] }));
    try {
      const c = client(mock.urls.mn);
      const { id } = await c.submitJob({ manifest_json: manifestJson('good.yaml') });
      const reasons: string[] = [];
      let last: WorkflowProgress | undefined;
      for await (const snap of followProgress(c, id, { signal: AbortSignal.timeout(20_000), pollMs: 100, onFallback: (r) => reasons.push(r) })) last = snap;
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(/overloaded|503|unavailable/i);
      expect(last?.status).toBe('completed');
    } finally {
      await mock.close();
    }
  });
});
