/** Cluster membership: add/join and remove/leave nodes (§2.3). */
import type { ServerResponse } from 'node:http';
import { jsonAnswer, Reply, type MockRequest } from '../../router.js';
import { detail, jsonBody, ok, problem, pydantic, type MnApi } from './common.js';

export function clusterRoutes(api: MnApi): void {
  const { ctx, cfg, world, route } = api;

  const HOST = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[?[0-9a-fA-F:]+\]?$/;

  const addNode = (verb: string) => (req: MockRequest, res: ServerResponse) => {
    const body = jsonBody(req);
    const missing = ['host', 'token'].filter((k) => typeof body[k] !== 'string' || !body[k]);
    if (missing.length) throw new Reply(jsonAnswer(422, { detail: missing.map((k) => ({ type: 'missing', loc: ['body', k], msg: 'Field required', input: null })) }));
    const host = String(body.host).trim();
    if (!HOST.test(host)) throw detail(422, 'Remote node host must be a host name or IP address.');
    const grpcPort = body.grpc_port === undefined || body.grpc_port === null ? 55051 : Number(body.grpc_port);
    if (!Number.isInteger(grpcPort) || grpcPort < 1 || grpcPort > 65535) throw pydantic(['body', 'grpc_port'], 'Input should be a valid port (1-65535)', 'value_error', body.grpc_port);
    if (cfg.join_token && body.token !== cfg.join_token) throw problem(403, 'MN_PERMISSION_DENIED', 'Permission Denied', `node ${host} rejected the join token`, 'Create a fresh join token on the node (mn node expose --force-new-token) and try again.');
    const name = `mirror_neuron@${host}`;
    const existing = world.nodes.find((n) => n.name === name);
    if (existing && existing.status === 'healthy') throw detail(409, `${name} is already a member of this cluster`);
    if (existing) existing.status = 'healthy';
    else world.nodes.push({ name, host, grpcPort, self: false, status: 'healthy', cpuCores: 8, memoryGb: 32, gpuCount: /gpu/i.test(host) ? 1 : 0, joinedAt: ctx.clock.now() });
    ok(res, {
      ok: true,
      host,
      node_name: name,
      status: 'connected',
      message: verb === 'join' ? `${name} joined this cluster.` : `${name} was added to this box.`,
      handshake: { node_name: name, runtime_mode: 'cluster', grpc_host: host, grpc_port: grpcPort, cluster_nodes: world.nodes.map((n) => n.name), network_only: false },
    });
  };
  route('POST', '/system/cluster/nodes:add', addNode('add'));
  route('POST', '/system/cluster/nodes:join', addNode('join'));

  const removeNode = (verb: string) => (req: MockRequest, res: ServerResponse) => {
    const body = jsonBody(req);
    if (typeof body.node_name !== 'string' || !body.node_name) throw new Reply(jsonAnswer(422, { detail: [{ type: 'missing', loc: ['body', 'node_name'], msg: 'Field required', input: null }] }));
    const name = body.node_name.trim();
    if (!name.includes('@')) throw detail(422, 'Node name must look like mirror_neuron@host.');
    const idx = world.nodes.findIndex((n) => n.name === name);
    if (idx < 0) throw detail(404, `node ${name} is not a member of this cluster`);
    if (world.nodes[idx].self && verb === 'remove') throw detail(409, `${name} is this node; use leave from another member, or stop the runtime`);
    world.nodes.splice(idx, 1);
    ok(res, { ok: true, node_name: name, status: 'disconnected', message: verb === 'leave' ? `${name} left the cluster.` : `${name} was removed from this box.` });
  };
  route('POST', '/system/cluster/nodes:remove', removeNode('remove'));
  route('POST', '/system/cluster/nodes:leave', removeNode('leave'));
}
