/**
 * Property: any sequence of server-sent events, comments and retry hints, serialised with LF or
 * CRLF line endings and cut into chunks at random byte boundaries (inside CRLF pairs and multi-byte
 * characters too), reads back through readSse as the same items in the same order.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSse, type SseItem } from '../../src/http/sse.js';

const RUNS = 200;

/** Text of one line: anything but a line break. */
const lineText = (opts: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: fc.oneof(fc.constantFrom('a', ' ', ':', 'é', '🚀', '{', '"', '\t', 'data: '), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 20, ...opts }).map((s) => s.replace(/[\r\n]/g, '_'));

const event = fc.record({
  event: fc.option(lineText({ minLength: 1 }), { nil: undefined }),
  // each data line is one line of text; several join with \n
  dataLines: fc.array(lineText(), { minLength: 1, maxLength: 4 }),
  id: fc.option(lineText({ minLength: 1 }).map((s) => s.replace(/\0/g, '0')), { nil: undefined }),
});

type Block = { kind: 'event'; e: { event?: string; dataLines: string[]; id?: string } } | { kind: 'comment'; text: string } | { kind: 'retry'; ms: number };

const block: fc.Arbitrary<Block> = fc.oneof(
  { weight: 4, arbitrary: event.map((e) => ({ kind: 'event' as const, e })) },
  { weight: 1, arbitrary: lineText().map((text) => ({ kind: 'comment' as const, text })) },
  { weight: 1, arbitrary: fc.nat({ max: 100_000 }).map((ms) => ({ kind: 'retry' as const, ms })) },
);

/** `name: value`, or `name:value` when the value does not start with a space (both are valid). */
function field(name: string, value: string, tight: boolean): string {
  return tight && !value.startsWith(' ') ? `${name}:${value}` : `${name}: ${value}`;
}

function serialise(blocks: Block[], eols: boolean[], tight: boolean[]): string {
  let i = 0;
  const eol = () => (eols[i++ % eols.length] ? '\r\n' : '\n');
  const t = () => tight[i % tight.length]!;
  let out = '';
  for (const b of blocks) {
    if (b.kind === 'comment') out += `: ${b.text}${eol()}`;
    else if (b.kind === 'retry') out += `retry: ${b.ms}${eol()}`;
    else {
      if (b.e.event !== undefined) out += field('event', b.e.event, t()) + eol();
      if (b.e.id !== undefined) out += field('id', b.e.id, t()) + eol();
      for (const d of b.e.dataLines) out += field('data', d, t()) + eol();
      out += eol();
    }
  }
  return out;
}

function expected(blocks: Block[]): SseItem[] {
  return blocks.map((b): SseItem => {
    if (b.kind === 'comment') return { kind: 'comment', comment: b.text };
    if (b.kind === 'retry') return { kind: 'retry', ms: b.ms };
    return { kind: 'event', event: { event: b.e.event ?? 'message', data: b.e.dataLines.join('\n'), id: b.e.id } };
  });
}

function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    if (p > from) chunks.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  return chunks;
}

async function collect(chunks: Buffer[]): Promise<SseItem[]> {
  const items: SseItem[] = [];
  for await (const item of readSse(Readable.from(chunks), { backend: 'mn' })) items.push(item);
  return items;
}

describe('SSE parsing (property)', () => {
  it('events, comments and retries read back in order, whatever the chunking and line endings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(block, { maxLength: 15 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        async (blocks, eols, tight, cuts) => {
          const bytes = Buffer.from(serialise(blocks, eols, tight), 'utf8');
          const items = await collect(chunked(bytes, cuts));
          expect(items).toEqual(expected(blocks));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('byte-at-a-time delivery gives the same items as one chunk', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(block, { maxLength: 6 }), fc.boolean(), async (blocks, crlf) => {
        const bytes = Buffer.from(serialise(blocks, [crlf], [false]), 'utf8');
        const whole = await collect([bytes]);
        const bytewise = await collect([...bytes].map((b) => Buffer.from([b])));
        expect(bytewise).toEqual(whole);
        expect(whole).toEqual(expected(blocks));
      }),
      { numRuns: 100 },
    );
  });
});
