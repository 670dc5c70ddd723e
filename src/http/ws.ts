/**
 * WebSocket client on undici's WebSocket, sharing the endpoint's dispatcher (TLS settings) and
 * auth headers. Messages arrive as an async stream; a close before the caller is done is reported
 * with its code and reason so a cut answer is never taken for a complete one.
 */
import { WebSocket } from 'undici';
import { MeshError } from '../errors.js';
import { redactUrl, type HttpClient } from './client.js';

export type WsItem = { kind: 'message'; data: string } | { kind: 'close'; code: number; reason: string; clean: boolean };

export interface WsConnection {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  messages(): AsyncGenerator<WsItem>;
}

export async function openWebSocket(client: HttpClient, path: string, opts: { timeoutMs?: number; query?: Record<string, string> } = {}): Promise<WsConnection> {
  const url = client.url(path, opts.query);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const where = redactUrl(url.toString());
  const backend = client.endpoint.backend;
  const ws = new WebSocket(url.toString(), { dispatcher: client.agent, headers: client.authHeaders() });
  const queue: WsItem[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const push = (item: WsItem) => {
    queue.push(item);
    wake?.();
  };
  ws.addEventListener('message', (ev) => {
    const d = ev.data;
    push({ kind: 'message', data: typeof d === 'string' ? d : Buffer.from(d as ArrayBuffer).toString('utf8') });
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.close();
      reject(new MeshError({ kind: 'unreachable', code: 'timeout', backend, message: `the WebSocket ${where} did not open within ${opts.timeoutMs ?? 10_000} ms`, hint: 'check the address and that the server is up' }));
    }, opts.timeoutMs ?? 10_000);
    ws.addEventListener('open', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.addEventListener('error', (ev) => {
      clearTimeout(timer);
      const err = (ev as unknown as { error?: unknown }).error;
      reject(err ? client.networkError(err, 'GET', url.toString()) : new MeshError({ kind: 'unreachable', code: 'websocket_failed', backend, message: `cannot open the WebSocket ${where}`, hint: 'check the address, the path and that the server accepts WebSocket connections' }));
    });
  });
  ws.addEventListener('close', (ev) => {
    closed = true;
    push({ kind: 'close', code: ev.code, reason: ev.reason, clean: ev.wasClean });
  });
  return {
    send: (data) => ws.send(data),
    close: (code = 1000, reason = '') => {
      if (!closed) ws.close(code, reason);
    },
    async *messages() {
      for (;;) {
        while (queue.length) {
          const item = queue.shift()!;
          yield item;
          if (item.kind === 'close') return;
        }
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    },
  };
}
