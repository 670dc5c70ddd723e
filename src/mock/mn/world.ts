/**
 * The whole simulated MirrorNeuron installation behind the mock mn-api: the job runtime, the
 * cluster (nodes that can be added and removed), models, services, resource limits, the blueprint
 * catalog and its launches, uploaded bundles, schedules and trigger events. Seeded from the
 * scenario; everything moves on the simulated clock.
 */
import type { Rng } from '../rng.js';
import type { MnScenario } from './scenario.js';
import { JobRuntime, type Job } from './jobs.js';
import { isTerminalJobStatus } from '../../vocab/mn.js';
import { advanceLaunch, blueprintManifest, catalog, validateBlueprint, type BlueprintDef, type Issue, type Launch } from './catalog.js';
import { computeNext, filterMatches, type ScheduleState } from './schedules.js';

export interface NodeState {
  name: string;
  host: string;
  grpcPort: number;
  self: boolean;
  status: 'healthy' | 'unhealthy';
  cpuCores: number;
  memoryGb: number;
  gpuCount: number;
  joinedAt: number;
}

export interface ModelState {
  id: string;
  docker_model: string;
  installed: boolean;
  manual: boolean;
  sizeMb: number;
}

export interface ServiceState {
  id: string;
  name: string;
  job_id: string | null;
  agent_id: string | null;
  address: string;
  port: number;
  status: 'passing' | 'warning' | 'critical';
  tags: string[];
  meta: Record<string, string>;
  node: string;
}

export interface BundleState {
  path: string;
  manifest: Record<string, unknown>;
  payloads: Record<string, string>;
  fileName: string;
}

export interface TriggerEventState {
  event_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  source: string;
  emitted_at: string;
  dispatched: Array<{ schedule_id: string; job_id: string | null }>;
}

const iso = (ms: number) => new Date(ms).toISOString();

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += rng.int(0, 15).toString(16);
  return s;
}

const MODEL_CATALOG: Array<Omit<ModelState, 'installed'> & { installed: boolean }> = [
  { id: 'gemma4:e2b', docker_model: 'ai/gemma4:E2B', installed: true, manual: false, sizeMb: 3100 },
  { id: 'qwen3:4b', docker_model: 'ai/qwen3:4B-Q4_K_M', installed: true, manual: false, sizeMb: 2500 },
  { id: 'ocr-lite:1b', docker_model: 'ai/ocr-lite:1B', installed: false, manual: false, sizeMb: 900 },
  { id: 'llama3.2:3b', docker_model: 'ai/llama3.2:3B-Q4_K_M', installed: true, manual: true, sizeMb: 2000 },
];

const SERVICE_NAMES = ['litellm-gateway', 'context-engine', 'vector-store', 'web-ui', 'ocr-worker', 'embedding-service', 'artifact-store', 'scheduler'];

export class MnWorld {
  readonly runtime: JobRuntime;
  readonly nodes: NodeState[] = [];
  readonly models: ModelState[];
  readonly services: ServiceState[] = [];
  readonly blueprints: BlueprintDef[];
  readonly launches = new Map<string, Launch>();
  readonly bundles = new Map<string, BundleState>();
  readonly schedules = new Map<string, ScheduleState>();
  readonly events: TriggerEventState[] = [];
  limits = { cpu: 100, gpu: 100, memory: 100, disk: 75 };
  readonly startedAt: number;

  constructor(
    readonly cfg: MnScenario,
    readonly rng: Rng,
    readonly now: () => number,
  ) {
    this.startedAt = now();
    for (let i = 0; i < cfg.nodes; i++) this.nodes.push(this.makeNode(`10.0.0.${11 + i}`, 55051, i === 0, i >= cfg.nodes - cfg.unhealthy_nodes && i > 0 ? 'unhealthy' : 'healthy', i === 1 ? 1 : 0));
    this.models = MODEL_CATALOG.map((m) => ({ ...m }));
    this.blueprints = catalog(cfg.extra_blueprints, rng.fork('blueprints'));
    this.runtime = new JobRuntime(cfg, rng.fork('jobs'), () => this.nodes.filter((n) => n.status === 'healthy').map((n) => n.name), now);
    this.seedServices();
    this.seedJobs();
    this.seedSchedules();
  }

