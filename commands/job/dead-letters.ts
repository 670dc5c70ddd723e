import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('dead-letters <job-id>')
    .description('messages the runtime could not route or process for a job')
    .action(
      host.act(async (s, _opts, id) => {
        id = nameArg(id, 'job');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { deadLetterView } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).deadLetters(id);
        s.out.list(res.data, deadLetterView, res);
      }),
    );
}
