/**
 * The one HTTP client (undici): one keep-alive pool per endpoint, TLS and mTLS, bearer tokens,
 * per-request and overall timeouts, retry with exponential backoff and full jitter for transient
 * failures on idempotent requests only (honouring Retry-After), bounded response sizes, and the
 * mapping of every failure into MeshError.
 */
import type { Agent as UndiciAgent, Dispatcher, buildConnector as UndiciBuildConnector } from 'undici';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { MeshError, type Backend } from '../errors.js';
import { setV8Flags } from '../v8-flags.js';
import { mapHttpError, parseRetryAfter } from './dialects.js';
import { redactUrl } from './redact.js';
import { isLazyModel, type LazyModel } from './model.js';

export { redactUrl };

export interface Endpoint {
  backend: Backend;
  /** Base URL, e.g. https://host:1729 or http://host:54001/api/v1 (no trailing slash needed). */
  url: string;
  /** PEM file paths (or PEM text) for TLS. */
  ca?: string;
  cert?: string;
  key?: string;
  /** Where the CA came from (`flag --mn-ca`, `context mn.ca`), for errors about it. */
  caSource?: string;
  /** Skip server certificate verification. Never implied; the CLI warns when it is set. */
  insecure?: boolean;
  /** What to do when the server certificate cannot be verified (which flag or key names this endpoint's CA). */
  tlsHint?: string;
  /** What to do when nothing answers at the URL (set when the URL is a default: which key names the real one). */
  addressHint?: string;
  /** Bearer token (never logged, never printed). */
  token?: string;
  /** Where the token came from ("env MN_API_TOKEN", "file ..."), for errors about it. */
  tokenSource?: string;
  /** Extra headers sent on every request. */
  headers?: Record<string, string>;
}

export interface ClientOptions {
  /** Per-request timeout (headers and body idle), ms. */
  timeoutMs?: number;
  /** Retries for transient failures on idempotent requests. */
  retries?: number;
  /** Base backoff in ms (doubles per attempt, full jitter, capped at maxBackoffMs). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Overall deadline for the command: aborts everything in flight. */
  signal?: AbortSignal;
  /** Largest response body read into memory, bytes. */
  maxBodyBytes?: number;
  /** Verbose request log (method, URL, status, ms), secrets redacted. */
  log?: (line: string) => void;
  /** Concurrent connections per origin. */
  connections?: number;
}

export interface RequestOptions {
  method?: string;
  /** Path below the endpoint's base; segments must already be encoded (see `seg`). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON-serialisable body (sent as application/json) or raw bytes/text. */
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Default: true for GET/HEAD/PUT/DELETE/OPTIONS, false otherwise. */
  idempotent?: boolean;
  timeoutMs?: number;
  /** Override the client's retry count for this request. */
  retries?: number;
  maxBodyBytes?: number;
  signal?: AbortSignal;
  /**
   * Told the status of each answer as soon as its headers arrive (before its body is read): a
   * failure after a 2xx status happened while the body was read.
   */
  onAnswer?: (status: number) => void;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  url: string;
  elapsedMs: number;
}

export interface TextResponse extends HttpResponse {
  text: string;
}

export interface BytesResponse extends HttpResponse {
  bytes: Buffer;
}

export interface StreamResponse extends HttpResponse {
  body: Readable;
}

