import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import ingest from './ingest.js';
import query from './query.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [ingest, query]) verb(noun, host);
}
