import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('root')
    .description('show the root of the mesh (GET /v1/root): hosts, who started it, uptime')
    .option('--validate', "check the payload against the server's own JSON Schema (/v1/schema); violations are warnings")
    .action(
      host.act(async (s, opts: { validate?: boolean }) => {
        const { showNode } = await import('./show-node.js');
        return showNode(s, 'root', { validate: opts.validate });
      }),
    );
}
