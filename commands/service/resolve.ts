import { defineVerb } from '../../src/app/command.js';
import { bool, list, text } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';


export default defineVerb({
  name: 'resolve',
  positional: '<name>',
  summary: 'resolve a passing instance of a service by name (and tag or node)',
  args: {
    tag: list('--tag <tag>', 'require this tag (repeatable)'),
    node: text('--node <node>', 'only on this node'),
    all: bool('--all', 'print every passing instance, not just the first'),
  },
  async run(s, opts, name) {
    name = nameArg(name, 'service');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { serviceView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).resolveService(name, { tags: opts.tag, node: opts.node });
    const rows = opts.all ? res.services : res.services.slice(0, 1);
    if (s.out.format === 'table' && !opts.all && rows[0]) {
      const r = rows[0];
      s.out.item(
        [
          ['Service', r.name],
          ['Instance', r.id],
          ['Address', r.address ? `${r.address}${r.port ? `:${r.port}` : ''}` : undefined],
          ['Status', r.status],
          ['Node', r.node],
          ['Tags', (r.tags ?? []).join(', ') || undefined],
        ],
        res,
      );
      return;
    }
    s.out.list(rows, serviceView, res);
  },
});
