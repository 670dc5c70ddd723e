import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('get <blueprint-id>')
    .description('one catalog blueprint')
    .action(
      host.act(async (s, _opts, id) => {
        id = nameArg(id, 'blueprint');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderBlueprint } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).getBlueprint(id);
        renderBlueprint(s.out, res.blueprint, res);
      }),
    );
}
