/**
 * What every mn-api route shares: the gateway's answer dialect (FastAPI `{"detail"}` strings and
 * pydantic lists, gRPC `{"error"}` bodies, problem+json with validation reports), its parameter
 * parsing, and the mock's state with the lookups several resources need (a job, a run, a
 * manifest from a request). Each `routes/<resource>.ts` registers its routes on an MnApi.
 */
import type { ServerResponse } from 'node:http';
import { isJsonObject, jsonAnswer, openSse, readJsonBody, Reply, Router, sendJson, type MockRequest, type SseStream } from '../../router.js';
import type { MockContext } from '../../types.js';
import { inputIssues, requirementIssues } from '../admission.js';
import { validationReport, type Issue } from '../catalog.js';
import type { Job } from '../jobs.js';
import type { MnScenario } from '../scenario.js';
import type { MnWorld } from '../world.js';

/** The bases the gateway mounts its routes under. */
export const BASES = ['/api/v1', '/api/v2'];

// ---------------------------------------------------------------- the answer dialect

export const detail = (status: number, message: string) => new Reply(jsonAnswer(status, { detail: message }));
export const grpcError = (message: string) => new Reply(jsonAnswer(500, { error: message }));

export function pydantic(loc: Array<string | number>, msg: string, type: string, input?: unknown): Reply {
  return new Reply(jsonAnswer(422, { detail: [{ type, loc, msg, input: input ?? null }] }));
}

export function problem(status: number, code: string, title: string, detailText: string, hint: string, extra: Record<string, unknown> = {}): Reply {
  return new Reply({
    status,
    contentType: 'application/problem+json',
    body: JSON.stringify({ version: 1, type: `https://mirrorneuron.local/problems/${code}`, title, status, detail: detailText, error: code, hint, request_id: `req-${Math.random().toString(16).slice(2, 10)}`, ...extra }),
  });
}

export function validationProblem(status: number, code: string, title: string, issues: Issue[]): Reply {
  const errors = issues.filter((i) => i.severity === 'error');
  return problem(status, code, title, 'Fix the highlighted input fields and submit again.', 'Each issue names its location and how to fix it.', { validation: validationReport(issues), errors });
}

/** A 2xx JSON answer, as the gateway sends it (the mock judges no body by the client's models). */
export function ok(res: ServerResponse, body: unknown, status = 200): void {
  sendJson(res, status, body);
}

// ---------------------------------------------------------------- request parsing

/** The JSON object body (empty is `{}`), or the gateway's 422. */
export function jsonBody(req: MockRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  const read = readJsonBody(req.body);
  if (!read.ok) throw pydantic(['body'], `JSON decode error: ${read.message}`, 'json_invalid');
  if (!isJsonObject(read.value)) throw pydantic(['body'], 'Input should be a valid dictionary', 'dict_type', read.value);
  return read.value;
}

