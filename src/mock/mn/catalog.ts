/**
 * The mock's blueprint catalog and launch pipeline: catalog entries with their workflow manifests,
 * model requirements and hardware requirements; validation reports; and launch progress records
 * that move through the real phases (resolve_source ... launch) on the simulated clock.
 */
import type { Rng } from '../rng.js';

export interface BlueprintDef {
  id: string;
  name: string;
  category: string;
  description: string;
  agent_role: string;
  models: string[];
  steps: Array<{ id: string; label: string; workers: number }>;
  inputs: Record<string, { type: string; required?: boolean; default?: unknown }>;
  requirements: { gpu_count?: number; memory_gb?: number };
  video?: boolean;
}

const BUILT_IN: BlueprintDef[] = [
  {
    id: 'portfolio_risk_review_assistant',
    name: 'Portfolio Risk Review Assistant',
    category: 'Finance',
    description: 'Reviews a portfolio export, scores concentration and liquidity risk, and drafts a memo.',
    agent_role: 'Risk analyst',
    models: ['gemma4:e2b'],
    steps: [
      { id: 'intake', label: 'Intake', workers: 1 },
      { id: 'score', label: 'Score risks', workers: 2 },
      { id: 'review', label: 'Analyst review', workers: 1 },
      { id: 'memo', label: 'Write memo', workers: 1 },
    ],
    inputs: { portfolio_file: { type: 'string', default: 'payloads/portfolio.csv' }, risk_threshold: { type: 'number', default: 0.2 } },
    requirements: {},
  },
  {
    id: 'tax_form_ocr_capture_assistant',
    name: 'Tax Form OCR Capture Assistant',
    category: 'Finance',
    description: 'Captures fields from scanned tax forms and reconciles them against the ledger.',
    agent_role: 'Tax preparer',
    models: ['gemma4:e2b', 'ocr-lite:1b'],
    steps: [
      { id: 'intake', label: 'Intake', workers: 1 },
      { id: 'ocr', label: 'OCR capture', workers: 2 },
      { id: 'reconcile', label: 'Reconcile', workers: 1 },
      { id: 'report', label: 'Report', workers: 1 },
    ],
    inputs: { folder: { type: 'string', default: 'payloads/forms' } },
    requirements: {},
  },
  {
    id: 'research_brief_assistant',
    name: 'Research Brief Assistant',
    category: 'Research',
    description: 'Collects sources on a topic and writes a cited brief.',
    agent_role: 'Research assistant',
    models: ['qwen3:4b'],
    steps: [
      { id: 'plan', label: 'Plan', workers: 1 },
      { id: 'research', label: 'Research', workers: 3 },
      { id: 'write', label: 'Write brief', workers: 1 },
    ],
    inputs: { topic: { type: 'string', required: true, default: 'distributed actor runtimes' } },
    requirements: {},
  },
  {
    id: 'video_highlights_assistant',
    name: 'Video Highlights Assistant',
    category: 'Media',
    description: 'Finds highlights in a recording and renders a short reel.',
    agent_role: 'Video editor',
    models: ['gemma4:e2b'],
    steps: [
      { id: 'ingest', label: 'Ingest', workers: 1 },
      { id: 'detect', label: 'Detect highlights', workers: 2 },
      { id: 'render', label: 'Render reel', workers: 1 },
    ],
    inputs: { recording: { type: 'string', default: 'payloads/recording.mp4' } },
    requirements: {},
    video: true,
  },
  {
    id: 'gpu_finetune_assistant',
    name: 'GPU Fine-tune Assistant',
    category: 'Engineering',
    description: 'Fine-tunes a small model on a labelled dataset (needs two GPUs).',
    agent_role: 'ML engineer',
    models: ['qwen3:4b'],
    steps: [
      { id: 'prepare', label: 'Prepare data', workers: 1 },
      { id: 'train', label: 'Train', workers: 1 },
      { id: 'evaluate', label: 'Evaluate', workers: 1 },
    ],
    inputs: { dataset: { type: 'string', default: 'payloads/train.jsonl' }, epochs: { type: 'number', default: 1 } },
    requirements: { gpu_count: 2, memory_gb: 48 },
  },
];

