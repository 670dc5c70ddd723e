/**
 * The command tree. Nouns are loaded only when they are run (or for completion scripts), so
 * `meshscope --help` and `--version` load nothing but this table.
 */
import type { Command } from 'commander';
import type { CommandHost, NounSpec } from '../src/app/command.js';
import version from './version.js';
import completion from './completion.js';

export const NOUNS: NounSpec[] = [
  { name: 'runtime', group: 'MirrorNeuron (mn)', summary: 'runtime health, status, summary and metrics', load: () => import('./runtime/index.js') },
  { name: 'envelope', group: 'Asya', summary: 'send, list, watch and cancel envelopes', aliases: ['envelopes', 'env'], load: () => import('./envelope/index.js') },
  { name: 'astro', group: 'Astromesh', summary: 'daemon health, status, doctor and metrics', load: () => import('./astro/index.js') },
  { name: 'mock', group: 'Everywhere', summary: 'run the embedded mock of all five backends', load: () => import('./mock/index.js') },
  { name: 'context', group: 'Everywhere', summary: 'list, show, set, use and delete contexts', aliases: ['ctx'], load: () => import('./context/index.js') },
];

export interface RootVerb {
  name: string;
  register: (program: Command, host: CommandHost) => void;
}

export const ROOT_VERBS: RootVerb[] = [
  { name: 'version', register: version },
  { name: 'completion', register: completion },
];
