/**
 * Property: every reference or id meshscope puts in a URL is encoded as exactly one path segment
 * that decodes back to the same string, and a request through HttpClient reaches the server with
 * exactly that segment. Strings that are not valid Unicode (lone surrogates) are refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, seg } from '../../src/http/client.js';
import { refPath } from '../../src/backends/admin/client.js';
import { probePath } from '../../src/diagnose/probe.js';
import { MeshError } from '../../src/errors.js';

const RUNS = 300;

const special = fc.constantFrom('%', '/', '?', '#', '.', '..', ' ', ',', '[', ']', '<', '>', '%2F', '%25', '../', '\\', '&', '=', '+', ';', 'é', 'ß', '日本', '🚀', '👩‍👩‍👧', '\u0000', '\n', '\t', '\u00a0', '\uFEFF');

/** Any well-formed string, biased towards the characters that can break a path. */
const wellFormed = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.oneof(special, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('')),
);

/** A string with at least one surrogate half that is not part of a pair. */
const withLoneSurrogate = fc
  .tuple(
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.string({ unit: 'binary', maxLength: 10 }),
  )
  .map(([a, unit, b]) => {
    // keep the surrogate lone: a high half must not be followed by a low one and vice versa
    if (unit < 0xdc00) return a + String.fromCharCode(unit) + 'x' + b;
    return a + 'x' + String.fromCharCode(unit) + b;
  });

function isSingleSegment(encoded: string): boolean {
  return !/[/?#\\]/.test(encoded) && /^[\x21-\x7e]*$/.test(encoded);
}

describe('reference encoding (property)', () => {
  it('seg() gives one path segment that decodes back byte for byte', () => {
    fc.assert(
      fc.property(wellFormed, (s) => {
        const e = seg(s);
        expect(isSingleSegment(e)).toBe(true);
        expect(decodeURIComponent(e)).toBe(s);
        expect(Buffer.from(decodeURIComponent(e), 'utf8').equals(Buffer.from(s, 'utf8'))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("the admin client's refPath is v1/ plus exactly one encoded segment", () => {
    fc.assert(
      fc.property(wellFormed, (s) => {
        const p = refPath(s);
        expect(p.startsWith('v1/')).toBe(true);
        const rest = p.slice(3);
        expect(isSingleSegment(rest)).toBe(true);
        expect(decodeURIComponent(rest)).toBe(s);
      }),
      { numRuns: RUNS },
    );
  });

  it("diagnose's probePath is v1/ plus exactly one encoded segment", () => {
    fc.assert(
      fc.property(wellFormed, (s) => {
        const p = probePath(s);
        expect(p.startsWith('v1/')).toBe(true);
        const rest = p.slice(3);
        expect(isSingleSegment(rest)).toBe(true);
        expect(decodeURIComponent(rest)).toBe(s);
      }),
      { numRuns: RUNS },
    );
  });

  it('lone surrogates are refused with bad_reference (exit 2)', () => {
    fc.assert(
      fc.property(withLoneSurrogate, (s) => {
        for (const f of [seg, refPath]) {
          let caught: unknown;
          try {
            f(s);
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(MeshError);
          expect((caught as MeshError).code).toBe('bad_reference');
          expect((caught as MeshError).exitCode).toBe(2);
        }
      }),
      { numRuns: RUNS },
    );
  });

  describe('through HttpClient to a local server', () => {
    let server: Server;
    let client: HttpClient;
    const seen: string[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      client = new HttpClient({ backend: 'admin', url: `http://127.0.0.1:${port}/base` }, { retries: 0, timeoutMs: 5_000 });
    });

    afterAll(async () => {
      await client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('the request arrives with exactly the encoded segment', async () => {
      await fc.assert(
        fc.asyncProperty(wellFormed, async (s) => {
          seen.length = 0;
          const r = await client.text({ path: refPath(s) });
          expect(r.status).toBe(200);
          expect(seen).toEqual([`/base/v1/${seg(s)}`]);
          const last = seen[0]!.slice('/base/v1/'.length);
          expect(last.includes('/')).toBe(false);
          expect(decodeURIComponent(last)).toBe(s);
        }),
        { numRuns: 150 },
      );
    });
  });
});
