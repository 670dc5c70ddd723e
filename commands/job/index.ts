import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import submit from './submit.js';
import list from './list.js';
import get from './get.js';
import { cancel, pause, resume } from './control.js';
import events from './events.js';
import progress from './progress.js';
import monitor from './monitor.js';
import deadLetters from './dead-letters.js';
import cleanup from './cleanup.js';

export default function register(noun: Command, host: CommandHost): void {
  noun.addHelpText('after', '\nJob statuses: pending -> running -> completed | failed; pause: pausing -> paused; cancel: cancelling -> cancelled.');
  for (const verb of [submit, list, get, cancel, pause, resume, events, progress, monitor, deadLetters, cleanup]) verb(noun, host);
}
