/** Trigger events: emit and list (§2.10). */
import { intParam, jsonBody, ok, pydantic, type MnApi } from './common.js';

export function eventsRoutes(api: MnApi): void {
  const { world, route } = api;

  route('POST', '/events', (req, res) => {
    const body = jsonBody(req);
    if (typeof body.event_type !== 'string' || !body.event_type) throw pydantic(['body', 'event_type'], 'Field required', 'missing');
    const payload = body.payload ?? {};
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw pydantic(['body', 'payload'], 'Input should be a valid dictionary', 'dict_type', payload);
    ok(res, world.emitEvent(body.event_type, payload as Record<string, unknown>, typeof body.source === 'string' ? body.source : 'api'));
  });

  route('GET', '/events', (req, res) => {
    const limit = intParam(req, 'limit', 100, 1, 1000);
    ok(res, { events: world.events.slice(-limit).reverse() });
  });
}
