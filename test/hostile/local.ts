/**
 * Hostile servers for what a server can do to the operator's own machine (the clipboard, the disk,
 * memory, files in the current folder, the terminal): a loopback server that answers the routes a
 * test chooses in its own hostile way and forwards every other request to the mock, so ids,
 * references and shapes stay real. It can also take WebSocket upgrades (an astromesh daemon that
 * streams without end). Loopback only.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** Answer a request (true) or leave it to the mock (false). */
export type Script = (req: IncomingMessage, res: ServerResponse, body: Buffer) => boolean | Promise<boolean>;

export interface ScriptedServer {
  /** The server's URL, with the upstream's base path. */
  url: string;
  /** Requests seen, as `METHOD path`, with their headers. */
  seen: Array<{ line: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

function forward(base: URL, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const headers = { ...req.headers, host: base.host, 'content-length': String(body.length) };
  const up = httpRequest({ host: base.hostname, port: base.port, method: req.method, path: req.url, headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  up.on('error', () => res.destroy());
  up.end(body);
}

/** Write `chunk` until the client goes away or `limit` bytes are out (then end, or cut the connection). */
export function pour(res: ServerResponse, chunk: Buffer, limit = Infinity, end: 'end' | 'cut' = 'end'): void {
  let sent = 0;
  const more = (): void => {
    while (!res.destroyed && sent < limit) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    if (res.destroyed) return;
    if (end === 'cut') res.destroy();
    else res.end();
  };
  res.on('close', () => res.removeAllListeners('drain'));
  more();
}

export function sendJson(res: ServerResponse, status: number, value: unknown, type = 'application/json'): true {
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}

/**
 * A scripted server in front of `upstream` (a mock base URL, or undefined for none: unscripted
 * requests then get 404). `onSocket` takes WebSocket connections.
 */
export async function startScripted(upstream: string | undefined, script: Script, onSocket?: (ws: WebSocket, req: IncomingMessage) => void): Promise<ScriptedServer> {
  const base = upstream ? new URL(upstream) : undefined;
  const seen: ScriptedServer['seen'] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ line: `${req.method} ${req.url}`, headers: req.headers });
    void (async () => {
      const body = await readAll(req);
      if (await script(req, res, body)) return;
      if (base) forward(base, req, body, res);
      else sendJson(res, 404, { detail: 'Not Found' });
    })().catch(() => res.destroy());
  });
  let wss: WebSocketServer | undefined;
  if (onSocket) {
    wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      seen.push({ line: `UPGRADE ${req.url}`, headers: req.headers });
      wss!.handleUpgrade(req, socket, head, (ws) => onSocket(ws, req));
    });
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(upstream ?? 'http://127.0.0.1/');
  url.protocol = 'http:';
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString().replace(/\/$/, ''),
    seen,
    close: () =>
      new Promise((r) => {
        for (const c of wss?.clients ?? []) c.terminate();
        wss?.close();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The reference of the issue: a bracketed-paste terminator and a newline-terminated command behind 150 spaces. */
export const PASTE_ATTACK = 'host:10.0.0.1' + ' '.repeat(150) + '\x1b[201~\necho PWNED > /tmp/x\n';

/** Right-to-left override and isolate: text that displays in another order than it is. */
export const BIDI = '\u202e\u2066';
