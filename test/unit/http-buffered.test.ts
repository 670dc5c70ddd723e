// Answers read whole (text, json, bytes): one deadline timer and one signal listener for every
// exchange in flight, not one of each per request; timeouts, interruption and size limits as before.
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { MeshError } from '../../src/errors.js';

const servers: Server[] = [];
const held: ServerResponse[] = [];
afterEach(async () => {
  for (const r of held.splice(0)) r.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(p: Promise<unknown>): Promise<MeshError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MeshError);
    return e as MeshError;
  }
  throw new Error('expected a failure');
}

describe('answers read whole', () => {
  it('sixteen requests in flight hang one abort listener on the session signal, removed when they end', async () => {
    const waiting: ServerResponse[] = [];
    let release: () => void = () => undefined;
    const all = new Promise<void>((r) => (release = r));
    const url = await serve((_req, res) => {
      waiting.push(res);
      held.push(res);
      if (waiting.length === 16) release();
    });
    const session = new AbortController();
    const c = new HttpClient({ backend: 'admin', url }, { signal: session.signal, connections: 16 });
    const answers = Array.from({ length: 16 }, (_, i) => c.json({ path: `v1/n${i}` }));
    await all;
    expect(getEventListeners(session.signal, 'abort').length).toBe(1);
    for (const [i, res] of waiting.entries()) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ i }));
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 16 }, (_, i) => ({ i })));
    expect(getEventListeners(session.signal, 'abort').length).toBe(0);
    await c.close();
  });

  it('each request keeps its own deadline: short ones time out, a longer one still gets its answer', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/v1/late') setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"late":true}'), 600);
      else held.push(res); // never answers
    });
    const c = new HttpClient({ backend: 'admin', url }, { retries: 0 });
    const started = Date.now();
    const late = c.json({ path: 'v1/late', timeoutMs: 20_000 });
    const short = failure(c.json({ path: 'v1/hang', timeoutMs: 150 }));
    const middle = failure(c.json({ path: 'v1/hang2', timeoutMs: 400 }));
    const e1 = await short;
    expect(e1.code).toBe('timeout');
    expect(e1.message).toContain('within 150 ms');
    const e2 = await middle;
    expect(e2.code).toBe('timeout');
    expect(e2.message).toContain('within 400 ms');
    // the 400 ms one did not expire with the 150 ms one
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(await late).toEqual({ late: true });
    await c.close();
  });

  it('a request never times out before its deadline', async () => {
    const url = await serve((_req, res) => held.push(res));
    const c = new HttpClient({ backend: 'admin', url }, { retries: 0 });
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      expect((await failure(c.json({ path: `v1/hang${i}`, timeoutMs: 7 }))).code).toBe('timeout');
      expect(performance.now() - started).toBeGreaterThanOrEqual(7);
    }
    await c.close();
  });

  it('aborting the session ends every exchange in flight as interrupted', async () => {
    const url = await serve((_req, res) => held.push(res));
    const session = new AbortController();
    const c = new HttpClient({ backend: 'admin', url }, { signal: session.signal, retries: 0 });
    const pending = [failure(c.json({ path: 'v1/a' })), failure(c.json({ path: 'v1/b' })), failure(c.text({ path: 'v1/c' }))];
    await new Promise((r) => setTimeout(r, 100));
    session.abort();
    for (const e of await Promise.all(pending)) expect(e.code).toBe('interrupted');
    await c.close();
  });

  it("a request's own signal ends only that request", async () => {
    const url = await serve((req, res) => {
      if (req.url === '/v1/ok') setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":1}'), 200);
      else held.push(res);
    });
    const c = new HttpClient({ backend: 'admin', url }, { retries: 0 });
    const own = new AbortController();
    const stopped = failure(c.json({ path: 'v1/x', signal: own.signal }));
    const ok = c.json({ path: 'v1/ok' });
    own.abort();
    expect((await stopped).code).toBe('interrupted');
    expect(await ok).toEqual({ ok: 1 });
    expect(getEventListeners(own.signal, 'abort').length).toBe(0);
    await c.close();
  });

  it('many requests in flight under one signal of their own raise no listener-leak warning', async () => {
    const url = await serve((_req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 50));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const run = new AbortController();
      const session = new AbortController();
      const clients = Array.from({ length: 12 }, () => new HttpClient({ backend: 'admin', url }, { signal: session.signal, connections: 16 }));
      await Promise.all(clients.flatMap((c) => Array.from({ length: 4 }, (_, i) => c.json({ path: `v1/${i}`, signal: run.signal }))));
      await Promise.all(clients.map((c) => c.close()));
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('an error answer with an endless body is judged on its first 64 KiB', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(16 * 1024);
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    });
    const c = new HttpClient({ backend: 'mn', url }, { retries: 0, timeoutMs: 10_000 });
    const e = await failure(c.json({ path: 'jobs' }));
    expect(e.status).toBe(500);
    expect(e.code).not.toBe('timeout');
    await c.close();
  });

  it('a body over the limit is refused whether announced or not, and a body at the limit is read', async () => {
    const url = await serve((req, res) => {
      const body = Buffer.alloc(2048, 0x61);
      if (req.url === '/announced') res.writeHead(200, { 'content-length': String(body.length) }).end(body);
      else if (req.url === '/exact') res.writeHead(200, { 'content-length': '1024' }).end(body.subarray(0, 1024));
      else {
        res.writeHead(200); // chunked, no length
        res.write(body.subarray(0, 1000));
        setTimeout(() => res.end(body.subarray(1000)), 20);
      }
    });
    const c = new HttpClient({ backend: 'grid', url }, { retries: 0, maxBodyBytes: 1024 });
    const announced = await failure(c.bytes({ path: 'announced' }));
    expect(announced.code).toBe('response_too_large');
    expect(announced.message).toContain('announced 2048 bytes, over the limit of 1024 bytes');
    const streamed = await failure(c.bytes({ path: 'chunked' }));
    expect(streamed.code).toBe('response_too_large');
    expect(streamed.message).toContain('exceeded 1024 bytes');
    expect((await c.bytes({ path: 'exact' })).bytes.length).toBe(1024);
    await c.close();
  });

  it('the answers of many requests in flight stay whole and each goes to its own request', async () => {
    const url = await serve((req, res) => {
      const n = Number(req.url!.split('/').pop());
      const body = JSON.stringify({ n, pad: 'p'.repeat((n * 997) % 50_000) });
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), n % 7);
    });
    const c = new HttpClient({ backend: 'admin', url });
    const got = await Promise.all(Array.from({ length: 200 }, (_, n) => c.json<{ n: number; pad: string }>({ path: `v1/${n}` })));
    for (const [n, g] of got.entries()) {
      expect(g.n).toBe(n);
      expect(g.pad.length).toBe((n * 997) % 50_000);
    }
    await c.close();
  });
});
