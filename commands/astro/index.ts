import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import health from './health.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [health]) verb(noun, host);
}
