import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import send from './send.js';
import list from './list.js';
import get from './get.js';
import watch from './watch.js';
import cancel from './cancel.js';
import publish from './publish.js';
import health from './health.js';

export default function register(noun: Command, host: CommandHost): void {
  noun.addHelpText('after', '\nThe API lives under /api/v1/mesh/ on both ports; set MESHSCOPE_ASYA_PREFIX for another prefix ("" for bare /mesh/).');
  for (const verb of [send, list, get, watch, cancel, publish, health]) verb(noun, host);
}