export function intParam(req: MockRequest, name: string, def: number, min: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw pydantic(['query', name], 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing', raw);
  if (n < min) throw pydantic(['query', name], `Input should be greater than or equal to ${min}`, 'greater_than_equal', raw);
  if (n > max) throw pydantic(['query', name], `Input should be less than or equal to ${max}`, 'less_than_equal', raw);
  return n;
}

export function numParam(req: MockRequest, name: string, def: number, min: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw pydantic(['query', name], 'Input should be a valid number, unable to parse string as a number', 'float_parsing', raw);
  if (n < min || n > max) throw pydantic(['query', name], `Input should be between ${min} and ${max}`, n < min ? 'greater_than_equal' : 'less_than_equal', raw);
  return n;
}

export function boolParam(req: MockRequest, name: string, def: boolean): boolean {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return def;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  throw pydantic(['query', name], 'Input should be a valid boolean, unable to interpret input', 'bool_parsing', raw);
}

export function durationMs(text: string, name: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m) throw detail(400, `invalid ${name} "${text}": use a duration such as 30m, 1h, 24h`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export const LEVELS: Record<string, number> = { DEBUG: 0, INFO: 1, WARN: 2, WARNING: 2, ERROR: 3 };

export const iso = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------- the mock's state and shared lookups

export type Handler = (req: MockRequest, res: ServerResponse) => void | Promise<void>;

export interface MnApi {
  ctx: MockContext;
  cfg: MnScenario;
  world: MnWorld;
  /** The bearer token the gateway asks for ('' when auth is off). */
  token: string;
  router: Router;
  /** Open SSE answers, ended when the mock closes. */
  streams: Set<ServerResponse>;
  /** Register a route under every base; the request limit is checked and the world advanced first. */
  route(method: string, path: string, handler: Handler): void;
  /** Start one of the gateway's SSE answers (`text/event-stream; charset=utf-8`, unbuffered); the mock ends it when it closes. */
  openStream(res: ServerResponse): SseStream;
  /** The API's own URL (`…/api/v1`), as the gateway reports it. */
  apiBase(): string;
  /** The base the request came in on. */
  basePath(req: MockRequest): string;
  /** The job or the gateway's gRPC 500 `job … was not found`. */
  jobOr404(id: string): Job;
  /** The run or 400 `invalid run id` / 404 `run not found`. */
  runOr404(id: string): Job;
  /** The ArtifactRefs of a job's run-store files. */
  artifactRefs(job: Job, base: string): Array<{ artifact_id: string; path: string; relative_path: string; size_bytes: number; sha256: string; content_type: string; url: string; reveal_url: string }>;
  /** The cluster facts the requirement checks read. */
  facts(): ReturnType<MnWorld['facts']>;
  /** manifest_json or _bundle_path -> the manifest and its payloads. */
  manifestFrom(body: Record<string, unknown>): { manifest: Record<string, unknown>; payloads: Record<string, string>; source: 'manifest' | 'bundle' };
  /** Unless forced: requirements (412 requirements_not_met), then input rules (422 input_validation_failed). */
  admit(manifest: Record<string, unknown>, payloads: Record<string, string>, force: boolean): void;
}

export function createMnApi(ctx: MockContext, cfg: MnScenario, world: MnWorld, token: string): MnApi {
  const router = new Router();

  const parseManifestJson = (text: unknown): Record<string, unknown> => {
    if (typeof text !== 'string') throw pydantic(['body', 'manifest_json'], 'Input should be a valid string', 'string_type', text);
    const read = readJsonBody(Buffer.from(text));
    if (!read.ok) throw detail(400, 'manifest_json is malformed');
    if (!isJsonObject(read.value)) throw detail(400, 'manifest_json must be a JSON object');
    return read.value;
  };

  const payloadsOf = (v: unknown): Record<string, string> => {
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw pydantic(['body', 'payloads'], 'Input should be a valid dictionary', 'dict_type', v);
    for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') throw pydantic(['body', 'payloads', k], 'Input should be a valid string', 'string_type', x);
    return v as Record<string, string>;
  };

  const facts = () => {
    const f = world.facts();
    // a model counts as installed by id or by docker model
    return { ...f, installed: (id: string) => f.installed(id) || world.models.some((x) => x.docker_model === id && x.installed) };
  };

  const streams = new Set<ServerResponse>();

  return {
    ctx,
    cfg,
    world,
    token,
    router,
    streams,
    openStream(res) {
      const sse = openSse(res, { contentType: 'text/event-stream; charset=utf-8', headers: { 'x-accel-buffering': 'no' } });
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return sse;
    },
    route(method, path, handler) {
      for (const base of BASES) {
        router.on(method, base + path, async (req, res) => {
          if (req.body.length > cfg.request_limit_bytes) throw new Reply(jsonAnswer(413, { error: 'request_too_large', limit_bytes: cfg.request_limit_bytes }));
          world.tick();
          await handler(req, res);
        });
      }
    },
    apiBase: () => ctx.urls.mn ?? 'http://localhost:54001/api/v1',
    basePath: (req) => (req.rawPath.startsWith('/api/v2') ? '/api/v2' : '/api/v1'),
    jobOr404(id) {
      const job = world.getJob(id);
      if (!job) throw grpcError(`job ${id} was not found`);
      return job;
    },
    runOr404(id) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(id)) throw detail(400, 'invalid run id');
      const job = world.getRun(id);
      if (!job) throw detail(404, 'run not found');
      return job;
    },
    artifactRefs: (job, base) =>
      [...world.runtime.files(job)].map(([rel, f]) => {
        const buf = f.content();
        return { artifact_id: f.id, path: `/var/lib/mirror-neuron/runs/${job.runId}/${rel}`, relative_path: rel, size_bytes: buf.length, sha256: world.runtime.sha256(buf), content_type: f.type, url: `${base}/runs/${job.runId}/artifacts/${rel}`, reveal_url: `${base}/runs/${job.runId}/artifacts/${rel}/reveal` };
      }),
    facts,
    /**
     * Like the real gateway, only what it needs to read a manifest: valid JSON, an object. The
     * workflow schema is not checked here (reference/mirrorneuron.md §2.4, §2.11).
     */
    manifestFrom(body) {
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
    },
    admit(manifest, payloads, force) {
      if (force) return;
      const unmet = requirementIssues(manifest, facts());
      if (unmet.length) throw validationProblem(412, 'requirements_not_met', 'Requirements not met', unmet);
      const inputs = inputIssues(manifest, Object.keys(payloads));
      if (inputs.length) throw validationProblem(422, 'input_validation_failed', 'Input validation failed', inputs);
    },
  };
}
