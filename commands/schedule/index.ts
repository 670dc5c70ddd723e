import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import create from './create.js';
import list from './list.js';
import get from './get.js';
import update from './update.js';
import { pause, resume, del } from './control.js';
import dispatch from './dispatch.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [create, list, get, update, pause, resume, del, dispatch]) verb(noun, host);
}
