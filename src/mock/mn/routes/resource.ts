/** Resource: the cluster's hardware, limits and native ports (§2.3). */
import type { ServerResponse } from 'node:http';
import type { MockRequest } from '../../router.js';
import { detail, jsonBody, ok, pydantic, type MnApi } from './common.js';

export function resourceRoutes(api: MnApi): void {
  const { world, route } = api;

  route('GET', '/resource', (_req, res) => ok(res, world.resourceView()));
  route('GET', '/resource/ports', (_req, res) => ok(res, { ports: world.resourceView().native_ports }));

  const setResource = (req: MockRequest, res: ServerResponse) => {
    const body = jsonBody(req);
    const keys = ['cpu', 'gpu', 'memory', 'disk'] as const;
    const given = keys.filter((k) => body[k] !== undefined && body[k] !== null);
    if (!given.length) throw detail(422, 'give at least one of cpu, gpu, memory, disk');
    for (const k of given) {
      const v = body[k];
      if (typeof v !== 'number' || !Number.isInteger(v)) throw pydantic(['body', k], 'Input should be a valid integer', 'int_type', v);
      if (v < 1) throw pydantic(['body', k], 'Input should be greater than or equal to 1', 'greater_than_equal', v);
      if (v > 100) throw pydantic(['body', k], 'Input should be less than or equal to 100', 'less_than_equal', v);
    }
    for (const k of given) world.limits[k] = body[k] as number;
    ok(res, world.resourceView());
  };
  route('POST', '/resource', setResource);
  route('PUT', '/resource', setResource);
}
