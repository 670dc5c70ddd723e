import { defineVerb } from '../../src/app/command.js';
import { payloadValidateFlag } from '../../src/app/validate-flag.js';
import { bool, intDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'tree',
  summary: 'draw the topology from a walk: failed red (and their ancestors), stopped grey, system dimmed',
  args: {
    server: bool('--server', "print the server's own /v1/tree text as it is"),
    depth: intDefault('--depth <n>', 'levels below root to walk: 4 is hosts, procs, actors and the actors they supervise, which are drawn under their proc', 4, { min: 0 }),
    system: bool('--no-system', 'hide system actors'),
    stopped: bool('--no-stopped', 'hide stopped actors (failed ones stay)'),
    concurrency: intDefault('--concurrency <n>', 'most resolves in flight (lowered when the server answers service_unavailable)', 16, { min: 1 }),
    retries: intDefault('--retries <n>', 'extra attempts for a node that timed out or whose connection dropped', 1, { min: 0 }),
    validate: payloadValidateFlag('every payload'),
  },
  async run(s, opts) {
    const { AdminClient } = await import('../../src/backends/admin/client.js');
    const client = new AdminClient(await s.client('admin'));
    if (opts.server) {
      const text = await client.tree();
      if (s.out.structured) s.out.data({ text });
      else s.out.text(text);
      return 0;
    }
    const [{ runWalk }, render, { sanitizeCell }, flags] = await Promise.all([
      import('../../src/backends/admin/walk.js'),
      import('../../src/backends/admin/render.js'),
      import('../../src/output/sanitize.js'),
      import('./walk-flags.js'),
    ]);
    const nums = { maxDepth: opts.depth, concurrency: opts.concurrency, retries: opts.retries };
    const depth = Math.min(nums.maxDepth ?? render.MAX_TREE_DEPTH, render.MAX_TREE_DEPTH);
    const schema = await (await import('./schema-check.js')).schemaCheck(s, client, opts.validate);
    const tree = new render.TopologyTree();
    const progress = s.out.progress('walking the mesh');
    const stats = await runWalk(client, { maxDepth: depth, concurrency: nums.concurrency, retries: nums.retries, signal: s.signal, timeoutMs: s.requestTimeoutMs }, (e) => {
      if (e.kind === 'error') {
        if (e.depth === 0) throw e.error;
        flags.reportWalkError(s, e);
        tree.addError(e.ref, e.error.code);
        return;
      }
      schema?.each(e.ref, e.raw);
      tree.addNode(e.ref, e.node, { system: e.listedSystem, stopped: e.listedStopped });
      if (tree.size % 100 === 0) progress.update(`walking the mesh: ${tree.size} nodes`);
    });
    progress.done();
    s.checkAborted();
    const root = tree.build({ system: opts.system, stopped: opts.stopped, maxDepth: depth });
    if (!root) return 1;
    if (s.out.structured) s.out.data(root);
    else if (s.format === 'name') {
      const refs: string[] = [];
      const visit = (n: typeof root) => (refs.push(n.reference), n.children.forEach(visit));
      visit(root);
      for (const r of refs) s.out.text(r);
    } else s.out.styled(render.renderTreeLines(root, s.out.c, sanitizeCell));
    schema?.end();
    return stats.failed > 0 ? 1 : 0;
  },
});
