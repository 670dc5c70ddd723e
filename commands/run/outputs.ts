import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('outputs <run-id>')
    .description('the user-facing outputs of a run')
    .action(
      host.act(async (s, _opts, id) => {
        id = nameArg(id, 'run');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { outputView } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).runOutputs(id);
        s.out.list(res.outputs, outputView, res);
      }),
    );
}
