import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import upload from './upload.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [upload]) verb(noun, host);
}
