import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('health')
    .description('health of the MirrorNeuron runtime components (exit 1 when overall is critical)')
    .action(
      host.act(async (s) => {
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderRuntimeHealth } = await import('../../src/backends/mn/render.js');
        const health = await new MnClient(await s.client('mn')).runtimeHealth();
        renderRuntimeHealth(s.out, health);
        return health.overall === 'critical' ? 1 : 0;
      }),
    );
}
