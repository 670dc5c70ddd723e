/** The astromeshd mock (FastAPI under /v1): stock FastAPI error bodies and a plain-text 500. */
import { Router, sendJson } from '../router.js';
import type { BackendMock, ErrorAnswer, MockContext } from '../types.js';

export const ASTROMESH_VERSION = '0.40.0';

const json = (status: number, body: unknown): ErrorAnswer => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

export function createAstromeshMock(_ctx: MockContext): { astromesh: BackendMock } {
  const router = new Router();
  router.get('/v1/health', (_req, res) => sendJson(res, 200, { status: 'ok', version: ASTROMESH_VERSION }));
  return {
    astromesh: {
      router,
      errorAnswer: (code, message) => {
        switch (code) {
          case 'not_found':
            return json(404, { detail: message ?? 'Not Found' });
          case 'service_unavailable':
            return json(503, { detail: message ?? 'Runtime not initialized' });
          case 'gateway_timeout':
            return json(504, { detail: message ?? 'Gateway Timeout' });
          case 'bad_gateway':
            return json(502, { detail: { error: 'model_provider_unavailable', message: message ?? 'All providers failed', hint: 'Check the provider configuration and that the model server is running.' } });
          default:
            return { status: 500, body: 'Internal Server Error', contentType: 'text/plain; charset=utf-8' };
        }
      },
      notFound: () => json(404, { detail: 'Not Found' }),
      methodNotAllowed: () => json(405, { detail: 'Method Not Allowed' }),
    },
  };
}
