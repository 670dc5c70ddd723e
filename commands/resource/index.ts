import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import get from './get.js';
import set from './set.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [get, set]) verb(noun, host);
}
