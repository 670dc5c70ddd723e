import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('use <name>')
    .description('make a context the current one')
    .action(
      host.act(async (s, _opts, name) => {
        name = nameArg(name, 'context');
        const { useContext } = await import('../../src/config/contexts.js');
        const path = useContext(name, s.io.env);
        s.out.info(`switched to context "${name}" (${path})`);
      }),
    );
}