  private makeNode(host: string, grpcPort: number, self: boolean, status: NodeState['status'], gpuCount = 0): NodeState {
    return { name: `mirror_neuron@${host}`, host, grpcPort, self, status, cpuCores: self ? 16 : 8, memoryGb: self ? 64 : 32, gpuCount, joinedAt: this.now() };
  }

  private seedServices(): void {
    const { passing, warning, critical } = this.cfg.services;
    const statuses = [...Array(passing).fill('passing'), ...Array(warning).fill('warning'), ...Array(critical).fill('critical')] as ServiceState['status'][];
    statuses.forEach((status, i) => {
      const name = SERVICE_NAMES[i % SERVICE_NAMES.length];
      const node = this.nodes[i % this.nodes.length];
      this.services.push({ id: `${name}-${Math.floor(i / SERVICE_NAMES.length) + 1}`, name, job_id: null, agent_id: null, address: node.host, port: 4000 + i, status, tags: [name.split('-')[0], i % 2 ? 'internal' : 'public'], meta: { version: `1.${i}.0` }, node: node.name });
    });
  }

  private seedJobs(): void {
    const now = this.now();
    const { completed, failed, cancelled, running } = this.cfg.seed_jobs;
    const stepMs = this.cfg.step_seconds * 1000;
    const startMs = this.cfg.start_delay_seconds * 1000;
    const pick = (i: number) => this.blueprints[i % Math.min(4, this.blueprints.length)];
    let n = 0;
    const make = (i: number, at: number, failStep?: string) => {
      const bp = pick(i);
      const job = this.runtime.create({ manifest: blueprintManifest(bp), source: 'manifest', at, failStep });
      return job;
    };
    const total = completed + failed + cancelled;
    for (let i = 0; i < total; i++) {
      const at = now - (total - i) * 15 * 60_000;
      const kind = i < completed ? 'completed' : i < completed + failed ? 'failed' : 'cancelled';
      const bp = pick(n);
      const job = make(n++, at, kind === 'failed' ? bp.steps[Math.min(1, bp.steps.length - 1)].id : undefined);
      if (kind === 'cancelled') {
        const cancelAt = at + startMs + stepMs * 1.3;
        this.runtime.advance(job, cancelAt);
        this.runtime.control(job, 'cancel', cancelAt);
      }
      this.runtime.advance(job, now);
    }
    for (let i = 0; i < running; i++) {
      const job = make(n++, now - startMs - stepMs * (1.5 + i * 0.4));
      this.runtime.advance(job, now);
    }
  }

  private seedSchedules(): void {
    for (let i = 0; i < this.cfg.seed_schedules; i++) {
      const bp = this.blueprints[i % this.blueprints.length];
      const id = `sched-${hex(this.rng, 8)}`;
      const sc: ScheduleState = {
        id,
        name: `nightly ${bp.id}`,
        kind: 'periodic',
        status: 'active',
        timezone: 'UTC',
        crons: ['0 2 * * *'],
        prohibitOverlap: true,
        missedPolicy: 'skip',
        catchupLimit: 10,
        manifest: blueprintManifest(bp),
        payloads: {},
        source: { kind: 'seed' },
        childJobIds: [],
        dispatchCount: 0,
        missedCount: 0,
        failureCount: 0,
        createdAt: this.now(),
        updatedAt: this.now(),
      };
      sc.nextRunAt = computeNext(sc, this.now());
      this.schedules.set(id, sc);
    }
  }

  // ------------------------------------------------------------------ the clock

  tick(): void {
    const now = this.now();
    this.runtime.tick(now);
    for (const l of this.launches.values()) advanceLaunch(l, now);
    for (const sc of this.schedules.values()) {
      if (sc.status !== 'active' || sc.nextRunAt === undefined) continue;
      let fired = 0;
      while (sc.nextRunAt !== undefined && sc.nextRunAt <= now && fired < 1000) {
        const at = sc.nextRunAt;
        const later = computeNext(sc, at);
        const missedAfter = later !== undefined && later <= now;
        if (missedAfter && sc.missedPolicy === 'skip') sc.missedCount++;
        else if (missedAfter && sc.missedPolicy === 'catchup_one' && fired >= 1) sc.missedCount++;
        else if (fired >= sc.catchupLimit && missedAfter) sc.missedCount++;
        else this.dispatch(sc, at, 'schedule');
        fired++;
        sc.nextRunAt = later;
        if (sc.kind === 'delayed') {
          sc.status = 'completed';
          sc.nextRunAt = undefined;
        }
      }
    }
  }

