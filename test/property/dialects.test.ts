/**
 * Property: any non-2xx answer from any backend — any status, content type and body, however
 * broken — maps into a MeshError with a documented exit code and a non-empty code, without throwing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapHttpError } from '../../src/http/dialects.js';
import { MeshError, type Backend } from '../../src/errors.js';

const RUNS = 300;
const BACKENDS: Backend[] = ['admin', 'mn', 'asya', 'astromesh', 'grid'];
const backend = fc.constantFrom(...BACKENDS);
const status = fc.integer({ min: 100, max: 599 });
const contentType = fc.oneof(
  fc.constantFrom('application/json', 'application/problem+json', 'text/plain; charset=utf-8', 'text/html', '', 'application/octet-stream'),
  fc.string({ maxLength: 30 }),
);

/** Codes that are also names on Object.prototype, or that collide with the mapping's own tables. */
const trickyCode = fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'not_found', 'bad_request', 'internal_error', 'gateway_timeout', 'service_unavailable', 'unauthorized', 'forbidden', 'rate_limited');
const anyCode = fc.oneof(trickyCode, fc.string({ minLength: 1, maxLength: 20 }));

const jsonValue = fc.jsonValue({ maxDepth: 4 });

/** Bodies shaped like each backend's dialect, with fields of any type. */
const dialectBody = fc.oneof(
  fc.record({ error: fc.oneof(fc.record({ code: fc.oneof(anyCode, jsonValue), message: fc.oneof(fc.string(), jsonValue), details: jsonValue }, { requiredKeys: [] }), jsonValue, anyCode) }),
  fc.record({ detail: fc.oneof(fc.string(), jsonValue, fc.array(fc.record({ loc: jsonValue, msg: fc.string(), type: fc.string() }))), error: fc.oneof(anyCode, jsonValue) }, { requiredKeys: [] }),
  fc.record({ type: fc.oneof(fc.string(), jsonValue), title: fc.oneof(fc.string(), jsonValue), detail: jsonValue, error: jsonValue, hint: jsonValue, errors: jsonValue, validation: jsonValue }, { requiredKeys: [] }),
  fc.record({ message: fc.oneof(fc.string(), jsonValue), code: fc.oneof(anyCode, jsonValue) }, { requiredKeys: [] }),
  jsonValue,
).map((v) => JSON.stringify(v));

const body = fc.oneof(
  dialectBody,
  dialectBody.chain((s) => fc.nat({ max: Math.max(0, s.length) }).map((n) => s.slice(0, n))), // truncated JSON
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('utf8')), // random bytes
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', ' ', '{', '[', 'null', '"x"', '<html><body><h1>502 Bad Gateway</h1></body></html>', '{"error":"not found"}\n', 'upstream connect error'),
  fc.nat({ max: 200_000 }).map((n) => 'x'.repeat(n)), // huge strings
  fc.integer({ min: 1, max: 5_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)), // deeply nested
);

function map(b: Backend, st: number, ct: string, text: string): MeshError {
  return mapHttpError({ backend: b, status: st, contentType: ct, body: text, what: 'GET http://x/y' });
}

describe('error dialect mapping (property)', () => {
  it('never throws; always a MeshError with exit 1, 2, 3 or 13 and a non-empty code', () => {
    fc.assert(
      fc.property(backend, status, contentType, body, (b, st, ct, text) => {
        const e = map(b, st, ct, text);
        expect(e).toBeInstanceOf(MeshError);
        expect([1, 2, 3, 13]).toContain(e.exitCode);
        expect(typeof e.code).toBe('string');
        expect(e.code.length).toBeGreaterThan(0);
        expect(typeof e.message).toBe('string');
        expect(e.message.length).toBeGreaterThan(0);
        expect(e.backend).toBe(b);
        expect(e.status).toBe(st);
      }),
      { numRuns: RUNS },
    );
  });

  it("an admin envelope's error.code is kept verbatim", () => {
    fc.assert(
      fc.property(status, contentType, anyCode, fc.option(fc.string()), jsonValue, (st, ct, code, message, details) => {
        const env = { error: { code, ...(message === null ? {} : { message }), details } };
        const e = map('admin', st, ct, JSON.stringify(env));
        expect(e.code).toBe(code);
        expect([1, 2, 3, 13]).toContain(e.exitCode);
      }),
      { numRuns: RUNS },
    );
  });

  it('401 and 403 map to exit 13 for every backend and any body', () => {
    fc.assert(
      fc.property(backend, fc.constantFrom(401, 403), contentType, fc.oneof(body, anyCode.map((code) => JSON.stringify({ error: { code, message: 'm' } }))), (b, st, ct, text) => {
        const e = map(b, st, ct, text);
        expect(e.exitCode).toBe(13);
        expect(e.kind).toBe('auth');
      }),
      { numRuns: RUNS },
    );
  });
});
