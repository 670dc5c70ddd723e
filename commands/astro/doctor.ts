import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('doctor')
    .description('the daemon health checks (runtime, providers, peers); exit 1 when unhealthy')
    .addHelpText('after', '\nExit codes: 0 every check ok, 1 unhealthy (unlike astromeshctl, which exits 0), 4 daemon unreachable.')
    .action(
      host.act(async (s) => {
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { renderDoctor } = await import('../../src/backends/astromesh/render.js');
        const healthy = renderDoctor(s.out, await new AstromeshClient(await s.client('astromesh')).doctor());
        return healthy ? 0 : 1;
      }),
    );
}