const CATEGORIES = ['Business', 'Finance', 'Research', 'Media', 'Engineering', 'Operations'];

export function catalog(extra: number, rng: Rng): BlueprintDef[] {
  const out = [...BUILT_IN];
  for (let i = 0; i < extra; i++) {
    const category = CATEGORIES[i % CATEGORIES.length];
    out.push({
      id: `${category.toLowerCase()}_assistant_${String(i + 1).padStart(3, '0')}`,
      name: `${category} Assistant ${i + 1}`,
      category,
      description: `A generated ${category.toLowerCase()} blueprint (#${i + 1}).`,
      agent_role: `${category} specialist`,
      models: [rng.pick(['gemma4:e2b', 'qwen3:4b'])],
      steps: [
        { id: 'intake', label: 'Intake', workers: 1 },
        { id: 'work', label: 'Work', workers: rng.int(1, 3) },
        { id: 'report', label: 'Report', workers: 1 },
      ],
      inputs: {},
      requirements: {},
    });
  }
  return out;
}

/** The mn.workflow/v1 manifest a blueprint run submits. */
export function blueprintManifest(bp: BlueprintDef, config: Record<string, unknown> = {}): Record<string, unknown> {
  const steps = bp.steps.map((st) => ({ id: st.id, label: st.label, run: st.id, control: { required: true, retry: { max_attempts: 3 }, failure_policy: 'fail_workflow' } }));
  const edges = bp.steps.slice(1).map((st, i) => ({ id: `${bp.steps[i].id}_to_${st.id}`, from: bp.steps[i].id, to: st.id, required: true }));
  const bindings: Record<string, unknown> = {};
  const nodes: Array<{ node_id: string }> = [];
  for (const st of bp.steps) {
    const workers = Array.from({ length: st.workers }, (_, i) => ({ id: `${st.id}:${st.workers > 1 ? `worker${i + 1}` : 'worker'}`, role: st.label }));
    bindings[st.id] = { workers };
    for (const w of workers) nodes.push({ node_id: w.id });
  }
  return {
    apiVersion: 'mn.workflow/v1',
    kind: 'Workflow',
    id: bp.id,
    name: bp.name,
    manifest_version: '1.0',
    job_name: bp.id.replace(/_/g, '-'),
    metadata: { blueprint_id: bp.id, description: bp.description },
    contract: { inputs: Object.fromEntries(Object.entries(bp.inputs).map(([k, v]) => [k, { type: v.type }])), outputs: { primary: { path: 'final_artifact.json' } } },
    config,
    workflow: { schema: 'mn.workflow.problem_graph/v1', workflow_id: `${bp.id}_v1`, mode: 'static_dag', entrypoint: bp.steps[0].id, source: bp.steps[0].id, sink: bp.steps[bp.steps.length - 1].id, steps, edges },
    agents: { schema: 'mn.agents.communication_graph/v1', entrypoints: [nodes[0].node_id], nodes, edges: [] },
    runtime: { bindings, models: Object.fromEntries(bp.models.map((m, i) => [i ? `model_${i}` : 'primary', { provider: 'docker_model_runner', model: m, required: true }])) },
  };
}

export interface ClusterFacts {
  gpuCount: number;
  memoryGb: number;
  installed: (model: string) => boolean;
}

export interface Issue {
  code: string;
  message: string;
  help: string;
  severity: 'error' | 'warning';
  location: { source: string; path: string; pointer: string };
  expected?: unknown;
  actual?: unknown;
  rule?: { name: string };
}

export function validationReport(issues: Issue[]): Record<string, unknown> {
  const errors = issues.filter((i) => i.severity === 'error');
  return { version: 1, schema_version: 'validation.report/v1', ok: errors.length === 0, status: errors.length ? 'failed' : 'passed', error_count: errors.length, errors: errors.map((e) => e.message), issues, results: [] };
}

