/**
 * Streamed agent answers on a terminal or a pipe: tokens go to stdout as they arrive (sanitised),
 * tool calls and results and the usage line to stderr; `agent chat` keeps one WebSocket and one
 * session for a whole conversation read line by line from stdin.
 */
import { createHash, type Hash } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import type { Writable } from 'node:stream';
import { MeshError } from '../../errors.js';
import type { HttpClient } from '../../http/client.js';
import type { Output } from '../../output/index.js';
import { runFooter, toolCallLine, toolResultLine } from './render.js';
import { formatBytes } from '../../output/units.js';
import { AgentSocket, KEEP_STREAMED_CHARS, toolCallParts, type StreamHandlers, type StreamOutcome } from './stream.js';

/**
 * Writes an answer piecewise to stdout. The daemon's `done.answer` is the authority: when the
 * streamed completions differ from it (a reasoning completion before a tool call, say), the final
 * answer is printed after them, so stdout always ends with the answer. What was streamed is kept
 * only while it is short (KEEP_STREAMED_CHARS); beyond that, its length and SHA-256 stand for it.
 */
export class AnswerPrinter {
  private streamed = '';
  private chars = 0;
  private hash: Hash = createHash('sha256');
  private lineOpen = false;

  constructor(private readonly out: Output) {}

  private write(text: string): void {
    if (!text) return;
    this.lineOpen = !this.out.write(text).endsWith('\n');
  }

  token(text: string): void {
    this.chars += text.length;
    this.hash.update(text);
    this.streamed = this.chars <= KEEP_STREAMED_CHARS ? this.streamed + text : '';
    this.write(text);
  }

  /** Is `text` exactly what was streamed? */
  private isStreamed(text: string): boolean {
    if (this.chars <= KEEP_STREAMED_CHARS) return text === this.streamed;
    return text.length === this.chars && createHash('sha256').update(text).digest('hex') === this.hash.copy().digest('hex');
  }

  /** End a partial stdout line before stderr speaks, when both are the same terminal. */
  breakLine(): void {
    if (this.lineOpen && this.out.io.stdout.isTTY && this.out.io.stderr.isTTY) {
      this.out.write('\n');
      this.lineOpen = false;
    }
  }

  /** End the answer: `answer` is the daemon's final one (undefined: the streamed text is the answer). */
  finish(answer: string | undefined): void {
    const kept = this.chars <= KEEP_STREAMED_CHARS;
    if (answer === undefined || this.isStreamed(answer) || (kept && answer.trim() === this.streamed.trim())) {
      // nothing to add
    } else if (this.chars && answer.length > this.chars && this.isStreamed(answer.slice(0, this.chars))) {
      this.write(answer.slice(this.chars));
    } else {
      if (this.chars) {
        this.end();
        this.out.info('(the final answer differs from the streamed text; here it is)');
      }
      this.write(answer);
    }
    this.end();
    this.streamed = '';
    this.chars = 0;
    this.hash = createHash('sha256');
  }

  /** Close a cut answer's line so the error that follows starts on its own. */
  end(): void {
    if (this.lineOpen) {
      this.out.write('\n');
      this.lineOpen = false;
    }
  }
}

/** The most frame text `-o yaml` collects to print at the end (-o json prints each frame as it comes). */
export const MAX_YAML_FRAMES_CHARS = 64 * 1024 * 1024;

/** Handlers that show a streamed run: NDJSON frames under -o json, text and stderr notes otherwise. */
export function streamHandlers(out: Output, printer: AnswerPrinter, frames?: unknown[]): StreamHandlers {
  if (out.structured) {
    let collected = 0;
    return {
      drained: () => out.drained(),
      onFrame: (f, chars) => {
        if (out.format === 'json') return out.ndjson(f);
        collected += chars;
        if (collected > MAX_YAML_FRAMES_CHARS) {
          throw new MeshError({ kind: 'server', code: 'response_too_large', backend: 'astromesh', message: `the stream is larger than ${formatBytes(MAX_YAML_FRAMES_CHARS)}, more than -o yaml collects to print at its end`, hint: 'use -o json, which prints each frame as it arrives, or no -o to stream the answer' });
        }
        frames?.push(f);
      },
    };
  }
  return {
    drained: () => out.drained(),
    onToken: (t) => printer.token(t),
    onToolCall: (c) => {
      printer.breakLine();
      const { name, args } = toolCallParts(c);
      out.info(toolCallLine(name, args));
    },
    onToolResult: (ok, call, output) => {
      printer.breakLine();
      out.info(toolResultLine(call ? toolCallParts(call).name : '?', ok, output));
    },
  };
}

