/** Astromesh pure logic: the trace waterfall, doctor verdicts, mesh helpers, flag parsing, the answer printer. */
import { describe, expect, it } from 'vitest';
import { AnswerPrinter } from '../../src/backends/astromesh/interactive.js';
import { keyValues, typedValue } from '../../src/backends/astromesh/input.js';
import { parseInteger, parseJsonValue } from '../../src/cli/flags.js';
import { findNode, gossipNodes, heartbeatState, newNodeState } from '../../src/backends/astromesh/mesh.js';
import { ClusterState, DoctorReport, Trace, WsFrame } from '../../src/backends/astromesh/models.js';
import { doctorChecks, doctorHealthy, fmtMs, meshSummary, summarizeTrace, waterfall } from '../../src/backends/astromesh/render.js';
import { Output } from '../../src/output/index.js';
import { MeshError } from '../../src/errors.js';

const span = (name: string, id: string, parent: string | null, start: number, ms: number, status = 'ok') => ({
  name,
  span_id: id,
  parent_span_id: parent,
  status,
  start_time: start,
  end_time: start + ms / 1000,
  duration_ms: ms,
});

const trace = Trace.parse({
  trace_id: 'a'.repeat(32),
  agent: 'assistant',
  session_id: 's1',
  // out of order on purpose, as flat as the daemon sends them
  spans: [span('llm.complete', 'c', 'r', 100.2, 500), span('agent.run', 'r', null, 100, 1000), span('memory_build', 'm', 'r', 100, 10), span('tool.call', 't', 'r', 100.7, 100, 'error'), span('child', 'k', 't', 100.72, 20)],
});

describe('trace waterfall', () => {
  it('builds the span tree: parents first, siblings by start time, with offsets, durations and tree glyphs', () => {
    const rows = waterfall(trace, 20);
    expect(rows.map((r) => r.prefix + r.span.name)).toEqual(['agent.run', '├─ memory_build', '├─ llm.complete', '└─ tool.call', '   └─ child']);
    expect(rows.map((r) => Math.round(r.offset_ms!))).toEqual([0, 0, 200, 700, 720]);
    expect(rows[0].duration_ms).toBe(1000);
  });

  it('places each bar on the trace time axis', () => {
    const rows = waterfall(trace, 20);
    expect(rows[0].bar).toBe('█'.repeat(20));
    const llm = rows.find((r) => r.span.name === 'llm.complete')!;
    expect(llm.bar.indexOf('█')).toBe(4); // 200 ms of 1000 on 20 cells
    expect(llm.bar.trim().length).toBe(10); // 500 ms
    const tool = rows.find((r) => r.span.name === 'tool.call')!;
    expect(tool.bar.indexOf('█')).toBe(14);
  });

  it('shows spans whose parent is missing as roots, and survives a self-parent', () => {
    const t = Trace.parse({ trace_id: 'x', spans: [span('orphan', 'o', 'gone', 1, 5), span('self', 's', 's', 1, 5)] });
    expect(waterfall(t).map((r) => r.span.name).sort()).toEqual(['orphan', 'self']);
  });

  it('summarises a trace: duration of the root, error when a span failed', () => {
    const s = summarizeTrace(trace);
    expect(s.duration_ms).toBe(1000);
    expect(s.spans).toBe(5);
    expect(s.status).toBe('error');
  });

  it('formats durations', () => {
    expect(fmtMs(0)).toBe('0ms');
    expect(fmtMs(0.05)).toBe('0.05ms');
    expect(fmtMs(999.7)).toBe('1.00s');
    expect(fmtMs(12_345)).toBe('12.35s');
    expect(fmtMs(null)).toBe('');
  });
});

describe('doctor', () => {
  it('reads the daemon map and the document list alike', () => {
    const daemon = DoctorReport.parse({ healthy: false, checks: { runtime: { status: 'ok', message: 'Runtime initialized' }, 'peer:x': { status: 'unreachable', message: 'Peer x' } } });
    expect(doctorChecks(daemon).map((c) => c.name)).toEqual(['runtime', 'peer:x']);
    expect(doctorHealthy(daemon)).toBe(false);
    const doc = DoctorReport.parse({ checks: [{ name: 'runtime', status: 'healthy', message: null }], summary: { healthy: 1 } });
    expect(doctorHealthy(doc)).toBe(true);
    expect(doctorHealthy(DoctorReport.parse({ checks: [{ name: 'redis', status: 'failing', message: 'down' }] }))).toBe(false);
  });
});

