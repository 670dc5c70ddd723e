import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('health')
    .description('liveness of the astromesh daemon (/v1/health); exit 1 unless status is ok')
    .action(
      host.act(async (s) => {
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const h = await new AstromeshClient(await s.client('astromesh')).health();
        s.out.item(
          [
            ['status', h.status, h.status === 'ok' ? 'ok' : 'bad'],
            ['version', h.version],
          ],
          h,
          h.status,
        );
        return h.status === 'ok' ? 0 : 1;
      }),
    );
}