export function outcomeFooter(o: StreamOutcome, sessionId: string | undefined, elapsedMs: number): string {
  return runFooter({ sessionId: o.done.session_id ?? sessionId, usage: o.done.usage, elapsedMs: o.done.timing?.total_ms ?? elapsedMs, toolCalls: o.toolCalls });
}

export interface StreamRunOptions {
  agent: string;
  query: string;
  sessionId?: string;
  signal?: AbortSignal;
  idleTimeoutMs?: number;
  onCleanup?: (fn: () => unknown) => void;
}

/** `agent run --stream`: one query over the WebSocket. Throws on an error frame or a cut stream. */
export async function runStreamed(http: HttpClient, out: Output, o: StreamRunOptions): Promise<StreamOutcome> {
  const started = performance.now();
  const sock = await AgentSocket.open(http, o.agent, { sessionId: o.sessionId, signal: o.signal, idleTimeoutMs: o.idleTimeoutMs });
  o.onCleanup?.(() => sock.close());
  const printer = new AnswerPrinter(out);
  const frames: unknown[] = [];
  try {
    const outcome = await sock.ask(o.query, streamHandlers(out, printer, frames));
    if (out.format === 'yaml') out.data(frames);
    if (!out.structured) {
      printer.finish(outcome.done.answer);
      out.info(outcomeFooter(outcome, o.sessionId, performance.now() - started));
    }
    return outcome;
  } catch (e) {
    printer.end();
    if (out.format === 'yaml' && frames.length) out.data(frames);
    throw e;
  } finally {
    sock.close();
  }
}

function readlineFor(input: NodeJS.ReadableStream & { isTTY?: boolean }, output: unknown, tty: boolean): Interface {
  return createInterface({ input, output: tty ? (output as Writable) : undefined, terminal: tty });
}

export interface ChatOptions {
  agent: string;
  sessionId: string;
  signal?: AbortSignal;
  idleTimeoutMs?: number;
  onCleanup?: (fn: () => unknown) => void;
}

/**
 * `agent chat`: every line read from stdin is one query on the same WebSocket and session.
 * Interactive on a terminal (prompt, /exit, /session, /help); works the same piped.
 * Returns the exit code: 0 when every turn answered, 1 when an agent turn failed, 130 on Ctrl-C.
 */
export async function chat(http: HttpClient, out: Output, o: ChatOptions): Promise<number> {
  const io = out.io;
  const tty = io.stdin.isTTY === true && io.stderr.isTTY === true;
  const sock = await AgentSocket.open(http, o.agent, { sessionId: o.sessionId, signal: o.signal, idleTimeoutMs: o.idleTimeoutMs });
  o.onCleanup?.(() => sock.close());
  const rl = readlineFor(io.stdin, io.stderr, tty);
  let interrupted = false;
  rl.on('SIGINT', () => {
    interrupted = true;
    rl.close();
  });
  if (tty) {
    out.info(`chatting with ${o.agent} (session ${o.sessionId}); /exit or Ctrl-D to leave, /help for more`);
    rl.setPrompt('you> ');
    rl.prompt();
  }
  let failed = 0;
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (!line) {
        if (tty) rl.prompt();
        continue;
      }
      if (line.startsWith('/')) {
        const cmd = line.split(/\s+/)[0].toLowerCase();
        if (cmd === '/exit' || cmd === '/quit') break;
        if (cmd === '/session') out.info(`session ${o.sessionId}`);
        else if (cmd === '/help') out.info('/session  show the session id\n/exit     leave (also Ctrl-D)');
        else out.warn(`unknown chat command ${cmd}; try /help`);
        if (tty) rl.prompt();
        continue;
      }
      const started = performance.now();
      const printer = new AnswerPrinter(out);
      try {
        const outcome = await sock.ask(line, streamHandlers(out, printer));
        if (!out.structured) {
          printer.finish(outcome.done.answer);
          out.info(outcomeFooter(outcome, o.sessionId, performance.now() - started));
        }
      } catch (e) {
        printer.end();
        // An agent's failure ends this turn, not the conversation; a lost connection ends both.
        if (e instanceof MeshError && (e.code === 'agent_run_failed' || e.code === 'agent_not_found' || e.code === 'runtime_not_initialized')) {
          failed++;
          out.error(e);
        } else {
          throw e;
        }
      }
      if (tty) rl.prompt();
    }
  } finally {
    rl.close();
    sock.close();
  }
  if (interrupted) return 130;
  return failed ? 1 : 0;
}
