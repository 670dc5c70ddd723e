/**
 * A small router for the mock servers. Each backend registers its routes; the server adds fault
 * injection around them. Paths are matched on the raw (still percent-encoded) path so that a
 * reference containing %2F stays one segment, as on the real servers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface MockRequest {
  method: string;
  /** Raw path, still percent-encoded, without the query string. */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The request body, fully read (bounded by the server's limit). */
  body: Buffer;
  /** Named parameters from the pattern, percent-decoded (`{name}` one segment, `{*name}` the rest). */
  params: Record<string, string>;
  /** Raw (still encoded) values of the same parameters. */
  rawParams: Record<string, string>;
  raw: IncomingMessage;
}

export type Handler = (req: MockRequest, res: ServerResponse) => void | Promise<void>;

interface Route {
  method: string;
  pattern: string;
  re: RegExp;
  names: string[];
  literals: number;
  /** The literal text every path of the route starts with (all of it for a route without parameters). */
  prefix: string;
  handler: Handler;
}

function compile(pattern: string): { re: RegExp; names: string[]; literals: number; prefix: string } {
  const names: string[] = [];
  let literals = 0;
  const prefixParts: string[] = [];
  const src = pattern
    .split('/')
    .map((part) => {
      const rest = /^\{\*(\w+)\}$/.exec(part);
      if (rest) {
        names.push(rest[1]);
        return '(.+)';
      }
      const one = /^\{(\w+)\}$/.exec(part);
      if (one) {
        names.push(one[1]);
        return '([^/]+)';
      }
      literals++;
      if (names.length === 0) prefixParts.push(part);
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // up to the first parameter, with the `/` before it
  const prefix = names.length === 0 ? pattern : `${prefixParts.join('/')}/`;
  return { re: new RegExp(`^${src}$`), names, literals, prefix };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export type MatchResult = { route: Route; params: Record<string, string>; rawParams: Record<string, string> } | { methodNotAllowed: string[] } | undefined;

export class Router {
  private routes: Route[] = [];

  /** Register a route. Literal routes win over parameter routes (most literal segments first). */
  on(method: string, pattern: string, handler: Handler): this {
    const c = compile(pattern);
    this.routes.push({ method: method.toUpperCase(), pattern, handler, ...c });
    this.routes.sort((a, b) => b.literals - a.literals || (a.pattern.includes('{*') ? 1 : 0) - (b.pattern.includes('{*') ? 1 : 0));
    return this;
  }

  get(pattern: string, h: Handler): this {
    return this.on('GET', pattern, h);
  }

  post(pattern: string, h: Handler): this {
    return this.on('POST', pattern, h);
  }

  put(pattern: string, h: Handler): this {
    return this.on('PUT', pattern, h);
  }

  delete(pattern: string, h: Handler): this {
    return this.on('DELETE', pattern, h);
  }

  match(method: string, rawPath: string): MatchResult {
    const wanted = method.toUpperCase();
    let allowed: string[] | undefined;
    for (const r of this.routes) {
      // the literal start first: most routes are told apart without running their expression
      if (r.names.length === 0 ? rawPath !== r.prefix : !rawPath.startsWith(r.prefix)) continue;
      const m = r.re.exec(rawPath);
      if (!m) continue;
      if (r.method !== wanted && !(wanted === 'HEAD' && r.method === 'GET')) {
        (allowed ??= []).push(r.method);
        continue;
      }
      const params: Record<string, string> = {};
      const rawParams: Record<string, string> = {};
      for (let i = 0; i < r.names.length; i++) {
        rawParams[r.names[i]] = m[i + 1];
        params[r.names[i]] = decode(m[i + 1]);
      }
      return { route: r, params, rawParams };
    }
    return allowed ? { methodNotAllowed: [...new Set(allowed)] } : undefined;
  }

  /** The route patterns, for fault rules that name a route. */
  patterns(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }
}

/**
 * An answer in a backend's own dialect: what fault injection, unknown routes and handlers' errors
 * send. The one answer type of every mock.
 */
export interface Answer {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

export function jsonAnswer(status: number, body: unknown, headers?: Record<string, string>): Answer {
  return { status, body: JSON.stringify(body), contentType: 'application/json', headers };
}

export function textAnswer(status: number, text: string, contentType = 'text/plain; charset=utf-8', headers?: Record<string, string>): Answer {
  return { status, body: text, contentType, headers };
}

/**
 * Thrown from anywhere inside a handler to answer with `answer` (FastAPI's HTTPException): the
 * server writes it. The one way every mock answers an error from deep inside its logic.
 */
export class Reply extends Error {
  constructor(readonly answer: Answer) {
    super(`${answer.status} ${answer.body.slice(0, 200)}`);
    this.name = 'Reply';
  }
}

/** Write an answer (status, content type and length, its headers); a response already started is cut. */
export function writeAnswer(res: ServerResponse, a: Answer): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const head: Record<string, string | number> = { 'content-type': a.contentType, 'content-length': Buffer.byteLength(a.body) };
  if (a.headers) Object.assign(head, a.headers);
  res.writeHead(a.status, head);
  res.end(a.body);
}

/** Helpers for writing answers the way the real servers do. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  writeAnswer(res, jsonAnswer(status, body, headers));
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  writeAnswer(res, textAnswer(status, text, contentType, headers));
}

/** A JSON request body as read by the one reader of every mock; each backend words the failures in its own dialect. */
export type JsonBody =
  | { ok: true; value: unknown }
  | {
      ok: false;
      /** The body is empty or only whitespace. */
      blank: boolean;
      /** The JSON parser's message. */
      message: string;
      /** Where the parser stopped, when it says. */
      position?: number;
    };

export function readJsonBody(body: Buffer): JsonBody {
  const text = body.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    return { ok: false, blank: text.trim() === '', message, position: at ? Number(at[1]) : undefined };
  }
}

/** A JSON object (not null, not an array): the one predicate, src/http/model.ts. */
export { isObject as isJsonObject } from '../http/model.js';

/** An open server-sent-events response: the one SSE writer of every mock. */
export interface SseStream {
  /** One event: `id:` (when given), `event:`, then the data, one `data:` line per line of it. */
  event(type: string, data: string, id?: string | number): void;
  /** A comment line: `:` followed by `text` (` heartbeat`, `keepalive`). */
  comment(text: string): void;
  /** The client is still there and the stream not ended. */
  readonly open: boolean;
  end(): void;
}

/**
 * Start an SSE answer: 200, `text/event-stream` (or the backend's own content type), no caching,
 * keep-alive, the headers sent at once and small writes not delayed.
 */
export function openSse(res: ServerResponse, opts: { contentType?: string; headers?: Record<string, string> } = {}): SseStream {
  res.writeHead(200, { 'content-type': opts.contentType ?? 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...(opts.headers ?? {}) });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  const isOpen = () => !res.destroyed && !res.writableEnded;
  return {
    event(type, data, id) {
      if (!isOpen()) return;
      const lines = data.split('\n').map((l) => `data: ${l}\n`).join('');
      res.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${type}\n${lines}\n`);
    },
    comment(text) {
      if (isOpen()) res.write(`:${text}\n\n`);
    },
    get open() {
      return isOpen();
    },
    end() {
      if (isOpen()) res.end();
    },
  };
}

/** Wait `ms` before answering, or stop early when the client goes away. True when it is still there. */
export function waitWhileConnected(ms: number, res: ServerResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(!res.destroyed);
    }, ms);
    res.once('close', onClose);
  });
}
