/**
 * A hostile stand-in for every meshscope backend: a real node:http server (port 0) that forwards
 * each request to the mock (so ids, references and shapes are real) and then spoils the answer in
 * one chosen way — truncated JSON, wrong types, unknown enum variants, an HTML error page, an empty
 * body, a wrong content type, a 50 MB body, a never-ending body, a slow-loris trickle, a 1 MB SSE
 * line, or escape and control sequences inside names and messages.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const HOSTILE_CASES = [
  'truncated',
  'wrong-types',
  'unknown-enum',
  'html-error',
  'empty-body',
  'wrong-content-type',
  'body-50mb',
  'never-ending',
  'slow-loris',
  'sse-1mb-line',
  'escape-names',
  'escape-error',
] as const;
export type HostileCase = (typeof HOSTILE_CASES)[number];

/** What a terminal would act on: clear the screen, set the window title, ring the bell. */
export const EVIL = '\u001b[2J\u001b]0;pwned\u0007\u009b31m\r\b';

const NAME_KEY = /name|actor|message|error|description|title|summary|detail|reason|label|agent|text|hint/i;
const ENUM_KEY = /^(status|state|phase|kind|type|level|health|outcome|severity|mode)$/i;

/** Every value replaced by one of another type (strings become numbers, numbers strings, ...). */
function wrongTypes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(wrongTypes);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wrongTypes(x)]));
  if (typeof v === 'string') return 7;
  if (typeof v === 'number') return 'seven';
  if (typeof v === 'boolean') return 'yes';
  return { surprise: true };
}

function mapStrings(v: unknown, f: (key: string, s: string) => string, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f, key));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f, k)]));
  if (typeof v === 'string') return f(key, v);
  return v;
}

const unknownEnum = (v: unknown) => mapStrings(v, (k, s) => (ENUM_KEY.test(k) ? 'quantum_flux_9' : s));
const escapeNames = (v: unknown) => mapStrings(v, (k, s) => (NAME_KEY.test(k) ? `${s}${EVIL}` : s));

interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function forward(base: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: base.host };
    delete headers['content-length'];
    const up = httpRequest({ host: base.hostname, port: base.port, method: req.method, path: req.url, headers: { ...headers, 'content-length': String(body.length) } }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(chunks) }));
      r.on('error', reject);
    });
    up.on('error', reject);
    up.end(body);
  });
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

function isSse(req: IncomingMessage): boolean {
  return /\/events(\?|$)/.test(req.url ?? '') && String(req.headers.accept ?? '').includes('text/event-stream');
}

/** Write `chunk` over and over until the client goes away (or `limit` bytes are out). */
function pour(res: ServerResponse, chunk: Buffer, limit = Infinity, tail = ''): void {
  let sent = 0;
  const more = (): void => {
    while (!res.destroyed && sent < limit) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    if (!res.destroyed) res.end(tail);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  more();
}

function json(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function answer(c: HostileCase, base: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readAll(req);
  // Streams (asya envelope events) get their own spoiling: the cases that make sense for SSE.
  if (isSse(req)) {
    if (c === 'sse-1mb-line') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // 1.5 MiB on one line, written in pieces as a real server would flush it.
      res.write('event: status\ndata: {"status":"');
      return pour(res, Buffer.alloc(64 * 1024, 'x'), 1.5 * 1024 * 1024, '"}\n\n');
    }
    if (c === 'escape-names') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const data = JSON.stringify({ status: 'succeeded', actor: `a${EVIL}`, message: `done${EVIL}`, result: { text: `r${EVIL}` } });
      const fly = JSON.stringify({ text: `thinking${EVIL}`, agent: `agent${EVIL}` });
      res.end(`: keep${EVIL}\n\nevent: fly\ndata: ${fly}\n\nevent: fly\ndata: plain${EVIL}\n\nevent: ${EVIL}\ndata: ${EVIL}\n\nevent: status\ndata: ${data}\n\n`);
      return;
    }
  }
  switch (c) {
    case 'html-error':
      return json(res, 502, '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>', 'text/html');
    case 'empty-body':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
      return void res.end();
    case 'wrong-content-type':
      return json(res, 200, 'service ready, all systems nominal\n', 'text/plain');
    case 'escape-error':
      return json(res, 500, JSON.stringify({ error: `boom${EVIL}`, message: `the server broke${EVIL}`, detail: `detail${EVIL}`, code: `c${EVIL}` }));
    case 'body-50mb': {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
      return pour(res, Buffer.alloc(1024 * 1024, 'x'), 50 * 1024 * 1024);
    }
    case 'never-ending':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items":["');
      return pour(res, Buffer.alloc(256 * 1024, 'y'));
    case 'slow-loris': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(' ')), 300);
      res.on('close', () => clearInterval(t));
      return;
    }
    default:
      break;
  }
  const up = await forward(base, req, body);
  const type = String(up.headers['content-type'] ?? '');
  let out = up.body;
  if (type.includes('json')) {
    if (c === 'truncated') out = up.body.subarray(0, Math.max(1, Math.floor(up.body.length / 2)));
    else {
      let doc: unknown;
      try {
        doc = JSON.parse(up.body.toString('utf8'));
      } catch {
        doc = undefined;
      }
      if (doc !== undefined) {
        if (c === 'wrong-types') doc = wrongTypes(doc);
        else if (c === 'unknown-enum') doc = unknownEnum(doc);
        else if (c === 'escape-names') doc = escapeNames(doc);
        // The envelope is still running, so a watch must keep reading the (hostile) stream.
        else if (c === 'sse-1mb-line') doc = mapStrings(doc, (k, v) => (k === 'status' ? 'pending' : v));
        out = Buffer.from(JSON.stringify(doc));
      }
    }
  } else if (c === 'truncated') out = up.body.subarray(0, Math.floor(up.body.length / 2));
  else if (c === 'wrong-types' && up.status < 300) {
    // A binary answer (a pprof profile) spoiled the same way: a JSON document where bytes belong.
    return json(res, up.status, JSON.stringify({ profile: 7, samples: 'many', sample_types: { surprise: true } }));
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) headers[k] = String(v);
  headers['content-length'] = String(out.length);
  res.writeHead(up.status, headers);
  res.end(out);
}

export interface HostileServer {
  url: string;
  close(): Promise<void>;
}

/**
 * One hostile server in front of `upstream` (a mock base URL). The server's URL keeps the
 * upstream's base path, so it can stand in wherever that URL went.
 */
export async function startHostile(c: HostileCase, upstream: string): Promise<HostileServer> {
  const base = new URL(upstream);
  const server: Server = createServer((req, res) => {
    answer(c, base, req, res).catch(() => {
      if (!res.headersSent) json(res, 599, '');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const url = new URL(upstream);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString().replace(/\/$/, ''),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
