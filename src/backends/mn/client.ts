/**
 * Typed client of the mn-api gateway. Paths are relative to the configured base, so the same
 * client talks to `/api/v1` (June–July) and `/api/v2` servers. Every answer is parsed with its zod
 * model; every non-2xx answer is already a MeshError (src/http/dialects.ts).
 */
import { basename } from 'node:path';
import { seg, type HttpClient, type StreamResponse } from '../../http/client.js';
import { MeshError } from '../../errors.js';
// the models as lazy ones: a well-formed payload is checked without loading zod
import * as M from './checks.js';

export type JobDetailMode = 'compact' | 'summary' | 'full';
export type JobAction = 'cancel' | 'pause' | 'resume';

export interface SubmitBody {
  manifest_json?: string;
  _bundle_path?: string;
  payloads?: Record<string, string>;
  force?: boolean;
}

export interface ServiceFilters {
  name?: string;
  node?: string;
  job_id?: string;
  agent_id?: string;
  status?: string;
  tags?: string[];
  passing_only?: boolean;
}

export interface LaunchBody {
  source?: 'catalog' | 'path' | 'bundle';
  blueprint_id?: string;
  path?: string;
  _bundle_path?: string;
  run_id?: string;
  job_id?: string;
  config_overwrite?: Record<string, unknown>;
  force?: boolean;
  fake_llm?: boolean;
  fake_skills?: boolean;
}

