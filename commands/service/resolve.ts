import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('resolve <name>')
    .description('resolve a passing instance of a service by name (and tag or node)')
    .option('--tag <tag>', 'require this tag (repeatable)', collect, [])
    .option('--node <node>', 'only on this node')
    .option('--all', 'print every passing instance, not just the first')
    .action(
      host.act(async (s, opts: { tag: string[]; node?: string; all?: boolean }, name) => {
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
      }),
    );
}
