import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';
import { asyaClient } from './client.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('get <id>')
    .description('show one envelope: status, actor, progress, deadline, headers, payload and result')
    .option('--internal', 'ask the internal port (the sidecars\' heartbeat check) instead of the external one')
    .action(
      host.act(async (s, opts: { internal?: boolean }, id: string) => {
        id = nameArg(id, 'envelope');
        const { renderEnvelope } = await import('../../src/backends/asya/render.js');
        const asya = await asyaClient(s);
        renderEnvelope(s.out, await asya.get(id, opts.internal ? 'internal' : 'external'));
        return 0;
      }),
    );
}
