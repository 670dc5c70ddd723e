import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('search <agent> <query...>')
    .description("search an agent's semantic memory for entries similar to a query, best first")
    .option('--top-k <n>', 'number of results (daemon default 10)')
    .action(
      host.act(async (s, opts: { topK?: string }, agent, ...rest) => {
        agent = nameArg(agent, 'agent');
        const query = ((rest[0] as unknown as string[]) ?? []).join(' ');
        const { intFlag } = await import('../../src/backends/astromesh/input.js');
        const topK = intFlag(opts.topK, '--top-k', 1);
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { semanticView } = await import('../../src/backends/astromesh/render.js');
        const r = await new AstromeshClient(await s.client('astromesh')).semantic(agent, query, topK);
        if (!r.results.length && !s.out.structured) {
          s.out.info(`nothing in the memory of agent ${agent} resembles "${query}"`);
          return 0;
        }
        s.out.list(r.results, semanticView, r);
        return 0;
      }),
    );
}
