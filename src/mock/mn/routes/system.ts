/** System routes: gateway health, runtime health and status, the cluster summary, metrics (reference/mirrorneuron.md §2.3). */
import { isTerminalJobStatus } from '../../../vocab/mn.js';
import type { Job } from '../jobs.js';
import { iso, numParam, ok, type MnApi } from './common.js';

export function systemRoutes(api: MnApi): void {
  const { ctx, cfg, world, token, route, apiBase, basePath } = api;

  route('GET', '/health', (req, res) =>
    ok(res, {
      status: 'ok',
      auth: token ? 'enabled' : 'disabled',
      env: cfg.env,
      blueprint_source: 'local',
      blueprint_repo: null,
      blueprint_local: '/opt/mirror-neuron/blueprints',
      active_blueprint_location: '/opt/mirror-neuron/blueprints',
      runs_root: '/var/lib/mirror-neuron/runs',
      ...(basePath(req) === '/api/v2' ? { version: 2 } : {}),
    }),
  );

  const components = () => {
    const status = (name: string) => cfg.components[name] ?? 'passing';
    const detailFor = (name: string, st: string) => (st === 'passing' ? { core_grpc: 'gRPC health: SERVING', api: 'ok', web_ui: 'HTTP 200' }[name] ?? 'ok' : st === 'warning' ? 'slow answer (1840 ms)' : 'connection refused');
    return [
      ['core_grpc', 'localhost:55051'],
      ['api', apiBase()],
      ['web_ui', 'http://localhost:55173'],
    ].map(([name, target], i) => {
      const st = status(name);
      return { name, status: st, target, duration_ms: st === 'warning' ? 1840 : i + 1, detail: detailFor(name, st), error: st === 'critical' ? `${name} is unreachable: connection refused` : null };
    });
  };
  const overall = (comps: Array<{ status: string }>) => (comps.some((c) => c.status === 'critical') ? 'critical' : comps.some((c) => c.status === 'warning') ? 'warning' : 'passing');

  route('GET', '/runtime/health', (_req, res) => {
    const comps = components();
    ok(res, { overall: overall(comps), checked_at: iso(ctx.clock.now()), components: comps });
  });

  const byStatus = (jobs: Job[]) => jobs.reduce<Record<string, number>>((acc, j) => ((acc[j.status] = (acc[j.status] ?? 0) + 1), acc), {});

  route('GET', '/runtime/status', (req, res) => {
    numParam(req, 'timeout', 3, 0.1, 60);
    const comps = components();
    const jobs = world.runtime.list();
    const active = jobs.filter((j) => !isTerminalJobStatus(j.status));
    const nodeStatus = world.nodes.reduce<Record<string, number>>((acc, n) => ((acc[n.status] = (acc[n.status] ?? 0) + 1), acc), {});
    ok(res, {
      overall: overall(comps),
      checked_at: iso(ctx.clock.now()),
      runtime: { mode: world.nodes.length > 1 ? 'cluster' : 'local', mn_home: '/var/lib/mirror-neuron' },
      endpoints: { core_grpc: 'localhost:55051', api: apiBase(), web_ui: 'http://localhost:55173' },
      components: comps,
      nodes: { available: true, total: world.nodes.length, by_status: nodeStatus, items: world.nodes.map((n) => ({ name: n.name, status: n.status })) },
      jobs: { available: true, total: jobs.length, by_status: byStatus(jobs), active: active.length, active_by_status: byStatus(active) },
      shared_storage: { host_root: '/srv/mirror-neuron/shared', runtime_root: '/shared', configured: true },
    });
  });

  const nodeView = (n: (typeof world.nodes)[number]) => ({
    name: n.name,
    connected_nodes: world.nodes.filter((o) => o !== n && o.status === 'healthy').map((o) => o.name),
    self: n.self,
    status: n.status,
    scheduler_hint: 'cluster_member',
    executor_pools: { default: { slots: n.cpuCores, busy: world.runtime.list().filter((j) => j.status === 'running').length % (n.cpuCores + 1) } },
    hardware: { cpu_cores: n.cpuCores, memory_gb: n.memoryGb, gpu_count: n.gpuCount },
    grpc_host: `${n.host}:${n.grpcPort}`,
    joined_at: iso(n.joinedAt),
  });

  route('GET', '/system/summary', (_req, res) => ok(res, { nodes: world.nodes.map(nodeView), jobs: world.runtime.list().map((j) => world.runtime.summary(j)) }));

  route('GET', '/metrics', (_req, res) => {
    const jobs = world.runtime.list();
    const running = jobs.filter((j) => j.status === 'running');
    const depth = running.map((j) => j.steps.length - j.stepIdx);
    ok(res, {
      jobs: { total: jobs.length, by_status: byStatus(jobs) },
      agents: { queue_depth_total: depth.reduce((a, b) => a + b, 0), queue_depth_max: Math.max(0, ...depth), pressured: depth.filter((d) => d > 3).length },
      nodes: { total: world.nodes.length },
      source: 'system_summary',
    });
  });
}
