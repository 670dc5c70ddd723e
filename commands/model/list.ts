import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('list')
    .alias('ls')
    .description('Docker Model Runner models visible to this node')
    .action(
      host.act(async (s) => {
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { modelView } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).listModels();
        if (res.runner_available === false) s.out.warn('the Docker Model Runner is not available on this node');
        s.out.list(res.models, modelView, res);
      }),
    );
}
