/**
 * The Monarch mesh admin server, simulated: every route of the real server with its status
 * codes, content types and error envelopes, served from a seeded world (./world.ts).
 *
 * Real behaviours kept: literal routes win over `/v1/{*reference}`; a reference is one leading
 * `/` stripped then percent-decoded (empty → 400, invalid UTF-8 → 400); any reference that does
 * not resolve is 404 `not_found`; `/v1/{ref}` and `/v1/tree` share a try-acquire limit of
 * concurrent resolves (503 `service_unavailable` at once when full); a resolve slower than the
 * resolve timeout is 504 `gateway_timeout`; schemas are served with their `$id`s; `/SKILL.md`
 * defaults to https and `/v1/tree` to http for the `{base}` they print.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonObject, jsonAnswer, readJsonBody, Router, sendJson, sendText, waitWhileConnected, writeAnswer, type Answer, type MockRequest } from '../router.js';
import { createRng } from '../rng.js';
import type { BackendMock, MockContext } from '../types.js';
import type { AdminInfo, PySpyProfileOpts } from '../../backends/admin/models.js';
import { adminStatusForCode } from '../../vocab/admin.js';
import { configDump } from './config.js';
import { profileSvg, pyspyResult } from './pyspy.js';
import { renderSkill } from './skill.js';
import { QueryError, TelemetryStore } from './sql.js';
import { renderTree } from './tree.js';
import { drawMs, World, type ActorRec, type ProcRec } from './world.js';
import type { AdminScenario } from './scenario.js';

export const SCHEMA_IDS = {
  node: 'https://monarch.meta.com/schemas/v1/node_payload',
  admin: 'https://monarch.meta.com/schemas/v1/admin_info',
  error: 'https://monarch.meta.com/schemas/v1/error',
} as const;

const SCHEMA_FILES = {
  node: 'node_payload_schema.json',
  admin: 'admin_info_schema.json',
  error: 'error_schema.json',
} as const;

const DEFAULT_MESSAGES: Record<string, string> = {
  not_found: 'not found',
  bad_request: 'bad request',
  gateway_timeout: 'timed out resolving reference',
  service_unavailable: 'too many concurrent introspection requests',
  internal_error: 'internal error',
};

/** fixtures/monarch (the golden schemas and OpenAPI), from the source or the compiled tree. */
export function monarchFixturesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'fixtures', 'monarch');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return join(process.cwd(), 'fixtures', 'monarch');
}

const docs = new Map<string, string>();

function fixture(name: string): string {
  let text = docs.get(name);
  if (text === undefined) {
    text = readFileSync(join(monarchFixturesDir(), name), 'utf8');
    docs.set(name, text);
  }
  return text;
}

/** A golden schema as the server serves it: with its `$id`, keys in sorted order. */
export function servedSchema(kind: keyof typeof SCHEMA_IDS): Record<string, unknown> {
  const doc = JSON.parse(fixture(SCHEMA_FILES[kind])) as Record<string, unknown>;
  doc.$id = SCHEMA_IDS[kind];
  return Object.fromEntries(Object.keys(doc).sort().map((k) => [k, doc[k]]));
}

export function servedOpenApi(): Record<string, unknown> {
  return JSON.parse(fixture('openapi.json')) as Record<string, unknown>;
}

/** The admin error envelope and the status the real server gives its code. */
export function adminError(code: string, message?: string, details?: unknown): Answer {
  const error: Record<string, unknown> = { code, message: message ?? DEFAULT_MESSAGES[code] ?? code.replace(/_/g, ' ') };
  if (details !== undefined) error.details = details;
  return jsonAnswer(adminStatusForCode(code), { error });
}

function sendError(res: ServerResponse, code: string, message?: string): void {
  if (res.headersSent || res.destroyed) return;
  writeAnswer(res, adminError(code, message));
}

