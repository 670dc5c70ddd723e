/**
 * The asya-mesh-api mock: two ports (external, internal) as the real Go service, with Go's
 * `http.Error` bodies (JSON-looking text/plain with a trailing newline) and ServeMux's plain 404/405.
 */
import { Router, sendText } from '../router.js';
import type { BackendMock, ErrorAnswer, MockContext } from '../types.js';

function httpError(status: number, message: string): ErrorAnswer {
  return { status, body: JSON.stringify({ error: message }) + '\n', contentType: 'text/plain; charset=utf-8', headers: { 'x-content-type-options': 'nosniff' } };
}

const plain = (status: number, text: string): ErrorAnswer => ({ status, body: text, contentType: 'text/plain; charset=utf-8', headers: { 'x-content-type-options': 'nosniff' } });

const ERRORS: Record<string, [number, string]> = {
  not_found: [404, 'not found'],
  bad_request: [400, 'invalid JSON body'],
  internal_error: [500, 'internal error'],
  service_unavailable: [503, 'service unavailable'],
  gateway_timeout: [504, 'gateway timeout'],
};

export function createAsyaMock(_ctx: MockContext): { asya: BackendMock; asyaInternal: BackendMock } {
  const make = (): BackendMock => {
    const router = new Router();
    router.get('/health', (_req, res) => sendText(res, 200, 'OK\n'));
    return {
      router,
      errorAnswer: (code, message) => {
        const [status, text] = ERRORS[code] ?? [500, 'internal error'];
        return httpError(status, message ?? text);
      },
      notFound: () => plain(404, '404 page not found\n'),
      methodNotAllowed: () => plain(405, 'method not allowed\n'),
    };
  };
  return { asya: make(), asyaInternal: make() };
}