/** Encode one path segment: a reference or id can never change the request path. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function seg(value: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new MeshError({ kind: 'usage', code: 'bad_reference', message: `the reference or id ${JSON.stringify(value)} is not valid Unicode (a lone surrogate), so it cannot be sent`, hint: 'check where the value came from; a server that lists it sends a broken reference' });
  }
  return encodeURIComponent(value);
}

// undici's pool, its connector and its `request`, without its index: the index also loads fetch,
// WebSocket, EventSource, caches, mocks and interceptors, about 60 ms of every command's start.
// (undici is pinned; src/http/ws.ts loads the index when a command needs WebSocket.) The bundle
// (scripts/bundle.mjs) inlines these three.
const requireCjs = createRequire(import.meta.url);
const Agent = requireCjs('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
const buildConnector = requireCjs('undici/lib/core/connect.js') as typeof UndiciBuildConnector;
const undiciRequest = requireCjs('undici/lib/api/api-request.js') as (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

// undici parses responses with llhttp compiled to WebAssembly. With V8's default tiering budget
// (Node 20) the parser is recompiled by the optimising compiler after the first answer or two, and
// a process that is done waits for that compilation before it exits: about 80 ms at the end of
// every short command. A larger budget leaves short commands on the baseline compiler and still
// optimises the parser in long walks. V8 gives the parser its budget when undici instantiates it,
// just after the first connection is made: the budget is raised then, and, where V8's default is
// known (Node 20), set back once the parser exists. A V8 flag that differs from its default makes
// V8 refuse the code caches made under the default: Node's own modules (each one loaded afterwards
// compiles from source, 3-4 times slower) and the bundle's (bin/meshscope.js; where the budget stays
// raised, the launcher writes its caches before the change, src/v8-flags.ts). Newer V8s default to
// a larger budget; the flag exists in every V8 of Node 20 to 24.
const WASM_TIERING_BUDGET = '--wasm-tiering-budget=100000000';
const DEFAULT_WASM_TIERING_BUDGET: Record<string, string> = { '11.3': '--wasm-tiering-budget=1800000' };
let parserBudgetRaised = false;

function raiseParserBudget(): void {
  if (parserBudgetRaised) return;
  parserBudgetRaised = true;
  const restore = DEFAULT_WASM_TIERING_BUDGET[process.versions.v8.split('.').slice(0, 2).join('.')];
  setV8Flags([WASM_TIERING_BUDGET], { restoredBeforeExit: restore !== undefined });
  // undici instantiates the parser a few promise jobs after the connector's callback, before any
  // timer or I/O callback runs
  if (restore) setImmediate(() => setV8Flags([restore], { restoredBeforeExit: true }));
}

/**
 * Connections are opened as the requests in flight grow, a few at a time: a burst of simultaneous
 * connects overflows the listen backlog of a server that is slow to accept them (the kernel drops
 * the connection attempt and retries it only after a second). A new connection waits while
 * UNANSWERED_CONNECTIONS others are still being set up or have not been answered yet (an answer
 * proves the server accepted its connection); one that stays unanswered stops counting after
 * ANSWER_WAIT_MS (a slow answer says nothing about the backlog).
 */
const UNANSWERED_CONNECTIONS = 2;
const ANSWER_WAIT_MS = 100;

function gradually(connect: UndiciBuildConnector.connector): UndiciBuildConnector.connector & { open: number } {
  let unanswered = 0;
  const waiting: Array<() => void> = [];
  const connector = ((opts, callback) => {
    const start = () => {
      unanswered++;
      let counted = true;
      const done = () => {
        if (!counted) return;
        counted = false;
        unanswered--;
        waiting.shift()?.();
      };
      try {
        connect(opts, (err, socket) => {
          if (err || !socket) done();
          else {
            connector.open++;
            socket.once('close', () => connector.open--);
            // the first bytes from the server (undici reads them; this is only told), its end, or enough waiting
            const answered = () => {
              clearTimeout(timer);
              socket.off('readable', answered).off('close', answered);
              done();
            };
            const timer = setTimeout(answered, ANSWER_WAIT_MS).unref();
            socket.on('readable', answered).on('close', answered);
          }
          if (socket) raiseParserBudget();
          (callback as (e: Error | null, s: unknown) => void)(err, socket);
        });
      } catch (e) {
        done();
        throw e;
      }
    };
    if (unanswered < UNANSWERED_CONNECTIONS) start();
    else waiting.push(start);
  }) as UndiciBuildConnector.connector & { open: number };
  /** Connections open now. */
  connector.open = 0;
  return connector;
}

const unlimited = new WeakSet<AbortSignal>();

/**
 * Lift the listener limit of a signal that carries one listener per request in flight (each removed
 * when its request ends), so that many requests in flight raise no leak warning.
 */
