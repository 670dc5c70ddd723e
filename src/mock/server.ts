/**
 * The embedded mock: one real HTTP(S) server per backend endpoint on loopback, a seeded scenario,
 * a simulated clock, and fault injection (latency, spikes, error rates per code in the backend's
 * own dialect, dropped connections, slow bodies) around every route.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { MeshError } from '../errors.js';
import type { EndpointName } from '../config/resolve.js';
import { generateCerts, writeCerts, type CertFiles } from './certs.js';
import { createRng, type Rng } from './rng.js';
import { loadScenario, type FaultRule, type Scenario } from './scenario.js';
import type { BackendFactory, BackendMock, Clock, MockContext } from './types.js';
import { Reply, writeAnswer, type MatchResult, type MockRequest } from './router.js';

export const ENDPOINT_ORDER: EndpointName[] = ['admin', 'mn', 'asya', 'asyaInternal', 'astromesh', 'grid'];

/** The real servers' ports, used when they are free and no --port-base is given. */
export const REAL_PORTS: Record<EndpointName, number> = { admin: 1729, mn: 54001, asya: 8080, asyaInternal: 8081, astromesh: 8000, grid: 8443 };

/** Base paths below the server root (mn-api lives under /api/v1). */
export const BASE_PATHS: Partial<Record<EndpointName, string>> = { mn: '/api/v1' };

export interface MockOptions {
  scenario?: string | Scenario;
  /** undefined: the real ports; 0: free ports; N: admin N, mn N+1, asya N+2, asya internal N+3, astromesh N+4, grid N+5. */
  portBase?: number;
  host?: string;
  /** Serve HTTPS with generated certificates; the admin server then requires a client certificate (mTLS). */
  tls?: boolean;
  /** Where to write the generated PEM files (default: a fresh temporary folder, removed on close). */
  certDir?: string;
  /** Override the backends (tests). */
  factories?: BackendFactory[];
  /** Only these endpoints. */
  only?: EndpointName[];
  /** Environment for the servers' own secrets (MN_API_TOKEN, GRID_TOKEN); default process.env. */
  env?: Record<string, string | undefined>;
}

export type MockUrls = Record<EndpointName, string>;

/** What the servers answered, counted per route: requests, and the faults injected into them. */
export interface RouteStats {
  requests: number;
  /** Connections dropped without an answer. */
  dropped: number;
  /** Error answers injected, per error code. */
  errors: Record<string, number>;
  /** Latency spikes added. */
  spikes: number;
  /** Answers sent, per HTTP status (the routes' own and the injected ones). */
  statuses: Record<number, number>;
}

/** What one server saw of its clients' connections. */
export interface EndpointStats {
  /** Connections accepted (TCP, before any TLS handshake). */
  connections: number;
  /** Requests being served now, and the most at once. */
  inflight: number;
  peakInflight: number;
}

export interface MockStats {
  total: RouteStats;
  /** Keyed `endpoint METHOD pattern` (`(no route)` for paths no route matches). */
  routes: Map<string, RouteStats>;
  /** Per endpoint. */
  endpoints: Partial<Record<EndpointName, EndpointStats>>;
}

const emptyStats = (): RouteStats => ({ requests: 0, dropped: 0, errors: {}, spikes: 0, statuses: {} });

/** One line for people: `1043 requests; injected: 52 dropped, 201 service_unavailable, 9 spikes`. */
export function describeStats(s: MockStats): string {
  const t = s.total;
  const injected = [t.dropped ? `${t.dropped} dropped` : '', ...Object.entries(t.errors).map(([code, n]) => `${n} ${code}`), t.spikes ? `${t.spikes} latency spikes` : ''].filter(Boolean);
  return `${t.requests} requests${injected.length ? `; injected: ${injected.join(', ')}` : ''}`;
}

export interface MockHandle {
  urls: MockUrls;
  scenario: Scenario;
  ctx: MockContext;
  tls?: CertFiles;
  stats: MockStats;
  close(): Promise<void>;
}

/** The built-in backends, loaded lazily so a command that does not use --mock never loads them. */
async function defaultFactories(): Promise<BackendFactory[]> {
  const mods = await Promise.all([import('./admin/router.js'), import('./mn/router.js'), import('./asya/router.js'), import('./astromesh/router.js'), import('./grid/router.js')]);
  return [mods[0].createAdminMock, mods[1].createMnMock, mods[2].createAsyaMock, mods[3].createAstromeshMock, mods[4].createGridMock] as BackendFactory[];
}

