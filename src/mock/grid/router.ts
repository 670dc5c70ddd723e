/**
 * The grid diagnostics mock: POST /internal/v1/pprof with bearer-token auth, profile-type and
 * node validation, and real gzip-compressed pprof profiles of simulated Go nodes.
 */
import { Router, sendText } from '../router.js';
import type { BackendMock, ErrorAnswer, MockContext } from '../types.js';
import { buildProfileGzip, PROFILE_TYPES, type ProfileType } from './profiles.js';

const text = (status: number, body: string): ErrorAnswer => ({ status, body, contentType: 'text/plain; charset=utf-8' });

export interface GridNode {
  id: string;
  online: boolean;
}

export function gridNodes(ctx: MockContext): GridNode[] {
  const section = ctx.scenario.grid as { nodes?: Array<string | GridNode> };
  if (section.nodes) return section.nodes.map((n) => (typeof n === 'string' ? { id: n, online: true } : n));
  const rng = ctx.rng.fork('grid:nodes');
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  return [0, 1, 2].map(() => ({ id: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`, online: true }));
}

export function createGridMock(ctx: MockContext): { grid: BackendMock } {
  const section = ctx.scenario.grid as { token?: string };
  const token = section.token ?? ctx.env.GRID_TOKEN ?? '';
  const nodes = new Map(gridNodes(ctx).map((n) => [n.id, n]));
  const rng = ctx.rng.fork('grid:profiles');
  const router = new Router();

  router.post('/internal/v1/pprof', (req, res) => {
    const auth = req.headers.authorization ?? '';
    const cookie = req.headers.cookie ?? '';
    if (!/^Bearer \S+/.test(auth) && !/jwt=/.test(cookie)) return sendText(res, 403, 'authentication required\n');
    if (token && auth !== `Bearer ${token}`) return sendText(res, 403, 'authentication failed\n');
    let body: { client?: unknown; module?: unknown; profile?: unknown };
    try {
      body = JSON.parse(req.body.toString('utf8') || 'null');
    } catch {
      return sendText(res, 400, 'invalid request body\n');
    }
    if (!body || typeof body !== 'object') return sendText(res, 400, 'invalid request body\n');
    if (typeof body.client !== 'string' || !body.client) return sendText(res, 400, 'client is required\n');
    if (typeof body.profile !== 'string' || !PROFILE_TYPES.includes(body.profile as ProfileType)) return sendText(res, 400, `unknown profile type: ${String(body.profile)}\n`);
    if (body.module !== undefined && (typeof body.module !== 'string' || !body.module.startsWith('grid.'))) return sendText(res, 400, `unknown module: ${String(body.module)}\n`);
    const node = nodes.get(body.client);
    if (!node || !node.online) return sendText(res, 404, `node ${body.client} not found or offline\n`);
    const now = ctx.clock.now();
    const gz = buildProfileGzip(body.profile as ProfileType, rng, now);
    const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename=hydden-${body.profile}-${stamp}.out`, 'content-length': gz.length });
    res.end(gz);
  });

  return {
    grid: {
      router,
      errorAnswer: (code, message) => {
        switch (code) {
          case 'not_found':
            return text(404, `${message ?? 'target node not found or offline'}\n`);
          case 'forbidden':
          case 'unauthorized':
            return text(403, 'authentication failed\n');
          case 'bad_request':
            return text(400, 'invalid request body\n');
          case 'service_unavailable':
            return text(503, 'service unavailable\n');
          case 'gateway_timeout':
            return text(504, 'gateway timeout\n');
          default:
            return text(500, `${message ?? 'profiling failed (target module unresponsive)'}\n`);
        }
      },
      notFound: () => text(404, '404 page not found\n'),
      methodNotAllowed: () => text(405, 'method not allowed\n'),
    },
  };
}
