import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import emit from './emit.js';
import list from './list.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [emit, list]) verb(noun, host);
}