const HEX = /^[0-9a-fA-F]{2}$/;
/** ASCII in which every `%` starts an escape. */
const PLAIN_PATH = /^(?:[\x00-\x24\x26-\x7f]|%[0-9a-fA-F]{2})*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A wildcard path parameter as the real server reads it: one leading `/` stripped, then
 * percent-decoded. Undefined when the bytes are not valid UTF-8.
 */
export function decodeWildcard(raw: string): string | undefined {
  const s = raw.startsWith('/') ? raw.slice(1) : raw;
  // ASCII with well-formed escapes only (every request path of a well-behaved client): the
  // built-in decoder reads it the same way and refuses what is not UTF-8 as well
  if (PLAIN_PATH.test(s)) {
    try {
      return s.includes('%') ? decodeURIComponent(s) : s;
    } catch {
      return undefined;
    }
  }
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && HEX.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    if (ch.length === 2) i++;
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/** Why a string is not a node reference in the current grammar (undefined: it is one). */
function refGrammarError(ref: string): string | undefined {
  if (ref === 'root') return undefined;
  const body = ref.startsWith('host:') ? ref.slice(5) : ref;
  const at = body.indexOf('@');
  if (at <= 0) return 'expected root, host:<actor address>, a proc address (id@location) or an actor address (name.id@location)';
  if (!body.slice(at + 1).includes('://')) return 'the location must be a channel URL such as tcp://host:port';
  if (ref.startsWith('host:') && !body.slice(0, at).includes('.')) return 'a host reference names the host agent actor';
  return undefined;
}

function looksLikeProcRef(ref: string, legacy: boolean): boolean {
  if (legacy) return !ref.startsWith('host:') && ref !== 'root' && ref.includes(',') && !/\[\d+\]$/.test(ref);
  if (ref === 'root' || ref.startsWith('host:')) return false;
  const at = ref.indexOf('@');
  return at > 0 && !ref.slice(0, at).includes('.') && ref.slice(at + 1).includes('://');
}

function baseUrl(req: MockRequest, defaultScheme: 'http' | 'https', fallback: string | undefined): string {
  const proto = req.headers['x-forwarded-proto'];
  const scheme = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0].trim() || defaultScheme;
  const host = req.headers.host;
  if (host) return `${scheme}://${host}`;
  if (fallback) {
    const u = new URL(fallback);
    return `${scheme}://${u.host}`;
  }
  return `${scheme}://localhost:1729`;
}

export interface AdminMock extends BackendMock {
  world: World;
  telemetry: TelemetryStore;
  /** Resolves in flight now (for tests of the limit). */
  inflight(): number;
}

/** The mock framework's factory: the admin endpoint's mock. */
export function createAdminMock(ctx: MockContext): { admin: AdminMock } {
  return { admin: createAdminBackend(ctx) };
}

