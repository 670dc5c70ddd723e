import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { HttpClient, redactUrl, seg } from '../../src/http/client.js';
import { readSse } from '../../src/http/sse.js';
import { openWebSocket } from '../../src/http/ws.js';
import { MeshError } from '../../src/errors.js';
import { generateCerts } from '../../src/mock/certs.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void, server: Server = createServer(handler)): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const proto = 'cert' in ((server as unknown as { _sharedCreds?: unknown })._sharedCreds ?? {}) || server instanceof (await import('node:https')).Server ? 'https' : 'http';
  return `${proto}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(p: Promise<unknown>): Promise<MeshError> {
  try {
    await p;
  } catch (e) {
    return e as MeshError;
  }
  throw new Error('expected a failure');
}

describe('HttpClient', () => {
  it('retries transient 503s on GET with backoff, and succeeds', async () => {
    let hits = 0;
    const url = await serve((_req, res) => {
      hits++;
      if (hits < 3) {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"service_unavailable","message":"busy"}}');
      } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const c = new HttpClient({ backend: 'admin', url }, { backoffMs: 5 });
    expect(await c.json({ path: 'v1/root' })).toEqual({ ok: true });
    expect(hits).toBe(3);
    await c.close();
  });

  it('never retries a POST', async () => {
    let hits = 0;
    const url = await serve((_req, res) => {
      hits++;
      res.writeHead(503).end('{"error":"resource_overloaded","detail":"full"}');
    });
    const c = new HttpClient({ backend: 'mn', url }, { backoffMs: 1 });
    const e = await failure(c.json({ method: 'POST', path: 'jobs', json: {} }));
    expect(e.status).toBe(503);
    expect(hits).toBe(1);
    await c.close();
  });

  it('honours Retry-After', async () => {
    const times: number[] = [];
    const url = await serve((_req, res) => {
      times.push(Date.now());
      if (times.length === 1) res.writeHead(503, { 'retry-after': '0.3' }).end('busy');
      else res.writeHead(200).end('{}');
    });
    const c = new HttpClient({ backend: 'grid', url }, { backoffMs: 1 });
    await c.json({ path: 'x' });
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(280);
    await c.close();
  });

  it('a request timeout is exit 4 with code timeout', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const c = new HttpClient({ backend: 'astromesh', url }, { timeoutMs: 200, retries: 0 });
    const e = await failure(c.json({ path: 'v1/health' }));
    expect(e.code).toBe('timeout');
    expect(e.exitCode).toBe(4);
    await c.close();
  });

  it('connection refused is exit 4 and names the address', async () => {
    const c = new HttpClient({ backend: 'mn', url: 'http://127.0.0.1:9/api/v1' }, { retries: 0 });
    const e = await failure(c.json({ path: 'health' }));
    expect(e.code).toBe('connection_refused');
    expect(e.exitCode).toBe(4);
    expect(e.message).toContain('127.0.0.1:9');
  });

  it('bounds the body it reads: refused up front when announced, abandoned past the limit when not', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/announced') return res.writeHead(200, { 'content-length': 2 * 1024 * 1024 }).end(Buffer.alloc(2 * 1024 * 1024, 'a'));
      res.writeHead(200); // chunked: no Content-Length
      for (let i = 0; i < 32; i++) res.write(Buffer.alloc(64 * 1024, 'a'));
      res.end();
    });
    const c = new HttpClient({ backend: 'admin', url }, { maxBodyBytes: 1024 * 1024 });
    const announced = await failure(c.text({ path: 'announced' }));
    expect(announced.code).toBe('response_too_large');
    expect(announced.message).toContain('announced 2097152 bytes, over the limit of 1048576 bytes');
    const streamed = await failure(c.text({ path: 'chunked' }));
    expect(streamed.code).toBe('response_too_large');
    expect(streamed.message).toContain('exceeded 1048576 bytes');
    await c.close();
  });

  it('follows same-origin trailing-slash redirects', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/v1/traces') res.writeHead(307, { location: '/v1/traces/' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
    });
    const c = new HttpClient({ backend: 'astromesh', url });
    expect(await c.json({ path: 'v1/traces' })).toEqual({ path: '/v1/traces/' });
    await c.close();
  });

  it('sends the bearer token but never logs it; redacts token query parameters', async () => {
    let auth = '';
    const url = await serve((req, res) => {
      auth = req.headers.authorization ?? '';
      res.writeHead(200).end('{}');
    });
    const lines: string[] = [];
    const c = new HttpClient({ backend: 'mn', url, token: 'sekrit-token' }, { log: (l) => lines.push(l) });
    await c.json({ path: 'x', query: { token: 'sekrit-token', a: 1 } });
    expect(auth).toBe('Bearer sekrit-token');
    expect(lines.join('\n')).not.toContain('sekrit');
    expect(lines[0]).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/x\?token=\*\*\*&a=1 200 \d+ms$/);
    expect(redactUrl('http://u:pw@h/x')).toBe('http://u:***@h/x');
    await c.close();
  });

  it('a body that is not JSON is named as such', async () => {
    const url = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'));
    const c = new HttpClient({ backend: 'mn', url });
    const e = await failure(c.json({ path: 'x' }));
    expect(e.code).toBe('invalid_response');
    expect(e.message).toContain('not JSON (text/html');
    await c.close();
  });

  it('seg() keeps a reference one path segment', () => {
    expect(seg('a/../b?c#d e')).toBe('a%2F..%2Fb%3Fc%23d%20e');
  });
});

describe('TLS and mTLS with generated certificates', () => {
  it('connects with the CA and a client certificate; fails clearly without them', async () => {
    const certs = await generateCerts();
    const server = createHttpsServer({ cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client: peer.subject?.CN }));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const ok = new HttpClient({ backend: 'admin', url, ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key });
    expect(await ok.json({ path: 'v1/admin' })).toEqual({ client: 'meshscope operator' });
    await ok.close();

    const noCert = new HttpClient({ backend: 'admin', url, ca: certs.ca.cert }, { retries: 0 });
    const e1 = await failure(noCert.json({ path: 'v1/admin' }));
    expect(e1.exitCode).toBe(4);
    expect(e1.code).toBe('tls_client_cert_required');
    expect(e1.hint).toContain('pass --cert and --key');
    await noCert.close();

    const noCa = new HttpClient({ backend: 'admin', url, cert: certs.client.cert, key: certs.client.key }, { retries: 0 });
    const e2 = await failure(noCa.json({ path: 'v1/admin' }));
    expect(e2.code).toBe('tls_verify_failed');
    expect(e2.hint).toContain('--cacert');
    await noCa.close();

    const plainToTls = new HttpClient({ backend: 'admin', url: url.replace('https', 'http') }, { retries: 0 });
    const e3 = await failure(plainToTls.json({ path: 'v1/admin' }));
    expect(e3.exitCode).toBe(4);
    await plainToTls.close();
  });
});

describe('SSE reader', () => {
  it('yields events and comments across chunk boundaries', async () => {
    const body = new PassThrough();
    const items: unknown[] = [];
    const done = (async () => {
      for await (const it of readSse(body, { backend: 'asya' })) items.push(it);
    })();
    body.write('event: status\ndata: {"a"');
    body.write(':1}\nid: 7\n\n: keepalive\n\ndata: line1\ndata: line2\n\n');
    body.end();
    await done;
    expect(items).toEqual([
      { kind: 'event', event: { event: 'status', data: '{"a":1}', id: '7' } },
      { kind: 'comment', comment: 'keepalive' },
      { kind: 'event', event: { event: 'message', data: 'line1\nline2', id: undefined } },
    ]);
  });

  it('refuses an event larger than the limit', async () => {
    const body = new PassThrough();
    const run = (async () => {
      for await (const _ of readSse(body, { backend: 'asya', maxEventBytes: 1024 })) void _;
    })();
    body.write('data: ' + 'x'.repeat(4096));
    body.end();
    const e = await failure(run);
    expect(e.code).toBe('stream_line_too_long');
  });

  it('refuses an event over the limit even when it arrives whole in one chunk; events before it are delivered', async () => {
    const body = new PassThrough();
    const items: unknown[] = [];
    const run = (async () => {
      for await (const it of readSse(body, { backend: 'asya', maxEventBytes: 1024 })) items.push(it);
    })();
    body.end('data: small\n\ndata: ' + 'é'.repeat(600) + '\n\n');
    const e = await failure(run);
    expect(e.code).toBe('stream_line_too_long');
    expect(items).toEqual([{ kind: 'event', event: { event: 'message', data: 'small', id: undefined } }]);
  });
});

describe('WebSocket client', () => {
  it('exchanges frames and reports the close', async () => {
    const server = createServer();
    const wss = new WebSocketServer({ server });
    wss.on('connection', (sock, req) => {
      sock.send(JSON.stringify({ type: 'status', auth: req.headers.authorization ?? null }));
      sock.on('message', (m) => {
        sock.send(JSON.stringify({ type: 'echo', data: m.toString() }));
        sock.close(1011, 'boom');
      });
    });
    const url = await serve(() => undefined, server);
    const c = new HttpClient({ backend: 'astromesh', url, token: 't' });
    const ws = await openWebSocket(c, 'v1/ws/agent/x');
    const got: unknown[] = [];
    for await (const m of ws.messages()) {
      got.push(m.kind === 'message' ? JSON.parse(m.data) : m);
      if (got.length === 1) ws.send('hi');
    }
    expect(got).toEqual([{ type: 'status', auth: 'Bearer t' }, { type: 'echo', data: 'hi' }, { kind: 'close', code: 1011, reason: 'boom', clean: true }]);
    wss.close();
    await c.close();
  });
});

describe('request targets are literal', () => {
  it('a reference that is exactly "." or ".." stays one segment', async () => {
    const seen: string[] = [];
    const url = await serve((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200).end('{}');
    });
    const c = new HttpClient({ backend: 'admin', url: `${url}/base/` });
    await c.json({ path: `v1/${seg('..')}` });
    await c.json({ path: `v1/${seg('.')}` });
    await c.json({ path: `v1/${seg('../etc/passwd?x#y')}` });
    expect(seen).toEqual(['/base/v1/..', '/base/v1/.', '/base/v1/..%2Fetc%2Fpasswd%3Fx%23y']);
    await c.close();
  });
});

describe('hostile answers and odd references', () => {
  it('an error body is read only up to 64 KiB', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    const c = new HttpClient({ backend: 'grid', url }, { retries: 0 });
    const e = await failure(c.text({ path: 'x' }));
    expect(e.status).toBe(500);
    expect(e.message.length).toBeLessThan(1000);
    await c.close();
  });

  it('a reference with a lone surrogate is refused clearly, not an internal error', () => {
    let err: MeshError | undefined;
    try {
      seg('actor\uD800.proc@tcp://h:1');
    } catch (e) {
      err = e as MeshError;
    }
    expect(err?.code).toBe('bad_reference');
    expect(err?.exitCode).toBe(2);
    expect(seg('ok\uD83D\uDE00')).toBe('ok%F0%9F%98%80');
  });

  it('the per-request timer is released: a 200 body can be read long after the timeout would have fired', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      setTimeout(() => res.end('{"late":true}'), 100);
    });
    const c = new HttpClient({ backend: 'admin', url }, { timeoutMs: 1000 });
    expect(await c.json({ path: 'x' })).toEqual({ late: true });
    await c.close();
  });
});
