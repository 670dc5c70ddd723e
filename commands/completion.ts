import { Argument, type Command } from 'commander';
import type { CommandHost } from '../src/app/command.js';

export default function register(program: Command, host: CommandHost): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .helpGroup('Everywhere:')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', '\nExamples:\n  source <(meshscope completion bash)\n  meshscope completion zsh > "${fpath[1]}/_meshscope"\n  meshscope completion fish > ~/.config/fish/completions/meshscope.fish')
    .action(
      host.act(async (s, _opts, shell) => {
        const { completionScript, commandTree } = await import('../src/cli/completion.js');
        s.out.text(completionScript(shell as 'bash' | 'zsh' | 'fish', commandTree(program)));
      }),
    );
}
