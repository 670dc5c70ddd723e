/**
 * End to end: the built CLI against the astromesh mock daemon (a `mock serve` process shared by
 * the commands that must see each other's runs, or `--mock --scenario` for one-shot worlds).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../../src/mock/server.js';
import { cleanEnv, ESCAPE, runCli, startTestMock, tmp } from '../helpers.js';

let mock: MockHandle;
let env: Record<string, string>;

beforeAll(async () => {
  mock = await startTestMock();
  env = cleanEnv({ ASTROMESH_DAEMON_URL: mock.urls.astromesh });
}, 30_000);

afterAll(async () => {
  await mock?.close();
});

const cli = (args: string[], input?: string) => runCli(args, { env, input });

describe('agent run', () => {
  it('prints the same answer streamed over the WebSocket as in one piece, with the tool call on stderr', async () => {
    const plain = await cli(['agent', 'run', 'assistant', 'What is (2+3)*7?']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe('(2+3)*7 = 35.\n');
    const streamed = await cli(['agent', 'run', 'assistant', '--stream', 'What is (2+3)*7?']);
    expect(streamed.code, streamed.stderr).toBe(0);
    expect(streamed.stdout).toBe(plain.stdout);
    expect(streamed.stderr).toMatch(/→ tool calculator \{"expression":"\(2\+3\)\*7"\}/);
    expect(streamed.stderr).toMatch(/← tool calculator ok/);
    expect(streamed.stderr).toMatch(/tokens \d+ in \/ \d+ out/);
    expect(streamed.stdout + streamed.stderr).not.toMatch(ESCAPE);
  });

  it('streams NDJSON frames under -o json, status first and done last', async () => {
    const r = await cli(['agent', 'run', 'assistant', '--stream', '-o', 'json', 'What is 3*3?']);
    expect(r.code, r.stderr).toBe(0);
    const frames = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(frames[0]).toMatchObject({ type: 'status', status: 'processing', agent: 'assistant' });
    expect(frames.map((f) => f.type)).toContain('tool_call');
    expect(frames.at(-1)).toMatchObject({ type: 'done', answer: '3*3 = 9.' });
  });

  it('reads the query from stdin, and refuses to run without one', async () => {
    expect((await cli(['agent', 'run', 'assistant'], 'What is 4*4?\n')).stdout).toBe('4*4 = 16.\n');
    const none = await cli(['agent', 'run', 'assistant']);
    expect(none.code, none.stderr).toBe(2);
    expect(none.stderr).toMatch(/a query is required/);
  });

  it('lists the runs just made in the traces, newest first, and shows one as a waterfall', async () => {
    const run = await cli(['agent', 'run', 'support', '-o', 'json', '--session', 'e2e-plain', 'Explain mesh mode']);
    expect(run.code, run.stderr).toBe(0);
    const traceId = JSON.parse(run.stdout).trace.trace_id as string;
    const streamed = await cli(['agent', 'run', 'support', '--stream', '--session', 'e2e-stream', 'How does the model router work?']);
    expect(streamed.code, streamed.stderr).toBe(0);

    const list = await cli(['trace', 'list', '--agent', 'support', '--limit', '5', '-o', 'json']);
    expect(list.code, list.stderr).toBe(0);
    const traces = JSON.parse(list.stdout).traces as Array<{ trace_id: string; session_id: string }>;
    expect(traces.slice(0, 2).map((t) => t.session_id)).toEqual(['e2e-stream', 'e2e-plain']);
    expect(traces[1].trace_id).toBe(traceId);

    const table = await cli(['trace', 'list', '--agent', 'support', '--limit', '2']);
    expect(table.stdout).toContain(traceId);

    const get = await cli(['trace', 'get', traceId.slice(0, 12)]);
    expect(get.code, get.stderr).toBe(0);
    const lines = get.stdout.split('\n');
    expect(lines[0]).toMatch(/^SPAN\s+STATUS\s+START\s+DURATION\s+WATERFALL/);
    expect(lines[1]).toMatch(/^agent\.run\s+ok\s+\+0ms\s+\S+\s+█+$/);
    expect(get.stdout).toMatch(/├─ llm\.complete .* \d+ms/);
    expect(get.stdout).toMatch(/└─ memory_persist/);
    expect(get.stderr).toContain(`trace ${traceId}`);

    const metrics = await cli(['astro', 'metrics', '-o', 'json']);
    expect(JSON.parse(metrics.stdout).counters['agent.runs.support']).toBeGreaterThanOrEqual(2);
  });

  it('shows a 422 field by field (exit 2)', async () => {
    const r = await cli(['trace', 'list', '--limit', '500']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error: the server rejected the request: validation failed (validation_failed)');
    expect(r.stderr).toContain('- query.limit: Input should be less than or equal to 100');
    const ctx = await cli(['agent', 'run', 'assistant', 'hi', '--context-json', '"not an object"']);
    expect(ctx.code, ctx.stderr).toBe(2);
    expect(ctx.stderr).toContain('- body.context: Input should be a valid dictionary');
    const json = await cli(['trace', 'list', '--limit', '500', '-o', 'json']);
    expect(JSON.parse(json.stdout).error).toMatchObject({ status: 422, details: [{ loc: ['query', 'limit'] }] });
  });

  it('answers an unknown agent with exit 3, streamed or not', async () => {
    for (const args of [['agent', 'run', 'ghost', 'hi'], ['agent', 'run', 'ghost', '--stream', 'hi'], ['agent', 'get', 'ghost']]) {
      const r = await cli(args);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/Agent 'ghost' not found/);
      expect(r.stderr).toMatch(/meshscope agent list/);
    }
  });
});

describe('agent chat', () => {
  it('keeps one session over a piped conversation, and memory shows it', async () => {
    const r = await cli(['agent', 'chat', 'assistant', '--session', 'e2e-chat'], 'My name is Ada\n\nWhat is my name?\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("Nice to meet you, Ada. I'll remember that.\nYour name is Ada.\n");
    const h = await cli(['memory', 'history', 'assistant', 'e2e-chat', '-o', 'json']);
    expect(JSON.parse(h.stdout).history.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    const search = await cli(['memory', 'search', 'assistant', 'name', 'Ada']);
    expect(search.stdout).toMatch(/e2e-chat\s+My name is Ada/);
  });

  it('refuses to clear memory without --yes when stdin is not a terminal, and clears with it', async () => {
    await cli(['agent', 'run', 'assistant', '--session', 'e2e-clear', 'hello']);
    const refused = await cli(['memory', 'clear', 'assistant', 'e2e-clear']);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/pass --yes/);
    expect(JSON.parse((await cli(['memory', 'history', 'assistant', 'e2e-clear', '-o', 'json'])).stdout).history).toHaveLength(2);
    const cleared = await cli(['memory', 'clear', 'assistant', 'e2e-clear', '--yes']);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toMatch(/status:\s+cleared/);
    expect(JSON.parse((await cli(['memory', 'history', 'assistant', 'e2e-clear', '-o', 'json'])).stdout).history).toEqual([]);
  });
});

describe('tools and RAG', () => {
  it('runs a tool with --arg and --input, and fails clearly', async () => {
    const r = await cli(['tool', 'exec', 'calculator', '--arg', 'expression=(1+2)*3']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ expression: '(1+2)*3', value: 9 });
    const bad = await cli(['tool', 'exec', 'calculator', '--input', '{"expression": "2+"}']);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toMatch(/failed \(status error\)/);
    const unknown = await cli(['tool', 'exec', 'nope']);
    expect(unknown.code, unknown.stderr).toBe(3);
    expect(unknown.stderr).toMatch(/meshscope tool list/);
  });

  it('ingests files with chunking flags and finds the passage', async () => {
    const dir = tmp('rag');
    const file = join(dir, 'birds.txt');
    writeFileSync(file, 'Flamingos are pink birds that stand on one leg. They eat shrimp, which colours their feathers pink.');
    const ing = await cli(['rag', 'ingest', '--collection', 'docs', '--chunk-size', '40', '--chunk-overlap', '5', file]);
    expect(ing.code, ing.stderr).toBe(0);
    expect(ing.stdout).toMatch(/birds\.txt\s+\d+\s+[3-4]\n/);
    const q = await cli(['rag', 'query', 'docs', 'why', 'are', 'flamingos', 'pink', '--top-k', '2', '-o', 'json']);
    const results = JSON.parse(q.stdout).results as Array<{ score: number; metadata: { source: string } }>;
    expect(results[0].metadata.source).toBe(file);
    expect(results[0].score).toBeGreaterThanOrEqual(results[1].score);
    const bad = await cli(['rag', 'ingest', '--collection', 'docs', '--chunk-size', '10', '--chunk-overlap', '10', file]);
    expect(bad.code, bad.stderr).toBe(2);
    const missing = await cli(['rag', 'ingest', '--collection', 'nope', file]);
    expect(missing.code, missing.stderr).toBe(3);
    expect(missing.stderr).toContain('RAGPipeline not found: nope');
  });
});

describe('scenarios', () => {
  it('exits 0 from doctor on the healthy daemon and 1 on the degraded one', async () => {
    const ok = await runCli(['astro', 'doctor', '--mock'], { env: cleanEnv() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('System Healthy');
    const bad = await runCli(['astro', 'doctor', '--mock', '--scenario', 'degraded'], { env: cleanEnv() });
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toContain('System Unhealthy');
    expect(bad.stdout).toMatch(/provider:fallback:openai\s+DEGRADED\s+Provider openai health check: 429 rate limited/);
    const json = await runCli(['astro', 'doctor', '--mock', '--scenario', 'degraded', '-o', 'json'], { env: cleanEnv() });
    expect(json.code, json.stderr).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ healthy: false, checks: { runtime: { status: 'ok' } } });
  });

  it('reports a WebSocket closed mid-answer as an error with exit 1, not a truncated success', async () => {
    const r = await runCli(['agent', 'run', 'writer', '--stream', 'Search the latest news on rockets', '--mock', '--scenario', 'failing'], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.length).toBeGreaterThan(0); // the part that arrived
    expect(r.stderr).toMatch(/error: the WebSocket closed before agent writer finished its answer: the connection was dropped \(stream_closed\)/);
    expect(r.stderr).toMatch(/hint: the answer printed so far is incomplete/);
    expect(r.stderr).not.toMatch(/tokens \d+ in/); // no usage line: the run did not finish
  });

  it('shows the 502 provider error with its hint', async () => {
    const r = await runCli(['agent', 'run', 'broken', 'hello', '--mock', '--scenario', 'failing'], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/All providers failed for agent 'broken'.*\(model_provider_unavailable\)/);
    expect(r.stderr).toMatch(/hint: Check that the vllm server is running/);
  });

  it('gives the clear 503 message for every mesh command when mesh mode is off', async () => {
    const r = await runCli(['astro-mesh', 'state', '--mock', '--scenario', 'failing'], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('error: Mesh not enabled on this node (service_unavailable)');
    expect(r.stderr).toContain('hint: mesh mode is disabled on this daemon');
    const el = await runCli(['astro-mesh', 'election', '--mock', '--scenario', 'failing'], { env: cleanEnv() });
    expect(el.code, el.stderr).toBe(1);
    expect(el.stderr).toContain('Mesh not enabled on this node');
    const st = await runCli(['astro', 'status', '--mock', '--scenario', 'failing'], { env: cleanEnv() });
    expect(st.stdout).toMatch(/mesh:\s+disabled/);
  });

  it('shows the mesh with a suspect peer, and lets a node join, beat and leave', async () => {
    const state = await cli(['astro-mesh', 'state']);
    expect(state.code, state.stderr).toBe(0);
    expect(state.stdout).toMatch(/astromesh-0 \(this node\)\s+alive/);
    expect(state.stderr).toMatch(/3 nodes \(3 alive, 0 suspect, 0 dead\)/);
    const join = await cli(['astro-mesh', 'join', 'zzzz-e2e', '--name', 'e2e-node', '--url', 'http://10.9.9.9:8000', '--agent', 'assistant']);
    expect(join.code, join.stderr).toBe(0);
    expect(join.stdout).toMatch(/e2e-node\s+alive\s+yes/); // the highest id leads
    const beat = await cli(['astro-mesh', 'heartbeat', 'e2e-node', '--active-requests', '7']);
    expect(beat.code, beat.stderr).toBe(0);
    const after = JSON.parse((await cli(['astro-mesh', 'state', '-o', 'json'])).stdout);
    expect(after.nodes.find((n: { name: string }) => n.name === 'e2e-node').load.active_requests).toBe(7);
    const leave = await cli(['astro-mesh', 'leave', 'e2e-node']);
    expect(leave.code, leave.stderr).toBe(0);
    const left = await cli(['astro-mesh', 'leave', 'e2e-node']);
    expect(left.code, left.stderr).toBe(3);

    const degraded = await runCli(['astro-mesh', 'state', '--mock', '--scenario', 'degraded'], { env: cleanEnv() });
    expect(degraded.stdout).toMatch(/astromesh-3\s+suspect/);
  });
});
