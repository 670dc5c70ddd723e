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
  const tooLong = () =>
    new MeshError({
      kind: 'server',
      code: 'stream_line_too_long',
      backend: opts.backend,
      message: `the ${opts.backend} event stream sent an event larger than ${max} bytes; the stream was closed`,
      hint: 'the server is misbehaving or this is not an event stream',
    });
  const parser = createParser({
    maxBufferSize: max,
    onEvent(m: EventSourceMessage) {
      if (parseError) return;
      // the parser bounds only what it holds between chunks: a whole event inside one chunk is
      // measured here, so the limit holds however the server splits its writes
      if (m.data.length * 3 > max && Buffer.byteLength(m.data) > max) {
        parseError ??= tooLong();
        return;
      }
      queue.push({ kind: 'event', event: { event: m.event ?? 'message', data: m.data, id: m.id } });
    },
    onComment(c: string) {
      if (!parseError) queue.push({ kind: 'comment', comment: c });
    },
    onRetry(ms: number) {
      queue.push({ kind: 'retry', ms });
    },
    onError(err) {
      if ((err as { type?: string }).type === 'max-buffer-size-exceeded') parseError ??= tooLong();
    },
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of body) {
      parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
      // what came before the oversized event is still delivered
      while (queue.length) yield queue.shift()!;
      if (parseError) throw parseError;
    }
    parser.feed(decoder.decode());
    while (queue.length) yield queue.shift()!;
  } finally {
    body.destroy();
  }
}
