/**
 * The grid diagnostics mock: POST /internal/v1/pprof with bearer-token (or JWT cookie) auth, body,
 * profile-type, module and node validation, and real gzip-compressed pprof profiles of the
 * scenario's simulated Go nodes. Errors are plain text with the status codes of the real server:
 * 400 bad body / missing or unknown profile type (naming the profile types), 403 auth, 404 node not found or offline, 500 module
 * unresponsive.
 */
import { isJsonObject, readJsonBody, Router, sendText, textAnswer, waitWhileConnected, type Answer } from '../router.js';
import type { BackendMock, MockContext } from '../types.js';
import { buildProfileGzip, PROFILE_TYPES, type ProfileType } from './profiles.js';
import type { GridNodeSpec, GridScenario } from './scenario.js';

const text = (status: number, body: string): Answer => textAnswer(status, body);

export type GridNode = GridNodeSpec;

/** The simulated nodes of the scenario (the defaults when it has no `grid:` section). */
export function gridNodes(ctx: MockContext): GridNode[] {
  return (ctx.scenario.grid as GridScenario).nodes;
}

function drawMs(range: number | [number, number], next: () => number): number {
  return typeof range === 'number' ? range : range[0] + next() * (range[1] - range[0]);
}

/** `hydden-{profile}-{timestamp}.out`, the timestamp in compact UTC form. */
export function profileFilename(profile: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `hydden-${profile}-${stamp}.out`;
}

export function createGridMock(ctx: MockContext): { grid: BackendMock } {
  const cfg = ctx.scenario.grid as GridScenario;
  const token = cfg.token ?? ctx.env.GRID_TOKEN ?? '';
  const nodes = new Map(cfg.nodes.map((n) => [n.id, n]));
  const rng = ctx.rng.fork('grid:profiles');
  const router = new Router();

  router.post('/internal/v1/pprof', async (req, res) => {
    const auth = req.headers.authorization ?? '';
    const cookie = req.headers.cookie ?? '';
    const bearer = /^Bearer (\S+)$/.exec(auth)?.[1];
    const jwt = /(?:^|;\s*)jwt=([^;]+)/.exec(cookie)?.[1];
    if (!bearer && !jwt) return sendText(res, 403, 'authentication required\n');
    if (token && bearer !== token && jwt !== token) return sendText(res, 403, 'authentication failed\n');
    const read = readJsonBody(req.body);
    if (!read.ok || !isJsonObject(read.value)) return sendText(res, 400, 'invalid request body\n');
    const body: { client?: unknown; module?: unknown; profile?: unknown } = read.value;
    if (typeof body.client !== 'string' || !body.client) return sendText(res, 400, 'client is required\n');
    // `profile` is a required field of the body (grid-diagnostics-api: 400 for an invalid body or an
    // unknown profile type): name the field, and the types it can be.
    if (body.profile === undefined || body.profile === null || body.profile === '') return sendText(res, 400, `profile is required: one of ${PROFILE_TYPES.join(', ')}\n`);
    if (typeof body.profile !== 'string' || !PROFILE_TYPES.includes(body.profile as ProfileType)) return sendText(res, 400, `unknown profile type: ${String(body.profile)} (profile must be one of ${PROFILE_TYPES.join(', ')})\n`);
    if (body.module !== undefined && (typeof body.module !== 'string' || !body.module)) return sendText(res, 400, 'invalid module\n');
    const node = nodes.get(body.client);
    if (!node || !node.online) return sendText(res, 404, `target node ${body.client} not found or offline\n`);
    const module = (body.module as string | undefined) ?? 'grid.client';
    if (!node.modules.includes(module)) return sendText(res, 400, `unknown module: ${module} (node runs ${node.modules.join(', ')})\n`);
    const profile = body.profile as ProfileType;
    // A cpu profile samples for 30 s, scaled by the clock and capped for the mock.
    const ms = profile === 'cpu' ? Math.min(30_000 / ctx.clock.speed, cfg.cpu_wait_ms) : drawMs(cfg.latency_ms, () => rng.next());
    if (!(await waitWhileConnected(ms, res))) return;
    if (node.unresponsive) return sendText(res, 500, `profiling failed: module ${module} on node ${node.id} is unresponsive\n`);
    const now = ctx.clock.now();
    const gz = buildProfileGzip(profile, rng.fork(`${node.id}:${profile}:${now}`), now, { workload: node.workload, scale: cfg.sample_scale, binary: module === 'grid.server' ? '/usr/local/bin/grid-server' : '/usr/local/bin/gridd' });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename=${profileFilename(profile, now)}`, 'content-length': gz.length });
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
