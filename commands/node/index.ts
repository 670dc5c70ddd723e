import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { add, join } from './join.js';
import { remove, leave } from './leave.js';

export default function register(noun: Command, host: CommandHost): void {
  noun.addHelpText('after', '\nList the cluster with `meshscope runtime summary`.');
  for (const verb of [add, join, remove, leave]) verb(noun, host);
}
