/**
 * Agent runs streamed over the daemon's WebSocket (/v1/ws/agent/{name}?session_id=...).
 *
 * The daemon sends, per query: `status`, then `token` / `tool_call` / `tool_result` events, then
 * exactly one terminal frame, `done` or `error`. It never closes the socket itself, so a close
 * before the terminal frame means the answer was cut: that is an error (exit 1), never a
 * truncated success. One connection carries many queries, one after another (chat).
 */
import { abortError, MeshError } from '../../errors.js';
import { MAX_JSON_DEPTH, nestedDeeperThan, type HttpClient } from '../../http/client.js';
import { MAX_WS_MESSAGE, openWebSocket, type WsConnection, type WsItem } from '../../http/ws.js';
import { formatBytes } from '../../output/units.js';
import { WsFrame, type DoneFrame, type ToolCallFrame } from './models.js';

export interface StreamHandlers {
  /** Every frame as received (parsed JSON, and its size in characters), for NDJSON output. */
  onFrame?(frame: unknown, chars: number): void;
  onStatus?(status: string | undefined): void;
  onToken?(text: string): void;
  onToolCall?(call: ToolCallFrame): void;
  /** `call` is the matching tool_call (paired by id), when there was one. */
  onToolResult?(ok: boolean | undefined, call: ToolCallFrame | undefined, output: unknown): void;
  /** Resolves when what the handlers wrote has been taken (stdout): the next frame waits for it. */
  drained?(): Promise<void>;
}

/**
 * How much of the streamed text an outcome keeps (tokens go to stdout as they arrive; what is kept
 * is only for comparing with the final answer). Beyond it, only its length is kept.
 */
export const KEEP_STREAMED_CHARS = 1024 * 1024;

export interface StreamOutcome {
  /**
   * The daemon's final answer (`done.answer`), or when it sends none, the streamed text if it was
   * short enough to keep (undefined when only the stream carried it).
   */
  answer: string | undefined;
  /** What the token frames carried, in order, up to KEEP_STREAMED_CHARS ('' when it was longer: see streamedChars). */
  streamed: string;
  /** The length of everything the token frames carried. */
  streamedChars: number;
  tokens: number;
  toolCalls: number;
  done: DoneFrame;
}

export interface AgentSocketOptions {
  sessionId?: string;
  /** Longest wait for the next frame, ms (a model call can be slow). */
  idleTimeoutMs?: number;
  openTimeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_IDLE_MS = 120_000;

/** The pieces of a tool call, whichever frame shape the daemon uses. */
export function toolCallParts(f: ToolCallFrame): { name: string; args: unknown } {
  return { name: f.name ?? f.tool ?? '?', args: f.arguments ?? f.input };
}

/** Map an `error` frame to the one error type. */
export function frameError(agent: string, message: string): MeshError {
  if (/not found/i.test(message)) {
    return new MeshError({ kind: 'not_found', code: 'agent_not_found', backend: 'astromesh', message, hint: 'list the loaded agents with `meshscope agent list`' });
  }
  if (/runtime not initialized/i.test(message)) {
    return new MeshError({ kind: 'server', code: 'runtime_not_initialized', backend: 'astromesh', message, hint: 'the daemon started without its agent runtime; check its config and logs' });
  }
  return new MeshError({ kind: 'failed', code: 'agent_run_failed', backend: 'astromesh', message: `agent ${agent} failed: ${message || 'no message'}`, hint: 'see the daemon logs, or the run trace with `meshscope trace list --agent ' + agent + '`' });
}

export class AgentSocket {
  private readonly items: AsyncGenerator<WsItem>;
  private closed = false;

  private constructor(
    readonly agent: string,
    readonly sessionId: string | undefined,
    private readonly conn: WsConnection,
    private readonly opts: AgentSocketOptions,
  ) {
    this.items = conn.messages();
  }

  static async open(http: HttpClient, agent: string, opts: AgentSocketOptions = {}): Promise<AgentSocket> {
    const query = opts.sessionId ? { session_id: opts.sessionId } : undefined;
    const conn = await openWebSocket(http, `v1/ws/agent/${encodeURIComponent(agent)}`, { query, timeoutMs: opts.openTimeoutMs });
    return new AgentSocket(agent, opts.sessionId, conn, opts);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn.close(1000, 'done');
  }

