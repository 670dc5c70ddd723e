/**
 * The astromeshd mock (FastAPI under /v1), answering as the real daemon does
 * (reference/astromesh.md): `/v1/traces/` and `/v1/metrics/` with their trailing slash and a 307
 * to them without it, `{"detail": ...}` errors, 422 lists from request validation, the 502
 * provider object, a plain-text 500 for unhandled errors, 503 "Mesh not enabled on this node"
 * when mesh mode is off, and the agent WebSocket (ws.ts) on the same port.
 */
import type { ServerResponse } from 'node:http';
import { jsonAnswer, Reply, Router, sendJson, sendText, type MockRequest } from '../router.js';
import type { BackendMock, MockContext } from '../types.js';
import { MissingKey, nodeFromDict } from './mesh.js';
import { checkFields, parseBody, parseDictBody, ValidationFailed, type FieldSpec } from './validate.js';
import { RunError, AstromeshWorld } from './world.js';
import { createAgentSockets } from './ws.js';

export const ASTROMESH_VERSION = '0.40.0';

/** A JSON answer thrown from deep inside a handler (FastAPI's HTTPException); the server writes it. */
const httpError = (status: number, body: unknown) => new Reply(jsonAnswer(status, body));

/** Query parameters checked like FastAPI's Query(...) and coerced to numbers where declared. */
function queryParams(req: MockRequest, specs: Record<string, FieldSpec & { default?: unknown }>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const k of Object.keys(specs)) {
    const v = req.query.get(k);
    if (v !== null) raw[k] = v;
  }
  const issues = checkFields('query', raw, specs);
  if (issues.length) throw new ValidationFailed(issues);
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(specs)) {
    const v = raw[k];
    out[k] = v === undefined ? spec.default : spec.type === 'int' || spec.type === 'float' ? Number(v) : v;
  }
  return out;
}

