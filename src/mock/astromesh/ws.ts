/**
 * The daemon's WebSocket /v1/ws/agent/{name}?session_id=... on a real `ws` server (astromesh/api/ws.py):
 * text frames of JSON; per query `status`, the run events, then `done` or `error`; bad JSON gets
 * an `error` frame and the connection stays open; queries on one connection run one after
 * another; the server never closes the socket itself — except for an agent whose scenario says
 * to drop the stream mid-answer.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import { Disconnected, RunError, type AstromeshWorld } from './world.js';

const PATH = /^\/v1\/ws\/agent\/([^/]+)$/;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function createAgentSockets(world: AstromeshWorld): { upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void; close(): void } {
  const wss = new WebSocketServer({ noServer: true });

  const serve = (ws: WebSocket, agent: string, sessionId: string) => {
    world.count('ws.connections');
    let chain = Promise.resolve();
    const send = (frame: Record<string, unknown>) => {
      if (ws.readyState !== WebSocket.OPEN) throw new Disconnected();
      ws.send(JSON.stringify(frame));
    };
    const handle = async (text: string) => {
      let query: string;
      try {
        const msg: unknown = JSON.parse(text);
        if (!msg || typeof msg !== 'object' || Array.isArray(msg)) throw new Error(`'${Array.isArray(msg) ? 'list' : typeof msg}' object has no attribute 'get'`);
        const q = (msg as Record<string, unknown>).query;
        query = typeof q === 'string' ? q : q === undefined ? '' : JSON.stringify(q);
      } catch (e) {
        send({ type: 'error', message: `invalid JSON: ${(e as Error).message}` });
        return;
      }
      if (!world.runtime) {
        send({ type: 'error', message: 'Runtime not initialized' });
        return;
      }
      send({ type: 'status', status: 'processing', agent });
      const drop = world.agents.get(agent)?.drop_stream_after_tokens;
      let tokens = 0;
      try {
        const result = await world.run(agent, query, sessionId, {
          streaming: true,
          onEvent: (ev) => {
            send(ev);
            if (ev.type === 'token' && drop !== undefined && ++tokens >= drop) {
              ws.terminate(); // no close frame: the client sees an abnormal closure (1006)
              throw new Disconnected();
            }
          },
        });
        send({ type: 'done', answer: result.answer, session_id: sessionId, usage: result.usage });
      } catch (e) {
        if (e instanceof Disconnected) return;
        send({ type: 'error', message: e instanceof RunError ? e.message : String(e) });
      }
    };
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      chain = chain.then(() => handle(text)).catch(() => undefined);
    });
    ws.on('error', () => undefined);
  };

  return {
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://mock.invalid');
      const m = PATH.exec(url.pathname);
      if (!m) {
        // Starlette refuses a WebSocket on an unknown path before accepting it: HTTP 403.
        socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
        return;
      }
      const agent = decode(m[1]);
      const sessionId = url.searchParams.get('session_id') ?? 'default';
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, agent, sessionId));
    },
    close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
