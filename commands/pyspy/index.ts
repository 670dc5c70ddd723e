import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import dump from './dump.js';
import flamegraph from './flamegraph.js';
import store from './store.js';
import top from './top.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [dump, store, flamegraph, top]) verb(noun, host);
}
