import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { payloadValidateOption, type ValidateMode } from '../../src/app/validate-flag.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('root')
    .description('show the root of the mesh (GET /v1/root): hosts, who started it, uptime')
    .addOption(payloadValidateOption('the payload'))
    .action(
      host.act(async (s, opts: { validate?: ValidateMode }) => {
        const { showNode } = await import('./show-node.js');
        return showNode(s, 'root', { validate: opts.validate });
      }),
    );
}
