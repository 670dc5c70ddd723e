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
  handler: Handler;
}

function compile(pattern: string): { re: RegExp; names: string[]; literals: number } {
  const names: string[] = [];
  let literals = 0;
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
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { re: new RegExp(`^${src}$`), names, literals };
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
    const allowed: string[] = [];
    for (const r of this.routes) {
      const m = r.re.exec(rawPath);
      if (!m) continue;
      if (r.method !== method.toUpperCase() && !(method.toUpperCase() === 'HEAD' && r.method === 'GET')) {
        allowed.push(r.method);
        continue;
      }
      const params: Record<string, string> = {};
      const rawParams: Record<string, string> = {};
      r.names.forEach((n, i) => {
        rawParams[n] = m[i + 1];
        params[n] = decode(m[i + 1]);
      });
      return { route: r, params, rawParams };
    }
    return allowed.length ? { methodNotAllowed: [...new Set(allowed)] } : undefined;
  }

  /** The route patterns, for fault rules that name a route. */
  patterns(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }
}

/** Helpers for writing answers the way the real servers do. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
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
