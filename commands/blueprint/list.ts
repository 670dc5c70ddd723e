import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('list')
    .alias('ls')
    .description('catalog blueprints and their categories')
    .option('--category <names>', 'only these categories (comma-separated)')
    .action(
      host.act(async (s, opts: { category?: string }) => {
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { blueprintView } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).listBlueprints(opts.category);
        s.out.list(res.blueprints, blueprintView, res);
        if (!s.out.structured && s.out.format !== 'name' && res.categories.length) s.out.info(`categories: ${res.categories.map((c) => `${c.name} (${c.count ?? 0})`).join(', ')}`);
      }),
    );
}
