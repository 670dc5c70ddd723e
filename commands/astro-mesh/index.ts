import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import state from './state.js';
import join from './join.js';
import leave from './leave.js';
import heartbeat from './heartbeat.js';
import gossip from './gossip.js';
import election from './election.js';

export default function register(noun: Command, host: CommandHost): void {
  noun.addHelpText('after', '\nEvery verb needs mesh mode on the daemon; otherwise it answers 503 "Mesh not enabled on this node" (exit 1).');
  for (const verb of [state, join, leave, heartbeat, gossip, election]) verb(noun, host);
}
