import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import history from './history.js';
import clear from './clear.js';
import search from './search.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [history, clear, search]) verb(noun, host);
}
