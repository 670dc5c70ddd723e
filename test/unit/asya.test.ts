/** Asya: status order, progress enrichment, input parsing and renderers. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { canTransition, Envelope, EnvelopeList, isTerminal, statusRank } from '../../src/backends/asya/models.js';
import { checkStatus, parseHeaders } from '../../src/backends/asya/input.js';
import { parseInteger, parseJsonValue } from '../../src/cli/flags.js';

// the envelope verbs' values go through the flag catalogue's parsers
const readJsonArg = (v: string, flag: string, stdin: NodeJS.ReadableStream) => parseJsonValue(v, flag, { stdin });
const readJsonObjectArg = (v: string, flag: string, stdin: NodeJS.ReadableStream) => parseJsonValue(v, flag, { stdin, object: true });
const parseIntFlag = (v: string, flag: string, min: number) => parseInteger(v, flag, { min });
import { age, progressText, WatchPrinter } from '../../src/backends/asya/render.js';
import { normalizePrefix } from '../../src/backends/asya/client.js';
import { MeshError } from '../../src/errors.js';
import { enrichProgress, rfc3339Seconds, uuidV4 } from '../../src/mock/asya/store.js';
import { AsyaScenario } from '../../src/mock/asya/scenario.js';
import { createRng } from '../../src/mock/rng.js';
import { Output } from '../../src/output/index.js';
import { tmp } from '../helpers.js';

async function usage(p: Promise<unknown> | (() => unknown)): Promise<MeshError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(MeshError);
    expect((e as MeshError).exitCode).toBe(2);
    return e as MeshError;
  }
  throw new Error('expected a usage error');
}

describe('status order', () => {
  it('ranks pending < running < paused < succeeded = failed = canceled; unknown statuses rank 0', () => {
    expect(['pending', 'running', 'paused', 'succeeded', 'failed', 'canceled'].map(statusRank)).toEqual([0, 1, 2, 3, 3, 3]);
    expect(statusRank('bogus')).toBe(0);
    expect(statusRank(undefined)).toBe(0);
  });

  it('accepts forward moves only, and never between terminals or to the same rank', () => {
    expect(canTransition('pending', 'running')).toBe(true);
    expect(canTransition('running', 'succeeded')).toBe(true);
    expect(canTransition('running', 'failed')).toBe(true);
    expect(canTransition('running', 'canceled')).toBe(true);
    expect(canTransition('paused', 'succeeded')).toBe(true);
    expect(canTransition('pending', 'succeeded')).toBe(true);
    expect(canTransition('succeeded', 'running')).toBe(false);
    expect(canTransition('paused', 'running')).toBe(false);
    expect(canTransition('running', 'running')).toBe(false);
    expect(canTransition('succeeded', 'failed')).toBe(false);
    expect(canTransition('failed', 'canceled')).toBe(false);
    expect(canTransition('pending', 'bogus')).toBe(false);
  });

  it('knows the terminal statuses', () => {
    expect(['succeeded', 'failed', 'canceled'].every(isTerminal)).toBe(true);
    expect(['pending', 'running', 'paused', 'bogus'].some(isTerminal)).toBe(false);
  });
});

describe('models', () => {
  it('keep unknown keys and accept a null message list', () => {
    const env = Envelope.parse({ id: 'a', status: 'running', created_at: 't', updated_at: 't', extra: 1, data: { actor: 'x', custom: { y: 2 } } });
    expect(env).toMatchObject({ extra: 1, data: { custom: { y: 2 } } });
    expect(EnvelopeList.parse({ messages: null, total: 0 }).messages).toEqual([]);
    expect(EnvelopeList.safeParse({ messages: [{ id: 'a' }], total: 1 }).success).toBe(false);
  });
});

describe('mock helpers', () => {
  it('maps sidecar statuses to running and computes progress_percent', () => {
    expect(enrichProgress('received', { prev: [], next: ['b', 'c'] }).data.progress_percent).toBeCloseTo(33.33, 1);
    expect(enrichProgress('completed', { progress: 1.0 })).toEqual({ status: 'running', data: { status: 'running', progress: 1, progress_percent: 100 } });
    expect(enrichProgress('processing', { progress_percent: 7 }).data.progress_percent).toBe(7);
    expect(enrichProgress('running', { progress: 5 })).toEqual({ status: 'running', data: { progress: 5 } });
  });

  it('formats deadline_at at second precision and makes v4 uuids', () => {
    expect(rfc3339Seconds(Date.UTC(2026, 3, 17, 12, 0, 45, 999))).toBe('2026-04-17T12:00:45Z');
    const rng = createRng(1);
    const ids = new Set(Array.from({ length: 500 }, () => uuidV4(rng)));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives an omitted scenario section a default world, and rejects unknown keys', () => {
    const d = AsyaScenario.parse(undefined);
    expect(d.prefix).toBe('/api/v1');
    expect(d.keepalive_s).toBe(15);
    expect(d.actors.map((a) => a.name)).toEqual(['echo', 'writer', 'failer']);
    expect(AsyaScenario.safeParse({ actor: [] }).success).toBe(false);
  });
});

describe('input', () => {
  const stdin = (text: string) => Readable.from([Buffer.from(text)]);

  it('reads JSON from text, @file and stdin', async () => {
    const dir = tmp('asya');
    const file = join(dir, 'p.json');
    writeFileSync(file, '{"from":"file"}');
    expect(await readJsonArg('{"a":1}', '--payload', stdin(''))).toEqual({ a: 1 });
    expect(await readJsonArg(`@${file}`, '--payload', stdin(''))).toEqual({ from: 'file' });
    expect(await readJsonArg('-', '--payload', stdin('[1,2]'))).toEqual([1, 2]);
    expect(await readJsonArg('"text"', '--payload', stdin(''))).toBe('text');
  });

  it('explains bad JSON, missing files and non-objects as usage errors', async () => {
    const bad = await usage(readJsonArg('{query: hi}', '--payload', stdin('')));
    expect(bad.message).toMatch(/--payload is not valid JSON/);
    expect(bad.hint).toMatch(/@file/);
    expect((await usage(readJsonArg('@/nonexistent/x.json', '--payload', stdin('')))).message).toMatch(/cannot read --payload file/);
    expect((await usage(readJsonArg('-', '--payload', stdin('  ')))).message).toMatch(/empty/);
    expect((await usage(readJsonObjectArg('[1]', '--data', stdin('')))).message).toMatch(/must be a JSON object/);
  });

  it('parses headers, integers and statuses', async () => {
    expect(parseHeaders(['trace_id=abc', 'x=a=b'])).toEqual({ trace_id: 'abc', x: 'a=b' });
    expect(parseHeaders([])).toBeUndefined();
    await usage(() => parseHeaders(['novalue']));
    expect(parseIntFlag('300', '--task-timeout', 1)).toBe(300);
    await usage(() => parseIntFlag('1.5', '--task-timeout', 1));
    await usage(() => parseIntFlag('0', '--task-timeout', 1));
    expect(checkStatus('processing', '--status', true)).toBe('processing');
    await usage(() => checkStatus('processing', '--status', false));
    await usage(() => checkStatus('done', '--status', true));
  });

  it('normalises the API prefix', () => {
    expect(normalizePrefix(undefined)).toBe('api/v1/');
    expect(normalizePrefix('/custom/')).toBe('custom/');
    expect(normalizePrefix('')).toBe('');
  });
});

function capture(format: 'table' | 'json', ttyOut = false) {
  const out = { text: '', isTTY: ttyOut, write(s: string) { this.text += s; return true; } };
  const err = { text: '', isTTY: false, write(s: string) { this.text += s; return true; } };
  const o = new Output({ stdout: out, stderr: err, stdin: process.stdin, env: {} }, { format, color: false, verbose: false });
  return { o, out, err };
}

describe('render', () => {
  it('shows progress and ages', () => {
    expect(progressText({ progress_percent: 33.333 })).toBe('33.3%');
    expect(progressText({ progress: 50 })).toBe('50%');
    expect(progressText({})).toBe('');
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(age('2026-01-01T23:59:30Z', now)).toBe('30s');
    expect(age('2026-01-01T23:00:00Z', now)).toBe('60m');
    expect(age('2025-12-20T00:00:00Z', now)).toBe('13d');
  });

  it('prints fly text raw and sanitised to stdout, status changes once each to stderr', () => {
    const { o, out, err } = capture('table');
    const p = new WatchPrinter(o, 'e1');
    p.event({ type: 'status', status: 'pending', data: { status: 'pending', actor: 'echo' }, catchUp: true, source: 'stream' });
    p.event({ type: 'status', status: 'running', data: { status: 'running', progress_percent: 50 }, catchUp: false, source: 'stream' });
    p.event({ type: 'status', status: 'running', data: { status: 'running', progress_percent: 50 }, catchUp: false, source: 'stream' });
    p.event({ type: 'fly', text: 'hello ', data: { text: 'hello ' } });
    p.event({ type: 'fly', text: 'wor\x1b[31mld', data: { text: '' } });
    p.event({ type: 'reconnecting', attempt: 1, delayMs: 250, reason: 'connection reset' });
    expect(p.finish({ status: 'failed', data: { error: 'boom' } })).toBe(1);
    expect(out.text).toBe('hello world\n');
    const lines = err.text.trim().split('\n');
    expect(lines[0]).toBe('pending [echo]');
    expect(lines.filter((l) => l.startsWith('running 50%'))).toHaveLength(1);
    expect(err.text).toMatch(/reconnecting in 0\.\d s \(attempt 1\)/);
    expect(lines.at(-1)).toBe('envelope e1 failed: boom');
  });

  it('does not replay a lagging catch-up after a reconnect, but shows a status that moved', () => {
    const { o, err } = capture('table');
    const p = new WatchPrinter(o, 'e1');
    p.event({ type: 'status', status: 'running', data: { status: 'running', progress_percent: 60 }, catchUp: false, source: 'stream' });
    p.event({ type: 'reconnected', attempt: 1 });
    p.event({ type: 'status', status: 'running', data: { status: 'running', progress_percent: 0 }, catchUp: true, source: 'stream' });
    p.event({ type: 'reconnected', attempt: 1 });
    p.event({ type: 'status', status: 'paused', data: { status: 'paused' }, catchUp: true, source: 'stream' });
    expect(err.text).not.toMatch(/running 0%/);
    expect(err.text).toMatch(/^paused$/m);
  });

  it('prints NDJSON events under -o json and exits 0 on succeeded', () => {
    const { o, out } = capture('json');
    const p = new WatchPrinter(o, 'e1');
    p.event({ type: 'status', status: 'running', data: { status: 'running' }, catchUp: true, source: 'stream' });
    p.event({ type: 'fly', text: 'x', data: { text: 'x' } });
    expect(p.finish({ status: 'succeeded', data: {} })).toBe(0);
    const events = out.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(events).toEqual([
      { event: 'status', id: 'e1', status: 'running', data: { status: 'running' }, catch_up: true },
      { event: 'fly', id: 'e1', data: { text: 'x' } },
    ]);
  });
});