/** Query string with repeated keys (`tag=a&tag=b`), which the plain query record cannot express. */
function withQuery(path: string, params: Array<[string, string | number | boolean | undefined]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of params) if (v !== undefined && v !== '') q.append(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** An artifact path below the run (`reports/final.md`): each segment encoded on its own. */
function segPath(path: string): string {
  return path
    .split('/')
    .filter((p) => p.length > 0)
    .map(seg)
    .join('/');
}

export class MnClient {
  constructor(readonly http: HttpClient) {}

  // ------------------------------------------------------------ system
  gatewayHealth() {
    return this.http.json({ path: 'health' }, M.GatewayHealth);
  }
  runtimeHealth() {
    return this.http.json({ path: 'runtime/health' }, M.RuntimeHealth);
  }
  runtimeStatus(timeoutS?: number) {
    return this.http.json({ path: 'runtime/status', query: { timeout: timeoutS } }, M.RuntimeStatus);
  }
  systemSummary() {
    return this.http.json({ path: 'system/summary' }, M.SystemSummary);
  }
  metrics() {
    return this.http.json({ path: 'metrics' }, M.Metrics);
  }

  // ------------------------------------------------------------ jobs
  async submitJob(body: SubmitBody) {
    try {
      return await this.http.json({ method: 'POST', path: 'jobs', json: body }, M.SubmitResult);
    } catch (e) {
      if (e instanceof MeshError && e.status === 413) {
        throw new MeshError({ kind: 'usage', code: e.code, backend: 'mn', status: 413, message: `the gateway refused the request as too large: ${e.message}`, details: e.details, hint: 'the gateway accepts requests up to its limit (5 MiB by default); put large payloads in a bundle zip (`meshscope bundle upload`) and submit with --bundle' });
      }
      throw e;
    }
  }
  listJobs(opts: { limit?: number; includeTerminal?: boolean } = {}) {
    return this.http.json({ path: 'jobs', query: { limit: opts.limit, include_terminal: opts.includeTerminal } }, M.JobList);
  }
  getJob(id: string, include: JobDetailMode = 'compact') {
    return this.http.json({ path: `jobs/${seg(id)}`, query: { include } }, M.JobDetail);
  }
  controlJob(id: string, action: JobAction) {
    return this.http.json({ method: 'POST', path: `jobs/${seg(id)}/${action}` }, M.JobControl);
  }
  jobEvents(id: string, opts: { limit?: number; include?: JobDetailMode } = {}) {
    return this.http.json({ path: `jobs/${seg(id)}/events`, query: { limit: opts.limit, include: opts.include } }, M.EventList);
  }
  workflowProgress(id: string) {
    return this.http.json({ path: `jobs/${seg(id)}/workflow-progress` }, M.WorkflowProgress);
  }
  /** The SSE stream of workflow-progress snapshots (no retries: the caller falls back to polling). */
  progressStream(id: string, intervalS?: number, signal?: AbortSignal): Promise<StreamResponse> {
    return this.http.stream({ path: `jobs/${seg(id)}/workflow-progress/stream`, query: { interval: intervalS }, headers: { accept: 'text/event-stream' }, retries: 0, timeoutMs: 60_000, signal });
  }
  deadLetters(id: string) {
    return this.http.json({ path: `jobs/${seg(id)}/dead-letters` }, M.DeadLetters);
  }
  cleanupJobs() {
    return this.http.json({ method: 'POST', path: 'jobs/cleanup' }, M.CleanupResult);
  }

  // ------------------------------------------------------------ bundles
  async uploadBundle(file: string, bytes: Uint8Array) {
    const form = new FormData();
    form.append('bundle', new Blob([bytes], { type: 'application/zip' }), basename(file));
    const encoded = new Response(form);
    const body = new Uint8Array(await encoded.arrayBuffer());
    const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
    return this.http.json({ method: 'POST', path: 'bundles/upload', body, headers: { 'content-type': contentType } }, M.BundleUpload);
  }

  // ------------------------------------------------------------ blueprints
  listBlueprints(category?: string) {
    return this.http.json({ path: 'blueprints', query: { category } }, M.BlueprintList);
  }
  getBlueprint(id: string) {
    return this.http.json({ path: `blueprints/${seg(id)}` }, M.BlueprintGet);
  }
  installBlueprint(id: string, force = false) {
    return this.http.json({ method: 'POST', path: `blueprints/${seg(id)}/install`, query: { force: force || undefined } }, M.BlueprintInstall);
  }
  validateBlueprint(id: string, config?: Record<string, unknown>) {
    return this.http.json({ method: 'POST', path: `blueprints/${seg(id)}/validate`, json: config ? { config_overwrite: config } : {} }, M.BlueprintValidate);
  }
  runBlueprint(id: string, body: LaunchBody) {
    return this.http.json({ method: 'POST', path: `blueprints/${seg(id)}/runs`, json: body }, M.BlueprintRun);
  }
  validateLaunch(body: LaunchBody) {
    return this.http.json({ method: 'POST', path: 'blueprints/launch/validate', json: body }, M.BlueprintValidate);
  }
  launch(body: LaunchBody) {
    return this.http.json({ method: 'POST', path: 'blueprints/launch/runs', json: body }, M.BlueprintRun);
  }
  launchProgress(progressId: string) {
    return this.http.json({ path: `blueprints/launch/progress/${seg(progressId)}` }, M.LaunchProgress);
  }

  // ------------------------------------------------------------ runs
  runResult(id: string) {
    return this.http.json({ path: `runs/${seg(id)}/result` }, M.RunResult);
  }
  finalArtifact(id: string): Promise<StreamResponse> {
    return this.http.stream({ path: `runs/${seg(id)}/final-artifact`, headers: { accept: 'application/json' } });
  }
  runArtifacts(id: string) {
    return this.http.json({ path: `runs/${seg(id)}/artifacts` }, M.ArtifactList);
  }
  artifact(id: string, path: string): Promise<StreamResponse> {
    return this.http.stream({ path: `runs/${seg(id)}/artifacts/${segPath(path)}` });
  }
  runOutputs(id: string) {
    return this.http.json({ path: `runs/${seg(id)}/outputs` }, M.OutputList);
  }
  runEvents(id: string, opts: { limit?: number; channel?: string } = {}) {
    return this.http.json({ path: `runs/${seg(id)}/events`, query: { limit: opts.limit, channel: opts.channel } }, M.RunEventList);
  }
  runLogs(id: string, opts: { level?: string; limit?: number; since?: string } = {}) {
    return this.http.json({ path: `runs/${seg(id)}/logs`, query: { level: opts.level, limit: opts.limit, since: opts.since } }, M.RunLogList);
  }
  runTimeline(id: string, opts: { limit?: number; since?: string } = {}) {
    return this.http.json({ path: `runs/${seg(id)}/timeline`, query: { limit: opts.limit, since: opts.since } }, M.TimelineList);
  }
  observabilitySummary(id: string) {
    return this.http.json({ path: `runs/${seg(id)}/observability-summary` }, M.ObservabilitySummary);
  }
  runStream(id: string, opts: { channels?: string; level?: string; intervalS?: number; lastEventId?: string; signal?: AbortSignal } = {}): Promise<StreamResponse> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (opts.lastEventId) headers['last-event-id'] = opts.lastEventId;
    return this.http.stream({ path: `runs/${seg(id)}/stream`, query: { channels: opts.channels, level: opts.level, interval: opts.intervalS }, headers, timeoutMs: 120_000, signal: opts.signal });
  }
  runResources(id: string, opts: { window?: string; bucket?: string } = {}) {
    return this.http.json({ path: `runs/${seg(id)}/resources`, query: { window: opts.window, bucket: opts.bucket } }, M.ResourceRollup);
  }
  runHuman(id: string, pending = false) {
    return this.http.json({ path: `runs/${seg(id)}/human`, query: { status: pending ? 'pending' : undefined } }, M.HumanList);
  }
  respondHuman(id: string, requestId: string, body: { decision: string; notes?: string; reviewer?: string }) {
    return this.http.json({ method: 'POST', path: `runs/${seg(id)}/human/${seg(requestId)}/response`, json: body }, M.HumanRecord);
  }
  ackHuman(id: string, noticeId: string, body: { reviewer?: string; notes?: string }) {
    return this.http.json({ method: 'POST', path: `runs/${seg(id)}/human/${seg(noticeId)}/ack`, json: body }, M.HumanRecord);
  }
  runUi(id: string, limit?: number) {
    return this.http.json({ path: `runs/${seg(id)}/ui`, query: { limit } }, M.RunUi);
  }
  runVideo(id: string): Promise<StreamResponse> {
    return this.http.stream({ path: `runs/${seg(id)}/ui/video` });
  }

  // ------------------------------------------------------------ models, services, resources
  listModels() {
    return this.http.json({ path: 'models' }, M.ModelList);
  }
  benchmarkModel(id: string, body: { prompt?: string; max_tokens?: number }) {
    return this.http.json({ method: 'POST', path: `models/${seg(id)}/benchmark`, json: body, timeoutMs: 300_000 }, M.Benchmark);
  }
  private serviceQuery(f: ServiceFilters): Array<[string, string | boolean | undefined]> {
    return [['name', f.name], ['node', f.node], ['job_id', f.job_id], ['agent_id', f.agent_id], ['status', f.status], ...(f.tags ?? []).map((t): [string, string] => ['tag', t]), ['passing_only', f.passing_only || undefined]];
  }
  listServices(f: ServiceFilters = {}) {
    return this.http.json({ path: withQuery('services', this.serviceQuery(f)) }, M.ServiceList);
  }
  resolveService(name: string, f: ServiceFilters = {}) {
    return this.http.json({ path: withQuery(`services/${seg(name)}/resolve`, this.serviceQuery(f)) }, M.ServiceList);
  }
  getResource() {
    return this.http.json({ path: 'resource' }, M.ResourceInfo);
  }
  setResource(limits: { cpu?: number; gpu?: number; memory?: number; disk?: number }) {
    return this.http.json({ method: 'PUT', path: 'resource', json: limits }, M.ResourceInfo);
  }

  // ------------------------------------------------------------ schedules and events
  createSchedule(body: Record<string, unknown>) {
    return this.http.json({ method: 'POST', path: 'schedules', json: body }, M.ScheduleMutation);
  }
  listSchedules(opts: { kind?: string; status?: string } = {}) {
    return this.http.json({ path: 'schedules', query: { kind: opts.kind, status: opts.status } }, M.ScheduleList);
  }
  getSchedule(id: string) {
    return this.http.json({ path: `schedules/${seg(id)}` }, M.Schedule);
  }
  updateSchedule(id: string, attrs: Record<string, unknown>, reason?: string) {
    return this.http.json({ method: 'PATCH', path: `schedules/${seg(id)}`, json: { attrs, reason } }, M.ScheduleMutation);
  }
  pauseSchedule(id: string, reason?: string) {
    return this.http.json({ method: 'POST', path: `schedules/${seg(id)}/pause`, json: { reason } }, M.ScheduleMutation);
  }
  resumeSchedule(id: string, reason?: string) {
    return this.http.json({ method: 'POST', path: `schedules/${seg(id)}/resume`, json: { reason } }, M.ScheduleMutation);
  }
  /** Not retried: mn answers 404 to a second DELETE, so a retry after a lost answer would call a deleted schedule missing. */
  deleteSchedule(id: string, reason?: string) {
    return this.http.json({ method: 'DELETE', path: `schedules/${seg(id)}`, query: { reason }, idempotent: false }, M.ScheduleMutation);
  }
  dispatchSchedule(id: string, payload: Record<string, unknown> = {}, reason = 'manual') {
    return this.http.json({ method: 'POST', path: `schedules/${seg(id)}/dispatch`, json: { payload, reason } }, M.ScheduleMutation);
  }
  emitEvent(eventType: string, payload: Record<string, unknown> = {}, source = 'meshscope') {
    return this.http.json({ method: 'POST', path: 'events', json: { event_type: eventType, payload, source } }, M.TriggerEvent);
  }
  listEvents(limit?: number) {
    return this.http.json({ path: 'events', query: { limit } }, M.TriggerEventList);
  }

  // ------------------------------------------------------------ cluster
  addNode(body: { host: string; token: string; grpc_port?: number }, verb: 'add' | 'join' = 'add') {
    return this.http.json({ method: 'POST', path: `system/cluster/nodes:${verb}`, json: body }, M.NodeJoin);
  }
  removeNode(nodeName: string, verb: 'remove' | 'leave' = 'remove') {
    return this.http.json({ method: 'POST', path: `system/cluster/nodes:${verb}`, json: { node_name: nodeName } }, M.NodeLeave);
  }
}
