/**
 * What the mock gateway checks before it submits a manifest, by its own rules: the requirements
 * (required runtime models installed, the hardware a manifest asks for) and the input rules
 * (declared inputs marked required are supplied). Like the real mn-api (reference/mirrorneuron.md
 * §2.4), it never checks the workflow schema: a manifest the runtime can read is a manifest it
 * runs, and schema validation is the CLI's (`--validate`). `force` skips all of it.
 */
import { hardwareIssues, type ClusterFacts, type Issue } from './catalog.js';

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Required runtime models no node has: 412 `requirements_not_met` (the core's FAILED_PRECONDITION). */
export function requirementIssues(manifest: Raw, facts: ClusterFacts): Issue[] {
  const issues: Issue[] = [];
  const runtime = isObj(manifest.runtime) ? manifest.runtime : {};
  const models = isObj(runtime.models) ? runtime.models : {};
  for (const [key, m] of Object.entries(models)) {
    if (!isObj(m) || m.required !== true) continue;
    const id = String(m.model ?? m.runtime_model ?? '');
    if (!id || facts.installed(id)) continue;
    issues.push({
      code: 'requirements.model_missing',
      message: `required model ${id} is not installed on any node`,
      help: `install it (meshscope blueprint install BLUEPRINT, or docker model pull ${id}), or submit with --force to start without it`,
      severity: 'error',
      location: { source: 'requirements', path: `runtime.models.${key}`, pointer: `/runtime/models/${key}` },
      expected: { installed: true },
      actual: { installed: false },
      rule: { name: 'models.installed' },
    });
  }
  const req = isObj(manifest.requirements) ? manifest.requirements : {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  issues.push(...hardwareIssues({ gpu_count: num(req.gpu_count), memory_gb: num(req.memory_gb) }, facts));
  return issues;
}

/**
 * Declared inputs (`contract.inputs.<name>`, or a legacy `inputs.<name>`) marked `required: true`
 * that nothing supplies: no payload named after the input (`topic`, `topic.txt`), no
 * `initial_inputs.<name>` and no `default`. 422 `input_validation_failed`.
 */
export function inputIssues(manifest: Raw, payloadNames: string[]): Issue[] {
  const contract = isObj(manifest.contract) ? manifest.contract : {};
  const declared = isObj(contract.inputs) ? contract.inputs : isObj(manifest.inputs) ? manifest.inputs : {};
  const base = isObj(contract.inputs) ? '/contract/inputs' : '/inputs';
  const initial = isObj(manifest.initial_inputs) ? manifest.initial_inputs : {};
  const supplied = (name: string) => name in initial || payloadNames.some((p) => p === name || p.startsWith(`${name}.`) || p.startsWith(`${name}/`));
  const issues: Issue[] = [];
  for (const [name, spec] of Object.entries(declared)) {
    if (!isObj(spec) || spec.required !== true || spec.default !== undefined || supplied(name)) continue;
    issues.push({
      code: 'inputs.required',
      message: `input "${name}" is required`,
      help: `add a payload named ${name} (e.g. --payload ${name}.txt=FILE) or set initial_inputs.${name} in the manifest`,
      severity: 'error',
      location: { source: 'inputs', path: name, pointer: `${base}/${name}` },
      expected: { supplied: true },
      actual: { supplied: false },
      rule: { name: 'inputs.required' },
    });
  }
  return issues;
}
