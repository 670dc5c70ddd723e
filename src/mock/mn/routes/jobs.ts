/** Runtime jobs: submit, list, detail, control, events, workflow progress and its SSE stream, dead letters, cleanup (§2.4). */
import type { ServerResponse } from 'node:http';
import { isTerminalJobStatus } from '../../../vocab/mn.js';
import type { Job } from '../jobs.js';
import { jsonAnswer, Reply, type MockRequest } from '../../router.js';
import { boolParam, detail, grpcError, intParam, iso, jsonBody, numParam, ok, type MnApi } from './common.js';

export function jobsRoutes(api: MnApi): void {
  const { world, route, openStream, basePath, jobOr404, artifactRefs, manifestFrom, admit } = api;

  route('POST', '/jobs', (req, res) => {
    const body = jsonBody(req);
    const { manifest, payloads, source } = manifestFrom(body);
    admit(manifest, payloads, body.force === true);
    const job = world.runtime.create({ manifest, payloadNames: Object.keys(payloads), source });
    ok(res, { id: job.id, status: job.status });
  });

  route('GET', '/jobs', (req, res) => {
    const limit = intParam(req, 'limit', 20, 1, 1000);
    const includeTerminal = boolParam(req, 'include_terminal', true);
    const jobs = world.runtime
      .list()
      .filter((j) => includeTerminal || !isTerminalJobStatus(j.status))
      .reverse()
      .slice(0, limit);
    ok(res, { data: jobs.map((j) => world.runtime.summary(j)) });
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
      return ok(res, {
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
    ok(res, {
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
      ok(res, { status: ANSWER[action], job_id: job.id });
    });
  }

  route('GET', '/jobs/{job_id}/events', (req, res) => {
    const include = req.query.get('include') ?? 'compact';
    if (!['compact', 'summary', 'full'].includes(include)) throw detail(400, 'include must be one of: compact, summary, full');
    const limit = intParam(req, 'limit', 200, 1, 5000);
    const job = jobOr404(req.params.job_id);
    ok(res, { data: job.events.slice(-limit).map(compactEvent) });
  });

  route('GET', '/jobs/{job_id}/workflow-progress', (req, res) => ok(res, world.runtime.snapshot(jobOr404(req.params.job_id))));

  route('GET', '/jobs/{job_id}/workflow-progress/stream', (req, res) => {
    const interval = numParam(req, 'interval', 1, 0.25, 30);
    const job = jobOr404(req.params.job_id);
    const sse = openStream(res);
    let sent = -1;
    let lastWrite = Date.now();
    /** One snapshot; true when the job has finished (the stream then ends). */
    const send = () => {
      sse.event('snapshot', JSON.stringify(world.runtime.snapshot(job)));
      sent = job.events.length;
      lastWrite = Date.now();
      return isTerminalJobStatus(job.status);
    };
    const stop = () => {
      clearInterval(timer);
      sse.end();
    };
    const timer = setInterval(() => {
      if (!sse.open) return stop();
      world.tick();
      if (!world.getJob(job.id) && !isTerminalJobStatus(job.status)) {
        sse.event('error', JSON.stringify({ job_id: job.id, error: `job ${job.id} was not found` }));
        return stop();
      }
      if (job.events.length !== sent) {
        if (send()) stop();
      } else if (Date.now() - lastWrite >= interval * 1000) {
        sse.comment(' heartbeat');
        lastWrite = Date.now();
      }
    }, 100);
    res.on('close', stop);
    if (send()) stop();
  });

  route('GET', '/jobs/{job_id}/dead-letters', (req, res) => {
    const job = jobOr404(req.params.job_id);
    ok(res, { job_id: job.id, data: job.deadLetters });
  });

  route('POST', '/jobs/{job_id}/dead-letters/{index}/replay', (req, res) => {
    const job = jobOr404(req.params.job_id);
    void res;
    throw new Reply(jsonAnswer(501, { detail: { error: 'dead_letter_replay_not_exposed', job_id: job.id, index: Number(req.params.index), message: 'Dead-letter replay is not exposed through the REST gateway.' } }));
  });

  const cleanup = (_req: MockRequest, res: ServerResponse) => ok(res, { cleared_count: world.runtime.cleanup() });
  route('POST', '/jobs/cleanup', cleanup);
  route('POST', '/jobs:cleanup', cleanup);
}