/** Hardware requirements (`gpu_count`, `memory_gb`) the healthy cluster cannot meet. */
export function hardwareIssues(req: { gpu_count?: number; memory_gb?: number }, facts: ClusterFacts): Issue[] {
  const issues: Issue[] = [];
  if (req.gpu_count && facts.gpuCount < req.gpu_count) {
    issues.push({
      code: 'requirements.gpu_insufficient',
      message: `needs ${req.gpu_count} GPU(s), the cluster has ${facts.gpuCount}`,
      help: 'add a GPU node (meshscope node add HOST) or pick a blueprint that runs on CPU',
      severity: 'error',
      location: { source: 'requirements', path: 'gpu_count', pointer: '/requirements/gpu_count' },
      expected: { gpu_count: req.gpu_count },
      actual: { gpu_count: facts.gpuCount },
      rule: { name: 'hardware.gpu' },
    });
  }
  if (req.memory_gb && facts.memoryGb < req.memory_gb) {
    issues.push({
      code: 'requirements.memory_insufficient',
      message: `needs ${req.memory_gb} GB of memory on one node, the largest node has ${facts.memoryGb} GB`,
      help: 'raise the memory limit (meshscope resource set --memory 100) or add a larger node',
      severity: 'error',
      location: { source: 'requirements', path: 'memory', pointer: '/requirements/memory' },
      expected: { memory_gb: req.memory_gb },
      actual: { memory_gb: facts.memoryGb },
      rule: { name: 'hardware.memory' },
    });
  }
  return issues;
}

export function validateBlueprint(bp: BlueprintDef, config: Record<string, unknown>, facts: ClusterFacts): Issue[] {
  const issues: Issue[] = [];
  for (const key of Object.keys(config)) {
    if (!(key in bp.inputs)) {
      issues.push({ code: 'config.unknown_field', message: `unknown config field "${key}"`, help: `known fields: ${Object.keys(bp.inputs).join(', ') || '(none)'}`, severity: 'error', location: { source: 'config', path: key, pointer: `/config/${key}` } });
    }
  }
  for (const [key, spec] of Object.entries(bp.inputs)) {
    const v = config[key] ?? spec.default;
    if (spec.required && (v === undefined || v === '')) issues.push({ code: 'inputs.required', message: `input "${key}" is required`, help: `pass --set ${key}=VALUE`, severity: 'error', location: { source: 'inputs', path: key, pointer: `/inputs/${key}` } });
    if (v !== undefined && spec.type === 'number' && typeof v !== 'number' && Number.isNaN(Number(v))) {
      issues.push({ code: 'inputs.type', message: `input "${key}" must be a number`, help: `pass --set ${key}=NUMBER`, severity: 'error', location: { source: 'inputs', path: key, pointer: `/inputs/${key}` }, expected: { type: 'number' }, actual: { value: v } });
    }
  }
  issues.push(...hardwareIssues(bp.requirements, facts));
  for (const m of bp.models) {
    if (!facts.installed(m)) issues.push({ code: 'models.not_installed', message: `model ${m} is not installed; it will be installed at launch`, help: `meshscope blueprint install ${bp.id}`, severity: 'warning', location: { source: 'models', path: m, pointer: `/models/${m}` } });
  }
  return issues;
}

// ---------------------------------------------------------------- launch progress

export const PHASES: Array<{ id: string; label: string; done: string }> = [
  { id: 'resolve_source', label: 'Find blueprint', done: 'Blueprint found' },
  { id: 'requirements', label: 'Check requirements', done: 'Requirements met' },
  { id: 'model_install', label: 'Prepare runtime models', done: 'Models ready' },
  { id: 'context_engine', label: 'Context engine', done: 'Context engine ready' },
  { id: 'validation', label: 'Validate inputs', done: 'Inputs valid' },
  { id: 'cleanup', label: 'Clean previous runs', done: 'Nothing to clean' },
  { id: 'pre_launch', label: 'Pre-launch checks', done: 'Checks passed' },
  { id: 'prepare_bundle', label: 'Package workflow', done: 'Workflow packaged' },
  { id: 'submit', label: 'Submit runtime job', done: 'Job submitted' },
  { id: 'launch', label: 'Launch', done: 'Launched' },
];

