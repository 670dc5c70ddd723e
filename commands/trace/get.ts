import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('get <trace-id>')
    .description('one trace as a span tree with start offsets, durations and a waterfall (a unique id prefix works)')
    .action(
      host.act(async (s, _opts, id) => {
        id = nameArg(id, 'trace');
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { renderTrace } = await import('../../src/backends/astromesh/render.js');
        renderTrace(s.out, await new AstromeshClient(await s.client('astromesh')).trace(id));
        return 0;
      }),
    );
}
