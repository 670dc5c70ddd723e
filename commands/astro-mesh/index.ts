import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  void noun;
  void host;
}
