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

/**
 * Why a WebSocket did not open. undici's WebSocket drops the cause of a failed handshake (TLS,
 * refused connection, an HTTP answer instead of the upgrade), so when the error carries none the
 * same address is asked over HTTP(S) through the same dispatcher, which tells the transport error
 * (an unverifiable certificate, a refused connection) as every other request reports it.
 */
async function whyNotOpen(client: HttpClient, wsUrl: URL, cause: unknown, timeoutMs: number): Promise<MeshError> {
  const httpUrl = new URL(wsUrl);
  httpUrl.protocol = wsUrl.protocol === 'wss:' ? 'https:' : 'http:';
  if (cause) {
    const mapped = client.networkError(cause, 'GET', httpUrl.toString());
    if (mapped.code !== 'network_error' && mapped.code !== 'connection_reset') return mapped;
  }
  const notAccepted = (status?: number) =>
    new MeshError({
      kind: 'unreachable',
      code: 'websocket_failed',
      backend: client.endpoint.backend,
      status,
      message: `cannot open the WebSocket ${redactUrl(wsUrl.toString())}${status ? ` (the address answers HTTP ${status})` : ''}`,
      hint: 'check the address, the path and that the server accepts WebSocket connections',
    });
  try {
    const res = await client.rawRequest({ origin: httpUrl.origin, path: httpUrl.pathname + httpUrl.search, method: 'GET', headers: client.authHeaders(), signal: AbortSignal.timeout(timeoutMs) });
    await res.body.dump().catch(() => undefined);
    return notAccepted(res.statusCode);
  } catch (e) {
    const mapped = client.networkError(e, 'GET', httpUrl.toString(), timeoutMs);
    return mapped.code === 'network_error' ? notAccepted() : mapped;
  }
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
      void whyNotOpen(client, url, (ev as unknown as { error?: unknown }).error, opts.timeoutMs ?? 10_000).then(reject);
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