export function allowManyListeners(signal: AbortSignal): void {
  if (unlimited.has(signal)) return;
  setMaxListeners(0, signal);
  unlimited.add(signal);
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

function readPem(value: string | undefined, what: string, source?: string): string | undefined {
  if (!value) return undefined;
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (e) {
    throw new MeshError({
      kind: 'usage',
      code: 'tls_file_unreadable',
      message: `cannot read the ${what} file ${value}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      hint: source ? `check the path (from ${source})` : `check the path given to --${what === 'CA' ? 'cacert' : what === 'client certificate' ? 'cert' : 'key'}`,
    });
  }
}


function headerValue(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The Content-Length the server announced, when it is a plain byte count. */
export function contentLength(h: Record<string, string | string[] | undefined>): number | undefined {
  const v = headerValue(h, 'content-length');
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * The deepest nesting of JSON meshscope reads. Real payloads stay under a few dozen levels; a
 * document nested many thousands deep (which JSON.parse takes) would overflow the stack of every
 * recursive step after it (validation, printing as JSON or YAML).
 */
export const MAX_JSON_DEPTH = 1000;

/** Is the JSON text nested deeper than `max` arrays and objects? (A scan of the text, strings skipped.) */
export function nestedDeeperThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  // no deeper than there are brackets: counting the opening ones is quicker than reading every character
  let opening = 0;
  for (let i = text.indexOf('{'); i >= 0 && opening <= max; i = text.indexOf('{', i + 1)) opening++;
  for (let i = text.indexOf('['); i >= 0 && opening <= max; i = text.indexOf('[', i + 1)) opening++;
  if (opening <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Wait `ms`, rejecting with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const TLS_VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

function errCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function allCodes(e: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') out.push(c);
    const m = (cur as { message?: unknown }).message;
    if (typeof m === 'string') out.push(m);
    const n = (cur as { name?: unknown }).name;
    if (typeof n === 'string') out.push(n);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/** How much of an error answer's body is read: enough for any error payload or HTML page. */
const ERROR_BODY_BYTES = 64 * 1024;

function timeoutReason(ms: number): DOMException {
  return new DOMException(`timed out after ${ms}ms`, 'TimeoutError');
}

/** The start of a streamed error body (an HTML error page, a hostile endless body). */
async function readErrorBody(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= ERROR_BODY_BYTES) break;
    }
  } catch {
    // what arrived is enough to describe the error
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks);
}

interface Buffered {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

/** The handler of one buffered exchange (undici's dispatch interface); settles its promise once. */
class Exchange implements Dispatcher.DispatchHandler {
  signal?: AbortSignal;
  onAbort?: () => void;
  private controller?: Dispatcher.DispatchController;
  private reason: unknown;
  private done = false;
  private status = 0;
  private headers: Record<string, string | string[] | undefined> = {};
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly owner: HttpClient,
    readonly deadline: number,
    readonly timeoutMs: number,
    private readonly max: number,
    private readonly url: string,
    private readonly resolve: (b: Buffered) => void,
    private readonly reject: (e: unknown) => void,
    private readonly onAnswer?: (status: number) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.done) controller.abort(this.reason as Error);
    else this.controller = controller;
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: Record<string, string | string[] | undefined>): void {
    if (status < 200 || this.done) return; // 1xx: the answer is still to come
    this.status = status;
    this.headers = headers;
    this.onAnswer?.(status);
    // a body announced larger than the limit is refused before it is read
    const announced = status < 300 ? contentLength(headers) : undefined;
    if (announced !== undefined && announced > this.max) this.fail(this.tooLarge(`announced ${announced} bytes, over the limit of`));
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.done) return;
    this.size += chunk.length;
    const ok = this.status < 300;
    if (ok && this.size > this.max) return this.fail(this.tooLarge('exceeded'));
    this.chunks.push(chunk);
    if (!ok && this.size >= ERROR_BODY_BYTES) this.end(true);
  }

  onResponseEnd(): void {
    this.end(false);
  }

  onResponseError(_c: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  private end(cut: boolean): void {
    if (this.done) return;
    this.done = true;
    this.owner.untrack(this);
    this.resolve({ status: this.status, headers: this.headers, bytes: this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size) });
    if (cut) {
      // an error body cut short: the rest of it is not read
      this.reason = new Error('the rest of the body is not needed');
      this.controller?.abort(this.reason as Error);
    }
  }

  fail(reason: unknown): void {
    if (this.done) return;
    this.done = true;
    this.reason = reason ?? new Error('aborted');
    this.owner.untrack(this);
    this.chunks = [];
    this.controller?.abort(this.reason as Error);
    this.reject(this.reason);
  }

  private tooLarge(what: string): MeshError {
    return new MeshError({
      kind: 'server',
      code: 'response_too_large',
      backend: this.owner.endpoint.backend,
      status: this.status,
      message: `the response from ${redactUrl(this.url)} ${what} ${this.max} bytes and was abandoned`,
      hint: 'narrow the request (a limit or filter), or check that the server is not misbehaving',
    });
  }
}

export class HttpClient {
  readonly endpoint: Endpoint;
  readonly base: URL;
  private readonly dispatcher: UndiciAgent;
  private readonly connector: ReturnType<typeof gradually>;
  private readonly opts: Required<Omit<ClientOptions, 'signal' | 'log'>> & Pick<ClientOptions, 'signal' | 'log'>;

  constructor(endpoint: Endpoint, opts: ClientOptions = {}) {
    this.endpoint = endpoint;
    if (endpoint.token !== undefined && /[\x00-\x1f\x7f]|[^\x00-\xff]/.test(endpoint.token)) {
      throw new MeshError({
        kind: 'usage',
        code: 'bad_token',
        backend: endpoint.backend,
        message: `the ${endpoint.backend} token${endpoint.tokenSource ? ` (from ${endpoint.tokenSource})` : ''} holds a line break, a control character or a character outside Latin-1, which no HTTP header can carry`,
        hint: 'check how the token is set (a pasted line break, the wrong file); meshscope never prints it',
      });
    }
    let base: URL;
    try {
      base = new URL(endpoint.url);
    } catch {
      throw new MeshError({
        kind: 'usage',
        code: 'bad_url',
        backend: endpoint.backend,
        message: `invalid ${endpoint.backend} URL: ${endpoint.url}`,
        hint: 'give a full URL such as http://host:port',
      });
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new MeshError({
        kind: 'usage',
        code: 'bad_url',
        backend: endpoint.backend,
        message: `unsupported scheme ${base.protocol} in ${endpoint.backend} URL ${endpoint.url}`,
        hint: 'use http:// or https://',
      });
    }
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.opts = {
      timeoutMs: opts.timeoutMs ?? 30_000,
      retries: opts.retries ?? 4,
      backoffMs: opts.backoffMs ?? 100,
      maxBackoffMs: opts.maxBackoffMs ?? 2_000,
      maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY,
      connections: opts.connections ?? 16,
      signal: opts.signal,
      log: opts.log,
    };
    const https = base.protocol === 'https:';
    const tls = https
      ? {
          ca: readPem(endpoint.ca, 'CA', endpoint.caSource),
          cert: readPem(endpoint.cert, 'client certificate'),
          key: readPem(endpoint.key, 'client key'),
          rejectUnauthorized: !endpoint.insecure,
        }
      : {};
    // Keep-alive connections, opened a few at a time as the requests in flight grow (up to `connections`).
    this.connector = gradually(buildConnector({ ...tls, timeout: Math.min(this.opts.timeoutMs, 10_000) }));
    this.dispatcher = new Agent({
      keepAliveTimeout: 10_000,
      connections: this.opts.connections,
      headersTimeout: this.opts.timeoutMs,
      bodyTimeout: this.opts.timeoutMs,
      connect: this.connector,
    });
  }

  /** The undici dispatcher, shared with WebSocket connections to the same endpoint. */
  get agent(): Dispatcher {
    return this.dispatcher;
  }

  /**
   * One request through this endpoint's pool with none of the client's handling (no retry, no
   * error mapping, any status returned): for callers that judge the raw answer themselves. The pool
   * is undici's without its index, so `agent.request` does not exist unless something else loaded it.
   */
  rawRequest(opts: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
    return undiciRequest.call(this.dispatcher, opts);
  }

  url(path: string, query?: RequestOptions['query']): URL {
    return new URL(this.target(path, query).href);
  }

  /**
   * The request target, built literally: the base path plus `path` as given. No URL resolution, so
   * an encoded segment is never collapsed (a reference `.` or `..` stays a segment of its own).
   */
  target(path: string, query?: RequestOptions['query']): { origin: string; path: string; href: string } {
    let search = '';
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      if (params.size) search = `?${params}`;
    }
    const p = this.base.pathname + path.replace(/^\//, '') + search;
    return { origin: this.base.origin, path: p, href: this.base.origin + p };
  }

  authHeaders(): Record<string, string> {
    const h: Record<string, string> = { ...(this.endpoint.headers ?? {}) };
    if (this.endpoint.token) h.authorization = `Bearer ${this.endpoint.token}`;
    return h;
  }

  async close(): Promise<void> {
    await this.dispatcher.close().catch(() => undefined);
  }

  /** Send a request and return the raw streaming body of a 2xx answer; non-2xx become MeshError. */
  async stream(req: RequestOptions): Promise<StreamResponse> {
    return this.send(req, false);
  }

  async text(req: RequestOptions): Promise<TextResponse> {
    const r = await this.bytes(req);
    return { status: r.status, headers: r.headers, url: r.url, elapsedMs: r.elapsedMs, text: r.bytes.toString('utf8') };
  }

  /** The whole body of a 2xx answer, read into memory (at most `maxBodyBytes`); non-2xx become MeshError. */
  async bytes(req: RequestOptions): Promise<BytesResponse> {
    return this.send(req, true);
  }

  /** JSON body; with a zod schema, validated (unknown keys kept by the models, nothing dropped). */
  async json<T = unknown>(req: RequestOptions, schema?: z.ZodType<T> | LazyModel<T>): Promise<T & {}> {
    const r = await this.text({ ...req, headers: { accept: 'application/json', ...req.headers } });
    if (isLazyModel<T>(schema)) {
      // a well-formed payload passes the model's predicate; anything else goes to the zod model
      const data = this.parseJson(r);
      if (data !== undefined && schema.check(data)) return data as T & {};
      return this.parseJson(r, await schema.load()) as T & {};
    }
    return this.parseJson(r, schema) as T & {};
  }

  parseJson<T>(r: TextResponse, schema?: z.ZodType<T>): T | unknown {
    const what = (): string => redactUrl(r.url);
    if (r.status === 204 || r.text.length === 0) {
      if (!schema) return undefined;
    }
    if (nestedDeeperThan(r.text, MAX_JSON_DEPTH)) {
      throw new MeshError({
        kind: 'server',
        code: 'invalid_response',
        backend: this.endpoint.backend,
        status: r.status,
        message: `the ${this.endpoint.backend} server sent a JSON document nested more than ${MAX_JSON_DEPTH} levels deep from ${what()}; meshscope does not read such documents`,
        hint: 'no real payload is nested that deep: check that the URL points at the right service',
      });
    }
    let data: unknown;
    try {
      data = JSON.parse(r.text);
    } catch (e) {
      const ct = headerValue(r.headers, 'content-type') ?? 'no content type';
      throw new MeshError({
        kind: 'server',
        code: 'invalid_response',
        backend: this.endpoint.backend,
        status: r.status,
        message: `the ${this.endpoint.backend} server sent a body that is not JSON (${ct}, ${r.text.length} bytes) from ${what()}: ${(e as Error).message}`,
        hint: 'check that the URL points at the right service (a proxy or login page can answer instead)',
      });
    }
    if (!schema) return data;
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
      throw new MeshError({
        kind: 'server',
        code: 'invalid_response',
        backend: this.endpoint.backend,
        status: r.status,
        message: `the ${this.endpoint.backend} server sent a payload meshscope does not understand from ${what()}`,
        hint: 'the server may be a different version; run with -o json on a raw endpoint or --verbose to see more',
        details: issues,
      });
    }
    return parsed.data;
  }

  private send(req: RequestOptions, buffered: true): Promise<BytesResponse>;
  private send(req: RequestOptions, buffered: false): Promise<StreamResponse>;
  private async send(req: RequestOptions, buffered: boolean): Promise<BytesResponse | StreamResponse> {
    const method = (req.method ?? 'GET').toUpperCase();
    const idempotent = req.idempotent ?? IDEMPOTENT.has(method);
    const retries = idempotent ? (req.retries ?? this.opts.retries) : 0;
    let target = this.target(req.path, req.query);
    const headers: Record<string, string> = { 'user-agent': 'meshscope', ...this.authHeaders(), ...req.headers };
    let body: string | Uint8Array | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    }
    const timeoutMs = req.timeoutMs ?? this.opts.timeoutMs;
    const maxBody = req.maxBodyBytes ?? this.opts.maxBodyBytes;
    for (let attempt = 0; ; attempt++) {
      if (this.reusableSoon(target.origin)) await new Promise((r) => setImmediate(r));
      const started = performance.now();
      let release = (): void => undefined;
      let failure: MeshError;
      try {
        const request = { origin: target.origin, path: target.path, method: method as Dispatcher.HttpMethod, headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
        let res: { status: number; headers: Record<string, string | string[] | undefined>; bytes?: Buffer; body?: Readable };
        if (buffered) {
          res = await this.exchange(request, timeoutMs, maxBody, target.href, req.signal, req.onAnswer);
        } else {
          // A streamed body can outlive this call: one controller and one timer per attempt,
          // released when the stream closes.
          const ac = new AbortController();
          const timer = setTimeout(() => ac.abort(timeoutReason(timeoutMs)), timeoutMs);
          const outer = [this.opts.signal, req.signal].filter((x): x is AbortSignal => x !== undefined);
          const forward = () => ac.abort(outer.find((x) => x.aborted)?.reason);
          for (const o of outer) {
            allowManyListeners(o);
            if (o.aborted) forward();
            else o.addEventListener('abort', forward, { once: true });
          }
          release = () => {
            clearTimeout(timer);
            for (const o of outer) o.removeEventListener('abort', forward);
          };
          const r = await undiciRequest.call(this.dispatcher, { ...request, signal: ac.signal });
          req.onAnswer?.(r.statusCode);
          res = { status: r.statusCode, headers: r.headers as Record<string, string | string[] | undefined>, body: r.body as unknown as Readable };
        }
        const elapsedMs = Math.round(performance.now() - started);
        this.opts.log?.(`${method} ${redactUrl(target.href)} ${res.status} ${elapsedMs}ms`);
        if (res.status >= 200 && res.status < 300) {
          if (res.bytes) return { status: res.status, headers: res.headers, url: target.href, elapsedMs, bytes: res.bytes };
          res.body!.once('close', release);
          return { status: res.status, headers: res.headers, url: target.href, elapsedMs, body: res.body! };
        }
        // Follow same-origin redirects (trailing-slash redirects of FastAPI / Go mux).
        if ([301, 302, 307, 308].includes(res.status)) {
          const loc = headerValue(res.headers, 'location');
          await (res.body as (Readable & { dump(): Promise<void> }) | undefined)?.dump().catch(() => undefined);
          if (loc && attempt < 5) {
            const next = new URL(loc, target.href);
            if (next.origin === target.origin) {
              target = { origin: next.origin, path: next.pathname + next.search, href: next.href };
              release();
              continue;
            }
          }
        }
        failure = mapHttpError({
          backend: this.endpoint.backend,
          status: res.status,
          contentType: headerValue(res.headers, 'content-type') ?? '',
          body: (res.bytes ?? (await readErrorBody(res.body!))).subarray(0, ERROR_BODY_BYTES).toString('utf8'),
          retryAfterS: parseRetryAfter(headerValue(res.headers, 'retry-after')),
          what: `${method} ${redactUrl(target.href)}`,
          baseUrl: this.endpoint.url.endsWith('/') ? redactUrl(this.endpoint.url) : redactUrl(this.endpoint.url).replace(/\/$/, ''),
        });
      } catch (e) {
        const elapsedMs = Math.round(performance.now() - started);
        failure = this.networkError(e, method, target.href, timeoutMs);
        this.opts.log?.(`${method} ${redactUrl(target.href)} ${failure.code} ${elapsedMs}ms`);
        if (!idempotent && (failure.code === 'connection_reset' || failure.code === 'timeout')) {
          // the request went out and no answer came back: the server may have acted on it
          failure = new MeshError({
            kind: failure.kind,
            code: failure.code,
            backend: failure.backend,
            message: `${failure.message}; the ${method} was sent and may have taken effect`,
            hint: `check its effect before sending it again (meshscope never repeats a ${method} by itself)`,
          });
        }
      }
      release();
      if (!failure.retryable || attempt >= retries || this.opts.signal?.aborted || req.signal?.aborted) throw failure;
      const exp = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** attempt);
      const wait = failure.retryAfterS !== undefined ? Math.min(failure.retryAfterS * 1000, 30_000) : Math.random() * exp;
      this.opts.log?.(`retrying after ${Math.round(wait)}ms (${failure.code}, attempt ${attempt + 2}/${retries + 1})`);
      // the request's own signal too: an aborted request does not sleep out its backoff
      const signals = [this.opts.signal, req.signal].filter((x): x is AbortSignal => x !== undefined);
      await sleep(wait, signals.length > 1 ? AbortSignal.any(signals) : signals[0]);
    }
  }

  /**
   * One exchange whose whole body is read into memory, on undici's dispatch interface: no stream,
   * no controller and no timer of its own. The deadlines of every exchange in flight share one
   * timer, and the session's signal one listener, so a walk of 100,000 nodes makes neither per
   * request. A 2xx body over `max` bytes is refused (announced or as it arrives); an error body is
   * kept up to ERROR_BODY_BYTES and the rest is not read.
   */
  private exchange(request: Dispatcher.DispatchOptions, timeoutMs: number, max: number, url: string, signal?: AbortSignal, onAnswer?: (status: number) => void): Promise<Buffered> {
    return new Promise<Buffered>((resolve, reject) => {
      const x = new Exchange(this, performance.now() + timeoutMs, timeoutMs, max, url, resolve, reject, onAnswer);
      if (this.opts.signal?.aborted) return x.fail(this.opts.signal.reason);
      if (signal?.aborted) return x.fail(signal.reason);
      this.track(x);
      if (signal) {
        allowManyListeners(signal);
        x.signal = signal;
        x.onAbort = () => x.fail(signal.reason);
        signal.addEventListener('abort', x.onAbort, { once: true });
      }
      try {
        this.dispatcher.dispatch(request, x);
      } catch (e) {
        x.fail(e);
      }
    });
  }

  /** Exchanges in flight, each with its deadline; one timer fires at the earliest. */
  private readonly inflight = new Set<Exchange>();
  private deadlineTimer: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private readonly abortInflight = (): void => {
    for (const x of [...this.inflight]) x.fail(this.opts.signal?.reason);
  };

  private track(x: Exchange): void {
    if (this.inflight.size === 0 && this.opts.signal) {
      // one listener per client in flight; a session's clients share its signal
      allowManyListeners(this.opts.signal);
      this.opts.signal.addEventListener('abort', this.abortInflight, { once: true });
    }
    this.inflight.add(x);
    if (x.deadline < this.armedAt) this.arm(x.deadline);
  }

  /** @internal an exchange that ended */
  untrack(x: Exchange): void {
    if (!this.inflight.delete(x)) return;
    if (x.onAbort) x.signal!.removeEventListener('abort', x.onAbort);
    if (this.inflight.size === 0) {
      this.opts.signal?.removeEventListener('abort', this.abortInflight);
      clearTimeout(this.deadlineTimer);
      this.deadlineTimer = undefined;
      this.armedAt = Infinity;
    }
  }

  private arm(at: number): void {
    clearTimeout(this.deadlineTimer);
    this.armedAt = at;
    this.deadlineTimer = setTimeout(() => {
      this.deadlineTimer = undefined;
      this.armedAt = Infinity;
      const now = performance.now();
      let next = Infinity;
      for (const x of [...this.inflight]) {
        // never before its deadline (a timer may fire a fraction of a millisecond early: it is armed again)
        if (x.deadline <= now) x.fail(timeoutReason(x.timeoutMs));
        else next = Math.min(next, x.deadline);
      }
      if (next < Infinity) this.arm(next);
    }, Math.max(1, Math.ceil(at - performance.now())));
  }

  /**
   * Whether every connection to `origin` is taken but one of them, its answer just ended, is about
   * to be free again: undici hands a keep-alive connection back one turn of the event loop after
   * its answer. A request sent at once would open another connection; one turn later it reuses it.
   */
  private reusableSoon(origin: string): boolean {
    // every connection is open: none is opened for this request whatever the pool's state
    if (this.connector.open >= this.opts.connections) return false;
    const s = this.dispatcher.stats[origin];
    return s !== undefined && 'free' in s && s.free === 0 && s.connected > s.running + s.pending;
  }

  /** Translate a transport failure into a MeshError that says what to do. */
  networkError(e: unknown, method: string, url: string, timeoutMs = this.opts.timeoutMs): MeshError {
    if (e instanceof MeshError) return e;
    const backend = this.endpoint.backend;
    const where = redactUrl(url);
    const codes = allCodes(e);
    const has = (re: RegExp) => codes.some((c) => re.test(c));
    const code = errCode(e) ?? '';
    const https = url.startsWith('https:');
    if (this.opts.signal?.aborted) {
      const reason = this.opts.signal.reason as { name?: string } | undefined;
      if (reason && reason.name === 'TimeoutError') {
        return new MeshError({ kind: 'unreachable', code: 'timeout', backend, message: `the overall timeout expired while waiting for ${method} ${where}`, hint: 'raise --timeout, or check the server' });
      }
      return new MeshError({ kind: 'interrupted', code: 'interrupted', backend, message: 'interrupted' });
    }
    if (has(/TimeoutError|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|UND_ERR_CONNECT_TIMEOUT|ETIMEDOUT|aborted due to timeout/)) {
      return new MeshError({ kind: 'unreachable', code: 'timeout', backend, retryable: false, message: `no answer from ${where} within ${timeoutMs} ms`, hint: 'the server may be overloaded or unreachable; raise --timeout or check the address' });
    }
    if (has(/CERTIFICATE_REQUIRED|certificate required|ALERT_BAD_CERTIFICATE|alert bad certificate|ALERT_HANDSHAKE_FAILURE|sslv3 alert handshake failure/i) || (https && !this.endpoint.cert && has(/UND_ERR_SOCKET|ECONNRESET|other side closed/) && has(/TLS|SSL|socket/i))) {
      if (!this.endpoint.cert) {
        return new MeshError({ kind: 'unreachable', code: 'tls_client_cert_required', backend, message: `the server at ${where} requires a client certificate`, hint: 'the server requires a client certificate: pass --cert and --key (with --cacert for its CA)' });
      }
      return new MeshError({ kind: 'unreachable', code: 'tls_client_cert_rejected', backend, message: `the server at ${where} rejected the client certificate`, hint: 'pass a --cert/--key pair issued by the CA the server trusts' });
    }
    const tlsCode = codes.find((c) => TLS_VERIFY_CODES.has(c));
    if (tlsCode) {
      return new MeshError({
        kind: 'unreachable',
        code: 'tls_verify_failed',
        backend,
        message: `cannot verify the TLS certificate of ${where} (${tlsCode})`,
        hint: tlsCode === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'the certificate does not name this host; connect with the name it was issued for' : (this.endpoint.tlsHint ?? 'pass --cacert with the CA that signed the server certificate (or --insecure to skip verification, not recommended)'),
      });
    }
    if (has(/EPROTO|ERR_SSL_WRONG_VERSION_NUMBER|wrong version number|packet length too long/i)) {
      return new MeshError({ kind: 'unreachable', code: 'tls_handshake_failed', backend, message: `TLS handshake with ${where} failed`, hint: https ? `the server may speak plain HTTP: use its http:// URL${backend === 'admin' ? ' or --plaintext' : ''}` : 'the server may require TLS: use an https:// URL' });
    }
    if (has(/ECONNREFUSED/)) {
      return new MeshError({ kind: 'unreachable', code: 'connection_refused', backend, message: `cannot connect to ${where}: connection refused`, hint: this.endpoint.addressHint ?? `check that the ${backend} server is running and the address is right (or try --mock)` });
    }
    if (has(/ENOTFOUND|EAI_AGAIN/)) {
      return new MeshError({ kind: 'unreachable', code: 'dns_failed', backend, message: `cannot resolve the host of ${where}`, hint: this.endpoint.addressHint ?? 'check the host name in the URL or context' });
    }
    if (has(/EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL/)) {
      return new MeshError({ kind: 'unreachable', code: 'host_unreachable', backend, message: `cannot reach ${where}`, hint: this.endpoint.addressHint ?? 'check the network path to the server' });
    }
    if (has(/ECONNRESET|UND_ERR_SOCKET|other side closed|EPIPE|socket hang up/)) {
      return new MeshError({ kind: 'unreachable', code: 'connection_reset', backend, retryable: true, message: `the connection to ${where} was closed by the server`, hint: 'the server or a proxy dropped the connection; try again' });
    }
    if (has(/UND_ERR_RES_EXCEEDED_MAX_SIZE/)) {
      return new MeshError({ kind: 'server', code: 'response_too_large', backend, message: `the response from ${where} is too large`, hint: 'narrow the request' });
    }
    if ((e as { name?: string })?.name === 'AbortError') {
      return new MeshError({ kind: 'interrupted', code: 'interrupted', backend, message: 'interrupted' });
    }
    const msg = e instanceof Error ? e.message : String(e);
    return new MeshError({ kind: 'unreachable', code: code ? code.toLowerCase() : 'network_error', backend, message: `request to ${where} failed: ${msg}`, hint: 'check the address and the network', cause: e });
  }
}