function within(range: number | [number, number], rng: Rng): number {
  return typeof range === 'number' ? range : range[0] + rng.next() * (range[1] - range[0]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function ruleMatches(rule: FaultRule, endpoint: EndpointName, method: string, rawPath: string, pattern: string | undefined): boolean {
  if (rule.backend !== '*' && rule.backend !== endpoint) return false;
  if (!rule.route) return true;
  if (pattern && rule.route === pattern) return true;
  try {
    return new RegExp(rule.route).test(`${method} ${rawPath}`);
  } catch {
    return false;
  }
}

/** Throttle everything written to the response to `bps` bytes per second. */
function throttle(res: ServerResponse, bps: number): void {
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const pending: Buffer[] = [];
  let ending = false;
  let timer: NodeJS.Timeout | undefined;
  const step = Math.max(1, Math.floor(bps / 10));
  const pump = () => {
    timer = undefined;
    if (res.destroyed) return;
    const buf = Buffer.concat(pending.splice(0));
    if (buf.length === 0) {
      if (ending) end();
      return;
    }
    write(buf.subarray(0, step));
    if (buf.length > step) pending.push(buf.subarray(step));
    if (pending.length || ending) timer = setTimeout(pump, 100);
  };
  const schedule = () => {
    timer ??= setTimeout(pump, 100);
  };
  res.write = ((chunk: unknown) => {
    if (chunk !== undefined && chunk !== null) pending.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    schedule();
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') pending.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    ending = true;
    schedule();
    return res;
  }) as typeof res.end;
  res.on('close', () => timer && clearTimeout(timer));
}

const MAX_REQUEST_BODY = 64 * 1024 * 1024;
/** The body of every GET and HEAD (nothing reads more than its length). */
const NO_BODY = Buffer.alloc(0);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What a request's close counts: the answer's status, on its route's counters and the totals. */
interface Counted {
  route: RouteStats;
  total: RouteStats;
  endpoint: EndpointStats;
}
const COUNTED = Symbol('meshscope.mock.counted');
type CountedResponse = ServerResponse & { [COUNTED]?: Counted };

function countStatus(r: RouteStats, status: number): void {
  r.statuses[status] = (r.statuses[status] ?? 0) + 1;
}

/** One listener for every response (a closure per request costs more than the request's counting). */
function onResponseClose(this: CountedResponse): void {
  const c = this[COUNTED]!;
  c.endpoint.inflight--;
  if (this.headersSent) {
    countStatus(c.route, this.statusCode);
    countStatus(c.total, this.statusCode);
  }
}

const NO_RULES: FaultRule[] = [];

type MatchedRoute = Extract<MatchResult, { route: unknown }>['route'];

function handlerFor(endpoint: EndpointName, mock: BackendMock, ctx: MockContext, faultRng: Rng, stats: MockStats) {
  const ep = (stats.endpoints[endpoint] ??= { connections: 0, inflight: 0, peakInflight: 0 });
  // Each route's counters (the stats.routes entry, keyed `endpoint METHOD pattern`), found once
  // per route and method; NO_ROUTE for paths no route takes.
  const NO_ROUTE = {};
  const counters = new Map<object, Map<string, Counted>>();
  const countedFor = (route: MatchedRoute | undefined, method: string): Counted => {
    let byMethod = counters.get(route ?? NO_ROUTE);
    if (!byMethod) counters.set(route ?? NO_ROUTE, (byMethod = new Map()));
    let c = byMethod.get(method);
    if (!c) {
      const key = `${endpoint} ${method} ${route ? route.pattern : '(no route)'}`;
      let r = stats.routes.get(key);
      if (!r) stats.routes.set(key, (r = emptyStats()));
      byMethod.set(method, (c = { route: r, total: stats.total, endpoint: ep }));
    }
    return c;
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      // The path is taken literally (no dot-segment collapsing), as the real servers route it.
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const rawPath = q < 0 ? raw : raw.slice(0, q);
      const method = (req.method ?? 'GET').toUpperCase();
      const match = mock.router.match(method, rawPath);
      const route = match && 'route' in match ? match.route : undefined;
      const counted = countedFor(route, method);
      const r = counted.route;
      r.requests++;
      stats.total.requests++;
      if (++ep.inflight > ep.peakInflight) ep.peakInflight = ep.inflight;
      (res as CountedResponse)[COUNTED] = counted;
      res.on('close', onResponseClose);
      const faults = ctx.scenario.faults;
      let rules = NO_RULES;
      if (faults.length > 0) {
        const pattern = route ? `${route.method} ${route.pattern}` : undefined;
        rules = faults.filter((rule) => ruleMatches(rule, endpoint, method, rawPath, pattern));
      }
      for (const rule of rules) {
        if (rule.latency_ms !== undefined) await sleep(within(rule.latency_ms, faultRng));
        if (rule.spike && faultRng.chance(rule.spike.rate)) {
          r.spikes++;
          stats.total.spikes++;
          await sleep(within(rule.spike.latency_ms, faultRng));
        }
      }
      for (const rule of rules) {
        if (rule.drop && faultRng.chance(rule.drop)) {
          r.dropped++;
          stats.total.dropped++;
          req.socket.destroy();
          return;
        }
        for (const [code, rate] of Object.entries(rule.errors ?? {})) {
          if (faultRng.chance(rate)) {
            r.errors[code] = (r.errors[code] ?? 0) + 1;
            stats.total.errors[code] = (stats.total.errors[code] ?? 0) + 1;
            return writeAnswer(res, mock.errorAnswer(code));
          }
        }
        if (rule.slow_body_bps) throttle(res, rule.slow_body_bps);
      }
      if (mock.before?.(req, res)) return;
      if (!match) return writeAnswer(res, mock.notFound(req));
      if ('methodNotAllowed' in match) {
        return writeAnswer(res, mock.methodNotAllowed ? mock.methodNotAllowed(req, match.methodNotAllowed) : mock.notFound(req));
      }
      const body = method === 'GET' || method === 'HEAD' ? NO_BODY : await readBody(req);
      const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
      const mreq: MockRequest = { method, rawPath, query, headers: req.headers, body, params: match.params, rawParams: match.rawParams, raw: req };
      await match.route.handler(mreq, res);
    } catch (e) {
      // a handler's error answer (Reply), thrown from however deep; anything else is the mock's own failure
      if (e instanceof Reply) writeAnswer(res, e.answer);
      else writeAnswer(res, mock.errorAnswer('internal_error', (e as Error).message));
    }
  };
}

function listen(server: Server, port: number, host: string, backlog?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, backlog });
  });
}

