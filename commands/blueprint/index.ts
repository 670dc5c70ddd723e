import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import list from './list.js';
import get from './get.js';
import install from './install.js';
import validate from './validate.js';
import run from './run.js';
import progress from './progress.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [list, get, install, validate, run, progress]) verb(noun, host);
}
