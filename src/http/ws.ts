/**
 * WebSocket client on undici's WebSocket, sharing the endpoint's dispatcher (TLS settings) and
 * auth headers. Messages arrive as an async stream; a close before the caller is done is reported
 * with its code and reason so a cut answer is never taken for a complete one. One message is at
 * most MAX_WS_MESSAGE bytes: a larger one ends the connection, and the close says so. Messages the
 * caller has not taken yet are bounded too: past QUEUE_HIGH characters the socket stops being read
 * until the caller catches up (a server that streams faster than stdout is written cannot grow memory).
 */
import type { Duplex } from 'node:stream';
import { WebSocket, type Dispatcher } from 'undici';
import { MeshError } from '../errors.js';
import { redactUrl, type HttpClient } from './client.js';

/** The largest WebSocket message meshscope takes (undici's own default is 128 MiB). */
export const MAX_WS_MESSAGE = 16 * 1024 * 1024;

/** Characters of received messages waiting for the caller above which the socket is paused, and below which it reads again. */
const QUEUE_HIGH = 4 * 1024 * 1024;
const QUEUE_LOW = 1024 * 1024;

export type WsItem =
  | { kind: 'message'; data: string }
  /** `tooLarge`: meshscope ended the connection because a message was over MAX_WS_MESSAGE. */
  | { kind: 'close'; code: number; reason: string; clean: boolean; tooLarge?: boolean };

/** The status code of a (masked, client-sent) close frame, if `chunk` is one. */
function closeFrameCode(chunk: unknown): number | undefined {
  if (!Buffer.isBuffer(chunk) || chunk.length < 8 || chunk[0] !== 0x88 || (chunk[1] & 0x80) === 0 || (chunk[1] & 0x7f) < 2) return undefined;
  return ((chunk[6] ^ chunk[2]) << 8) | (chunk[7] ^ chunk[3]);
}

/**
 * The endpoint's dispatcher as one WebSocket sees it: its messages limited to MAX_WS_MESSAGE, the
 * upgraded socket handed to `onSocket` (to pause it), and told (`onTooLarge`) when undici ends the
 * connection for a message over that limit. undici closes such a connection with code 1009 but
 * reports only an unclean close (1006) to the page, so the close frame it writes on the socket is what tells.
 */
function limitedDispatcher(agent: Dispatcher, onSocket: (socket: Duplex) => void, onTooLarge: () => void): Dispatcher {
  const watch = (socket: Duplex) => {
    onSocket(socket);
    const write = socket.write;
    socket.write = function (this: Duplex, chunk: unknown, ...rest: unknown[]) {
      if (closeFrameCode(chunk) === 1009) onTooLarge();
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Duplex['write'];
  };
  const d = Object.create(agent) as Dispatcher;
  Object.defineProperty(d, 'webSocketOptions', { value: { maxFragments: 131_072, maxPayloadSize: MAX_WS_MESSAGE } });
  d.dispatch = (opts, handler) =>
    agent.dispatch(
      opts,
      new Proxy(handler, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (typeof v !== 'function' || (prop !== 'onUpgrade' && prop !== 'onRequestUpgrade')) return v;
          return (...args: unknown[]) => {
            watch(args[prop === 'onUpgrade' ? 2 : 3] as Duplex);
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }),
    );
  return d;
}

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
  let tooLarge = false;
  let socket: Duplex | undefined;
  const dispatcher = limitedDispatcher(
    client.agent,
    (s) => (socket = s),
    () => (tooLarge = true),
  );
  const ws = new WebSocket(url.toString(), { dispatcher, headers: client.authHeaders() });
  const queue: WsItem[] = [];
  let queued = 0;
  let paused = false;
  let wake: (() => void) | undefined;
  let closed = false;
  const push = (item: WsItem) => {
    queue.push(item);
    if (item.kind === 'message') {
      queued += item.data.length;
      // undici may resume the socket for its own reasons: paused again at the next message
      if (queued > QUEUE_HIGH && socket && !socket.isPaused()) {
        socket.pause();
        paused = true;
      }
    }
    wake?.();
  };
  const taken = (item: WsItem) => {
    if (item.kind !== 'message') return;
    queued -= item.data.length;
    if (paused && queued < QUEUE_LOW) {
      paused = false;
      socket?.resume();
    }
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
    push({ kind: 'close', code: ev.code, reason: ev.reason, clean: ev.wasClean, ...(tooLarge ? { tooLarge } : {}) });
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
          taken(item);
          yield item;
          if (item.kind === 'close') return;
        }
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    },
  };
}
