import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('human <run-id>')
    .description('human review requests and notices of a run')
    .option('--pending', 'only those still waiting for a response or an acknowledgement')
    .action(
      host.act(async (s, opts: { pending?: boolean }, id) => {
        id = nameArg(id, 'run');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { humanView } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).runHuman(id, Boolean(opts.pending));
        s.out.list(res.data, humanView, res);
      }),
    );
}
