import { describe, expect, it } from 'vitest';
import { mapHttpError, parseRetryAfter } from '../../src/http/dialects.js';

const f = (backend: Parameters<typeof mapHttpError>[0]['backend'], status: number, body: string, contentType = 'application/json') => mapHttpError({ backend, status, body, contentType });

describe('error dialects map into one error type', () => {
  it('admin: takes error.code verbatim and decides on the code, not the status', () => {
    const e = f('admin', 500, '{"error":{"code":"not_found","message":"no such actor","details":{"ref":"x"}}}');
    expect(e.code).toBe('not_found');
    expect(e.kind).toBe('not_found');
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe('no such actor');
    expect(e.details).toEqual({ ref: 'x' });
  });

  it('a 404 whose body names something is never taken for a missing route, whatever its content type', () => {
    // found by the dialects property: an admin envelope sent as text/html lost its code
    const e = f('admin', 404, '{"error":{"code":" ","message":"m"}}', 'text/html');
    expect(e.code).toBe(' ');
    expect(f('mn', 404, '{"detail":"run not found"}', 'text/html').code).toBe('not_found');
    expect(f('mn', 404, '{"detail":"Not Found"}').code).toBe('route_not_found');
    expect(f('grid', 404, '<html><body>Not Found</body></html>', 'text/html').code).toBe('route_not_found');
  });

  it('admin: service_unavailable is retryable; gateway_timeout hints that the node may still exist', () => {
    expect(f('admin', 503, '{"error":{"code":"service_unavailable","message":"too many concurrent introspection requests"}}').retryable).toBe(true);
    const gt = f('admin', 504, '{"error":{"code":"gateway_timeout","message":"timed out resolving reference"}}');
    expect(gt.exitCode).toBe(1);
    expect(gt.hint).toMatch(/may still exist/);
  });

  it('mn: {"detail": string}, 401 with the token hint and exit 13', () => {
    const e = f('mn', 401, '{"detail":"missing or invalid bearer token"}');
    expect(e.message).toBe('missing or invalid bearer token');
    expect(e.exitCode).toBe(13);
    expect(e.hint).toMatch(/MN_API_TOKEN/);
  });

  it('mn: pydantic detail lists keep every issue', () => {
    const e = f('mn', 422, '{"detail":[{"loc":["body","name"],"msg":"Field required","type":"missing"},{"loc":["body","x"],"msg":"bad","type":"value_error"}]}');
    expect(e.exitCode).toBe(2);
    expect(e.details).toHaveLength(2);
  });

  it('mn: problem+json keeps code, title, hint and the validation errors', () => {
    const body = JSON.stringify({ version: 1, type: 'https://mirrorneuron.local/problems/input_validation_failed', title: 'Input validation failed', status: 422, detail: 'Fix the highlighted input fields and submit again.', error: 'input_validation_failed', hint: 'see errors', errors: [{ code: 'requirements.memory_insufficient', message: 'not enough memory', help: 'lower it', location: { pointer: '/requirements/memory' } }] });
    const e = f('mn', 422, body, 'application/problem+json');
    expect(e.code).toBe('input_validation_failed');
    expect(e.message).toBe('Input validation failed: Fix the highlighted input fields and submit again.');
    expect(e.hint).toBe('see errors');
    expect(e.details).toHaveLength(1);
  });

  it('mn: gRPC errors and overload', () => {
    expect(f('mn', 500, '{"error":"job test_job_123 was not found"}').message).toBe('job test_job_123 was not found');
    const over = f('mn', 503, '{"error":"resource_overloaded","detail":"queue full"}');
    expect(over.retryable).toBe(true);
    expect(over.message).toBe('queue full');
    const big = f('mn', 413, '{"error":"request_too_large","limit_bytes":5242880}');
    expect(big.code).toBe('request_too_large');
    expect(big.details).toEqual({ limit_bytes: 5242880 });
  });

  it('asya: text/plain bodies that look like JSON, and bare text', () => {
    const e = f('asya', 404, '{"error":"not found"}\n', 'text/plain; charset=utf-8');
    expect(e.message).toBe('not found');
    expect(e.exitCode).toBe(3);
    const m = f('asya', 405, 'method not allowed\n', 'text/plain; charset=utf-8');
    expect(m.code).toBe('method_not_allowed');
    expect(m.message).toContain('method not allowed');
  });

  it('astromesh: 502 provider object with its hint; 422 list; plain-text 500', () => {
    const e = f('astromesh', 502, '{"detail":{"error":"model_provider_unavailable","message":"All providers failed","hint":"Start ollama"}}');
    expect(e.code).toBe('model_provider_unavailable');
    expect(e.hint).toBe('Start ollama');
    expect(f('astromesh', 500, 'Internal Server Error', 'text/plain').message).toBe('HTTP 500: Internal Server Error');
    expect(f('astromesh', 503, '{"detail":"Mesh not enabled on this node"}').hint).toMatch(/mesh mode is disabled/);
    // the daemon's own 503s are configuration, which no retry mends; a 503 from what stands in front of it is load
    expect(f('astromesh', 503, '{"detail":"Mesh not enabled on this node"}').retryable).toBe(false);
    expect(f('astromesh', 503, '{"detail":"Runtime not initialized"}').retryable).toBe(false);
    expect(f('astromesh', 503, '{"detail":"Service Unavailable"}').retryable).toBe(true);
  });

  it('grid: status codes with text bodies; an HTML page becomes a short excerpt', () => {
    expect(f('grid', 403, 'authentication failed\n', 'text/plain').exitCode).toBe(13);
    const html = f('grid', 502, '<html><head><style>x{}</style></head><body><h1>Bad Gateway</h1></body></html>', 'text/html');
    expect(html.message).toBe('HTTP 502: Bad Gateway');
    expect(f('grid', 500, '', 'text/plain').message).toBe('HTTP 500 with an empty body');
  });

  it('Retry-After: seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
