/**
 * The mn-api mock (FastAPI gateway under /api/v1): auth with MN_API_TOKEN exactly as the real
 * gateway (every route but /health needs `Authorization: Bearer <token>` when a token is set),
 * FastAPI's error bodies, and the runtime health report.
 */
import type { IncomingMessage } from 'node:http';
import { Router, sendJson, type MockRequest } from '../router.js';
import type { BackendMock, ErrorAnswer, MockContext } from '../types.js';

const json = (status: number, body: unknown, extra: Record<string, string> = {}): ErrorAnswer => ({ status, body: JSON.stringify(body), contentType: 'application/json', headers: extra });

function problem(status: number, code: string, title: string, detail: string, hint: string): ErrorAnswer {
  return {
    status,
    contentType: 'application/problem+json',
    body: JSON.stringify({ version: 1, type: `https://mirrorneuron.local/problems/${code}`, title, status, detail, error: code, hint, request_id: `req-${Math.random().toString(16).slice(2, 10)}` }),
  };
}

export function createMnMock(ctx: MockContext): { mn: BackendMock } {
  const section = ctx.scenario.mn as { token?: string };
  const token = section.token ?? ctx.env.MN_API_TOKEN ?? '';
  const router = new Router();

  const authorized = (req: MockRequest): boolean => !token || req.headers.authorization === `Bearer ${token}`;
  const denied = { detail: 'missing or invalid bearer token' };

  router.get('/api/v1/health', (_req, res) =>
    sendJson(res, 200, { status: 'ok', auth: token ? 'enabled' : 'disabled', env: 'dev', blueprint_source: 'local', blueprint_repo: null, blueprint_local: null, active_blueprint_location: null, runs_root: '/var/lib/mirror-neuron/runs' }),
  );

  router.get('/api/v1/runtime/health', (req, res) => {
    if (!authorized(req)) return sendJson(res, 401, denied);
    const checkedAt = new Date(ctx.clock.now()).toISOString();
    sendJson(res, 200, {
      overall: 'passing',
      checked_at: checkedAt,
      components: [
        { name: 'core_grpc', status: 'passing', target: 'localhost:55051', duration_ms: 1, detail: 'gRPC health: SERVING', error: null },
        { name: 'api', status: 'passing', target: ctx.urls.mn ?? 'http://localhost:54001/api/v1', duration_ms: 0, detail: 'ok', error: null },
        { name: 'web_ui', status: 'passing', target: 'http://localhost:55173', duration_ms: 2, detail: 'HTTP 200', error: null },
      ],
    });
  });

  const errorAnswer = (code: string, message?: string): ErrorAnswer => {
    switch (code) {
      case 'service_unavailable':
      case 'resource_overloaded':
        return json(503, { error: 'resource_overloaded', detail: message ?? 'runtime is overloaded; retry later' });
      case 'not_found':
        return json(404, { detail: message ?? 'Not Found' });
      case 'unauthorized':
        return json(401, denied);
      case 'gateway_timeout':
        return json(504, { detail: message ?? 'core gRPC deadline exceeded' });
      case 'bad_request':
        return json(400, { detail: message ?? 'bad request' });
      default:
        return problem(500, 'MN_EXECUTION_FAILED', 'Execution Failed', message ?? 'Execution failed. Run again with --debug for more details.', 'Check the API logs for more details.');
    }
  };

  return {
    mn: {
      router,
      errorAnswer,
      notFound: (_req: IncomingMessage) => json(404, { detail: 'Not Found' }),
      methodNotAllowed: () => json(405, { detail: 'Method Not Allowed' }),
    },
  };
}