export function createAstromeshMock(ctx: MockContext): { astromesh: BackendMock } {
  const world = new AstromeshWorld(ctx);
  const seeded = world.seedHistory();
  const sockets = createAgentSockets(world);
  const router = new Router();

  /** Every handler: validation and run failures become the daemon's error answers. */
  const route =
    (fn: (req: MockRequest, res: ServerResponse) => unknown) =>
    async (req: MockRequest, res: ServerResponse): Promise<void> => {
      await seeded;
      try {
        await fn(req, res);
      } catch (e) {
        if (e instanceof ValidationFailed) return sendJson(res, 422, { detail: e.issues });
        if (e instanceof MissingKey) return sendText(res, 500, 'Internal Server Error');
        if (e instanceof RunError) {
          switch (e.kind) {
            case 'not_found':
              return sendJson(res, 404, { detail: e.message });
            case 'provider':
              return sendJson(res, 502, { detail: e.payload });
            case 'runtime':
              return sendJson(res, 503, { detail: e.message });
            default:
              return sendJson(res, 500, { detail: e.message });
          }
        }
        throw e;
      }
    };

  const mesh = () => {
    if (!world.mesh) throw httpError(503, { detail: 'Mesh not enabled on this node' });
    return world.mesh;
  };

  router.get('/v1/health', route((_req, res) => sendJson(res, 200, { status: 'ok', version: world.section.version })));

  // ---- agents ----
  router.get(
    '/v1/agents',
    route((_req, res) => {
      if (!world.runtime) return sendJson(res, 200, { agents: [] });
      sendJson(res, 200, { agents: [...world.agents.values()].map((a) => ({ name: a.name, version: a.version, namespace: a.namespace, status: a.status, ...(a.error ? { error: a.error } : {}) })) });
    }),
  );

  router.get(
    '/v1/agents/{name}',
    route((req, res) => {
      if (!world.runtime) throw httpError(404, { detail: 'Runtime not initialized' });
      const a = world.agents.get(req.params.name);
      if (!a) throw httpError(404, { detail: `Agent '${req.params.name}' not found` });
      const [provider, ...rest] = a.model.split('/');
      const fb = a.fallback?.split('/');
      sendJson(res, 200, {
        apiVersion: 'astromesh/v1',
        kind: 'Agent',
        metadata: { name: a.name, version: a.version, namespace: a.namespace },
        spec: {
          identity: { display_name: a.name, description: a.description },
          model: {
            primary: { provider, model: rest.join('/'), ...(provider === 'ollama' ? { endpoint: 'http://127.0.0.1:11434' } : {}) },
            ...(fb ? { fallback: { provider: fb[0], model: fb.slice(1).join('/') } } : {}),
            routing: { strategy: 'cost_optimized' },
          },
          prompts: { system: a.system_prompt },
          orchestration: { pattern: a.orchestration, max_iterations: a.max_iterations, timeout_seconds: 120 },
          tools: a.tools.map((t) => ({ name: t, type: 'builtin' })),
          memory: { conversational: { backend: a.memory, strategy: 'sliding_window', max_turns: 20 } },
          ...(a.rag ? { rag: { pipeline: a.rag } } : {}),
        },
      });
    }),
  );

  router.post(
    '/v1/agents/{name}/run',
    route(async (req, res) => {
      const body = parseBody(req.body, { query: { type: 'str', required: true }, session_id: { type: 'str' }, context: { type: 'dict', nullable: true } });
      if (!world.runtime) throw httpError(503, { detail: 'Runtime not initialized' });
      const result = await world.run(req.params.name, body.query as string, (body.session_id as string | undefined) ?? 'default', { context: body.context as Record<string, unknown> | null });
      sendJson(res, 200, result);
    }),
  );

  // ---- memory ----
  router.get(
    '/v1/memory/{agent}/history/{session}',
    route((req, res) => {
      const q = queryParams(req, { limit: { type: 'int', default: 50 } });
      const turns = world.sessionTurns(req.params.agent, req.params.session);
      const limit = q.limit as number;
      sendJson(res, 200, { agent: req.params.agent, session_id: req.params.session, history: limit > 0 ? turns.slice(-limit) : [], limit });
    }),
  );

  router.delete(
    '/v1/memory/{agent}/history/{session}',
    route((req, res) => {
      if (!world.runtime) throw httpError(503, { detail: 'Runtime not initialized' });
      if (!world.agents.has(req.params.agent)) throw httpError(404, { detail: `Agent '${req.params.agent}' not found` });
      world.clearSession(req.params.agent, req.params.session);
      sendJson(res, 200, { status: 'cleared', agent: req.params.agent, session_id: req.params.session });
    }),
  );

  router.get(
    '/v1/memory/{agent}/semantic',
    route((req, res) => {
      const q = queryParams(req, { query: { type: 'str', required: true }, top_k: { type: 'int', default: 10 } });
      sendJson(res, 200, { agent: req.params.agent, query: q.query, results: world.semantic(req.params.agent, q.query as string, q.top_k as number), top_k: q.top_k });
    }),
  );

  // ---- tools ----
  router.get(
    '/v1/tools',
    route((_req, res) => {
      const tools = world.toolList();
      sendJson(res, 200, { tools, count: tools.length });
    }),
  );
  router.get(
    '/v1/tools/builtin',
    route((_req, res) => {
      const tools = world.builtinList();
      sendJson(res, 200, { tools, count: tools.length });
    }),
  );
  router.post(
    '/v1/tools/execute',
    route((req, res) => {
      const body = parseBody(req.body, { tool_name: { type: 'str', required: true }, arguments: { type: 'dict' } });
      const out = world.executeTool(body.tool_name as string, (body.arguments as Record<string, unknown> | undefined) ?? {});
      if (!out) throw httpError(404, { detail: `Tool '${body.tool_name}' not found` });
      sendJson(res, 200, out);
    }),
  );

  // ---- RAG ----
  router.post(
    '/v1/rag/ingest',
    route((req, res) => {
      const body = parseBody(req.body, {
        pipeline: { type: 'str', required: true },
        document: { type: 'str', required: true },
        metadata: { type: 'dict' },
        doc_id_prefix: { type: 'str' },
        chunk_size: { type: 'int', ge: 1 },
        chunk_overlap: { type: 'int', ge: 0 },
      });
      const p = world.rag.get(body.pipeline as string);
      if (!p) throw httpError(404, { detail: `RAGPipeline not found: ${body.pipeline}` });
      const size = body.chunk_size !== undefined ? Number(body.chunk_size) : p.def.chunk_size;
      const overlap = body.chunk_overlap !== undefined ? Number(body.chunk_overlap) : Math.min(p.def.chunk_overlap, size - 1);
      if (overlap >= size) {
        throw new ValidationFailed([{ type: 'value_error', loc: ['body', 'chunk_overlap'], msg: `Value error, chunk_overlap (${overlap}) must be smaller than chunk_size (${size})`, input: overlap, ctx: { error: {} } }]);
      }
      const n = p.ingest(body.document as string, (body.metadata as Record<string, unknown> | undefined) ?? {}, (body.doc_id_prefix as string | undefined) ?? 'doc', size, overlap);
      world.count('rag.documents_ingested');
      world.count('rag.chunks_created', n);
      sendJson(res, 200, { pipeline: body.pipeline, chunks: n });
    }),
  );

  router.post(
    '/v1/rag/query',
    route((req, res) => {
      const body = parseBody(req.body, { pipeline: { type: 'str', required: true }, query: { type: 'str', required: true }, top_k: { type: 'int', ge: 1 }, score_threshold: { type: 'float', nullable: true } });
      const p = world.rag.get(body.pipeline as string);
      if (!p) throw httpError(404, { detail: `RAGPipeline not found: ${body.pipeline}` });
      const topK = body.top_k !== undefined ? Number(body.top_k) : 5;
      const hits = p.query(body.query as string, topK, body.score_threshold ? Number(body.score_threshold) : 0);
      world.count('rag.queries');
      sendJson(res, 200, { query: body.query, results: hits.map((h) => ({ doc_id: h.doc_id, content: h.content, metadata: h.metadata, score: h.score })), top_k: topK });
    }),
  );

  router.get(
    '/v1/rag/pipelines',
    route((_req, res) =>
      sendJson(res, 200, {
        pipelines: [...world.rag.pipelines.values()].map((p) => ({ name: p.def.name, chunk_size: p.def.chunk_size, chunk_overlap: p.def.chunk_overlap, chunks: p.chunks.length })),
      }),
    ),
  );

  // ---- traces and metrics (mounted with a trailing slash) ----
  router.get(
    '/v1/traces/',
    route((req, res) => {
      const q = queryParams(req, { agent: { type: 'str' }, limit: { type: 'int', ge: 1, le: 100, default: 20 } });
      sendJson(res, 200, { traces: world.listTraces(q.agent as string | undefined, q.limit as number) });
    }),
  );
  router.get(
    '/v1/traces/{trace_id}',
    route((req, res) => {
      const t = world.traces.find((x) => x.trace_id === req.params.trace_id);
      if (!t) throw httpError(404, { detail: 'Trace not found' });
      sendJson(res, 200, t);
    }),
  );
  router.get('/v1/metrics/', route((_req, res) => sendJson(res, 200, world.metrics())));
  router.post(
    '/v1/metrics/reset',
    route((_req, res) => {
      world.resetMetrics();
      sendJson(res, 200, { status: 'reset' });
    }),
  );

  // ---- system ----
  router.get('/v1/system/status', route((_req, res) => sendJson(res, 200, world.status())));
  router.get('/v1/system/doctor', route((_req, res) => sendJson(res, 200, world.doctor())));

  // ---- mesh ----
  router.get('/v1/mesh/state', route((_req, res) => sendJson(res, 200, mesh().state())));
  router.post(
    '/v1/mesh/join',
    route((req, res) => {
      const m = mesh();
      const node = nodeFromDict(parseDictBody(req.body));
      m.join(node);
      sendJson(res, 200, m.state());
    }),
  );
  router.post(
    '/v1/mesh/leave',
    route((req, res) => {
      const m = mesh();
      const body = parseBody(req.body, { node_id: { type: 'str', required: true } });
      m.leave(body.node_id as string);
      sendJson(res, 200, { status: 'ok' });
    }),
  );
  router.post(
    '/v1/mesh/heartbeat',
    route((req, res) => {
      const m = mesh();
      m.update(nodeFromDict(parseDictBody(req.body)));
      sendJson(res, 200, { status: 'ok' });
    }),
  );
  router.post(
    '/v1/mesh/gossip',
    route((req, res) => {
      const m = mesh();
      const body = parseBody(req.body, { nodes: { type: 'list', required: true } });
      const incoming = (body.nodes as unknown[]).map((n, i) => {
        if (!n || typeof n !== 'object' || Array.isArray(n)) throw new ValidationFailed([{ type: 'dict_type', loc: ['body', 'nodes', i], msg: 'Input should be a valid dictionary', input: n }]);
        return nodeFromDict(n as Record<string, unknown>);
      });
      sendJson(res, 200, { nodes: m.merge(incoming) });
    }),
  );
  router.post(
    '/v1/mesh/election',
    route((req, res) => {
      const m = mesh();
      parseBody(req.body, { candidate_id: { type: 'str', required: true }, node_id: { type: 'str', required: true } });
      m.tick();
      sendJson(res, 200, { leader_id: m.elect() });
    }),
  );

  const origin = () => {
    try {
      return new URL(ctx.urls.astromesh ?? 'http://127.0.0.1:8000').origin;
    } catch {
      return 'http://127.0.0.1:8000';
    }
  };

  return {
    astromesh: {
      router,
      upgrade: sockets.upgrade,
      close: sockets.close,
      errorAnswer: (code, message) => {
        switch (code) {
          case 'not_found':
            return jsonAnswer(404, { detail: message ?? 'Not Found' });
          case 'validation_failed':
            return jsonAnswer(422, { detail: [{ type: 'missing', loc: ['body', 'query'], msg: 'Field required', input: {} }] });
          case 'service_unavailable':
            // an injected 503 is load (Starlette's default detail); the daemon's own "Runtime not
            // initialized" and "Mesh not enabled" answers come from the routes themselves
            return jsonAnswer(503, { detail: message ?? 'Service Unavailable' });
          case 'gateway_timeout':
            return jsonAnswer(504, { detail: message ?? 'Gateway Timeout' });
          case 'bad_gateway':
            return jsonAnswer(502, { detail: { error: 'model_provider_unavailable', message: message ?? 'All providers failed', hint: 'Check the provider configuration and that the model server is running.' } });
          default:
            return { status: 500, body: 'Internal Server Error', contentType: 'text/plain; charset=utf-8' };
        }
      },
      notFound: (req) => {
        // Starlette's redirect_slashes: the same path with (or without) a trailing slash exists -> 307.
        const url = new URL(req.url ?? '/', 'http://mock.invalid');
        const alt = url.pathname.endsWith('/') ? url.pathname.replace(/\/+$/, '') : `${url.pathname}/`;
        const m = alt ? router.match(req.method ?? 'GET', alt) : undefined;
        if (m && 'route' in m) return { status: 307, body: '', contentType: 'text/plain; charset=utf-8', headers: { location: `${origin()}${alt}${url.search}` } };
        return jsonAnswer(404, { detail: 'Not Found' });
      },
      methodNotAllowed: () => jsonAnswer(405, { detail: 'Method Not Allowed' }),
    },
  };
}
