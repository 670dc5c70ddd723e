import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('set <name> [assignments...]')
    .description('create or change a context: KEY=VALUE pairs such as admin.url=https://mesh:1729 (empty value removes a key)')
    .option('--use', 'make it the current context')
    .addHelpText(
      'after',
      `
Keys:
  admin.url admin.ca admin.cert admin.key admin.plaintext admin.insecure
  mn.url mn.token-env mn.token-file mn.ca mn.insecure
  asya.url asya.internal-url
  astromesh.url
  grid.url grid.token-env grid.token-file grid.ca grid.insecure

Tokens are never stored: name the variable (token-env) or a file (token-file) that holds them.

Example:
  meshscope context set prod admin.url=https://mesh-admin:1729 admin.ca=/etc/pki/ca.pem mn.url=https://mn/api/v1 mn.token-env=MN_API_TOKEN --use`,
    )
    .action(
      host.act(async (s, opts: { use?: boolean }, name, ...rest) => {
        name = nameArg(name, 'context');
        const assignments = (rest[0] as unknown as string[]) ?? [];
        const { setContext } = await import('../../src/config/contexts.js');
        const r = setContext(name, assignments, opts, s.io.env);
        s.out.info(`context "${name}" ${r.created ? 'created' : 'updated'} in ${r.path}`);
      }),
    );
}
