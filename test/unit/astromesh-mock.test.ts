/**
 * The astromesh mock daemon in-process (real HTTP and a real WebSocket on a free port) against the
 * real daemon's behaviour (reference/astromesh.md), driven through AstromeshClient and AgentSocket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AstromeshClient } from '../../src/backends/astromesh/client.js';
import { AgentSocket } from '../../src/backends/astromesh/stream.js';
import { HttpClient } from '../../src/http/client.js';
import { MeshError } from '../../src/errors.js';
import { createAstromeshMock } from '../../src/mock/astromesh/router.js';
import { calculate } from '../../src/mock/astromesh/tools.js';
import { chunkText, similarity } from '../../src/mock/astromesh/text.js';
import { splitTokens } from '../../src/mock/astromesh/model.js';
import { Scenario } from '../../src/mock/scenario.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';

const scenario = Scenario.parse({
  name: 'astromesh-unit',
  seed: 3,
  astromesh: {
    history_runs: 2,
    agents: [
      { name: 'assistant', tools: ['calculator', 'web_search'], token_delay_ms: 0 },
      { name: 'support', rag: 'docs', token_delay_ms: 0 },
      { name: 'cutter', words_per_token: 1, token_delay_ms: 1, drop_stream_after_tokens: 2 },
      { name: 'down', model: 'vllm/m', fail: 'provider_unavailable' },
    ],
    doctor: { checks: { 'provider:fallback:openai': { status: 'degraded', message: 'rate limited' } } },
    mesh: { peers: 2, stalled: [{ peer: 2, after_s: 0 }] },
  },
});

let mock: MockHandle;
let base: string;
let http: HttpClient;
let am: AstromeshClient;

async function failure(p: Promise<unknown>): Promise<MeshError> {
  try {
    await p;
  } catch (e) {
    return e as MeshError;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  mock = await startMock({ scenario, factories: [createAstromeshMock], only: ['astromesh'], portBase: 0 });
  base = mock.urls.astromesh;
  http = new HttpClient({ backend: 'astromesh', url: base }, { timeoutMs: 10_000, retries: 0 });
  am = new AstromeshClient(http);
});

afterAll(async () => {
  await http?.close();
  await mock?.close();
});

describe('routes and error dialect', () => {
  it('answers /v1/traces and /v1/metrics without the slash with a 307 to the slashed path, which the client follows', async () => {
    const r = await fetch(`${base}/v1/traces?limit=1`, { redirect: 'manual' });
    expect(r.status).toBe(307);
    expect(r.headers.get('location')).toBe(`${base}/v1/traces/?limit=1`);
    expect((await fetch(`${base}/v1/metrics`, { redirect: 'manual' })).status).toBe(307);
    const followed = await http.json<{ traces: unknown[] }>({ path: 'v1/traces', query: { limit: 1 } });
    expect(followed.traces).toHaveLength(1);
  });

  it('answers 422 with FastAPI validation lists, mapped field by field', async () => {
    const r = await fetch(`${base}/v1/agents/assistant/run`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({ detail: [{ type: 'missing', loc: ['body', 'query'], msg: 'Field required', input: {} }] });
    const e = await failure(am.traces({ limit: 101 }));
    expect(e.status).toBe(422);
    expect(e.exitCode).toBe(2);
    expect(e.details).toEqual([expect.objectContaining({ loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100' })]);
  });

  it('answers unknown paths and methods like FastAPI', async () => {
    const r = await fetch(`${base}/v1/nope`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ detail: 'Not Found' });
    expect((await fetch(`${base}/v1/agents`, { method: 'DELETE' })).status).toBe(405);
  });

  it('sends the 502 provider object, mapped with its code and hint', async () => {
    const e = await failure(am.run('down', { query: 'hi' }));
    expect(e.status).toBe(502);
    expect(e.code).toBe('model_provider_unavailable');
    expect(e.hint).toMatch(/vllm/);
    const e404 = await failure(am.run('ghost', { query: 'hi' }));
    expect(e404.message).toBe("Agent 'ghost' not found");
    expect(e404.exitCode).toBe(3);
  });
});

describe('agents, memory, traces and metrics', () => {
  it('runs an agent with its tool, remembers the session, collects the trace and counts the run', async () => {
    const before = await am.metrics();
    const r = await am.run('assistant', { query: 'What is 6*7?', session_id: 'mem-1' });
    expect(r.answer).toBe('6*7 = 42.');
    expect(r.steps?.[0]).toMatchObject({ action: 'calculator', action_input: { expression: '6*7' } });
    expect(r.usage?.by_model?.[0]).toMatchObject({ provider: 'ollama', calls: 2 });
    const names = r.trace!.spans.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['agent.run', 'memory_build', 'rag_build', 'prompt_render', 'orchestration', 'llm.complete', 'tool.call', 'memory_persist']));
    const root = r.trace!.spans.find((s) => s.parent_span_id === null)!;
    expect(r.trace!.spans.filter((s) => s !== root).every((s) => s.parent_span_id === root.span_id)).toBe(true);

    const list = await am.traces({ agent: 'assistant', limit: 5 });
    expect(list.traces[0].trace_id).toBe(r.trace!.trace_id); // newest first
    expect((await am.trace(r.trace!.trace_id.slice(0, 10))).trace_id).toBe(r.trace!.trace_id); // prefix
    const after = await am.metrics();
    expect(after.counters['agent.runs']).toBe((before.counters['agent.runs'] ?? 0) + 1);
    expect(after.histograms['agent.latency_ms'].count).toBe((before.histograms['agent.latency_ms']?.count ?? 0) + 1);

    const h = await am.history('assistant', 'mem-1');
    expect(h.history?.map((m) => m.role)).toEqual(['user', 'assistant']);
    const sem = await am.semantic('assistant', '6*7 what', 3);
    expect(sem.results[0].metadata).toMatchObject({ session_id: 'mem-1' });
    expect(await am.clearHistory('assistant', 'mem-1')).toMatchObject({ status: 'cleared' });
    expect((await am.history('assistant', 'mem-1')).history).toEqual([]);
    expect((await failure(am.clearHistory('ghost', 's'))).exitCode).toBe(3);
  });

  it('keeps memory across runs of a session', async () => {
    await am.run('assistant', { query: 'My name is Grace', session_id: 'mem-2' });
    expect((await am.run('assistant', { query: 'What is my name?', session_id: 'mem-2' })).answer).toBe('Your name is Grace.');
    expect((await am.run('assistant', { query: 'What is my name?', session_id: 'other' })).answer).toMatch(/haven't told me/);
  });

  it('resets metrics', async () => {
    expect(await am.resetMetrics()).toEqual({ status: 'reset' });
    expect(await am.metrics()).toEqual({ counters: {}, histograms: {} });
  });

  it('reports doctor checks as a map, unhealthy with the scenario failure, and status with the mesh', async () => {
    const d = await am.doctor();
    expect(d.healthy).toBe(false);
    expect(Array.isArray(d.checks)).toBe(false);
    expect((d.checks as Record<string, { status: string }>)['provider:fallback:openai'].status).toBe('degraded');
    const st = await am.status();
    expect(st.agents_loaded).toBe(4);
    expect(st.mesh).toMatchObject({ enabled: true, cluster_size: 3 });
  });
});

describe('tools and RAG', () => {
  it('evaluates arithmetic without eval', () => {
    expect(calculate('(2+3)*7')).toBe(35);
    expect(calculate('2^3^2')).toBe(512);
    expect(calculate('-4 + 10 % 4')).toBe(-2);
    expect(() => calculate('2+')).toThrow(/expected a number/);
    expect(() => calculate('process.exit()')).toThrow();
    expect(() => calculate('1/0')).toThrow(/division by zero/);
  });

  it('runs tools directly; integrations are not configured; unknown tools are 404', async () => {
    expect(await am.executeTool('calculator', { expression: '6*7' })).toMatchObject({ status: 'ok', result: { value: 42 } });
    expect(await am.executeTool('calculator', { expression: '6*' })).toMatchObject({ status: 'error' });
    expect(await am.executeTool('github_create_issue', {})).toMatchObject({ status: 'not_configured' });
    expect((await failure(am.executeTool('nope', {}))).exitCode).toBe(3);
    expect((await failure(am.executeTool('calculator', [1]))).details).toEqual([expect.objectContaining({ loc: ['body', 'arguments'] })]);
    const tools = await am.tools();
    expect(tools.tools.find((t) => t.name === 'calculator')?.agents).toEqual(['assistant']);
    expect((await am.builtinTools()).tools.find((t) => t.name === 'calculator')?.parameters).toMatchObject({ required: ['expression'] });
  });

  it('chunks with overlap without losing text', () => {
    const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkText(text, 50, 10);
    expect(chunks.every((c) => c.length <= 50)).toBe(true);
    for (let i = 0; i < 60; i++) expect(chunks.some((c) => c.split(' ').includes(`word${i}`))).toBe(true);
    // consecutive chunks share whole words
    for (let i = 1; i < chunks.length; i++) expect(chunks[i - 1].split(' ')).toContain(chunks[i].split(' ')[0]);
    expect(() => chunkText('abc', 5, 5)).toThrow(RangeError);
    expect(similarity('pink flamingos', 'flamingos are pink birds')).toBeGreaterThan(similarity('pink flamingos', 'mesh leader election'));
  });

  it('ingests into a pipeline and retrieves the most similar chunks first', async () => {
    const doc = 'Flamingos are pink birds that stand on one leg. They eat shrimp, which colours their feathers pink.';
    expect(await am.ingest({ pipeline: 'docs', document: doc, metadata: { source: 'birds.txt' }, doc_id_prefix: 'birds', chunk_size: 40, chunk_overlap: 8 })).toEqual({ pipeline: 'docs', chunks: chunkText(doc, 40, 8).length });
    const r = await am.ragQuery('docs', 'why are flamingos pink', 3);
    expect(r.results[0].metadata).toMatchObject({ source: 'birds.txt' });
    const scores = r.results.map((x) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.every((s) => s > 0 && s <= 1)).toBe(true);
    expect((await am.ragQuery('docs', 'why are flamingos pink', 5, 0.99)).results).toEqual([]);
    const missing = await failure(am.ingest({ pipeline: 'nope', document: 'x' }));
    expect(missing.message).toBe('RAGPipeline not found: nope');
    expect(missing.hint).toMatch(/config\/rag/);
  });
});

describe('agent WebSocket', () => {
  it('splits an answer into frames that join back to it', () => {
    expect(splitTokens('a bb  ccc d.', 2).join('')).toBe('a bb  ccc d.');
  });

  it('sends status, tool_call, tool_result, tokens, then done; streamed and plain runs agree', async () => {
    const frames: Array<Record<string, unknown>> = [];
    const sock = await AgentSocket.open(http, 'assistant', { sessionId: 'ws-1' });
    try {
      const o = await sock.ask('What is 12*12?', { onFrame: (f) => frames.push(f as Record<string, unknown>) });
      expect(frames.map((f) => f.type)).toEqual(['status', 'tool_call', 'tool_result', ...Array(o.tokens).fill('token'), 'done']);
      expect(frames[0]).toEqual({ type: 'status', status: 'processing', agent: 'assistant' });
      expect(frames[1]).toMatchObject({ name: 'calculator', arguments: { expression: '12*12' } });
      expect(frames[2]).toEqual({ type: 'tool_result', id: frames[1].id, ok: true });
      expect(o.streamed).toBe(o.answer);
      expect(o.done.session_id).toBe('ws-1');
      expect(o.answer).toBe((await am.run('assistant', { query: 'What is 12*12?' })).answer);
      // a second query on the same connection is a second run
      expect((await sock.ask('What is 2*2?')).answer).toBe('2*2 = 4.');
    } finally {
      sock.close();
    }
  });

  it('answers bad JSON with an error frame and keeps the connection open', async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/v1/ws/agent/assistant`);
    const got: Array<Record<string, unknown>> = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('open', () => {
        ws.send('{not json');
        ws.send(JSON.stringify({ query: 'What is 1+1?' }));
      });
      ws.on('message', (d) => {
        got.push(JSON.parse(String(d)));
        if (got.at(-1)!.type === 'done') resolve();
      });
    });
    ws.close();
    expect(got[0].type).toBe('error');
    expect(String(got[0].message)).toMatch(/^invalid JSON/);
    expect(got.at(-1)).toMatchObject({ type: 'done', answer: '1+1 = 2.', session_id: 'default' });
  });

  it('reports an unknown agent as an error frame (not found), and a cut stream as an error, never a success', async () => {
    const sock = await AgentSocket.open(http, 'ghost');
    const e = await failure(sock.ask('hi'));
    sock.close();
    expect(e.code).toBe('agent_not_found');
    expect(e.exitCode).toBe(3);

    const cut = await AgentSocket.open(http, 'cutter');
    const tokens: string[] = [];
    const e2 = await failure(cut.ask('tell me something long about meshes', { onToken: (t) => tokens.push(t) }));
    expect(tokens).toHaveLength(2);
    expect(e2.code).toBe('stream_closed');
    expect(e2.exitCode).toBe(1);
    expect(e2.message).toMatch(/closed before agent cutter finished/);
  });

  it('refuses a WebSocket on an unknown path like Starlette (403)', async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/v1/ws/nothing`);
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('error', () => resolve(undefined));
    });
    expect(status).toBe(403);
  });
});

describe('gossip mesh', () => {
  it('starts with this node and its peers, a silent peer suspect, and the highest alive id as leader', async () => {
    const s = await am.meshState();
    expect(s.nodes).toHaveLength(3);
    expect(s.nodes.find((n) => n.name === 'astromesh-2')?.status).toBe('suspect');
    const alive = s.nodes.filter((n) => n.status === 'alive').map((n) => n.node_id).sort();
    expect(s.leader_id).toBe(alive.at(-1));
    expect(s.nodes.filter((n) => n.leader).map((n) => n.node_id)).toEqual([s.leader_id]);
  });

  it('joins, heartbeats, gossips, elects and leaves', async () => {
    const now = Date.now() / 1000;
    const node = { node_id: 'ffff-joiner', name: 'joiner', url: 'http://j:8000', services: [], agents: ['assistant'], joined_at: now, last_heartbeat: now };
    const joined = await am.meshJoin(node);
    expect(joined.nodes.map((n) => n.name)).toContain('joiner');
    expect(joined.leader_id).toBe('ffff-joiner'); // bully: highest id wins on join
    expect(await am.meshHeartbeat({ ...node, last_heartbeat: now + 1 })).toEqual({ status: 'ok' });
    const g = await am.meshGossip([{ ...node, node_id: 'aaaa-gossiped', name: 'gossiped', last_heartbeat: now }]);
    expect(g.nodes?.map((n) => n.name)).toEqual(expect.arrayContaining(['joiner', 'gossiped']));
    expect(await am.meshElection('x', 'y')).toEqual({ leader_id: 'ffff-joiner' });
    expect(await am.meshLeave('ffff-joiner')).toEqual({ status: 'ok' });
    const after = await am.meshState();
    expect(after.nodes.map((n) => n.name)).not.toContain('joiner');
    expect(after.leader_id).not.toBe('ffff-joiner'); // the leader left: re-elected
  });

  it('answers a join without the required keys with a plain-text 500, like the daemon', async () => {
    const r = await fetch(`${base}/v1/mesh/join`, { method: 'POST', body: JSON.stringify({ node_id: 'x' }) });
    expect(r.status).toBe(500);
    expect(await r.text()).toBe('Internal Server Error');
    const e = await failure(am.meshLeave(undefined as unknown as string));
    expect(e.status).toBe(422);
  });

  it('answers 503 "Mesh not enabled on this node" when mesh mode is off, without retrying', async () => {
    const off = await startMock({ scenario: Scenario.parse({ name: 'off', astromesh: { mesh: { enabled: false } } }), factories: [createAstromeshMock], only: ['astromesh'], portBase: 0 });
    let hits = 0;
    const client = new HttpClient({ backend: 'astromesh', url: off.urls.astromesh }, { timeoutMs: 5000, log: () => hits++ });
    try {
      const e = await failure(new AstromeshClient(client).meshState());
      expect(e.status).toBe(503);
      expect(e.message).toBe('Mesh not enabled on this node');
      expect(e.hint).toMatch(/mesh mode is disabled/);
      expect(e.exitCode).toBe(1);
      expect(hits).toBe(1);
      expect((await new AstromeshClient(client).status()).mesh).toBeNull();
    } finally {
      await client.close();
      await off.close();
    }
  });
});
