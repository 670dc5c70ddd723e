/**
 * The asya-mesh-api mock: two ports (external, internal) as the real Go service, with Go's
 * `http.Error` bodies (JSON-looking text/plain with a trailing newline), ServeMux's plain 404/405 and
 * its 301 for the prefix without a trailing slash, json.Encoder answers (trailing newline), the
 * envelope store with the monotonic status order, SSE with the real framing and keepalives, the
 * deadline reaper, and simulated actors.
 */
import type { ServerResponse } from 'node:http';
import { isJsonObject, readJsonBody, Router, sendText, textAnswer, writeAnswer, type Answer, type MockRequest } from '../router.js';
import type { BackendMock, MockContext } from '../types.js';
import { ActorSimulation } from './actors.js';
import { AsyaScenario } from './scenario.js';
import { EnvelopeStore } from './store.js';

const plain = (status: number, text: string): Answer => textAnswer(status, text, 'text/plain; charset=utf-8', { 'x-content-type-options': 'nosniff' });

/** Go's http.Error of a JSON-looking message: `{"error":"..."}\n` as text/plain. */
const httpError = (status: number, message: string): Answer => plain(status, JSON.stringify({ error: message }) + '\n');

const ERRORS: Record<string, [number, string]> = {
  not_found: [404, 'not found'],
  bad_request: [400, 'invalid JSON body'],
  internal_error: [500, 'internal error'],
  service_unavailable: [503, 'service unavailable'],
  gateway_timeout: [504, 'gateway timeout'],
};

const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/** Go's http.Error: `{"error":"..."}\n` as text/plain. */
function goError(res: ServerResponse, status: number, message: string): void {
  writeAnswer(res, httpError(status, message));
}

/** json.Encoder: application/json with a trailing newline. */
function goJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body) + '\n';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function noContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

