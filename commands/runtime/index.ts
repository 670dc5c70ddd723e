import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import health from './health.js';
import status from './status.js';
import summary from './summary.js';
import metrics from './metrics.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [health, status, summary, metrics]) verb(noun, host);
}
