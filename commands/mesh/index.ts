import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import info from './info.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [info]) verb(noun, host);
}
