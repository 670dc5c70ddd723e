import { Argument, type Command } from 'commander';
import { defineVerb } from '../src/app/command.js';

// the program the verb was added to: completion scripts cover every command
let program: Command | undefined;

export default defineVerb({
  name: 'completion',
  summary: 'print a shell completion script (bash, zsh or fish)',
  configure: (cmd) => {
    program = cmd.parent ?? undefined;
    cmd.helpGroup('Everywhere:').addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']));
  },
  examples: ['source <(meshscope completion bash)', 'meshscope completion zsh > "${fpath[1]}/_meshscope"', 'meshscope completion fish > ~/.config/fish/completions/meshscope.fish'],
  async run(s, _opts, shell) {
    const { completionScript, commandTree } = await import('../src/cli/completion.js');
    s.out.text(completionScript(shell as 'bash' | 'zsh' | 'fish', commandTree(program!)));
  },
});
