import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('progress <job-id>')
    .description('one workflow-progress snapshot: steps, agents, tokens, failure')
    .action(
      host.act(async (s, _opts, id) => {
        id = nameArg(id, 'job');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderProgress } = await import('../../src/backends/mn/render.js');
        renderProgress(s.out, await new MnClient(await s.client('mn')).workflowProgress(id));
      }),
    );
}
