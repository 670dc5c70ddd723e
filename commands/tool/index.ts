import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import list from './list.js';
import builtin from './builtin.js';
import exec from './exec.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [list, builtin, exec]) verb(noun, host);
}