  // ------------------------------------------------------------------ jobs

  getJob(id: string): Job | undefined {
    return this.runtime.jobs.get(id);
  }

  getRun(id: string): Job | undefined {
    return this.runtime.runs.get(id);
  }

  /** Dispatch a schedule now (or at its due time): a child job unless overlapping is prohibited. */
  dispatch(sc: ScheduleState, at: number, reason: string): Job | undefined {
    const lastChild = sc.childJobIds.length ? this.runtime.jobs.get(sc.childJobIds[sc.childJobIds.length - 1]) : undefined;
    if (sc.prohibitOverlap && lastChild && !isTerminalJobStatus(lastChild.status) && reason === 'schedule') {
      sc.missedCount++;
      sc.lastDispatch = { at, job_id: null, reason: 'skipped_overlap' };
      return undefined;
    }
    const job = this.runtime.create({ manifest: sc.manifest, payloadNames: Object.keys(sc.payloads), source: 'schedule', scheduleId: sc.id, at });
    this.runtime.advance(job, this.now());
    sc.childJobIds.push(job.id);
    sc.dispatchCount++;
    sc.lastDispatch = { at, job_id: job.id, reason };
    sc.updatedAt = at;
    return job;
  }

  emitEvent(eventType: string, payload: Record<string, unknown>, source: string): TriggerEventState {
    const now = this.now();
    const ev: TriggerEventState = { event_id: `evt_${hex(this.rng, 12)}`, event_type: eventType, payload, source, emitted_at: iso(now), dispatched: [] };
    for (const sc of this.schedules.values()) {
      if (sc.kind !== 'event' || sc.status !== 'active' || sc.eventType !== eventType || !filterMatches(sc.filter, payload)) continue;
      const job = this.dispatch(sc, now, `event:${ev.event_id}`);
      ev.dispatched.push({ schedule_id: sc.id, job_id: job?.id ?? null });
    }
    this.events.push(ev);
    if (this.events.length > 1000) this.events.shift();
    return ev;
  }

  // ------------------------------------------------------------------ cluster facts

  healthyNodes(): NodeState[] {
    return this.nodes.filter((n) => n.status === 'healthy');
  }

  facts() {
    const healthy = this.healthyNodes();
    return {
      gpuCount: healthy.reduce((n, x) => n + x.gpuCount, 0),
      memoryGb: Math.max(0, ...healthy.map((n) => Math.floor((n.memoryGb * this.limits.memory) / 100))),
      installed: (m: string) => this.models.some((x) => x.id === m && x.installed),
    };
  }

  installModels(ids: string[]): Array<{ id: string; model: string; status: string; path: string }> {
    return ids.map((id) => {
      let m = this.models.find((x) => x.id === id);
      if (!m) {
        m = { id, docker_model: `ai/${id}`, installed: false, manual: false, sizeMb: 1000 };
        this.models.push(m);
      }
      const status = m.installed ? 'already_installed' : 'installed';
      m.installed = true;
      return { id, model: m.docker_model, status, path: `/var/lib/docker/models/${m.docker_model.replace(/[/:]/g, '_')}` };
    });
  }

  blueprint(id: string): BlueprintDef | undefined {
    return this.blueprints.find((b) => b.id === id);
  }

  blueprintView(bp: BlueprintDef): Record<string, unknown> {
    const facts = this.facts();
    return {
      id: bp.id,
      name: bp.name,
      path: `/opt/mirror-neuron/blueprints/${bp.id}`,
      category: bp.category,
      category_slug: bp.category.toLowerCase(),
      description: bp.description,
      agent_role: bp.agent_role,
      pricing: { model: 'free' },
      product: { tagline: bp.description.split('.')[0] },
      models: bp.models,
      installed: bp.models.every((m) => facts.installed(m)),
      inputs: bp.inputs,
      requirements: bp.requirements,
      steps: bp.steps.map((s) => s.id),
      has_video: Boolean(bp.video),
    };
  }

