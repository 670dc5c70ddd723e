/**
 * The mock's admin server reads a request path with the built-in decoder when it can (ASCII with
 * well-formed escapes) and byte by byte otherwise: both read every path the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWildcard } from '../../src/mock/admin/router.js';
import { iso } from '../../src/mock/admin/world.js';

/** The byte-by-byte reading (percent escapes to bytes, the rest as UTF-8, then strict UTF-8). */
function reference(raw: string): string | undefined {
  const s = raw.startsWith('/') ? raw.slice(1) : raw;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    if (ch.length === 2) i++;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

describe('mock admin request paths', () => {
  it('any path decodes as byte by byte: encoded references, stray %, bad UTF-8, non-ASCII', () => {
    const escape = fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`);
    const piece = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('%', '%4', '%zz', '%E2%82', '%C0%AF', '%ED%A0%80', 'é', '\u{1F600}'), escape, fc.string({ unit: 'grapheme', maxLength: 3 }).map(encodeURIComponent));
    fc.assert(
      fc.property(fc.boolean(), fc.array(piece, { maxLength: 8 }), (slash, parts) => {
        const raw = (slash ? '/' : '') + parts.join('');
        expect(decodeWildcard(raw)).toBe(reference(raw));
      }),
      { numRuns: 2000 },
    );
  });

  it('timestamps format the same when one millisecond is asked for again and again', () => {
    for (const ms of [0, 1.5, 1.9, 2, 1e12, 1e12 + 0.4, 1e12 + 1, 1e12]) expect(iso(ms)).toBe(new Date(Math.floor(ms)).toISOString());
    // two times in turn (a root payload's as_of and started_at), then a third among them
    for (const ms of [5e11, 7e11, 5e11, 7e11, 9e11, 5e11, 9e11, 7e11, 7e11 + 0.9, 5e11]) expect(iso(ms)).toBe(new Date(Math.floor(ms)).toISOString());
  });
});
