import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import capture from './capture.js';
import flamegraph from './flamegraph.js';
import top from './top.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [capture, top, flamegraph]) verb(noun, host);
}
