import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import list from './list.js';
import show from './show.js';
import set from './set.js';
import use from './use.js';
import del from './delete.js';

export default function register(noun: Command, host: CommandHost): void {
  noun.addHelpText('after', '\nThe contexts file is $MESHSCOPE_CONFIG, else $XDG_CONFIG_HOME/meshscope/config.yaml (~/.config/meshscope/config.yaml).');
  for (const verb of [list, show, set, use, del]) verb(noun, host);
}
