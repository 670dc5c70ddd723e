/**
 * The `grid:` section of a scenario file: the simulated Go nodes of a grid and how its diagnostics
 * server behaves. Node ids are listed in the scenario so users can profile them:
 *
 *   grid:
 *     token: s3cret            # only this bearer token is accepted (default: GRID_TOKEN, else any)
 *     nodes:
 *       - { id: 6f1c2a9e-..., name: gridd-eu-1, workload: sync }
 *       - { id: 0b7d..., online: false }           # 404 not found or offline
 *       - { id: 4a2e..., unresponsive: true }      # 500 profiling failed
 */
import { z } from 'zod';

const Ms = z.number().nonnegative();
const MsRange = z.union([Ms, z.tuple([Ms, Ms])]);

/** What a node's Go process is busy with: decides the hot functions of every profile type. */
export const GRID_WORKLOADS = ['sync', 'api', 'idle'] as const;
export type GridWorkload = (typeof GRID_WORKLOADS)[number];

export const GridNodeSpec = z.strictObject({
  /** The node id users pass to `pprof capture --client` (a UUID on real grids). */
  id: z.string().min(1),
  /** A label for people (host name); not used by the API. */
  name: z.string().optional(),
  /** An offline node answers 404 "not found or offline". */
  online: z.boolean().default(true),
  /** The module does not answer: 500 "profiling failed". */
  unresponsive: z.boolean().default(false),
  /** Modules running on the node; another module answers 400 unknown module. */
  modules: z.array(z.string().min(1)).min(1).default(['grid.client']),
  workload: z.enum(GRID_WORKLOADS).default('sync'),
});
export type GridNodeSpec = z.infer<typeof GridNodeSpec>;

/** The grid of a scenario without a `grid:` section. */
export const DEFAULT_GRID_NODES: GridNodeSpec[] = [
  { id: '6f1c2a9e-3b4d-4e5f-a6b7-c8d9e0f1a2b3', name: 'gridd-0', online: true, unresponsive: false, modules: ['grid.client'], workload: 'sync' },
  { id: '0b7d5e3c-1a2f-4b6c-9d8e-7f6a5b4c3d2e', name: 'gridd-1', online: true, unresponsive: false, modules: ['grid.client', 'grid.server'], workload: 'api' },
  { id: 'c3a9f1e7-5d2b-4c8a-b6e4-2f0d8c6a4e1b', name: 'gridd-2', online: true, unresponsive: false, modules: ['grid.client'], workload: 'idle' },
];

export const GridScenario = z.strictObject({
  /** The only bearer token accepted (overrides GRID_TOKEN); unset and no GRID_TOKEN: any token. */
  token: z.string().min(1).optional(),
  /** A node id alone is a shorthand for an online `sync` node. */
  nodes: z
    .array(z.union([z.string().min(1).transform((id) => GridNodeSpec.parse({ id })), GridNodeSpec]))
    .default(() => DEFAULT_GRID_NODES.map((n) => ({ ...n, modules: [...n.modules] }))),
  /** Time to build a profile other than cpu, ms. */
  latency_ms: MsRange.default([20, 80]),
  /** Longest wall-clock wait of a cpu profile (its 30 simulated seconds are scaled down to this). */
  cpu_wait_ms: Ms.default(400),
  /** Multiplies the sample counts of every profile. */
  sample_scale: z.number().positive().default(10),
});
export type GridScenario = z.infer<typeof GridScenario>;

/** The scenario file's `grid:` key; an omitted section gives the default grid above. */
export const GridSection = GridScenario.default(() => GridScenario.parse({}));
