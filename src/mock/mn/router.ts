/**
 * The mn-api mock (the FastAPI gateway of the June–July `/api/v1` era, also mounted under
 * `/api/v2`): a simulated runtime (src/mock/mn/world.ts) behind the real routes, status codes and
 * error bodies — `{"detail"}` strings and pydantic lists, gRPC `{"error"}` bodies, problem+json
 * with validation reports — bearer auth with MN_API_TOKEN (401 `missing or invalid bearer token`),
 * the 5 MiB request limit (413 `request_too_large`), and the SSE streams of workflow progress
 * (`event: snapshot`, `: heartbeat`) and run channels. Every 2xx JSON body is checked against the
 * client's zod model before it is sent, so the mock and the client cannot drift apart. What it is
 * sent, it checks by the gateway's own rules (src/mock/mn/admission.ts: requirements and inputs),
 * never by the client's manifest schema: the real gateway runs manifests that schema refuses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MODELS } from '../../backends/mn/models.js';
import { jsonAnswer, Reply, Router, sendJson, type Answer as ErrorAnswer, type MockRequest } from '../router.js';
import type { BackendMock, MockContext } from '../types.js';
import { MnScenario } from './scenario.js';
import { MnWorld } from './world.js';
import type { Channel, Job } from './jobs.js';
import { isTerminalJobStatus } from '../../vocab/mn.js';
import { blueprintManifest, launchRecord, validationReport, type Issue } from './catalog.js';
import { inputIssues, requirementIssues } from './admission.js';
import { computeNext, parseCron, scheduleView, type ScheduleState } from './schedules.js';
import { listZip, readZipEntry, ZipError } from '../../zip.js';

type ModelName = keyof typeof MODELS;

const BASES = ['/api/v1', '/api/v2'];


const detail = (status: number, message: string) => new Reply(jsonAnswer(status, { detail: message }));
const grpcError = (message: string) => new Reply(jsonAnswer(500, { error: message }));

function pydantic(loc: Array<string | number>, msg: string, type: string, input?: unknown): Reply {
  return new Reply(jsonAnswer(422, { detail: [{ type, loc, msg, input: input ?? null }] }));
}

function problem(status: number, code: string, title: string, detailText: string, hint: string, extra: Record<string, unknown> = {}): Reply {
  return new Reply({
    status,
    contentType: 'application/problem+json',
    body: JSON.stringify({ version: 1, type: `https://mirrorneuron.local/problems/${code}`, title, status, detail: detailText, error: code, hint, request_id: `req-${Math.random().toString(16).slice(2, 10)}`, ...extra }),
  });
}

function validationProblem(status: number, code: string, title: string, issues: Issue[]): Reply {
  const errors = issues.filter((i) => i.severity === 'error');
  return problem(status, code, title, 'Fix the highlighted input fields and submit again.', 'Each issue names its location and how to fix it.', { validation: validationReport(issues), errors });
}

function jsonBody(req: MockRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(req.body.toString('utf8'));
  } catch (e) {
    throw pydantic(['body'], `JSON decode error: ${(e as Error).message}`, 'json_invalid');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw pydantic(['body'], 'Input should be a valid dictionary', 'dict_type', v);
  return v as Record<string, unknown>;
}

function intParam(req: MockRequest, name: string, def: number, min: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw pydantic(['query', name], 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing', raw);
  if (n < min) throw pydantic(['query', name], `Input should be greater than or equal to ${min}`, 'greater_than_equal', raw);
  if (n > max) throw pydantic(['query', name], `Input should be less than or equal to ${max}`, 'less_than_equal', raw);
  return n;
}

function numParam(req: MockRequest, name: string, def: number, min: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw pydantic(['query', name], 'Input should be a valid number, unable to parse string as a number', 'float_parsing', raw);
  if (n < min || n > max) throw pydantic(['query', name], `Input should be between ${min} and ${max}`, n < min ? 'greater_than_equal' : 'less_than_equal', raw);
  return n;
}

function boolParam(req: MockRequest, name: string, def: boolean): boolean {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return def;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  throw pydantic(['query', name], 'Input should be a valid boolean, unable to interpret input', 'bool_parsing', raw);
}

function durationMs(text: string, name: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m) throw detail(400, `invalid ${name} "${text}": use a duration such as 30m, 1h, 24h`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

const LEVELS: Record<string, number> = { DEBUG: 0, INFO: 1, WARN: 2, WARNING: 2, ERROR: 3 };

const iso = (ms: number) => new Date(ms).toISOString();

export function createMnMock(ctx: MockContext): { mn: BackendMock } {
  const cfg = MnScenario.parse(ctx.scenario.mn ?? {});
  const token = cfg.token ?? ctx.env.MN_API_TOKEN ?? '';
  const world = new MnWorld(cfg, ctx.rng.fork('mn'), () => ctx.clock.now());
  const router = new Router();
  const streams = new Set<ServerResponse>();
  const ticker = setInterval(() => world.tick(), 250);
  ticker.unref();

  const apiBase = () => ctx.urls.mn ?? 'http://localhost:54001/api/v1';
  const basePath = (req: MockRequest) => (req.rawPath.startsWith('/api/v2') ? '/api/v2' : '/api/v1');

  /** Send a 2xx JSON answer after checking it against the client's model. */
  function ok(res: ServerResponse, model: ModelName | null, body: unknown, status = 200): void {
    if (model) {
      const parsed = MODELS[model].safeParse(body);
      if (!parsed.success) {
        sendJson(res, 500, { error: 'mock_contract_violation', model, issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
        return;
      }
    }
    sendJson(res, status, body);
  }

  function route(method: string, path: string, handler: (req: MockRequest, res: ServerResponse) => void | Promise<void>): void {
    for (const base of BASES) {
      router.on(method, base + path, async (req, res) => {
        try {
          if (req.body.length > cfg.request_limit_bytes) throw new Reply(jsonAnswer(413, { error: 'request_too_large', limit_bytes: cfg.request_limit_bytes }));
          world.tick();
          await handler(req, res);
        } catch (e) {
          if (!(e instanceof Reply)) throw e;
          const a = e.answer;
          res.writeHead(a.status, { 'content-type': a.contentType, 'content-length': Buffer.byteLength(a.body), ...(a.headers ?? {}) });
          res.end(a.body);
        }
      });
    }
  }

  const jobOr404 = (id: string): Job => {
    const job = world.getJob(id);
    if (!job) throw grpcError(`job ${id} was not found`);
    return job;
  };

  const runOr404 = (id: string): Job => {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(id)) throw detail(400, 'invalid run id');
    const job = world.getRun(id);
    if (!job) throw detail(404, 'run not found');
    return job;
  };

  // ================================================================ system

  route('GET', '/health', (req, res) =>
    ok(res, 'GatewayHealth', {
      status: 'ok',
      auth: token ? 'enabled' : 'disabled',
      env: cfg.env,
      blueprint_source: 'local',
      blueprint_repo: null,
      blueprint_local: '/opt/mirror-neuron/blueprints',
      active_blueprint_location: '/opt/mirror-neuron/blueprints',
      runs_root: '/var/lib/mirror-neuron/runs',
      ...(basePath(req) === '/api/v2' ? { version: 2 } : {}),
    }),
  );

  const components = () => {
    const status = (name: string) => cfg.components[name] ?? 'passing';
    const detailFor = (name: string, st: string) => (st === 'passing' ? { core_grpc: 'gRPC health: SERVING', api: 'ok', web_ui: 'HTTP 200' }[name] ?? 'ok' : st === 'warning' ? 'slow answer (1840 ms)' : 'connection refused');
    return [
      ['core_grpc', 'localhost:55051'],
      ['api', apiBase()],
      ['web_ui', 'http://localhost:55173'],
    ].map(([name, target], i) => {
      const st = status(name);
      return { name, status: st, target, duration_ms: st === 'warning' ? 1840 : i + 1, detail: detailFor(name, st), error: st === 'critical' ? `${name} is unreachable: connection refused` : null };
    });
  };
  const overall = (comps: Array<{ status: string }>) => (comps.some((c) => c.status === 'critical') ? 'critical' : comps.some((c) => c.status === 'warning') ? 'warning' : 'passing');

  route('GET', '/runtime/health', (_req, res) => {
    const comps = components();
    ok(res, 'RuntimeHealth', { overall: overall(comps), checked_at: iso(ctx.clock.now()), components: comps });
  });

  const byStatus = (jobs: Job[]) => jobs.reduce<Record<string, number>>((acc, j) => ((acc[j.status] = (acc[j.status] ?? 0) + 1), acc), {});

  route('GET', '/runtime/status', (req, res) => {
    numParam(req, 'timeout', 3, 0.1, 60);
    const comps = components();
    const jobs = world.runtime.list();
    const active = jobs.filter((j) => !isTerminalJobStatus(j.status));
    const nodeStatus = world.nodes.reduce<Record<string, number>>((acc, n) => ((acc[n.status] = (acc[n.status] ?? 0) + 1), acc), {});
    ok(res, 'RuntimeStatus', {
      overall: overall(comps),
      checked_at: iso(ctx.clock.now()),
      runtime: { mode: world.nodes.length > 1 ? 'cluster' : 'local', mn_home: '/var/lib/mirror-neuron' },
      endpoints: { core_grpc: 'localhost:55051', api: apiBase(), web_ui: 'http://localhost:55173' },
      components: comps,
      nodes: { available: true, total: world.nodes.length, by_status: nodeStatus, items: world.nodes.map((n) => ({ name: n.name, status: n.status })) },
      jobs: { available: true, total: jobs.length, by_status: byStatus(jobs), active: active.length, active_by_status: byStatus(active) },
      shared_storage: { host_root: '/srv/mirror-neuron/shared', runtime_root: '/shared', configured: true },
    });
  });

  const nodeView = (n: (typeof world.nodes)[number]) => ({
    name: n.name,
    connected_nodes: world.nodes.filter((o) => o !== n && o.status === 'healthy').map((o) => o.name),
    self: n.self,
    status: n.status,
    scheduler_hint: 'cluster_member',
    executor_pools: { default: { slots: n.cpuCores, busy: world.runtime.list().filter((j) => j.status === 'running').length % (n.cpuCores + 1) } },
    hardware: { cpu_cores: n.cpuCores, memory_gb: n.memoryGb, gpu_count: n.gpuCount },
    grpc_host: `${n.host}:${n.grpcPort}`,
    joined_at: iso(n.joinedAt),
  });

  route('GET', '/system/summary', (_req, res) => ok(res, 'SystemSummary', { nodes: world.nodes.map(nodeView), jobs: world.runtime.list().map((j) => world.runtime.summary(j)) }));

  route('GET', '/metrics', (_req, res) => {
    const jobs = world.runtime.list();
    const running = jobs.filter((j) => j.status === 'running');
    const depth = running.map((j) => j.steps.length - j.stepIdx);
    ok(res, 'Metrics', {
      jobs: { total: jobs.length, by_status: byStatus(jobs) },
      agents: { queue_depth_total: depth.reduce((a, b) => a + b, 0), queue_depth_max: Math.max(0, ...depth), pressured: depth.filter((d) => d > 3).length },
      nodes: { total: world.nodes.length },
      source: 'system_summary',
    });
  });

  // ================================================================ jobs

  const parseManifestJson = (text: unknown): Record<string, unknown> => {
    if (typeof text !== 'string') throw pydantic(['body', 'manifest_json'], 'Input should be a valid string', 'string_type', text);
    let m: unknown;
    try {
      m = JSON.parse(text);
    } catch {
      throw detail(400, 'manifest_json is malformed');
    }
    if (m === null || typeof m !== 'object' || Array.isArray(m)) throw detail(400, 'manifest_json must be a JSON object');
    return m as Record<string, unknown>;
  };

  const payloadsOf = (v: unknown): Record<string, string> => {
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw pydantic(['body', 'payloads'], 'Input should be a valid dictionary', 'dict_type', v);
    for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') throw pydantic(['body', 'payloads', k], 'Input should be a valid string', 'string_type', x);
    return v as Record<string, string>;
  };

  /**
   * manifest_json or _bundle_path -> the manifest. Like the real gateway, only what it needs to
   * read one: valid JSON, an object. The workflow schema is not checked here (§2.4, §2.11).
   */
  const manifestFrom = (body: Record<string, unknown>): { manifest: Record<string, unknown>; payloads: Record<string, string>; source: 'manifest' | 'bundle' } => {
    let manifest: Record<string, unknown>;
    let payloads = payloadsOf(body.payloads);
    let source: 'manifest' | 'bundle' = 'manifest';
    if (body.manifest_json !== undefined && body.manifest_json !== null) manifest = parseManifestJson(body.manifest_json);
    else if (typeof body._bundle_path === 'string' && body._bundle_path) {
      const b = world.bundles.get(body._bundle_path);
      if (!b) throw detail(400, 'unknown uploaded bundle');
      manifest = b.manifest;
      payloads = { ...b.payloads, ...payloads };
      source = 'bundle';
    } else throw detail(422, 'manifest_json or _bundle_path is required');
    return { manifest, payloads, source };
  };

  /** The cluster facts the requirement checks read; a model counts as installed by id or by docker model. */
  const facts = () => {
    const f = world.facts();
    return { ...f, installed: (id: string) => f.installed(id) || world.models.some((x) => x.docker_model === id && x.installed) };
  };

  /** Unless forced: requirements (412 requirements_not_met), then input rules (422 input_validation_failed). */
  const admit = (manifest: Record<string, unknown>, payloads: Record<string, string>, force: boolean) => {
    if (force) return;
    const unmet = requirementIssues(manifest, facts());
    if (unmet.length) throw validationProblem(412, 'requirements_not_met', 'Requirements not met', unmet);
    const inputs = inputIssues(manifest, Object.keys(payloads));
    if (inputs.length) throw validationProblem(422, 'input_validation_failed', 'Input validation failed', inputs);
  };

  route('POST', '/jobs', (req, res) => {
    const body = jsonBody(req);
    const { manifest, payloads, source } = manifestFrom(body);
    admit(manifest, payloads, body.force === true);
    const job = world.runtime.create({ manifest, payloadNames: Object.keys(payloads), source });
    ok(res, 'SubmitResult', { id: job.id, status: job.status });
  });

  route('GET', '/jobs', (req, res) => {
    const limit = intParam(req, 'limit', 20, 1, 1000);
    const includeTerminal = boolParam(req, 'include_terminal', true);
    const jobs = world.runtime
      .list()
      .filter((j) => includeTerminal || !isTerminalJobStatus(j.status))
      .reverse()
      .slice(0, limit);
    ok(res, 'JobList', { data: jobs.map((j) => world.runtime.summary(j)) });
  });

  const artifactRefs = (job: Job, base: string) =>
    [...world.runtime.files(job)].map(([rel, f]) => {
      const buf = f.content();
      return { artifact_id: f.id, path: `/var/lib/mirror-neuron/runs/${job.runId}/${rel}`, relative_path: rel, size_bytes: buf.length, sha256: world.runtime.sha256(buf), content_type: f.type, url: `${base}/runs/${job.runId}/artifacts/${rel}`, reveal_url: `${base}/runs/${job.runId}/artifacts/${rel}/reveal` };
    });

  const compactEvent = (e: Job['events'][number]) => {
    const out: Record<string, unknown> = { type: e.type, timestamp: e.timestamp };
    if (e.agent_id) out.agent_id = e.agent_id;
    if (e.status) out.status = e.status;
    if (e.message) out.message = e.message;
    if (e.failure) out.failure = e.failure;
    if (e.reason) out.reason = e.reason;
    out.payload = e.payload;
    return out;
  };

  route('GET', '/jobs/{job_id}', (req, res) => {
    const include = req.query.get('include') ?? 'compact';
    if (!['compact', 'summary', 'full'].includes(include)) throw detail(400, 'include must be one of: compact, summary, full');
    const job = jobOr404(req.params.job_id);
    const base = basePath(req);
    const rt = world.runtime;
    const summary = rt.summary(job);
    const agents = job.steps.flatMap((st) => st.agents.map((a) => ({ ...a, step: st.id })));
    if (include === 'full') {
      return ok(res, 'JobDetail', {
        job: { job_id: job.id, run_id: job.runId, status: job.status, graph_id: job.workflowId, job_name: job.jobName, manifest: job.manifest, payloads: job.payloadNames, submitted_at: iso(job.submittedAt), updated_at: iso(job.updatedAt), runtime_topology: { nodes: [...new Set(agents.map((a) => a.assigned_node))] }, ...(job.failure ? { failure: job.failure } : {}) },
        summary,
        agents: agents.map((a) => ({
          agent_id: a.id,
          agent_type: 'executor',
          assigned_node: a.assigned_node,
          processed_messages: a.status === 'done' ? 1 : 0,
          mailbox_depth: a.status === 'pending' ? 1 : 0,
          'paused?': job.status === 'paused',
          'live?': a.status === 'running',
          status: a.status,
          'running?': a.status === 'running',
          last_error: a.status === 'failed' ? (job.failure?.desc ?? null) : null,
          sandbox_name: null,
          last_heartbeat_at: iso(job.updatedAt),
          lease: { lease_id: `lease-${a.id}`, pool: 'default', slots: 1 },
        })),
        recent_events: job.events.slice(-20).map(compactEvent),
        sandboxes: [],
      });
    }
    const failure = job.status === 'failed' ? (job.failure ?? null) : null;
    const obs = rt.observability(job);
    const artifacts = artifactRefs(job, base);
    const events = job.events.slice(-50).map(compactEvent);
    ok(res, 'JobDetail', {
      job: { job_id: job.id, run_id: job.runId, trace_id: job.traceId, graph_id: job.workflowId, status: job.status, run_dir: `/var/lib/mirror-neuron/runs/${job.runId}`, artifacts: artifacts.map((a) => a.artifact_id), ...(failure ? { failure } : {}) },
      summary: { mode: include, job_id: job.id, run_id: job.runId, trace_id: job.traceId, graph_id: job.workflowId, status: job.status, event_count: job.events.length, recent_event_count: events.length, artifact_count: artifacts.length, full_detail_url: `${base}/jobs/${job.id}?include=full`, ...(failure ? { failure } : {}), observability_summary: obs },
      trace_id: job.traceId,
      observability_summary: obs,
      failure,
      agents: agents.map((a) => ({ agent_id: a.id, status: a.status === 'pending' ? 'pending' : 'observed', event_count: a.recent.length, step_id: a.step })),
      recent_events: events.slice(-12),
      events,
      artifacts,
      output_files: artifacts.filter((a) => a.relative_path.startsWith('outputs/') || a.relative_path === 'final_artifact.json'),
    });
  });

  // reference/mirrorneuron.md §2.4: `POST /jobs/{id}/cancel|pause|resume` (no body) answers
  // {"status":"cancelled|paused|running","job_id"}: the status the request leads to. The job record
  // itself goes running -> pausing -> paused and through cancelling to cancelled (§2.13); GET
  // /jobs/{id}, its events and workflow-progress show those steps.
  const ANSWER = { cancel: 'cancelled', pause: 'paused', resume: 'running' } as const;
  for (const action of ['cancel', 'pause', 'resume'] as const) {
    route('POST', `/jobs/{job_id}/${action}`, (req, res) => {
      const job = jobOr404(req.params.job_id);
      const r = world.runtime.control(job, action);
      if ('error' in r) throw grpcError(r.error);
      ok(res, 'JobControl', { status: ANSWER[action], job_id: job.id });
    });
  }

  route('GET', '/jobs/{job_id}/events', (req, res) => {
    const include = req.query.get('include') ?? 'compact';
    if (!['compact', 'summary', 'full'].includes(include)) throw detail(400, 'include must be one of: compact, summary, full');
    const limit = intParam(req, 'limit', 200, 1, 5000);
    const job = jobOr404(req.params.job_id);
    ok(res, 'EventList', { data: job.events.slice(-limit).map(compactEvent) });
  });

  route('GET', '/jobs/{job_id}/workflow-progress', (req, res) => ok(res, 'WorkflowProgress', world.runtime.snapshot(jobOr404(req.params.job_id))));

  route('GET', '/jobs/{job_id}/workflow-progress/stream', (req, res) => {
    const interval = numParam(req, 'interval', 1, 0.25, 30);
    const job = jobOr404(req.params.job_id);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    streams.add(res);
    let sent = -1;
    let lastWrite = Date.now();
    const send = () => {
      const snap = world.runtime.snapshot(job);
      const parsed = MODELS.WorkflowProgress.safeParse(snap);
      if (!parsed.success) {
        res.write(`event: error\ndata: ${JSON.stringify({ job_id: job.id, error: 'mock_contract_violation' })}\n\n`);
        return true;
      }
      res.write(`event: snapshot\ndata: ${JSON.stringify(snap)}\n\n`);
      sent = job.events.length;
      lastWrite = Date.now();
      return isTerminalJobStatus(job.status);
    };
    const stop = () => {
      clearInterval(timer);
      streams.delete(res);
    };
    const timer = setInterval(() => {
      if (res.destroyed || res.writableEnded) return stop();
      world.tick();
      if (!world.getJob(job.id) && !isTerminalJobStatus(job.status)) {
        res.write(`event: error\ndata: ${JSON.stringify({ job_id: job.id, error: `job ${job.id} was not found` })}\n\n`);
        stop();
        res.end();
        return;
      }
      if (job.events.length !== sent) {
        if (send()) {
          stop();
          res.end();
        }
      } else if (Date.now() - lastWrite >= interval * 1000) {
        res.write(': heartbeat\n\n');
        lastWrite = Date.now();
      }
    }, 100);
    res.on('close', stop);
    if (send()) {
      stop();
      res.end();
    }
  });

  route('GET', '/jobs/{job_id}/dead-letters', (req, res) => {
    const job = jobOr404(req.params.job_id);
    ok(res, 'DeadLetters', { job_id: job.id, data: job.deadLetters });
  });

  route('POST', '/jobs/{job_id}/dead-letters/{index}/replay', (req, res) => {
    const job = jobOr404(req.params.job_id);
    void res;
    throw new Reply(jsonAnswer(501, { detail: { error: 'dead_letter_replay_not_exposed', job_id: job.id, index: Number(req.params.index), message: 'Dead-letter replay is not exposed through the REST gateway.' } }));
  });

  const cleanup = (_req: MockRequest, res: ServerResponse) => ok(res, 'CleanupResult', { cleared_count: world.runtime.cleanup() });
  route('POST', '/jobs/cleanup', cleanup);
  route('POST', '/jobs:cleanup', cleanup);

  // ================================================================ bundles

  route('POST', '/bundles/upload', async (req, res) => {
    const ct = String(req.headers['content-type'] ?? '');
    if (!ct.startsWith('multipart/form-data')) throw pydantic(['body', 'bundle'], 'Field required', 'missing');
    let form: FormData;
    try {
      form = await new Request('http://mock.invalid/', { method: 'POST', headers: { 'content-type': ct }, body: req.body }).formData();
    } catch {
      throw detail(400, 'malformed multipart body');
    }
    const file = form.get('bundle');
    if (!file || typeof file === 'string') throw pydantic(['body', 'bundle'], 'Field required', 'missing');
    const name = (file as File).name ?? 'bundle';
    const buf = Buffer.from(await (file as Blob).arrayBuffer());
    if (!/\.zip$/i.test(name)) throw detail(400, 'bundle must be a .zip file');
    let entries;
    try {
      entries = listZip(buf);
    } catch (e) {
      throw detail(400, e instanceof ZipError ? `bad zip file: ${e.message}` : 'bad zip file');
    }
    const unsafe = entries.find((e) => e.name.startsWith('/') || e.name.split('/').includes('..') || e.name.includes('\\'));
    if (unsafe) throw detail(400, `unsafe path in bundle: ${unsafe.name}`);
    const roots = new Set(entries.map((e) => e.name.split('/')[0]));
    let prefix = '';
    if (!entries.some((e) => e.name === 'manifest.json') && roots.size === 1) prefix = `${[...roots][0]}/`;
    const manifestEntry = entries.find((e) => e.name === `${prefix}manifest.json`);
    if (!manifestEntry) throw detail(400, 'bundle is missing manifest.json');
    if (!entries.some((e) => e.name.startsWith(`${prefix}payloads/`))) throw detail(400, 'bundle is missing the payloads/ folder');
    let manifest: unknown;
    try {
      manifest = JSON.parse(readZipEntry(buf, manifestEntry).toString('utf8'));
    } catch {
      throw detail(400, 'manifest.json in the bundle is malformed');
    }
    if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) throw detail(400, 'manifest.json in the bundle must be a JSON object');
    const payloads: Record<string, string> = {};
    for (const e of entries) if (e.name.startsWith(`${prefix}payloads/`) && !e.name.endsWith('/')) payloads[e.name.slice(prefix.length + 'payloads/'.length)] = readZipEntry(buf, e).toString('utf8');
    const path = `/var/lib/mirror-neuron/uploads/${Math.random().toString(16).slice(2, 14)}/${name.replace(/\.zip$/i, '')}`;
    world.bundles.set(path, { path, manifest: manifest as Record<string, unknown>, payloads, fileName: name });
    ok(res, 'BundleUpload', { bundle_path: path, manifest, rag_db: null, payloads: Object.keys(payloads) });
  });

  // ================================================================ blueprints

  const bpOr404 = (id: string) => {
    if (!/^[A-Za-z0-9_.-]{1,120}$/.test(id)) throw detail(400, 'invalid blueprint id');
    const bp = world.blueprint(id);
    if (!bp) throw detail(404, `blueprint ${id} not found`);
    return bp;
  };

  const configOf = (body: Record<string, unknown>): Record<string, unknown> => {
    const c = body.config_overwrite ?? body.config_overrides ?? {};
    if (c === null || typeof c !== 'object' || Array.isArray(c)) throw pydantic(['body', 'config_overwrite'], 'Input should be a valid dictionary', 'dict_type', c);
    return c as Record<string, unknown>;
  };

  route('GET', '/blueprints', (req, res) => {
    const wanted = (req.query.get('category') ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter(Boolean);
    const list = world.blueprints.filter((b) => !wanted.length || wanted.includes(b.category.toLowerCase()));
    const cats = new Map<string, number>();
    for (const b of world.blueprints) cats.set(b.category, (cats.get(b.category) ?? 0) + 1);
    ok(res, 'BlueprintList', { repo_dir: '/opt/mirror-neuron/blueprints', blueprints: list.map((b) => world.blueprintView(b)), categories: [...cats].map(([name, count]) => ({ name, slug: name.toLowerCase(), count })) });
  });

  route('GET', '/blueprints/launch/progress/{progress_id}', (req, res) => {
    const id = req.params.progress_id;
    if (!/^[A-Za-z0-9_.:-]{1,220}$/.test(id)) throw detail(400, 'invalid progress id');
    const l = world.launches.get(id);
    if (!l) throw detail(404, 'launch progress not found');
    ok(res, 'LaunchProgress', launchRecord(l, basePath(req)));
  });

  route('GET', '/blueprints/{blueprint_id}', (req, res) => ok(res, 'BlueprintGet', { blueprint: world.blueprintView(bpOr404(req.params.blueprint_id)) }));

  route('POST', '/blueprints/{blueprint_id}/install', (req, res) => {
    const bp = bpOr404(req.params.blueprint_id);
    const force = boolParam(req, 'force', false);
    const models = world.installModels(bp.models).map((m) => (force && m.status === 'already_installed' ? { ...m, status: 'reinstalled' } : m));
    ok(res, 'BlueprintInstall', { installed: true, blueprint: world.blueprintView(bp), model_install: { ok: true, models, errors: [] } });
  });

  route('POST', '/blueprints/{blueprint_id}/validate', (req, res) => {
    const bp = bpOr404(req.params.blueprint_id);
    const issues = world.validate(bp, configOf(jsonBody(req)));
    ok(res, 'BlueprintValidate', { blueprint: world.blueprintView(bp), validation: validationReport(issues) });
  });

  route('POST', '/blueprints/{blueprint_id}/runs', (req, res) => {
    const bp = bpOr404(req.params.blueprint_id);
    const body = jsonBody(req);
    const config = configOf(body);
    const force = body.force === true;
    const issues = world.validate(bp, config);
    if (issues.some((i) => i.severity === 'error') && !force) throw validationProblem(422, 'blueprint_validation_failed', 'Blueprint validation failed', issues);
    const missing = bp.models.filter((m) => !world.facts().installed(m));
    const install = world.installModels(missing);
    const launch = world.startLaunch({ bp, manifest: blueprintManifest(bp, config), source: 'catalog', config, force: true, runId: typeof body.run_id === 'string' ? body.run_id : undefined, issues, immediate: true });
    const base = basePath(req);
    ok(res, 'BlueprintRun', {
      job_id: launch.jobId,
      id: launch.jobId,
      run_id: launch.runId,
      status: 'pending',
      source: 'catalog',
      blueprint: world.blueprintView(bp),
      validation: validationReport(issues),
      model_install: { ok: true, models: install, errors: [] },
      progress_id: launch.progressId,
      progress_url: `${base}/blueprints/launch/progress/${launch.progressId}`,
      web_ui_service: bp.video ? { name: 'web-ui', url: `http://localhost:55173/runs/${launch.runId}` } : null,
    });
  });

  /** The source of a launch request: a catalog blueprint, a server path of one, or an uploaded bundle. */
  const launchSource = (body: Record<string, unknown>) => {
    const source = String(body.source ?? (body._bundle_path ? 'bundle' : body.path ? 'path' : 'catalog'));
    if (!['catalog', 'path', 'bundle'].includes(source)) throw pydantic(['body', 'source'], "Input should be 'catalog', 'path' or 'bundle'", 'literal_error', source);
    const config = configOf(body);
    if (source === 'bundle') {
      const b = typeof body._bundle_path === 'string' ? world.bundles.get(body._bundle_path) : undefined;
      if (!b) throw detail(400, 'unknown uploaded bundle');
      // the gateway's own checks of what it would submit: requirements and input rules, not the schema
      const issues: Issue[] = [...requirementIssues(b.manifest, facts()), ...inputIssues(b.manifest, Object.keys(b.payloads))];
      return { source, bp: undefined, manifest: b.manifest, config, issues };
    }
    let id = typeof body.blueprint_id === 'string' ? body.blueprint_id : undefined;
    if (source === 'path') {
      const p = typeof body.path === 'string' ? body.path : '';
      const m = /\/blueprints\/([A-Za-z0-9_.-]+)\/?$/.exec(p);
      if (!m) throw detail(400, `blueprint path not found: ${p || '(empty)'}`);
      id = m[1];
    }
    if (!id) throw detail(422, 'blueprint_id is required for catalog launches');
    const bp = bpOr404(id);
    return { source, bp, manifest: blueprintManifest(bp, config), config, issues: world.validate(bp, config) };
  };

  route('POST', '/blueprints/launch/validate', (req, res) => {
    const src = launchSource(jsonBody(req));
    ok(res, 'BlueprintValidate', { source: src.source, blueprint: src.bp ? world.blueprintView(src.bp) : null, validation: validationReport(src.issues), manifest: src.manifest });
  });

  route('POST', '/blueprints/launch/runs', (req, res) => {
    const body = jsonBody(req);
    const src = launchSource(body);
    const launch = world.startLaunch({ bp: src.bp, manifest: src.manifest, source: src.source, config: src.config, force: body.force === true, runId: typeof body.run_id === 'string' ? body.run_id : undefined, issues: src.issues });
    ok(res, 'BlueprintRun', { status: 'launching', run_id: launch.runId, job_id: null, source: src.source, progress_id: launch.progressId, progress_url: `${basePath(req)}/blueprints/launch/progress/${launch.progressId}` }, 202);
  });

  // ================================================================ runs

  route('GET', '/runs/{run_id}/result', (req, res) => {
    const job = runOr404(req.params.run_id);
    if (job.status !== 'completed') throw detail(404, 'result not found');
    ok(res, 'RunResult', world.runtime.result(job));
  });

  route('GET', '/runs/{run_id}/final-artifact', (req, res) => {
    const job = runOr404(req.params.run_id);
    if (job.status !== 'completed') throw detail(404, 'final artifact not found');
    ok(res, null, world.runtime.finalArtifact(job));
  });

  route('GET', '/runs/{run_id}/artifacts', (req, res) => {
    const job = runOr404(req.params.run_id);
    ok(res, 'ArtifactList', { run_id: job.runId, run_dir: `/var/lib/mirror-neuron/runs/${job.runId}`, artifacts: artifactRefs(job, basePath(req)) });
  });

  route('POST', '/runs/{run_id}/artifacts/{*path}/reveal', (req, res) => {
    const job = runOr404(req.params.run_id);
    const f = world.runtime.files(job).get(req.params.path);
    if (!f) throw detail(404, 'artifact not found');
    const path = `/var/lib/mirror-neuron/runs/${job.runId}/${req.params.path}`;
    ok(res, null, { ok: true, path, folder: path.slice(0, path.lastIndexOf('/')) });
  });

  const sendFile = (req: MockRequest, res: ServerResponse, buf: Buffer, type: string, name: string) => {
    res.writeHead(200, { 'content-type': type, 'content-length': buf.length, 'content-disposition': `attachment; filename="${name}"` });
    if (req.method === 'HEAD') return res.end();
    // in chunks, so a slow-body fault shows progress
    for (let off = 0; off < buf.length; off += 64 * 1024) res.write(buf.subarray(off, off + 64 * 1024));
    res.end();
  };

  route('GET', '/runs/{run_id}/artifacts/{*path}', (req, res) => {
    const job = runOr404(req.params.run_id);
    const rel = req.params.path;
    if (rel.split('/').includes('..')) throw detail(400, 'invalid artifact path');
    const f = world.runtime.files(job).get(rel);
    if (!f) throw detail(404, 'artifact not found');
    sendFile(req, res, f.content(), f.type, rel.split('/').pop()!);
  });

  const outputsOf = (job: Job, base: string) => {
    const files = world.runtime.files(job);
    return ['final_artifact.json', 'outputs/dataset.csv']
      .filter((rel) => files.has(rel))
      .map((rel, i) => {
        const f = files.get(rel)!;
        const buf = f.content();
        return { artifact_id: f.id, name: rel === 'final_artifact.json' ? 'Final report' : 'Dataset', relative_path: rel, path: `/var/lib/mirror-neuron/runs/${job.runId}/${rel}`, size_bytes: buf.length, sha256: world.runtime.sha256(buf), content_type: f.type, url: `${base}/runs/${job.runId}/outputs/${i}`, source: 'run_store', external: false };
      });
  };

  route('GET', '/runs/{run_id}/outputs', (req, res) => {
    const job = runOr404(req.params.run_id);
    ok(res, 'OutputList', { run_id: job.runId, run_dir: `/var/lib/mirror-neuron/runs/${job.runId}`, outputs: outputsOf(job, basePath(req)) });
  });

  route('GET', '/runs/{run_id}/outputs/{index}', (req, res) => {
    const job = runOr404(req.params.run_id);
    const out = outputsOf(job, basePath(req))[Number(req.params.index)];
    if (!out) throw detail(404, 'output not found');
    const f = world.runtime.files(job).get(out.relative_path)!;
    sendFile(req, res, f.content(), f.type, out.relative_path.split('/').pop()!);
  });

  const records = (job: Job, channel: Channel) => job.store.filter((r) => r.channel === channel).map((r) => r.data);
  const since = (req: MockRequest) => {
    const raw = req.query.get('since');
    if (!raw) return undefined;
    const t = Date.parse(raw);
    if (Number.isNaN(t)) throw detail(400, `invalid since "${raw}": use an ISO-8601 timestamp`);
    return t;
  };
  const after = (rows: Array<Record<string, unknown>>, t: number | undefined) => (t === undefined ? rows : rows.filter((r) => Date.parse(String(r.ts)) > t));

  route('GET', '/runs/{run_id}/events', (req, res) => {
    const job = runOr404(req.params.run_id);
    const limit = intParam(req, 'limit', 200, 1, 5000);
    const channel = req.query.get('channel') ?? '';
    const rows = channel === 'human' ? records(job, 'human') : records(job, 'events');
    ok(res, 'RunEventList', { run_id: job.runId, data: rows.slice(-limit) });
  });

  route('GET', '/runs/{run_id}/logs', (req, res) => {
    const job = runOr404(req.params.run_id);
    const limit = intParam(req, 'limit', 200, 1, 5000);
    const level = (req.query.get('level') ?? '').toUpperCase();
    if (level && LEVELS[level] === undefined) throw detail(400, `invalid level "${level}": use DEBUG, INFO, WARN or ERROR`);
    const rows = after(records(job, 'logs'), since(req)).filter((r) => !level || (LEVELS[String(r.level)] ?? 1) >= LEVELS[level]);
    ok(res, 'RunLogList', { run_id: job.runId, data: rows.slice(-limit) });
  });

  route('GET', '/runs/{run_id}/timeline', (req, res) => {
    const job = runOr404(req.params.run_id);
    const limit = intParam(req, 'limit', 500, 1, 5000);
    ok(res, 'TimelineList', { run_id: job.runId, data: after(records(job, 'timeline'), since(req)).slice(-limit) });
  });

  route('GET', '/runs/{run_id}/observability-summary', (req, res) => ok(res, 'ObservabilitySummary', world.runtime.observability(runOr404(req.params.run_id))));

  route('GET', '/runs/{run_id}/stream', (req, res) => {
    const job = runOr404(req.params.run_id);
    const interval = numParam(req, 'interval', 1, 0.25, 30);
    const channels = new Set((req.query.get('channels') ?? 'events,logs,human,resources').split(',').map((c) => c.trim()).filter(Boolean));
    for (const c of channels) if (!['events', 'logs', 'human', 'resources', 'timeline'].includes(c)) throw detail(400, `unknown channel "${c}": use events, logs, human, resources, timeline`);
    const level = (req.query.get('level') ?? '').toUpperCase();
    if (level && LEVELS[level] === undefined) throw detail(400, `invalid level "${level}"`);
    let lastSeq = Number(req.headers['last-event-id'] ?? 0) || 0;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    streams.add(res);
    let lastWrite = Date.now();
    const flush = () => {
      for (const r of job.store) {
        if (r.seq <= lastSeq) continue;
        lastSeq = r.seq;
        if (!channels.has(r.channel)) continue;
        if (r.channel === 'logs' && level && (LEVELS[String(r.data.level)] ?? 1) < LEVELS[level]) continue;
        res.write(`id: ${r.seq}\nevent: ${r.channel}\ndata: ${JSON.stringify(r.data)}\n\n`);
        lastWrite = Date.now();
      }
    };
    const stop = () => {
      clearInterval(timer);
      streams.delete(res);
    };
    const timer = setInterval(() => {
      if (res.destroyed || res.writableEnded) return stop();
      world.tick();
      flush();
      if (Date.now() - lastWrite >= interval * 1000) {
        res.write(': heartbeat\n\n');
        lastWrite = Date.now();
      }
    }, 100);
    res.on('close', stop);
    flush();
  });

  route('GET', '/runs/{run_id}/resources', (req, res) => {
    const job = runOr404(req.params.run_id);
    const windowText = req.query.get('window') ?? '24h';
    const bucketText = req.query.get('bucket') ?? '1h';
    const windowMs = durationMs(windowText, 'window');
    const bucketMs = durationMs(bucketText, 'bucket');
    if (bucketMs > windowMs) throw detail(400, 'bucket must not be longer than window');
    const now = ctx.clock.now();
    const rows = records(job, 'resources').filter((r) => Date.parse(String(r.ts)) >= now - windowMs);
    const llm = (r: Record<string, unknown>) => r.llm as { input_tokens: number; output_tokens: number; total_tokens: number; calls: number };
    const buckets = new Map<number, Array<Record<string, unknown>>>();
    for (const r of rows) {
      const b = Math.floor(Date.parse(String(r.ts)) / bucketMs) * bucketMs;
      buckets.set(b, [...(buckets.get(b) ?? []), r]);
    }
    const cpu = rows.map((r) => Number(r.cpu_pct));
    const mem = rows.map((r) => Number(r.memory_rss_mb));
    ok(res, 'ResourceRollup', {
      run_id: job.runId,
      window: windowText,
      bucket: bucketText,
      sample_count: rows.length,
      cpu: { avg_pct: cpu.length ? Math.round(cpu.reduce((a, b) => a + b, 0) / cpu.length) : 0, max_pct: Math.max(0, ...cpu) },
      memory: { max_rss_mb: Math.max(0, ...mem), avg_rss_mb: mem.length ? Math.round(mem.reduce((a, b) => a + b, 0) / mem.length) : 0 },
      gpu: { samples: 0 },
      llm: {
        input_tokens: rows.reduce((a, r) => a + llm(r).input_tokens, 0),
        output_tokens: rows.reduce((a, r) => a + llm(r).output_tokens, 0),
        total_tokens: rows.reduce((a, r) => a + llm(r).total_tokens, 0),
        calls: rows.reduce((a, r) => a + llm(r).calls, 0),
        estimated: true,
      },
      buckets: [...buckets].sort(([a], [b]) => a - b).map(([start, rs]) => ({ start: iso(start), samples: rs.length, total_tokens: rs.reduce((a, r) => a + llm(r).total_tokens, 0), max_memory_rss_mb: Math.max(...rs.map((r) => Number(r.memory_rss_mb))) })),
    });
  });

  route('GET', '/runs/{run_id}/human', (req, res) => {
    const job = runOr404(req.params.run_id);
    const status = req.query.get('status');
    if (status && !['pending', 'answered', 'acknowledged'].includes(status)) throw detail(400, `invalid status "${status}"`);
    ok(res, 'HumanList', { run_id: job.runId, data: job.human.filter((h) => !status || h.status === status).map((h) => h.record) });
  });

  route('POST', '/runs/{run_id}/human/{request_id}/response', (req, res) => {
    const job = runOr404(req.params.run_id);
    const body = jsonBody(req);
    if (typeof body.decision !== 'string' || !body.decision) throw pydantic(['body', 'decision'], 'Field required', 'missing');
    const item = job.human.find((h) => h.id === req.params.request_id && h.kind === 'request');
    if (!item) throw detail(404, 'human request not found');
    if (item.status !== 'pending') throw detail(409, `human request ${item.id} was already answered`);
    item.status = 'answered';
    item.record.status = 'answered';
    const now = ctx.clock.now();
    const rec = { ts: iso(now), run_id: job.runId, channel: 'human', type: 'human_input_received', status: 'answered', payload: { request_id: item.id, decision: body.decision, approved: /^(approve|approved|yes|accept)$/i.test(body.decision), notes: typeof body.notes === 'string' ? body.notes : null, reviewer: typeof body.reviewer === 'string' ? body.reviewer : 'api' } };
    world.runtime.append(job, 'human', rec);
    ok(res, 'HumanRecord', rec);
  });

  route('POST', '/runs/{run_id}/human/{notice_id}/ack', (req, res) => {
    const job = runOr404(req.params.run_id);
    const body = jsonBody(req);
    const item = job.human.find((h) => h.id === req.params.notice_id);
    if (!item) throw detail(404, 'human notice not found');
    if (item.status === 'acknowledged') throw detail(409, `notice ${item.id} was already acknowledged`);
    item.status = 'acknowledged';
    item.record.status = 'acknowledged';
    const rec = { ts: iso(ctx.clock.now()), run_id: job.runId, channel: 'human', type: 'human_notice_acknowledged', status: 'acknowledged', payload: { notice_id: item.id, reviewer: typeof body.reviewer === 'string' ? body.reviewer : 'api' } };
    world.runtime.append(job, 'human', rec);
    ok(res, 'HumanRecord', rec);
  });

  route('GET', '/runs/{run_id}/ui', (req, res) => {
    const job = runOr404(req.params.run_id);
    const limit = intParam(req, 'limit', 200, 1, 5000);
    const base = basePath(req);
    ok(res, 'RunUi', {
      run_id: job.runId,
      run_dir: `/var/lib/mirror-neuron/runs/${job.runId}`,
      ui: {
        schema_version: 'mn.ui.v1',
        adapter: 'gradio',
        kind: job.video ? 'video_report' : 'report',
        title: `${job.name}`,
        components: [{ type: 'events', source: 'events.jsonl' }, ...(job.video ? [{ type: 'video', url: `${base}/runs/${job.runId}/ui/video` }] : [])],
        metadata: { blueprint_id: job.blueprintId ?? null },
      },
      web_ui: { adapter: 'gradio', kind: 'run', url: `http://localhost:55173/runs/${job.runId}`, title: job.name, path: `/runs/${job.runId}`, status: isTerminalJobStatus(job.status) ? 'stopped' : 'running', metadata: {} },
      job: { job_id: job.id, run_id: job.runId, status: job.status },
      run: world.runtime.runJson(job),
      events: records(job, 'events').slice(-limit),
    });
  });

  route('GET', '/runs/{run_id}/ui/video', (req, res) => {
    const job = runOr404(req.params.run_id);
    if (!job.video) throw detail(404, 'video not found');
    // a tiny MP4 header (ftyp box) followed by deterministic filler
    const head = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
    const body = Buffer.alloc(96 * 1024, job.runId.length);
    sendFile(req, res, Buffer.concat([head, body]), 'video/mp4', `${job.runId}.mp4`);
  });

  // ================================================================ models, services, resource

  const modelView = (m: (typeof world.models)[number]) => {
    const usedBy = world.blueprints.filter((b) => b.models.includes(m.id)).map((b) => b.id);
    return { id: m.id, docker_model: m.docker_model, installed: m.installed, manual: m.manual, node: world.nodes[0].name, nodes: m.installed ? world.healthyNodes().map((n) => n.name) : [], owner_count: usedBy.length, used_by: usedBy, orphaned: m.installed && usedBy.length === 0 && !m.manual, size_mb: m.sizeMb, compatibility: { status: 'pass', ok: true, message: 'fits in memory', warnings: [] } };
  };

  route('GET', '/models', (_req, res) => ok(res, 'ModelList', { runner_available: true, node: world.nodes[0].name, models: world.models.map(modelView) }));

  route('POST', '/models/{model_id}/benchmark', (req, res) => {
    const body = jsonBody(req);
    const maxTokens = body.max_tokens ?? 96;
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) throw pydantic(['body', 'max_tokens'], 'Input should be a valid integer', 'int_type', maxTokens);
    if (maxTokens < 16) throw pydantic(['body', 'max_tokens'], 'Input should be greater than or equal to 16', 'greater_than_equal', maxTokens);
    if (maxTokens > 512) throw pydantic(['body', 'max_tokens'], 'Input should be less than or equal to 512', 'less_than_equal', maxTokens);
    const m = world.models.find((x) => x.id === req.params.model_id || x.docker_model === req.params.model_id);
    if (!m || !m.installed) throw detail(404, `model ${req.params.model_id} is not installed`);
    const tps = 18 + (m.sizeMb % 37);
    const first = 120 + (m.sizeMb % 90);
    ok(res, 'Benchmark', { model: m.id, name: m.id, docker_model: m.docker_model, api_model: m.docker_model, node: world.nodes[0].name, elapsed_ms: Math.round(first + (maxTokens / tps) * 1000), first_token_ms: first, generated_tokens: maxTokens, tokens_per_second: tps, sample: 'The mesh is healthy and every node answers promptly.', estimated: true });
  });

  const serviceView = (s: (typeof world.services)[number]) => ({ ...s, health: { checks: [{ name: 'http', status: s.status, output: s.status === 'passing' ? 'HTTP 200' : s.status === 'warning' ? 'slow: 1.8 s' : 'connection refused' }] } });
  const serviceFilter = (req: MockRequest) => {
    const tags = req.query.getAll('tag');
    const f = (k: string) => req.query.get(k) ?? '';
    return (s: (typeof world.services)[number]) =>
      (!f('name') || s.name === f('name')) && (!f('node') || s.node === f('node') || s.address === f('node')) && (!f('job_id') || s.job_id === f('job_id')) && (!f('agent_id') || s.agent_id === f('agent_id')) && (!f('status') || s.status === f('status')) && tags.every((t) => s.tags.includes(t));
  };

  route('GET', '/services', (req, res) => {
    const passingOnly = boolParam(req, 'passing_only', false);
    const keep = serviceFilter(req);
    ok(res, 'ServiceList', { services: world.services.filter((s) => keep(s) && (!passingOnly || s.status === 'passing')).map(serviceView) });
  });

  route('GET', '/services/{name}/resolve', (req, res) => {
    const keep = serviceFilter(req);
    const name = req.params.name;
    const all = world.services.filter((s) => s.name === name && keep(s));
    if (!all.length) throw detail(404, `service ${name} not found`);
    const passing = all.filter((s) => s.status === 'passing');
    if (!passing.length) throw detail(404, `no passing instance of service ${name}`);
    ok(res, 'ServiceList', { services: passing.map(serviceView) });
  });

  route('GET', '/resource', (_req, res) => ok(res, 'ResourceInfo', world.resourceView()));
  route('GET', '/resource/ports', (_req, res) => ok(res, null, { ports: world.resourceView().native_ports }));

  const setResource = (req: MockRequest, res: ServerResponse) => {
    const body = jsonBody(req);
    const keys = ['cpu', 'gpu', 'memory', 'disk'] as const;
    const given = keys.filter((k) => body[k] !== undefined && body[k] !== null);
    if (!given.length) throw detail(422, 'give at least one of cpu, gpu, memory, disk');
    for (const k of given) {
      const v = body[k];
      if (typeof v !== 'number' || !Number.isInteger(v)) throw pydantic(['body', k], 'Input should be a valid integer', 'int_type', v);
      if (v < 1) throw pydantic(['body', k], 'Input should be greater than or equal to 1', 'greater_than_equal', v);
      if (v > 100) throw pydantic(['body', k], 'Input should be less than or equal to 100', 'less_than_equal', v);
    }
    for (const k of given) world.limits[k] = body[k] as number;
    ok(res, 'ResourceInfo', world.resourceView());
  };
  route('POST', '/resource', setResource);
  route('PUT', '/resource', setResource);

  // ================================================================ schedules and events

  const schedOr404 = (id: string): ScheduleState => {
    const sc = world.schedules.get(id);
    if (!sc || sc.status === 'deleted') throw detail(404, `schedule ${id} not found`);
    return sc;
  };

  const SCHEDULE_ATTRS = ['name', 'crons', 'timezone', 'prohibit_overlap', 'missed_policy', 'catchup_limit', 'window', 'run_at', 'delay_ms', 'event_type', 'filter'];

  /** Apply schedule attributes (create and PATCH share the rules). */
  const applyAttrs = (sc: ScheduleState, a: Record<string, unknown>, where: string[]) => {
    for (const key of Object.keys(a)) if (!SCHEDULE_ATTRS.includes(key) && key !== 'kind') throw detail(422, `unknown schedule attribute "${key}"`);
    if (a.name !== undefined) sc.name = String(a.name);
    if (a.timezone !== undefined) {
      if (a.timezone !== 'UTC' && !/^[A-Za-z]+\/[A-Za-z_]+$/.test(String(a.timezone))) throw pydantic([...where, 'timezone'], `unknown timezone "${a.timezone}"`, 'value_error', a.timezone);
      sc.timezone = String(a.timezone);
    }
    if (a.crons !== undefined) {
      if (!Array.isArray(a.crons) || !a.crons.every((c) => typeof c === 'string')) throw pydantic([...where, 'crons'], 'Input should be a valid list of strings', 'list_type', a.crons);
      for (const c of a.crons as string[]) {
        try {
          parseCron(c);
        } catch (e) {
          throw detail(422, `invalid cron expression "${c}": ${(e as Error).message}`);
        }
      }
      sc.crons = a.crons as string[];
    }
    if (a.prohibit_overlap !== undefined) sc.prohibitOverlap = a.prohibit_overlap === true;
    if (a.missed_policy !== undefined) {
      if (!['skip', 'catchup_one', 'catchup_all'].includes(String(a.missed_policy))) throw pydantic([...where, 'missed_policy'], "Input should be 'skip', 'catchup_one' or 'catchup_all'", 'literal_error', a.missed_policy);
      sc.missedPolicy = a.missed_policy as ScheduleState['missedPolicy'];
    }
    if (a.catchup_limit !== undefined) {
      if (typeof a.catchup_limit !== 'number' || a.catchup_limit < 0) throw pydantic([...where, 'catchup_limit'], 'Input should be greater than or equal to 0', 'greater_than_equal', a.catchup_limit);
      sc.catchupLimit = a.catchup_limit;
    }
    if (a.window !== undefined) sc.window = (a.window ?? undefined) as Record<string, unknown> | undefined;
    if (a.run_at !== undefined) {
      const t = Date.parse(String(a.run_at));
      if (Number.isNaN(t)) throw pydantic([...where, 'run_at'], 'Input should be a valid datetime', 'datetime_parsing', a.run_at);
      sc.runAt = t;
    }
    if (a.delay_ms !== undefined) {
      if (typeof a.delay_ms !== 'number' || a.delay_ms < 0) throw pydantic([...where, 'delay_ms'], 'Input should be greater than or equal to 0', 'greater_than_equal', a.delay_ms);
      sc.runAt = ctx.clock.now() + a.delay_ms;
    }
    if (a.event_type !== undefined) sc.eventType = String(a.event_type);
    if (a.filter !== undefined) {
      if (a.filter !== null && (typeof a.filter !== 'object' || Array.isArray(a.filter))) throw pydantic([...where, 'filter'], 'Input should be a valid dictionary', 'dict_type', a.filter);
      sc.filter = (a.filter ?? undefined) as Record<string, unknown> | undefined;
    }
  };

  route('POST', '/schedules', (req, res) => {
    const body = jsonBody(req);
    const schedule = body.schedule;
    if (!schedule || typeof schedule !== 'object' || Array.isArray(schedule)) throw pydantic(['body', 'schedule'], 'Field required', 'missing');
    const s = schedule as Record<string, unknown>;
    const kind = String(s.kind ?? '');
    if (!['periodic', 'delayed', 'event'].includes(kind)) throw pydantic(['body', 'schedule', 'kind'], "Input should be 'periodic', 'delayed' or 'event'", 'literal_error', s.kind);
    const { manifest, payloads } = manifestFrom({ manifest_json: body.manifest_json, _bundle_path: body._bundle_path, payloads: body.payloads });
    const now = ctx.clock.now();
    const id = `sched-${Math.random().toString(16).slice(2, 10)}`;
    const sc: ScheduleState = { id, name: String(body.name ?? s.name ?? `${kind} schedule`), kind: kind as ScheduleState['kind'], status: 'active', timezone: 'UTC', crons: [], prohibitOverlap: false, missedPolicy: 'skip', catchupLimit: 10, manifest, payloads, source: (body.source as Record<string, unknown>) ?? { kind: 'api' }, childJobIds: [], dispatchCount: 0, missedCount: 0, failureCount: 0, createdAt: now, updatedAt: now };
    const { kind: _k, ...attrs } = s;
    void _k;
    applyAttrs(sc, attrs, ['body', 'schedule']);
    if (kind === 'periodic' && !sc.crons.length) throw detail(422, 'a periodic schedule needs at least one cron expression');
    if (kind === 'delayed' && sc.runAt === undefined) throw detail(422, 'a delayed schedule needs run_at or delay_ms');
    if (kind === 'event' && !sc.eventType) throw detail(422, 'an event schedule needs event_type');
    sc.nextRunAt = computeNext(sc, now);
    world.schedules.set(id, sc);
    ok(res, 'ScheduleMutation', { schedule_id: id, id, status: 'active', schedule: scheduleView(sc) });
  });

  route('GET', '/schedules', (req, res) => {
    const kind = req.query.get('kind');
    const status = req.query.get('status');
    const list = [...world.schedules.values()].filter((s) => s.status !== 'deleted' && (!kind || s.kind === kind) && (!status || s.status === status));
    ok(res, 'ScheduleList', { schedules: list.map(scheduleView) });
  });

  route('GET', '/schedules/{schedule_id}', (req, res) => ok(res, 'Schedule', scheduleView(schedOr404(req.params.schedule_id))));

  route('PATCH', '/schedules/{schedule_id}', (req, res) => {
    const sc = schedOr404(req.params.schedule_id);
    const body = jsonBody(req);
    const attrs = body.attrs;
    if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs)) throw pydantic(['body', 'attrs'], 'Field required', 'missing');
    if ('kind' in (attrs as object)) throw detail(422, 'the kind of a schedule cannot be changed; delete it and create a new one');
    applyAttrs(sc, attrs as Record<string, unknown>, ['body', 'attrs']);
    sc.updatedAt = ctx.clock.now();
    sc.reason = typeof body.reason === 'string' ? body.reason : sc.reason;
    sc.nextRunAt = computeNext(sc, ctx.clock.now());
    ok(res, 'ScheduleMutation', { schedule_id: sc.id, id: sc.id, status: 'updated', schedule: scheduleView(sc) });
  });

  route('POST', '/schedules/{schedule_id}/pause', (req, res) => {
    const sc = schedOr404(req.params.schedule_id);
    if (sc.status === 'completed') throw detail(409, `schedule ${sc.id} is completed and cannot be paused`);
    sc.status = 'paused';
    sc.updatedAt = ctx.clock.now();
    ok(res, 'ScheduleMutation', { schedule_id: sc.id, id: sc.id, status: 'paused', schedule: scheduleView(sc) });
  });

  route('POST', '/schedules/{schedule_id}/resume', (req, res) => {
    const sc = schedOr404(req.params.schedule_id);
    if (sc.status === 'completed') throw detail(409, `schedule ${sc.id} is completed and cannot be resumed`);
    sc.status = 'active';
    sc.updatedAt = ctx.clock.now();
    sc.nextRunAt = computeNext(sc, ctx.clock.now());
    ok(res, 'ScheduleMutation', { schedule_id: sc.id, id: sc.id, status: 'active', schedule: scheduleView(sc) });
  });

  route('DELETE', '/schedules/{schedule_id}', (req, res) => {
    const sc = schedOr404(req.params.schedule_id);
    sc.status = 'deleted';
    sc.reason = req.query.get('reason') ?? sc.reason;
    ok(res, 'ScheduleMutation', { schedule_id: sc.id, id: sc.id, status: 'deleted' });
  });

  route('POST', '/schedules/{schedule_id}/dispatch', (req, res) => {
    const sc = schedOr404(req.params.schedule_id);
    const body = jsonBody(req);
    const job = world.dispatch(sc, ctx.clock.now(), typeof body.reason === 'string' ? body.reason : 'manual');
    ok(res, 'ScheduleMutation', { schedule_id: sc.id, id: sc.id, status: 'dispatched', job_id: job?.id ?? null, event_id: `evt_${Math.random().toString(16).slice(2, 14)}` });
  });

  route('POST', '/events', (req, res) => {
    const body = jsonBody(req);
    if (typeof body.event_type !== 'string' || !body.event_type) throw pydantic(['body', 'event_type'], 'Field required', 'missing');
    const payload = body.payload ?? {};
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw pydantic(['body', 'payload'], 'Input should be a valid dictionary', 'dict_type', payload);
    ok(res, 'TriggerEvent', world.emitEvent(body.event_type, payload as Record<string, unknown>, typeof body.source === 'string' ? body.source : 'api'));
  });

  route('GET', '/events', (req, res) => {
    const limit = intParam(req, 'limit', 100, 1, 1000);
    ok(res, 'TriggerEventList', { events: world.events.slice(-limit).reverse() });
  });

  // ================================================================ cluster

  const HOST = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[?[0-9a-fA-F:]+\]?$/;

  const addNode = (verb: string) => (req: MockRequest, res: ServerResponse) => {
    const body = jsonBody(req);
    const missing = ['host', 'token'].filter((k) => typeof body[k] !== 'string' || !body[k]);
    if (missing.length) throw new Reply(jsonAnswer(422, { detail: missing.map((k) => ({ type: 'missing', loc: ['body', k], msg: 'Field required', input: null })) }));
    const host = String(body.host).trim();
    if (!HOST.test(host)) throw detail(422, 'Remote node host must be a host name or IP address.');
    const grpcPort = body.grpc_port === undefined || body.grpc_port === null ? 55051 : Number(body.grpc_port);
    if (!Number.isInteger(grpcPort) || grpcPort < 1 || grpcPort > 65535) throw pydantic(['body', 'grpc_port'], 'Input should be a valid port (1-65535)', 'value_error', body.grpc_port);
    if (cfg.join_token && body.token !== cfg.join_token) throw problem(403, 'MN_PERMISSION_DENIED', 'Permission Denied', `node ${host} rejected the join token`, 'Create a fresh join token on the node (mn node expose --force-new-token) and try again.');
    const name = `mirror_neuron@${host}`;
    const existing = world.nodes.find((n) => n.name === name);
    if (existing && existing.status === 'healthy') throw detail(409, `${name} is already a member of this cluster`);
    if (existing) existing.status = 'healthy';
    else world.nodes.push({ name, host, grpcPort, self: false, status: 'healthy', cpuCores: 8, memoryGb: 32, gpuCount: /gpu/i.test(host) ? 1 : 0, joinedAt: ctx.clock.now() });
    ok(res, 'NodeJoin', {
      ok: true,
      host,
      node_name: name,
      status: 'connected',
      message: verb === 'join' ? `${name} joined this cluster.` : `${name} was added to this box.`,
      handshake: { node_name: name, runtime_mode: 'cluster', grpc_host: host, grpc_port: grpcPort, cluster_nodes: world.nodes.map((n) => n.name), network_only: false },
    });
  };
  route('POST', '/system/cluster/nodes:add', addNode('add'));
  route('POST', '/system/cluster/nodes:join', addNode('join'));

  const removeNode = (verb: string) => (req: MockRequest, res: ServerResponse) => {
    const body = jsonBody(req);
    if (typeof body.node_name !== 'string' || !body.node_name) throw new Reply(jsonAnswer(422, { detail: [{ type: 'missing', loc: ['body', 'node_name'], msg: 'Field required', input: null }] }));
    const name = body.node_name.trim();
    if (!name.includes('@')) throw detail(422, 'Node name must look like mirror_neuron@host.');
    const idx = world.nodes.findIndex((n) => n.name === name);
    if (idx < 0) throw detail(404, `node ${name} is not a member of this cluster`);
    if (world.nodes[idx].self && verb === 'remove') throw detail(409, `${name} is this node; use leave from another member, or stop the runtime`);
    world.nodes.splice(idx, 1);
    ok(res, 'NodeLeave', { ok: true, node_name: name, status: 'disconnected', message: verb === 'leave' ? `${name} left the cluster.` : `${name} was removed from this box.` });
  };
  route('POST', '/system/cluster/nodes:remove', removeNode('remove'));
  route('POST', '/system/cluster/nodes:leave', removeNode('leave'));

  // ================================================================ auth, limits, errors

  const denied = jsonAnswer(401, { detail: 'missing or invalid bearer token' });

  const before = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0];
    const isHealth = BASES.some((b) => path === `${b}/health`);
    const write = (a: ErrorAnswer) => {
      res.writeHead(a.status, { 'content-type': a.contentType, 'content-length': Buffer.byteLength(a.body), ...(a.headers ?? {}) });
      res.end(a.body);
    };
    if (!isHealth && token && req.headers.authorization !== `Bearer ${token}`) {
      write(denied);
      return true;
    }
    const cl = req.headers['content-length'];
    if (cl !== undefined) {
      if (!/^\d+$/.test(cl)) {
        write(jsonAnswer(400, { error: 'invalid_content_length' }));
        return true;
      }
      if (Number(cl) > cfg.request_limit_bytes) {
        // read (and drop) the body first so the client sees the answer rather than a reset
        req.resume();
        req.on('end', () => write(jsonAnswer(413, { error: 'request_too_large', limit_bytes: cfg.request_limit_bytes }, { connection: 'close' })));
        return true;
      }
    }
    return false;
  };

  const errorAnswer = (code: string, message?: string): ErrorAnswer => {
    switch (code) {
      case 'service_unavailable':
      case 'resource_overloaded':
        return jsonAnswer(503, { error: 'resource_overloaded', detail: message ?? 'runtime is overloaded; retry later' });
      case 'not_found':
        return jsonAnswer(404, { detail: message ?? 'Not Found' });
      case 'unauthorized':
        return denied;
      case 'forbidden':
        return problem(403, 'MN_PERMISSION_DENIED', 'Permission Denied', message ?? 'permission denied', 'Check the admin token.').answer;
      case 'gateway_timeout':
        return jsonAnswer(504, { detail: message ?? 'core gRPC deadline exceeded' });
      case 'bad_request':
        return jsonAnswer(400, { detail: message ?? 'bad request' });
      case 'request_too_large':
        return jsonAnswer(413, { error: 'request_too_large', limit_bytes: cfg.request_limit_bytes });
      default:
        return problem(500, 'MN_EXECUTION_FAILED', 'Execution Failed', message ?? 'Execution failed. Run again with --debug for more details.', 'Check the API logs for more details.').answer;
    }
  };

  return {
    mn: {
      router,
      errorAnswer,
      before,
      notFound: () => jsonAnswer(404, { detail: 'Not Found' }),
      methodNotAllowed: (_req, allowed) => jsonAnswer(405, { detail: 'Method Not Allowed' }, { allow: allowed.join(', ') }),
      close: () => {
        clearInterval(ticker);
        for (const s of streams) s.destroy();
        streams.clear();
      },
    },
  };
}