/** The admin server mock itself (its world and telemetry store are exposed for tests). */
export function createAdminBackend(ctx: MockContext): AdminMock {
  const cfg: AdminScenario = ctx.scenario.admin;
  const world = new World(cfg, { seed: ctx.scenario.seed, clock: ctx.clock, env: ctx.env });
  const rng = createRng(`${String(ctx.scenario.seed)}:admin-serve`);
  const telemetry = new TelemetryStore(world);
  const router = new Router();
  let inflight = 0;

  const tryAcquire = (): boolean => {
    if (inflight >= cfg.resolve_limit) return false;
    inflight++;
    return true;
  };
  const release = () => {
    inflight--;
  };

  /** Wall-clock time one resolve of `ref` takes (Infinity: it never completes). */
  const resolveDelay = (ref: string): number => {
    let ms = drawMs(cfg.latency_ms, rng);
    const b = world.behaviour(ref);
    if (b.hung) return Infinity;
    if (b.slow !== undefined) ms += drawMs(b.slow, rng);
    if (cfg.timeout_rate > 0 && rng.chance(cfg.timeout_rate)) return Infinity;
    return ms;
  };

  const methodNotAllowed = (allowed: string) => (_req: MockRequest, res: ServerResponse) => {
    res.writeHead(405, { allow: allowed, 'content-length': 0 });
    res.end();
  };

  const param = (req: MockRequest, name: string, res: ServerResponse): string | undefined => {
    const ref = decodeWildcard(req.rawParams[name] ?? '');
    if (ref === undefined) {
      sendError(res, 'bad_request', 'invalid UTF-8 in reference');
      return undefined;
    }
    if (ref === '') {
      sendError(res, 'bad_request', 'empty reference');
      return undefined;
    }
    return ref;
  };

  /**
   * Whether a reference this world does not hold could name a proc in one of the world's forms
   * (then it is a proc that is gone: 404; otherwise the server cannot read it as a proc: 400). An
   * opaque world's grammar is its own, so any reference but the root and a host may be a proc.
   */
  const forms = new Set(world.hosts.map((h) => h.form));
  const mayBeProc = (ref: string): boolean =>
    (forms.has('current') && looksLikeProcRef(ref, false)) || (forms.has('legacy') && looksLikeProcRef(ref, true)) || (forms.has('opaque') && ref !== 'root' && !ref.startsWith('host:'));

  /** The agent that answers py-spy and config requests for a proc, if it lives. */
  const handlerActor = (proc: ProcRec): ActorRec | undefined => {
    const name = proc.role === 'service' ? 'host_agent' : 'proc_agent';
    const t = world.now();
    return proc.actors.find((a) => a.name === name && !world.isTerminated(a, t));
  };

  /** Common checks of the proc routes; returns the proc or answers the error itself. */
  const procFor = (ref: string, res: ServerResponse): ProcRec | undefined => {
    const rec = world.node(ref);
    if (rec && rec.kind === 'proc' && !world.behaviour(ref).missing) return rec;
    if (rec?.kind === 'proc' || (!rec && mayBeProc(ref))) {
      sendError(res, 'not_found', `proc not found: '${ref}'`);
    } else {
      sendError(res, 'bad_request', `invalid proc reference '${ref}': expected a proc address (id@location)`);
    }
    return undefined;
  };

  const unreachableHandler = (proc: ProcRec): boolean => {
    const agent = handlerActor(proc);
    return !agent || world.behaviour(agent.ref).missing;
  };

  const hungProc = (proc: ProcRec): boolean => {
    const agent = handlerActor(proc);
    return world.behaviour(proc.ref).hung || world.behaviour(proc.host.ref).hung || (agent !== undefined && world.behaviour(agent.ref).hung);
  };

  // --- documents -------------------------------------------------------------------------------

  router.get('/SKILL.md', (req, res) => {
    sendText(res, 200, renderSkill(baseUrl(req, 'https', ctx.urls.admin)), 'text/markdown; charset=utf-8');
  });

  router.get('/v1/admin', (req, res) => {
    const url = ctx.urls.admin ?? baseUrl(req, 'http', undefined);
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      host = 'localhost';
    }
    const info: AdminInfo = { actor_id: world.adminActor.ref, proc_id: world.adminActor.proc.ref, host, url };
    sendJson(res, 200, info);
  });

  router.get('/v1/schema', (_req, res) => {
    const schema = servedSchema('node');
    const id = cfg.contract_breaks.schema_id;
    if (id === null) delete schema.$id;
    else if (id !== undefined) schema.$id = id;
    sendJson(res, 200, schema);
  });
  router.get('/v1/schema/admin', (_req, res) => sendJson(res, 200, servedSchema('admin')));
  router.get('/v1/schema/error', (_req, res) => sendJson(res, 200, servedSchema('error')));
  router.get('/v1/openapi.json', (_req, res) => sendJson(res, 200, servedOpenApi()));

  // --- topology ----------------------------------------------------------------------------------

  router.get('/v1/tree', async (req, res) => {
    if (!tryAcquire()) return sendError(res, 'service_unavailable', DEFAULT_MESSAGES.service_unavailable);
    try {
      if (!(await waitWhileConnected(drawMs(cfg.latency_ms, rng), res))) return;
      let hungVisited = 0;
      const text = renderTree(world, {
        base: baseUrl(req, 'http', ctx.urls.admin),
        t: world.now(),
        unreachable: (ref) => {
          const b = world.behaviour(ref);
          if (b.hung) hungVisited++;
          return b.hung || b.missing;
        },
      });
      if (!(await waitWhileConnected(hungVisited * cfg.tree_timeout_ms, res))) return;
      sendText(res, 200, text, 'text/plain; charset=utf-8');
    } finally {
      release();
    }
  });

  // --- telemetry ---------------------------------------------------------------------------------

  router.post('/v1/query', async (req, res) => {
    if (!cfg.telemetry) return sendError(res, 'not_found', 'telemetry is not configured (no telemetry_url)');
    const read = readJsonBody(req.body);
    if (!read.ok) return sendError(res, 'bad_request', `invalid request body: ${read.message}`);
    if (!isJsonObject(read.value)) return sendError(res, 'bad_request', 'invalid request body: expected a JSON object');
    const sql = read.value.sql;
    if (typeof sql !== 'string') return sendError(res, 'bad_request', 'invalid request body: missing field `sql`');
    try {
      const rows = await telemetry.query(sql);
      sendJson(res, 200, { rows });
    } catch (e) {
      if (e instanceof QueryError) return sendError(res, 'bad_request', `query failed: ${e.message}`);
      throw e;
    }
  });
  router.get('/v1/query', methodNotAllowed('POST'));

  // --- py-spy and config -------------------------------------------------------------------------

  /**
   * A py-spy dump of the proc named in the path, as its handler takes it: not found, unreachable
   * (404), hung (504 after the resolve timeout) or, after the dump's latency, the proc to dump.
   * Undefined when the answer has been sent or the client left.
   */
  const dumpableProc = async (req: MockRequest, res: ServerResponse): Promise<ProcRec | undefined> => {
    const ref = param(req, 'proc_reference', res);
    if (ref === undefined) return undefined;
    const proc = procFor(ref, res);
    if (!proc) return undefined;
    if (unreachableHandler(proc)) {
      sendError(res, 'not_found', `no reachable py-spy handler for proc '${ref}'`);
      return undefined;
    }
    if (hungProc(proc)) {
      if (await waitWhileConnected(cfg.resolve_timeout_ms, res)) sendError(res, 'gateway_timeout', 'timed out waiting for the py-spy dump');
      return undefined;
    }
    return (await waitWhileConnected(drawMs(cfg.pyspy.latency_ms, rng), res)) ? proc : undefined;
  };

  router.get('/v1/pyspy/{*proc_reference}', async (req, res) => {
    const proc = await dumpableProc(req, res);
    if (proc) sendJson(res, 200, pyspyResult(proc, cfg.pyspy, rng));
  });

  router.post('/v1/pyspy_dump/{*proc_reference}', async (req, res) => {
    if (!cfg.telemetry) return sendError(res, 'not_found', 'telemetry is not configured (no telemetry_url)');
    const proc = await dumpableProc(req, res);
    if (!proc) return;
    const dumpId = randomUUID();
    await telemetry.storeDump(dumpId, proc.ref, pyspyResult(proc, cfg.pyspy, rng), world.now());
    sendJson(res, 200, { dump_id: dumpId });
  });
  router.get('/v1/pyspy_dump/{*proc_reference}', methodNotAllowed('POST'));

  router.post('/v1/pyspy_profile_svg/{*proc_reference}', async (req, res) => {
    const ref = param(req, 'proc_reference', res);
    if (ref === undefined) return;
    const read = readJsonBody(req.body);
    if (!read.ok) return sendError(res, 'bad_request', `invalid profile options: ${read.message}`);
    if (!isJsonObject(read.value)) return sendError(res, 'bad_request', 'invalid profile options: expected a JSON object');
    const body = read.value;
    for (const [k, kind] of [['duration_s', 'number'], ['rate_hz', 'number'], ['native', 'boolean'], ['threads', 'boolean'], ['nonblocking', 'boolean']] as const) {
      if (typeof body[k] !== kind || (kind === 'number' && (!Number.isInteger(body[k]) || (body[k] as number) < 0))) {
        return sendError(res, 'bad_request', body[k] === undefined ? `invalid profile options: missing field \`${k}\`` : `invalid profile options: invalid value for \`${k}\``);
      }
    }
    const opts = body as unknown as PySpyProfileOpts;
    if (opts.duration_s === 0) return sendError(res, 'bad_request', 'duration_s must be positive');
    if (opts.duration_s > cfg.pyspy.max_profile_duration_s) return sendError(res, 'bad_request', `duration_s ${opts.duration_s}s exceeds max ${cfg.pyspy.max_profile_duration_s}s`);
    if (opts.rate_hz < 1 || opts.rate_hz > 1000) return sendError(res, 'bad_request', `rate_hz must be 1..=1000, got ${opts.rate_hz}`);
    const proc = procFor(ref, res);
    if (!proc) return;
    if (unreachableHandler(proc)) return sendError(res, 'not_found', `no reachable py-spy handler for proc '${ref}'`);
    if (cfg.pyspy.result === 'BinaryNotFound') return sendError(res, 'service_unavailable', 'py-spy binary not found (searched: py-spy)');
    if (hungProc(proc)) {
      if (await waitWhileConnected(cfg.resolve_timeout_ms, res)) sendError(res, 'gateway_timeout', 'py-spy record timed out');
      return;
    }
    const recording = Math.min((opts.duration_s * 1000) / ctx.clock.speed, cfg.pyspy.max_profile_wait_ms);
    if (!(await waitWhileConnected(recording, res))) return;
    if (cfg.pyspy.result === 'Failed' || (cfg.pyspy.result === 'Mixed' && rng.chance(0.2))) {
      return sendError(res, 'profile_failed', `py-spy record exited with code 1: Error: Failed to suspend process ${proc.pid}: Operation not permitted (os error 1)`);
    }
    if (cfg.pyspy.svg_file) {
      // a recorded flame graph, served byte for byte
      let svg: Buffer;
      try {
        svg = readFileSync(cfg.pyspy.svg_file);
      } catch (e) {
        return sendError(res, 'profile_output_unusable', `py-spy output ${cfg.pyspy.svg_file} is missing: ${(e as Error).message}`);
      }
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'content-length': svg.length });
      return void res.end(svg);
    }
    sendText(res, 200, profileSvg(proc, cfg.pyspy, opts, rng), 'image/svg+xml');
  });
  router.get('/v1/pyspy_profile_svg/{*proc_reference}', methodNotAllowed('POST'));

  router.get('/v1/config/{*proc_reference}', async (req, res) => {
    const ref = param(req, 'proc_reference', res);
    if (ref === undefined) return;
    const proc = procFor(ref, res);
    if (!proc) return;
    // No preflight probe: an unreachable handler shows as the bridge timing out.
    if (unreachableHandler(proc) || hungProc(proc)) {
      if (await waitWhileConnected(cfg.resolve_timeout_ms, res)) sendError(res, 'gateway_timeout', 'timed out waiting for the config dump');
      return;
    }
    if (!(await waitWhileConnected(drawMs(cfg.latency_ms, rng), res))) return;
    sendJson(res, 200, configDump(cfg));
  });

  // --- any reference -----------------------------------------------------------------------------

  router.get('/v1/{*reference}', async (req, res) => {
    const ref = param(req, 'reference', res);
    if (ref === undefined) return;
    if (!tryAcquire()) return sendError(res, 'service_unavailable', DEFAULT_MESSAGES.service_unavailable);
    try {
      const grammar = forms.size === 1 && forms.has('current') ? refGrammarError(ref) : undefined;
      if (grammar !== undefined && !world.has(ref)) return sendError(res, 'not_found', `invalid reference '${ref}': ${grammar}`);
      const delay = resolveDelay(ref);
      if (delay >= cfg.resolve_timeout_ms) {
        if (await waitWhileConnected(cfg.resolve_timeout_ms, res)) sendError(res, 'gateway_timeout', DEFAULT_MESSAGES.gateway_timeout);
        return;
      }
      // no wait at all for no latency (a server without one answers at once)
      if (delay > 0 ? !(await waitWhileConnected(delay, res)) : res.destroyed) return;
      const answer = nodeAnswer(ref, world.now());
      if (!answer) return sendError(res, 'not_found', `reference not found: '${ref}'`);
      writeAnswer(res, answer);
    } finally {
      release();
    }
  });

  /**
   * The answers last given, per reference, with the simulated time they were made at. A node's
   * payload is a function of its reference and that time (the scenario is fixed at start: failures
   * scheduled with `after_s`, statuses and counters all follow the clock), so an answer made at
   * time t is, byte for byte, the one a request reading the clock at t would build; a busy server
   * answers many requests in one tick of the clock. Bounded: a walk's references pass through.
   */
  const answers = new Map<string, { t: number; answer: Answer }>();
  const ANSWERS_KEPT = 64;

  /** The 200 answer of a reference at time t, or undefined when it does not resolve. */
  function nodeAnswer(ref: string, t: number): Answer | undefined {
    const kept = answers.get(ref);
    if (kept && kept.t === t) return kept.answer;
    const payload = world.resolve(ref, t);
    if (!payload) return undefined;
    const answer = jsonAnswer(200, breakContract(ref, payload));
    if (kept) {
      kept.t = t;
      kept.answer = answer;
    } else {
      if (answers.size >= ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
      answers.set(ref, { t, answer });
    }
    return answer;
  }

  /** Apply the scenario's contract breaks to a node payload (a copy; the world is untouched). */
  function breakContract<P extends { properties: unknown; children: string[]; parent?: string | null }>(ref: string, payload: P): P {
    const b = cfg.contract_breaks;
    const firstHost = ref !== 'root' && (b.orphan_first_host || b.nonconforming.includes('first_host')) ? world.resolve('root')?.children[0] : undefined;
    const isFirstHost = firstHost !== undefined && ref === firstHost;
    const isRoot = ref === 'root';
    if (!(isRoot && (b.empty_root || b.nonconforming.includes('root'))) && !isFirstHost) return payload;
    const copy = structuredClone(payload);
    if (isRoot && b.empty_root) copy.children = [];
    if (isFirstHost && b.orphan_first_host) copy.parent = null;
    if ((isRoot && b.nonconforming.includes('root')) || (isFirstHost && b.nonconforming.includes('first_host'))) {
      // The variant keeps its name and shape, but its first string field turns into a number.
      const variant = Object.values(copy.properties as Record<string, Record<string, unknown>>)[0] ?? {};
      const field = Object.keys(variant).find((k) => typeof variant[k] === 'string');
      if (field) variant[field] = 42;
    }
    return copy;
  }

  return {
    router,
    world,
    telemetry,
    inflight: () => inflight,
    errorAnswer: (code, message) => adminError(code, message),
    notFound: (_req: IncomingMessage) => ({ status: 404, body: '', contentType: 'text/plain; charset=utf-8' }),
    methodNotAllowed: (_req: IncomingMessage, allowed: string[]) => ({ status: 405, body: '', contentType: 'text/plain; charset=utf-8', headers: { allow: allowed.join(', ') } }),
    close: () => telemetry.close(),
  };
}
