/** Services: list and resolve (§2.10). */
import type { MockRequest } from '../../router.js';
import { boolParam, detail, ok, type MnApi } from './common.js';

export function servicesRoutes(api: MnApi): void {
  const { world, route } = api;

  const serviceView = (s: (typeof world.services)[number]) => ({ ...s, health: { checks: [{ name: 'http', status: s.status, output: s.status === 'passing' ? 'HTTP 200' : s.status === 'warning' ? 'slow: 1.8 s' : 'connection refused' }] } });
  const serviceFilter = (req: MockRequest) => {
    const tags = req.query.getAll('tag');
    const f = (k: string) => req.query.get(k) ?? '';
    return (s: (typeof world.services)[number]) =>
      (!f('name') || s.name === f('name')) && (!f('node') || s.node === f('node') || s.address === f('node')) && (!f('job_id') || s.job_id === f('job_id')) && (!f('agent_id') || s.agent_id === f('agent_id')) && (!f('status') || s.status === f('status')) && tags.every((t) => s.tags.includes(t));
  };

  route('GET', '/services', (req, res) => {
    const passingOnly = boolParam(req, 'passing_only', false);
    const keep = serviceFilter(req);
    ok(res, { services: world.services.filter((s) => keep(s) && (!passingOnly || s.status === 'passing')).map(serviceView) });
  });

  route('GET', '/services/{name}/resolve', (req, res) => {
    const keep = serviceFilter(req);
    const name = req.params.name;
    const all = world.services.filter((s) => s.name === name && keep(s));
    if (!all.length) throw detail(404, `service ${name} not found`);
    const passing = all.filter((s) => s.status === 'passing');
    if (!passing.length) throw detail(404, `no passing instance of service ${name}`);
    ok(res, { services: passing.map(serviceView) });
  });
}
