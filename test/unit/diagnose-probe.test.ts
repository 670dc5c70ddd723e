/** The probe over the shared HTTP client against a local server: status texts, deadline, parse and transport errors. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { attemptProbe, httpStatusText, probePath, ProbeAbandoned } from '../../src/diagnose/probe.js';

const AS_OF = '2025-01-15T10:30:00.123Z';
const ROOT = JSON.stringify({
  identity: 'root',
  properties: { Root: { num_hosts: 0, started_at: AS_OF, started_by: 'me', system_children: [] } },
  children: [],
  parent: null,
  as_of: AS_OF,
});

let server: Server;
let base: string;
const seenPaths: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seenPaths.push(req.url ?? '');
    const ref = decodeURIComponent((req.url ?? '').replace(/^\/v1\//, ''));
    const json = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    switch (ref) {
      case 'root':
        return json(200, ROOT);
      case 'busy':
        return json(503, JSON.stringify({ error: { code: 'service_unavailable', message: 'too many concurrent introspection requests' } }));
      case 'slow-resolve':
        return json(504, JSON.stringify({ error: { code: 'gateway_timeout', message: 'timed out resolving reference' } }));
      case 'teapot':
        return json(599, '{}');
      case 'garbage':
        return json(200, '{"identity": "root", "prop');
      case 'bad-child':
        return json(200, ROOT.replace('"children":[]', '"children":["unix:@hash"]'));
      case 'bad-as-of':
        return json(200, ROOT.replace(/"as_of":"[^"]*"/, '"as_of":"yesterday"'));
      case 'hang':
        return; // never answers
      case 'slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(ROOT.slice(0, 10));
        return; // the rest never comes
      case 'reset':
        return req.socket.destroy();
      case 'cut-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(ROOT.length) });
        res.write(ROOT.slice(0, 20));
        setTimeout(() => req.socket.destroy(), 20);
        return;
      default:
        return json(404, JSON.stringify({ error: { code: 'not_found', message: `reference not found: '${ref}'` } }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = () => new HttpClient({ backend: 'admin', url: base }, { retries: 0 });

describe('probe attempt', () => {
  it('a 2xx NodePayload passes, timed in whole milliseconds', async () => {
    const r = await attemptProbe(client(), 'root', 5000);
    expect(r.ok).toBe(true);
    expect(Number.isInteger(r.elapsedMs)).toBe(true);
  });

  it('the reference is percent-encoded as one path segment', async () => {
    await attemptProbe(client(), 'host:host_agent.service@tcp://127.0.0.1:26600', 5000);
    expect(seenPaths).toContain('/v1/host%3Ahost_agent.service%40tcp%3A%2F%2F127.0.0.1%3A26600');
    expect(probePath("a b!")).toBe('v1/a%20b%21');
  });

  it('a non-2xx is `HTTP {code} {reason}`, the body ignored; 503 service_unavailable is back-pressure', async () => {
    expect(await attemptProbe(client(), 'nonexistent_ref_xxxx', 5000)).toMatchObject({ ok: false, error: 'HTTP 404 Not Found', busy: false });
    expect(await attemptProbe(client(), 'slow-resolve', 5000)).toMatchObject({ ok: false, error: 'HTTP 504 Gateway Timeout', busy: false });
    expect(await attemptProbe(client(), 'busy', 5000)).toMatchObject({ ok: false, error: 'HTTP 503 Service Unavailable', busy: true });
    expect(await attemptProbe(client(), 'teapot', 5000)).toMatchObject({ ok: false, error: 'HTTP 599 <unknown status code>' });
  });

  it('the deadline covers the headers and the whole body: `timed out after {budget}ms`', async () => {
    for (const ref of ['hang', 'slow-body']) {
      const r = await attemptProbe(client(), ref, 150);
      expect(r).toMatchObject({ ok: false, error: 'timed out after 150ms', busy: false });
      expect(r.elapsedMs).toBeGreaterThanOrEqual(150);
    }
  });

  it('a body that is not a NodePayload is a Parse error; a bad timestamp inside is a Conversion error, a reference in any form is not', async () => {
    expect(await attemptProbe(client(), 'garbage', 5000)).toMatchObject({ ok: false, error: `Parse error: error decoding response body for url (${base}/v1/garbage)` });
    expect(await attemptProbe(client(), 'bad-as-of', 5000)).toMatchObject({ ok: false, error: 'Conversion error: failed to parse as_of: "yesterday"' });
    expect(await attemptProbe(client(), 'bad-child', 5000)).toMatchObject({ ok: true, payload: { children: ['unix:@hash'] } });
  });

  it('transport failures are `Request failed: error sending request for url ({url})`', async () => {
    // a connection the server closed is marked for a retry; a refused connection is not
    expect(await attemptProbe(client(), 'reset', 5000)).toMatchObject({ ok: false, error: `Request failed: error sending request for url (${base}/v1/reset)`, reset: true });
    const refused = new HttpClient({ backend: 'admin', url: 'http://127.0.0.1:1' }, { retries: 0 });
    expect(await attemptProbe(refused, 'root', 5000)).toMatchObject({ ok: false, error: 'Request failed: error sending request for url (http://127.0.0.1:1/v1/root)', reset: false });
  });

  it('a 2xx whose body is cut is a Parse error, not a failure to send, and is not retried as a dropped connection', async () => {
    const r = await attemptProbe(client(), 'cut-body', 5000);
    expect(r).toMatchObject({ ok: false, error: `Parse error: error decoding response body for url (${base}/v1/cut-body)` });
    expect((r as { reset?: boolean }).reset).toBeFalsy();
  });

  it('when the run ends the attempt is abandoned (its result is lost)', async () => {
    const run = new AbortController();
    setTimeout(() => run.abort(new Error('over')), 50);
    await expect(attemptProbe(client(), 'hang', 5000, run.signal)).rejects.toBeInstanceOf(ProbeAbandoned);
  });

  it('reason phrases are the http crate ones', () => {
    expect(httpStatusText(203)).toBe('HTTP 203 Non Authoritative Information');
    expect(httpStatusText(413)).toBe('HTTP 413 Payload Too Large');
    expect(httpStatusText(500)).toBe('HTTP 500 Internal Server Error');
  });
});