  /** Send one query and follow its frames to the terminal one. */
  async ask(query: string, h: StreamHandlers = {}): Promise<StreamOutcome> {
    if (this.closed) throw new MeshError({ kind: 'server', code: 'stream_closed', backend: 'astromesh', message: 'the WebSocket to the daemon is closed', hint: 'start a new session' });
    this.conn.send(JSON.stringify({ query }));
    // the streamed text is kept only while it is short: an endless stream must not grow memory
    let streamed = '';
    let streamedChars = 0;
    let tokens = 0;
    let toolCalls = 0;
    const calls = new Map<string, ToolCallFrame>();
    let lastCall: ToolCallFrame | undefined;
    for (;;) {
      const item = await this.next();
      if (item.kind === 'close') {
        this.closed = true;
        if (item.tooLarge) {
          throw new MeshError({
            kind: 'server',
            code: 'frame_too_large',
            backend: 'astromesh',
            message: `the daemon sent a WebSocket message larger than meshscope's limit of ${formatBytes(MAX_WS_MESSAGE)}, so the connection was closed before agent ${this.agent} finished its answer`,
            hint: 'the answer printed so far is incomplete; no real frame is that large: check that the URL points at an astromesh daemon',
            details: { received_chars: streamedChars, token_frames: tokens, limit_bytes: MAX_WS_MESSAGE },
          });
        }
        const how = item.code === 1006 || !item.clean ? 'the connection was dropped' : `closed with code ${item.code}${item.reason ? ` (${item.reason})` : ''}`;
        throw new MeshError({
          kind: 'server',
          code: 'stream_closed',
          backend: 'astromesh',
          message: `the WebSocket closed before agent ${this.agent} finished its answer: ${how}`,
          hint: 'the answer printed so far is incomplete; the daemon or a proxy dropped the stream — run again',
          details: { received_chars: streamedChars, token_frames: tokens, close_code: item.code },
        });
      }
      let raw: unknown;
      if (nestedDeeperThan(item.data, MAX_JSON_DEPTH)) {
        throw new MeshError({ kind: 'server', code: 'invalid_frame', backend: 'astromesh', message: `the daemon sent a WebSocket frame nested more than ${MAX_JSON_DEPTH} levels deep; meshscope does not read such frames`, hint: 'check that the URL points at an astromesh daemon' });
      }
      try {
        raw = JSON.parse(item.data);
      } catch {
        throw new MeshError({ kind: 'server', code: 'invalid_frame', backend: 'astromesh', message: `the daemon sent a WebSocket frame that is not JSON: ${item.data.slice(0, 80)}`, hint: 'check that the URL points at an astromesh daemon' });
      }
      h.onFrame?.(raw, item.data.length);
      const parsed = WsFrame.safeParse(raw);
      if (!parsed.success) continue; // a frame type this client does not know: shown under -o json, skipped here
      const f = parsed.data;
      switch (f.type) {
        case 'status':
          h.onStatus?.(f.status);
          break;
        case 'token':
          streamedChars += f.content.length;
          streamed = streamedChars <= KEEP_STREAMED_CHARS ? streamed + f.content : '';
          tokens++;
          h.onToken?.(f.content);
          break;
        case 'tool_call':
          toolCalls++;
          lastCall = f;
          if (f.id) calls.set(f.id, f);
          h.onToolCall?.(f);
          break;
        case 'tool_result': {
          const call = (f.id ? calls.get(f.id) : undefined) ?? (f.tool ? { type: 'tool_call', tool: f.tool } : lastCall);
          h.onToolResult?.(f.ok, call, f.output);
          break;
        }
        case 'done':
          return { answer: f.answer ?? (streamedChars <= KEEP_STREAMED_CHARS ? streamed : undefined), streamed, streamedChars, tokens, toolCalls, done: f };
        case 'error':
          throw frameError(this.agent, f.message);
      }
      await h.drained?.();
    }
  }

  private async next(): Promise<WsItem> {
    const idle = this.opts.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    const signal = this.opts.signal;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    try {
      return await Promise.race([
        this.items.next().then((r) => (r.done ? ({ kind: 'close', code: 1006, reason: '', clean: false } as WsItem) : r.value)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            this.close();
            reject(new MeshError({ kind: 'unreachable', code: 'timeout', backend: 'astromesh', message: `no frame from agent ${this.agent} within ${idle} ms`, hint: 'the run may be stuck; raise --request-timeout or check the daemon' }));
          }, idle);
          if (signal) {
            onAbort = () => {
              this.close();
              reject(abortError(signal.reason, { backend: 'astromesh' }));
            };
            if (signal.aborted) onAbort();
            else signal.addEventListener('abort', onAbort, { once: true });
          }
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }
}
