/**
 * Server-Sent Events reader on top of eventsource-parser: turns a response body into an async
 * stream of events. Comments (keepalives) are surfaced as `{comment}` so callers can see liveness
 * but usually ignore them; a line longer than the limit aborts the stream with a clear error.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Readable } from 'node:stream';
import { MeshError, type Backend } from '../errors.js';

export interface SseEvent {
  /** `message` when the server sent no `event:` field. */
  event: string;
  data: string;
  id?: string;
}

export type SseItem = { kind: 'event'; event: SseEvent } | { kind: 'comment'; comment: string } | { kind: 'retry'; ms: number };

export interface SseOptions {
  backend: Backend;
  /** Largest single event / line held in memory, bytes. */
  maxEventBytes?: number;
}

export async function* readSse(body: Readable, opts: SseOptions): AsyncGenerator<SseItem> {
  const queue: SseItem[] = [];
  let parseError: MeshError | undefined;
  const max = opts.maxEventBytes ?? 1024 * 1024;
  const parser = createParser({
    maxBufferSize: max,
    onEvent(m: EventSourceMessage) {
      queue.push({ kind: 'event', event: { event: m.event ?? 'message', data: m.data, id: m.id } });
    },
    onComment(c: string) {
      queue.push({ kind: 'comment', comment: c });
    },
    onRetry(ms: number) {
      queue.push({ kind: 'retry', ms });
    },
    onError(err) {
      if ((err as { type?: string }).type === 'max-buffer-size-exceeded') {
        parseError = new MeshError({
          kind: 'server',
          code: 'stream_line_too_long',
          backend: opts.backend,
          message: `the ${opts.backend} event stream sent an event larger than ${max} bytes; the stream was closed`,
          hint: 'the server is misbehaving or this is not an event stream',
        });
      }
    },
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of body) {
      parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
      if (parseError) throw parseError;
      while (queue.length) yield queue.shift()!;
    }
    parser.feed(decoder.decode());
    while (queue.length) yield queue.shift()!;
  } finally {
    body.destroy();
  }
}
