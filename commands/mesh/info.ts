import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('info')
    .description('identify the mesh admin server (GET /v1/admin)')
    .action(
      host.act(async (s) => {
        const { AdminClient } = await import('../../src/backends/admin/client.js');
        const info = await new AdminClient(await s.client('admin')).info();
        s.out.item(
          [
            ['url', info.url],
            ['host', info.host],
            ['actor', info.actor_id],
            ['proc', info.proc_id],
          ],
          info,
          info.url,
        );
      }),
    );
}
