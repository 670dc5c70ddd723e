/**
 * The mn-api mock (the FastAPI gateway of the June–July `/api/v1` era, also mounted under
 * `/api/v2`): a simulated runtime (src/mock/mn/world.ts) behind the real routes, status codes and
 * error bodies — `{"detail"}` strings and pydantic lists, gRPC `{"error"}` bodies, problem+json
 * with validation reports — bearer auth with MN_API_TOKEN (401 `missing or invalid bearer token`),
 * the 5 MiB request limit (413 `request_too_large`), and the SSE streams of workflow progress
 * (`event: snapshot`, `: heartbeat`) and run channels. The routes live by resource in
 * src/mock/mn/routes/. The mock answers what the real gateway answers and judges nothing by the
 * client's models: whether the client reads those answers is the contract tests' question
 * (test/contract). What it is sent, it checks by the gateway's own rules (src/mock/mn/admission.ts:
 * requirements and inputs), never by the client's manifest schema: the real gateway runs
 * manifests that schema refuses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonAnswer, writeAnswer, type Answer } from '../router.js';
import type { BackendMock, MockContext } from '../types.js';
import { MnScenario } from './scenario.js';
import { MnWorld } from './world.js';
import { BASES, createMnApi, problem } from './routes/common.js';
import { blueprintsRoutes } from './routes/blueprints.js';
import { bundlesRoutes } from './routes/bundles.js';
import { clusterRoutes } from './routes/cluster.js';
import { eventsRoutes } from './routes/events.js';
import { jobsRoutes } from './routes/jobs.js';
import { modelsRoutes } from './routes/models.js';
import { resourceRoutes } from './routes/resource.js';
import { runsRoutes } from './routes/runs.js';
import { schedulesRoutes } from './routes/schedules.js';
import { servicesRoutes } from './routes/services.js';
import { systemRoutes } from './routes/system.js';

export function createMnMock(ctx: MockContext): { mn: BackendMock } {
  const cfg = MnScenario.parse(ctx.scenario.mn ?? {});
  const token = cfg.token ?? ctx.env.MN_API_TOKEN ?? '';
  const world = new MnWorld(cfg, ctx.rng.fork('mn'), () => ctx.clock.now());
  const ticker = setInterval(() => world.tick(), 250);
  ticker.unref();
  const api = createMnApi(ctx, cfg, world, token);
  const { router, streams } = api;

  for (const register of [systemRoutes, jobsRoutes, bundlesRoutes, blueprintsRoutes, runsRoutes, modelsRoutes, servicesRoutes, resourceRoutes, schedulesRoutes, eventsRoutes, clusterRoutes]) register(api);

  // ================================================================ auth, limits, errors

  const denied = jsonAnswer(401, { detail: 'missing or invalid bearer token' });

  const before = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0];
    const isHealth = BASES.some((b) => path === `${b}/health`);
    const write = (a: Answer) => writeAnswer(res, a);
    if (!isHealth && token && req.headers.authorization !== `Bearer ${token}`) {
      write(denied);
      return true;
    }
    const cl = req.headers['content-length'];
    if (cl !== undefined) {
      if (!/^\d+$/.test(cl)) {
        write(jsonAnswer(400, { error: 'invalid_content_length' }));
        return true;
      }
      if (Number(cl) > cfg.request_limit_bytes) {
        // read (and drop) the body first so the client sees the answer rather than a reset
        req.resume();
        req.on('end', () => write(jsonAnswer(413, { error: 'request_too_large', limit_bytes: cfg.request_limit_bytes }, { connection: 'close' })));
        return true;
      }
    }
    return false;
  };

  const errorAnswer = (code: string, message?: string): Answer => {
    switch (code) {
      case 'service_unavailable':
      case 'resource_overloaded':
        return jsonAnswer(503, { error: 'resource_overloaded', detail: message ?? 'runtime is overloaded; retry later' });
      case 'not_found':
        return jsonAnswer(404, { detail: message ?? 'Not Found' });
      case 'unauthorized':
        return denied;
      case 'forbidden':
        return problem(403, 'MN_PERMISSION_DENIED', 'Permission Denied', message ?? 'permission denied', 'Check the admin token.').answer;
      case 'gateway_timeout':
        return jsonAnswer(504, { detail: message ?? 'core gRPC deadline exceeded' });
      case 'bad_request':
        return jsonAnswer(400, { detail: message ?? 'bad request' });
      case 'request_too_large':
        return jsonAnswer(413, { error: 'request_too_large', limit_bytes: cfg.request_limit_bytes });
      default:
        return problem(500, 'MN_EXECUTION_FAILED', 'Execution Failed', message ?? 'Execution failed. Run again with --debug for more details.', 'Check the API logs for more details.').answer;
    }
  };

  return {
    mn: {
      router,
      errorAnswer,
      before,
      notFound: () => jsonAnswer(404, { detail: 'Not Found' }),
      methodNotAllowed: (_req, allowed) => jsonAnswer(405, { detail: 'Method Not Allowed' }, { allow: allowed.join(', ') }),
      close: () => {
        clearInterval(ticker);
        for (const s of streams) s.destroy();
        streams.clear();
      },
    },
  };
}
