/**
 * The command tree. Nouns are loaded only when they are run (or for completion scripts), so
 * `meshscope --help` and `--version` load nothing but this table.
 */
import type { Command } from 'commander';
import type { CommandHost, NounSpec } from '../src/app/command.js';
import version from './version.js';
import completion from './completion.js';
import tui from './tui.js';
import diagnose from './diagnose.js';

export const NOUNS: NounSpec[] = [
  { name: 'mesh', group: 'Monarch mesh admin', summary: 'inspect the mesh: info, schema, root, get, tree, walk, config, query, skill, selftest', notFoundHint: 'see the references the server knows with `meshscope mesh tree` (or `meshscope mesh walk -o name`)', load: () => import('./mesh/index.js') },
  { name: 'pyspy', group: 'Monarch mesh admin', summary: 'py-spy stack dumps and flame graphs of mesh procs', notFoundHint: 'list the procs with `meshscope mesh walk --kind proc -o name`', load: () => import('./pyspy/index.js') },
  { name: 'runtime', group: 'MirrorNeuron (mn)', summary: 'runtime health, status, summary and metrics', load: () => import('./runtime/index.js') },
  { name: 'job', group: 'MirrorNeuron (mn)', summary: 'submit, list, inspect, control and monitor jobs', aliases: ['jobs'], notFoundHint: 'list jobs with `meshscope job list --all` (finished jobs are hidden without --all)', load: () => import('./job/index.js') },
  { name: 'bundle', group: 'MirrorNeuron (mn)', summary: 'upload job bundles', load: () => import('./bundle/index.js') },
  { name: 'blueprint', group: 'MirrorNeuron (mn)', summary: 'list, install, validate and run blueprints', aliases: ['blueprints'], notFoundHint: 'list blueprints with `meshscope blueprint list`', load: () => import('./blueprint/index.js') },
  { name: 'run', group: 'MirrorNeuron (mn)', summary: 'results, artifacts, logs, timelines and human reviews of runs', aliases: ['runs'], notFoundHint: 'a run id is a job\'s run_id: list jobs with `meshscope job list --all`, then `meshscope job get ID`', load: () => import('./run/index.js') },
  { name: 'model', group: 'MirrorNeuron (mn)', summary: 'list and benchmark models', aliases: ['models'], notFoundHint: 'list models with `meshscope model list`', load: () => import('./model/index.js') },
  { name: 'service', group: 'MirrorNeuron (mn)', summary: 'list and resolve services', aliases: ['services'], notFoundHint: 'list services with `meshscope service list`', load: () => import('./service/index.js') },
  { name: 'resource', group: 'MirrorNeuron (mn)', summary: 'get and set cluster resource limits', aliases: ['resources'], load: () => import('./resource/index.js') },
  { name: 'schedule', group: 'MirrorNeuron (mn)', summary: 'create, list and control schedules', aliases: ['schedules'], notFoundHint: 'list schedules with `meshscope schedule list`', load: () => import('./schedule/index.js') },
  { name: 'event', group: 'MirrorNeuron (mn)', summary: 'emit and list events', aliases: ['events'], notFoundHint: 'list events with `meshscope event list`', load: () => import('./event/index.js') },
  { name: 'node', group: 'MirrorNeuron (mn)', summary: 'add, join, remove and leave cluster nodes', aliases: ['nodes'], notFoundHint: 'see the cluster\'s nodes with `meshscope runtime summary`', load: () => import('./node/index.js') },
  { name: 'envelope', group: 'Asya', summary: 'send, list, watch, cancel and publish envelopes', aliases: ['envelopes'], notFoundHint: 'list envelopes with `meshscope envelope list`', load: () => import('./envelope/index.js') },
  { name: 'agent', group: 'Astromesh', summary: 'list, inspect, run and chat with agents', aliases: ['agents'], notFoundHint: 'list the loaded agents with `meshscope agent list`', load: () => import('./agent/index.js') },
  { name: 'memory', group: 'Astromesh', summary: 'agent conversation memory: history, clear, search', notFoundHint: 'check the agent and session: `meshscope agent list` lists the agents', load: () => import('./memory/index.js') },
  { name: 'tool', group: 'Astromesh', summary: 'list and execute tools', aliases: ['tools'], notFoundHint: 'list tools with `meshscope tool list`', load: () => import('./tool/index.js') },
  { name: 'rag', group: 'Astromesh', summary: 'ingest documents and query RAG pipelines', notFoundHint: 'check the collection name: it must be a RAG pipeline configured on the daemon', load: () => import('./rag/index.js') },
  { name: 'trace', group: 'Astromesh', summary: 'list and inspect agent run traces', aliases: ['traces'], notFoundHint: 'list traces with `meshscope trace list`', load: () => import('./trace/index.js') },
  { name: 'astro', group: 'Astromesh', summary: 'daemon health, status, doctor and metrics', load: () => import('./astro/index.js') },
  { name: 'astro-mesh', group: 'Astromesh', summary: 'the daemon gossip mesh: state, join, leave, heartbeat, gossip, election', notFoundHint: 'see the nodes of the daemon\'s mesh with `meshscope astro-mesh state`', load: () => import('./astro-mesh/index.js') },
  { name: 'pprof', group: 'Grid', summary: 'capture Go pprof profiles from grid nodes and read them', notFoundHint: 'check --client: it must be a grid node that is online', load: () => import('./pprof/index.js') },
  { name: 'mock', group: 'Everywhere', summary: 'run the embedded mock of all five backends', load: () => import('./mock/index.js') },
  { name: 'context', group: 'Everywhere', summary: 'list, show, set, use and delete contexts', aliases: ['ctx'], notFoundHint: 'list contexts with `meshscope context list`', load: () => import('./context/index.js') },
];

export interface RootVerb {
  name: string;
  register: (program: Command, host: CommandHost) => void;
}

export const ROOT_VERBS: RootVerb[] = [
  { name: 'version', register: version },
  { name: 'completion', register: completion },
  { name: 'tui', register: tui },
  { name: 'diagnose', register: diagnose },
];
