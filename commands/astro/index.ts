import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import health from './health.js';
import status from './status.js';
import doctor from './doctor.js';
import metrics from './metrics.js';
import resetMetrics from './reset-metrics.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [health, status, doctor, metrics, resetMetrics]) verb(noun, host);
}