export interface Launch {
  progressId: string;
  runId: string;
  jobId: string | null;
  source: string;
  startedAt: number;
  phaseMs: number;
  /** Index of the phase being worked on. */
  idx: number;
  clock: number;
  status: 'pending' | 'running' | 'completed' | 'failed';
  events: Array<Record<string, unknown>>;
  phases: Array<Record<string, unknown>>;
  error?: Record<string, unknown>;
  /** Phases that are skipped, and the failure of one phase (validation) if any. */
  skip: Set<string>;
  failAt?: { phase: string; message: string; issues: Issue[] };
  /** Called when the submit phase completes; returns the job id. */
  submit: (at: number) => string;
  /** Models installed during model_install. */
  install: () => string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function setPhase(l: Launch, at: number, id: string, status: string, message: string, details?: Record<string, unknown>): void {
  const label = PHASES.find((p) => p.id === id)?.label ?? id;
  const existing = l.phases.find((p) => p.id === id);
  const rec = { version: 1, id, label, status, message, updated_at: iso(at) };
  if (existing) Object.assign(existing, rec);
  else l.phases.push(rec);
  l.events.push({ version: l.events.length + 1, ts: iso(at), phase: id, status, message, label, ...(details ? { details } : {}) });
}

/** Advance a launch to `now`, phase by phase. */
export function advanceLaunch(l: Launch, now: number): void {
  for (let guard = 0; guard < 100 && l.status !== 'completed' && l.status !== 'failed'; guard++) {
    const phase = PHASES[l.idx];
    if (!phase) return;
    if (l.status === 'pending') {
      l.status = 'running';
      setPhase(l, l.clock, phase.id, 'running', `${phase.label}…`);
    }
    const due = l.clock + (l.skip.has(phase.id) ? 0 : l.phaseMs);
    if (due > now) return;
    l.clock = due;
    if (l.skip.has(phase.id)) {
      setPhase(l, due, phase.id, 'skipped', 'Skipped: not needed');
    } else if (l.failAt && l.failAt.phase === phase.id) {
      setPhase(l, due, phase.id, 'failed', l.failAt.message, { issues: l.failAt.issues });
      setPhase(l, due, 'launch', 'failed', `Launch failed: ${l.failAt.message}`);
      l.status = 'failed';
      l.error = { code: 'blueprint_validation_failed', message: l.failAt.message, issues: l.failAt.issues };
      return;
    } else if (phase.id === 'model_install') {
      const models = l.install();
      setPhase(l, due, phase.id, 'completed', models.length ? `Installed ${models.join(', ')}` : 'All models already installed');
    } else if (phase.id === 'submit') {
      l.jobId = l.submit(due);
      setPhase(l, due, phase.id, 'completed', `Submitted job ${l.jobId}`);
    } else if (phase.id === 'launch') {
      setPhase(l, due, phase.id, 'completed', `Run ${l.runId} launched`);
      l.status = 'completed';
      return;
    } else {
      setPhase(l, due, phase.id, 'completed', phase.done);
    }
    l.idx++;
    const next = PHASES[l.idx];
    if (next) setPhase(l, due, next.id, 'running', `${next.label}…`);
  }
}

export function launchRecord(l: Launch, base: string): Record<string, unknown> {
  const latest = l.events[l.events.length - 1] ?? null;
  const rec: Record<string, unknown> = {
    version: 1,
    progress_id: l.progressId,
    schema_version: 'mn.launch_progress.v1',
    run_id: l.runId,
    job_id: l.jobId,
    source: l.source,
    events: l.events,
    phases: l.phases,
    latest,
    completed: l.status === 'completed' || l.status === 'failed',
    status: l.status,
    current_phase: PHASES[Math.min(l.idx, PHASES.length - 1)].id,
    progress_url: `${base}/blueprints/launch/progress/${l.progressId}`,
  };
  if (l.error) rec.error = l.error;
  return rec;
}