  validate(bp: BlueprintDef, config: Record<string, unknown>): Issue[] {
    return validateBlueprint(bp, config, this.facts());
  }

  /** Start a blueprint launch; its phases advance with the clock, and the job is submitted in the submit phase. */
  startLaunch(opts: { bp?: BlueprintDef; manifest: Record<string, unknown>; source: string; config: Record<string, unknown>; force: boolean; runId?: string; issues: Issue[]; immediate?: boolean }): Launch {
    const now = this.now();
    const progressId = `lp-${hex(this.rng, 12)}`;
    const errors = opts.issues.filter((i) => i.severity === 'error');
    const missing = (opts.bp?.models ?? []).filter((m) => !this.facts().installed(m));
    const stamp = iso(now).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const runId = opts.runId ?? `${(opts.bp?.id ?? 'bundle').replace(/_/g, '-')}-${stamp}-${hex(this.rng, 4)}`;
    const launch: Launch = {
      progressId,
      runId,
      jobId: null,
      source: opts.source,
      startedAt: now,
      phaseMs: 400,
      idx: 0,
      clock: now,
      status: 'pending',
      events: [],
      phases: [],
      skip: new Set(['context_engine', 'cleanup', ...(missing.length ? [] : ['model_install'])]),
      failAt: errors.length && !opts.force ? { phase: 'validation', message: `${errors.length} validation error(s): ${errors.map((e) => e.message).join('; ')}`, issues: errors } : undefined,
      submit: (at) => {
        const job = this.runtime.create({ manifest: opts.manifest, source: opts.bp ? 'blueprint' : 'bundle', blueprintId: opts.bp?.id, runId, video: Boolean(opts.bp?.video), at });
        this.runtime.advance(job, this.now());
        return job.id;
      },
      install: () => this.installModels(missing).filter((m) => m.status === 'installed').map((m) => m.id),
    };
    this.launches.set(progressId, launch);
    if (opts.immediate) advanceLaunch(launch, Infinity);
    else advanceLaunch(launch, now);
    return launch;
  }

  resourceView(): Record<string, unknown> {
    const nodes = this.healthyNodes().map((n) => ({ name: n.name, cpu_cores: n.cpuCores, cpu_model: 'AMD EPYC 7B13', gpu_count: n.gpuCount, gpu_model: n.gpuCount ? 'NVIDIA L4' : null, gpu_models: n.gpuCount ? ['NVIDIA L4'] : [], gpu_memory_total_mb: n.gpuCount * 23034, gpu_memory_free_mb: n.gpuCount * 21500, memory_gb: n.memoryGb }));
    const cpu = nodes.reduce((a, n) => a + n.cpu_cores, 0);
    const mem = nodes.reduce((a, n) => a + n.memory_gb, 0);
    const gpu = nodes.reduce((a, n) => a + n.gpu_count, 0);
    const gpuMem = Math.round(nodes.reduce((a, n) => a + n.gpu_memory_total_mb, 0) / 1024);
    return {
      mode: nodes.length > 1 ? 'cluster' : 'local',
      node_count: nodes.length,
      nodes,
      totals: { cpu_cores: cpu, memory_total_gb: mem, gpu_count: gpu, gpu_memory_total_gb: gpuMem },
      combined: { cpu_cores: Math.floor((cpu * this.limits.cpu) / 100), gpu_count: Math.floor((gpu * this.limits.gpu) / 100), memory_gb: Math.floor((mem * this.limits.memory) / 100), memory_total_gb: mem, memory_available_gb: Math.round(mem * 0.62), gpu_memory_total_gb: gpuMem },
      limits: { ...this.limits },
      native_ports: [
        { name: 'core_grpc', label: 'Core gRPC', host: 'localhost', port: '55051', target: 'localhost:55051' },
        { name: 'api', label: 'REST API', host: 'localhost', port: '54001', target: 'http://localhost:54001/api/v1' },
        { name: 'web_ui', label: 'Web UI', host: 'localhost', port: '55173', target: 'http://localhost:55173' },
      ],
    };
  }
}
