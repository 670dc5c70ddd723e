import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import list from './list.js';
import benchmark from './benchmark.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [list, benchmark]) verb(noun, host);
}
