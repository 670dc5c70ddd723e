import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('delete <name>')
    .alias('rm')
    .description('delete a context')
    .action(
      host.act(async (s, _opts, name) => {
        name = nameArg(name, 'context');
        const { deleteContext } = await import('../../src/config/contexts.js');
        const r = deleteContext(name, s.io.env);
        s.out.info(`deleted context "${name}" from ${r.path}${r.wasCurrent ? '; no context is current now' : ''}`);
      }),
    );
}
