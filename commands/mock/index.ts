import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import serve from './serve.js';
import scenarios from './scenarios.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [serve, scenarios]) verb(noun, host);
}