export async function startMock(opts: MockOptions = {}): Promise<MockHandle> {
  const scenario = typeof opts.scenario === 'object' ? opts.scenario : loadScenario(opts.scenario ?? 'healthy');
  const host = opts.host ?? '127.0.0.1';
  const started = Date.now();
  const clock: Clock = { speed: scenario.clock_speed, now: () => started + (Date.now() - started) * scenario.clock_speed };
  const ctx: MockContext = { scenario, rng: createRng(scenario.seed), clock, urls: {}, env: opts.env ?? process.env };
  const factories = opts.factories ?? (await defaultFactories());
  const mocks: Partial<Record<EndpointName, BackendMock>> = {};
  for (const f of factories) Object.assign(mocks, await f(ctx));

  let tls: CertFiles | undefined;
  let certs: Awaited<ReturnType<typeof generateCerts>> | undefined;
  let tmpDir: string | undefined;
  if (opts.tls) {
    certs = await generateCerts(host === '127.0.0.1' || host === 'localhost' || host === '::1' ? ['localhost', '127.0.0.1', '::1'] : [host, 'localhost', '127.0.0.1']);
    const dir = opts.certDir ?? (tmpDir = mkdtempSync(join(tmpdir(), 'meshscope-mock-tls-')));
    tls = writeCerts(certs, dir);
  }

  const stats: MockStats = { total: emptyStats(), routes: new Map(), endpoints: {} };
  const servers: Server[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const urls: Partial<MockUrls> = {};
  const close = async () => {
    for (const m of Object.values(mocks)) await m?.close?.();
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  };

  try {
    const endpoints = ENDPOINT_ORDER.filter((e) => mocks[e] && (!opts.only || opts.only.includes(e)));
    for (const endpoint of endpoints) {
      const mock = mocks[endpoint]!;
      const faultRng = ctx.rng.fork(`faults:${endpoint}`);
      const handler = handlerFor(endpoint, mock, ctx, faultRng, stats);
      const server: Server = certs
        ? (createHttpsServer(
            {
              cert: certs.server.cert,
              key: certs.server.key,
              ca: certs.ca.cert,
              requestCert: endpoint === 'admin',
              rejectUnauthorized: endpoint === 'admin',
            },
            handler,
          ) as unknown as Server)
        : createHttpServer(handler);
      server.keepAliveTimeout = 5_000;
      const ep = stats.endpoints[endpoint]!;
      server.on('connection', (s) => {
        ep.connections++;
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      server.on('secureConnection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      if (mock.upgrade) server.on('upgrade', (req, socket, head) => mock.upgrade!(req, socket, head));
      const index = ENDPOINT_ORDER.indexOf(endpoint);
      const port = opts.portBase === undefined ? REAL_PORTS[endpoint] : opts.portBase === 0 ? 0 : opts.portBase + index;
      servers.push(server);
      let bound: number;
      try {
        bound = await listen(server, port, host, scenario.listen_backlog);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new MeshError({
          kind: 'usage',
          code: code === 'EADDRINUSE' ? 'port_in_use' : 'listen_failed',
          message: `cannot listen on ${host}:${port} for the ${endpoint} mock: ${code ?? (e as Error).message}`,
          hint: code === 'EADDRINUSE' ? 'another process uses that port; pass --port-base 0 for free ports or --port-base N for another range' : 'check the --host and --port-base values',
        });
      }
      const shownHost = host.includes(':') ? `[${host}]` : host;
      urls[endpoint] = `${certs ? 'https' : 'http'}://${shownHost}:${bound}${BASE_PATHS[endpoint] ?? ''}`;
      ctx.urls[endpoint] = urls[endpoint];
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { urls: urls as MockUrls, scenario, ctx, tls, stats, close };
}
