/**
 * The HTTP client's connections: opened a few at a time as the requests in flight grow (a burst of
 * simultaneous connects overflows the listen backlog of a server that is slow to accept), and
 * kept alive for the requests that follow. Counted by the server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';

interface Counting {
  url: string;
  server: Server;
  /** Connections accepted. */
  connections: number;
  /** The most connections accepted at once that had not been answered yet. */
  peakUnanswered: number;
}

/** A server that answers each request after `delayMs` (so that requests sent together overlap). */
async function countingServer(delayMs = 0): Promise<Counting> {
  const answered = new WeakSet<Socket>();
  let unanswered = 0;
  const c = { url: '', connections: 0, peakUnanswered: 0 } as Counting;
  c.server = createServer((req, res) => {
    setTimeout(() => {
      if (!answered.has(req.socket)) {
        answered.add(req.socket);
        unanswered--;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }, delayMs);
  });
  c.server.on('connection', () => {
    c.connections++;
    c.peakUnanswered = Math.max(c.peakUnanswered, ++unanswered);
  });
  await new Promise<void>((r) => c.server.listen(0, '127.0.0.1', r));
  c.url = `http://127.0.0.1:${(c.server.address() as AddressInfo).port}`;
  return c;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup) await f();
  cleanup = [];
});

describe('connections of the HTTP client', () => {
  it('16 requests at once open their connections a few at a time, never as one burst of 16', async () => {
    const s = await countingServer(20);
    const client = new HttpClient({ backend: 'admin', url: s.url }, { connections: 16, retries: 0 });
    cleanup.push(() => client.close(), () => new Promise((r) => s.server.close(() => r())));
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => client.text({ path: `n/${i}` })));
    expect(answers.map((a) => a.text)).toEqual(Array(16).fill('ok'));
    expect(s.connections).toBeGreaterThanOrEqual(1);
    expect(s.connections).toBeLessThanOrEqual(16);
    // two at a time wait for the server's first answer; a stalled machine may let a couple more through
    expect(s.peakUnanswered).toBeLessThanOrEqual(4);
  });

  it('requests that follow go over the connections already open', async () => {
    const s = await countingServer();
    const client = new HttpClient({ backend: 'admin', url: s.url }, { connections: 16, retries: 0 });
    cleanup.push(() => client.close(), () => new Promise((r) => s.server.close(() => r())));
    await Promise.all(Array.from({ length: 4 }, (_, i) => client.text({ path: `a/${i}` })));
    const opened = s.connections;
    for (let i = 0; i < 50; i++) await client.text({ path: `b/${i}` });
    expect(s.connections).toBe(opened);
  });
});
