import type { Command } from 'commander';
import type { CommandHost } from '../src/app/command.js';

export default function register(program: Command, host: CommandHost): void {
  program
    .command('version')
    .description('print the version of meshscope and of Node.js')
    .helpGroup('Everywhere:')
    .action(
      host.act(async (s) => {
        const { VERSION } = await import('../src/cli/version.js');
        s.out.item(
          [
            ['meshscope', VERSION],
            ['node', process.version],
            ['platform', `${process.platform}/${process.arch}`],
          ],
          { meshscope: VERSION, node: process.version, platform: process.platform, arch: process.arch },
          VERSION,
        );
      }),
    );
}