describe('WebSocket frames', () => {
  it('accepts the daemon frames and the API document variants', () => {
    expect(WsFrame.parse({ type: 'tool_call', id: 'u', name: 'calculator', arguments: { expression: '1+1' } }).type).toBe('tool_call');
    expect(WsFrame.parse({ type: 'tool_call', tool: 'web_search', input: { query: 'q' } }).type).toBe('tool_call');
    expect(WsFrame.parse({ type: 'done', answer: 'a', session_id: 's', usage: null }).type).toBe('done');
    expect(WsFrame.safeParse({ type: 'surprise' }).success).toBe(false);
  });
});

describe('mesh helpers', () => {
  const state = ClusterState.parse({
    nodes: [
      { node_id: 'b2cea76e-1', name: 'astromesh-0', url: 'http://a', status: 'alive', last_heartbeat: 10 },
      { node_id: 'b2cea76e-2', name: 'astromesh-1', url: 'http://b', status: 'suspect', last_heartbeat: 5, load: { cpu_percent: 50 } },
    ],
    leader_id: 'b2cea76e-1',
    version: 7,
  });

  it('finds a node by id, name or unique prefix, and says which exist when it cannot', () => {
    expect(findNode(state, 'astromesh-1').node_id).toBe('b2cea76e-2');
    expect(findNode(state, 'b2cea76e-2').name).toBe('astromesh-1');
    expect(() => findNode(state, 'b2cea76e')).toThrow(/matches 2 nodes/);
    const e = (() => {
      try {
        findNode(state, 'nope');
      } catch (err) {
        return err as MeshError;
      }
    })()!;
    expect(e.exitCode).toBe(3);
    expect(e.hint).toContain('astromesh-0, astromesh-1');
  });

  it('builds NodeState bodies with every key the daemon requires', () => {
    const n = newNodeState({ node_id: 'g', url: 'http://g', now: 100 });
    for (const k of ['node_id', 'name', 'url', 'joined_at', 'last_heartbeat']) expect(n).toHaveProperty(k);
    const hb = heartbeatState(state.nodes[1], { active_requests: 3 }, 200);
    expect(hb).toMatchObject({ node_id: 'b2cea76e-2', status: 'alive', last_heartbeat: 200, load: { cpu_percent: 50, active_requests: 3 } });
  });

  it('summarises the cluster and reads gossip files', () => {
    expect(meshSummary(state)).toBe('leader astromesh-0 · 2 nodes (1 alive, 1 suspect, 0 dead) · version 7');
    expect(gossipNodes({ nodes: [1] })).toEqual([1]);
    expect(gossipNodes([2])).toEqual([2]);
    expect(() => gossipNodes({})).toThrow(/JSON list/);
  });
});

describe('flag values', () => {
  it('types --arg values and rejects malformed ones with a usage error', async () => {
    expect(keyValues(['a=1', 'b=true', 'c=hello', 'd={"x":1}', 'e=2+3', 'f='], '--arg')).toEqual({ a: 1, b: true, c: 'hello', d: { x: 1 }, e: '2+3', f: '' });
    expect(typedValue('"42"')).toBe('42');
    expect(() => keyValues(['novalue'], '--arg')).toThrow(MeshError);
    expect(() => parseInteger('x', '--limit')).toThrow(/whole number/);
    await expect(parseJsonValue('{bad', '--input')).rejects.toThrow(/not valid JSON/);
  });
});

function fakeOutput(tty = false) {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (s: string) => (out.stdout += s), isTTY: tty },
    stderr: { write: (s: string) => (out.stderr += s), isTTY: tty },
    stdin: process.stdin,
    env: {},
  };
  return { o: new Output(io, { format: 'table', color: false, verbose: false }), out };
}

describe('AnswerPrinter', () => {
  it('prints tokens as they come and ends with a newline when they make the answer', () => {
    const { o, out } = fakeOutput();
    const p = new AnswerPrinter(o);
    p.token('Hello');
    p.token(' world.');
    p.finish('Hello world.');
    expect(out.stdout).toBe('Hello world.\n');
  });

  it('prints the final answer when the streamed completions differ from it', () => {
    const { o, out } = fakeOutput();
    const p = new AnswerPrinter(o);
    p.token('Thought: I should search.');
    p.finish('The answer is 42.');
    expect(out.stdout).toBe('Thought: I should search.\nThe answer is 42.\n');
    expect(out.stderr).toContain('differs from the streamed text');
  });

  it('strips escape sequences from streamed tokens', () => {
    const { o, out } = fakeOutput();
    const p = new AnswerPrinter(o);
    p.token('ok\x1b[2J\x1b]0;title\x07 done');
    p.finish('ok done');
    expect(out.stdout).not.toMatch(/\x1b/);
  });
});