/** strconv.Atoi */
function atoi(v: string | null): number | undefined {
  if (v === null || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** json.Decoder into a struct: `null` is an empty struct; anything else but an object is refused. */
function parseBody(req: MockRequest): { ok: true; value: Record<string, unknown> } | { ok: false } {
  const read = readJsonBody(req.body);
  if (!read.ok) return { ok: false };
  if (read.value === null) return { ok: true, value: {} };
  if (!isJsonObject(read.value)) return { ok: false };
  return { ok: true, value: read.value };
}

export function createAsyaMock(ctx: MockContext): { asya: BackendMock; asyaInternal: BackendMock } {
  const cfg = AsyaScenario.parse(ctx.scenario.asya ?? {});
  const prefix = cfg.prefix.replace(/\/+$/, '');
  const base = `${prefix.startsWith('/') || prefix === '' ? prefix : `/${prefix}`}/mesh`;
  const rng = ctx.rng.fork('asya');
  const store = new EnvelopeStore(ctx, cfg, rng.fork('ids'));
  const actors = new ActorSimulation(ctx, store, cfg.actors, rng.fork('actors'));
  const historyRng = rng.fork('history');
  let seeded = false;
  /** History is seeded on the first request, once the internal URL stamped into headers is known. */
  const ready = () => {
    if (seeded) return;
    seeded = true;
    seedHistory(store, cfg, historyRng);
  };
  store.startReaper();

  const redirect = (req: MockRequest, res: ServerResponse) => {
    const search = req.query.toString();
    const location = `${base}/${search ? `?${search}` : ''}`;
    if (req.method === 'GET' || req.method === 'HEAD') {
      const body = `<a href="${location}">Moved Permanently</a>.\n\n`;
      res.writeHead(301, { location, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } else {
      res.writeHead(301, { location, 'content-length': 0 });
      res.end();
    }
  };

  const get = (req: MockRequest, res: ServerResponse) => {
    const env = store.get(req.params.id);
    if (!env) return goError(res, 404, 'not found');
    goJson(res, 200, store.view(env));
  };

  // External port: create, list, get, cancel, SSE, health.
  const ext = new Router();
  ext.get('/health', (_req, res) => sendText(res, 200, 'OK\n'));
  for (const m of ALL_METHODS) ext.on(m, base, redirect);
  ext.post(`${base}/`, (req, res) => {
    const actor = req.query.get('actor');
    if (!actor) return goError(res, 400, 'actor query parameter required');
    const parsed = parseBody(req);
    if (!parsed.ok) return goError(res, 400, 'invalid JSON body');
    const body = parsed.value;
    if ('route' in body || 'route_next' in body || 'next' in body) {
      return goError(res, 400, 'routing fields (route, route_next, next) are not allowed; use ?actor= for entrypoint only');
    }
    const timeout = body.timeout;
    if (timeout !== undefined && timeout !== null && !(typeof timeout === 'number' && Number.isInteger(timeout))) return goError(res, 400, 'invalid JSON body');
    if (body.headers !== undefined && body.headers !== null && !isJsonObject(body.headers)) return goError(res, 400, 'invalid JSON body');
    const env = store.create(actor, {
      payload: body.payload,
      headers: isJsonObject(body.headers) ? body.headers : undefined,
      timeout: typeof timeout === 'number' ? timeout : undefined,
    });
    goJson(res, 201, { id: env.id });
  });
  ext.get(`${base}/`, (req, res) => {
    const limit = atoi(req.query.get('limit'));
    const offset = atoi(req.query.get('offset'));
    goJson(
      res,
      200,
      store.list({
        status: req.query.get('status') || undefined,
        limit: limit !== undefined && limit > 0 ? limit : undefined,
        offset: offset !== undefined && offset >= 0 ? offset : undefined,
      }),
    );
  });
  ext.get(`${base}/{id}`, get);
  ext.delete(`${base}/{id}`, (req, res) => {
    if (store.cancel(req.params.id) === 'not_found') return goError(res, 404, 'not found');
    noContent(res);
  });
  ext.get(`${base}/{id}/events`, (req, res) => {
    const env = store.get(req.params.id);
    if (!env) return goError(res, 404, 'not found');
    store.stream(env, res);
  });

  // Internal port: publish, heartbeat GET, health; the bare root is 404, anything else 405.
  const int = new Router();
  int.get('/health', (_req, res) => sendText(res, 200, 'OK\n'));
  for (const m of ALL_METHODS) {
    int.on(m, base, redirect);
    int.on(m, `${base}/`, (_req, res) => writeAnswer(res, plain(404, '404 page not found\n')));
    int.on(m, `${base}/{*rest}`, (_req, res) => writeAnswer(res, plain(405, 'method not allowed\n')));
  }
  int.get(`${base}/{id}`, get);
  int.post(`${base}/{id}/events`, (req, res) => {
    const parsed = parseBody(req);
    if (!parsed.ok) return goError(res, 400, 'invalid JSON body');
    const ev = parsed.value;
    const type = typeof ev.type === 'string' ? ev.type : '';
    const data = isJsonObject(ev.data) ? ev.data : undefined;
    const id = req.params.id;
    if (type === 'status') {
      const status = typeof ev.status === 'string' ? ev.status : '';
      if (store.applyStatus(id, status, data) === 'not_found') return goError(res, 404, 'not found');
      return noContent(res);
    }
    // fly (and any other type): never stored, no existence check, published as-is.
    store.publish(id, type, data);
    noContent(res);
  });

  const make = (router: Router): BackendMock => ({
    router,
    errorAnswer: (code, message) => {
      const [status, text] = ERRORS[code] ?? [500, 'internal error'];
      return httpError(status, message ?? text);
    },
    notFound: () => plain(404, '404 page not found\n'),
    methodNotAllowed: () => plain(405, 'method not allowed\n'),
    before: () => {
      ready();
      return false;
    },
  });
  const asya = make(ext);
  asya.close = () => {
    actors.close();
    store.close();
  };
  return { asya, asyaInternal: make(int) };
}

/** Envelopes already in the store when the mock starts: mostly finished, one left pending. */
function seedHistory(store: EnvelopeStore, cfg: AsyaScenario, rng: ReturnType<MockContext['rng']['fork']>): void {
  if (cfg.history === 0) return;
  const names = [...cfg.actors.map((a) => a.name), 'summarize', 'classify'];
  const now = store.now();
  let t = now - cfg.history * 90_000;
  for (let i = 0; i < cfg.history; i++) {
    t += rng.int(20_000, 160_000);
    const created = Math.min(t, now - 1_000);
    const actor = rng.pick(names);
    const roll = rng.next();
    const alwaysFails = cfg.actors.find((a) => a.name === actor)?.outcome === 'failed';
    const status = roll < 0.15 ? 'canceled' : alwaysFails || roll > 0.8 ? 'failed' : 'succeeded';
    const extra: Record<string, unknown> =
      status === 'succeeded'
        ? { progress: 100, progress_percent: 100, result: { response: `Processed: request ${i + 1}` } }
        : status === 'failed'
          ? { error: rng.pick(['task timed out', 'simulated failure', 'upstream model unavailable']) }
          : {};
    const env = store.create(actor, { payload: { request: i + 1 } }, created, status, extra);
    env.updated_at = new Date(created + rng.int(500, 30_000)).toISOString();
  }
  // One envelope nobody consumes: sent to an actor the scenario does not simulate.
  store.create('ingest', { payload: { document: 'report.pdf' } }, now - 5_000);
}
