import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('builtin')
    .description('built-in tools with their parameters (* = required; -o json: the JSON schemas)')
    .action(
      host.act(async (s) => {
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { builtinView } = await import('../../src/backends/astromesh/render.js');
        const r = await new AstromeshClient(await s.client('astromesh')).builtinTools();
        s.out.list(r.tools, builtinView, r);
        return 0;
      }),
    );
}
