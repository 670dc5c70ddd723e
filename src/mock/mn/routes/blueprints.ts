/** Blueprints: the catalog, install, validate, runs, and launches with their progress (§2.6). */
import { blueprintManifest, launchRecord, validationReport, type Issue } from '../catalog.js';
import { inputIssues, requirementIssues } from '../admission.js';
import { boolParam, detail, jsonBody, ok, pydantic, validationProblem, type MnApi } from './common.js';

export function blueprintsRoutes(api: MnApi): void {
  const { world, route, basePath, facts } = api;

  const bpOr404 = (id: string) => {
    if (!/^[A-Za-z0-9_.-]{1,120}$/.test(id)) throw detail(400, 'invalid blueprint id');
    const bp = world.blueprint(id);
    if (!bp) throw detail(404, `blueprint ${id} not found`);
    return bp;
  };

  const configOf = (body: Record<string, unknown>): Record<string, unknown> => {
    const c = body.config_overwrite ?? body.config_overrides ?? {};
    if (c === null || typeof c !== 'object' || Array.isArray(c)) throw pydantic(['body', 'config_overwrite'], 'Input should be a valid dictionary', 'dict_type', c);
    return c as Record<string, unknown>;
  };

  route('GET', '/blueprints', (req, res) => {
    const wanted = (req.query.get('category') ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter(Boolean);
    const list = world.blueprints.filter((b) => !wanted.length || wanted.includes(b.category.toLowerCase()));
    const cats = new Map<string, number>();
    for (const b of world.blueprints) cats.set(b.category, (cats.get(b.category) ?? 0) + 1);
    ok(res, { repo_dir: '/opt/mirror-neuron/blueprints', blueprints: list.map((b) => world.blueprintView(b)), categories: [...cats].map(([name, count]) => ({ name, slug: name.toLowerCase(), count })) });
  });

  route('GET', '/blueprints/launch/progress/{progress_id}', (req, res) => {
    const id = req.params.progress_id;
    if (!/^[A-Za-z0-9_.:-]{1,220}$/.test(id)) throw detail(400, 'invalid progress id');
    const l = world.launches.get(id);
    if (!l) throw detail(404, 'launch progress not found');
    ok(res, launchRecord(l, basePath(req)));
  });

  route('GET', '/blueprints/{blueprint_id}', (req, res) => ok(res, { blueprint: world.blueprintView(bpOr404(req.params.blueprint_id)) }));

  route('POST', '/blueprints/{blueprint_id}/install', (req, res) => {
    const bp = bpOr404(req.params.blueprint_id);
    const force = boolParam(req, 'force', false);
    const models = world.installModels(bp.models).map((m) => (force && m.status === 'already_installed' ? { ...m, status: 'reinstalled' } : m));
    ok(res, { installed: true, blueprint: world.blueprintView(bp), model_install: { ok: true, models, errors: [] } });
  });

  route('POST', '/blueprints/{blueprint_id}/validate', (req, res) => {
    const bp = bpOr404(req.params.blueprint_id);
    const issues = world.validate(bp, configOf(jsonBody(req)));
    ok(res, { blueprint: world.blueprintView(bp), validation: validationReport(issues) });
  });

  route('POST', '/blueprints/{blueprint_id}/runs', (req, res) => {
    const bp = bpOr404(req.params.blueprint_id);
    const body = jsonBody(req);
    const config = configOf(body);
    const force = body.force === true;
    const issues = world.validate(bp, config);
    if (issues.some((i) => i.severity === 'error') && !force) throw validationProblem(422, 'blueprint_validation_failed', 'Blueprint validation failed', issues);
    const missing = bp.models.filter((m) => !world.facts().installed(m));
    const install = world.installModels(missing);
    const launch = world.startLaunch({ bp, manifest: blueprintManifest(bp, config), source: 'catalog', config, force: true, runId: typeof body.run_id === 'string' ? body.run_id : undefined, issues, immediate: true });
    const base = basePath(req);
    ok(res, {
      job_id: launch.jobId,
      id: launch.jobId,
      run_id: launch.runId,
      status: 'pending',
      source: 'catalog',
      blueprint: world.blueprintView(bp),
      validation: validationReport(issues),
      model_install: { ok: true, models: install, errors: [] },
      progress_id: launch.progressId,
      progress_url: `${base}/blueprints/launch/progress/${launch.progressId}`,
      web_ui_service: bp.video ? { name: 'web-ui', url: `http://localhost:55173/runs/${launch.runId}` } : null,
    });
  });

  /** The source of a launch request: a catalog blueprint, a server path of one, or an uploaded bundle. */
  const launchSource = (body: Record<string, unknown>) => {
    const source = String(body.source ?? (body._bundle_path ? 'bundle' : body.path ? 'path' : 'catalog'));
    if (!['catalog', 'path', 'bundle'].includes(source)) throw pydantic(['body', 'source'], "Input should be 'catalog', 'path' or 'bundle'", 'literal_error', source);
    const config = configOf(body);
    if (source === 'bundle') {
      const b = typeof body._bundle_path === 'string' ? world.bundles.get(body._bundle_path) : undefined;
      if (!b) throw detail(400, 'unknown uploaded bundle');
      // the gateway's own checks of what it would submit: requirements and input rules, not the schema
      const issues: Issue[] = [...requirementIssues(b.manifest, facts()), ...inputIssues(b.manifest, Object.keys(b.payloads))];
      return { source, bp: undefined, manifest: b.manifest, config, issues };
    }
    let id = typeof body.blueprint_id === 'string' ? body.blueprint_id : undefined;
    if (source === 'path') {
      const p = typeof body.path === 'string' ? body.path : '';
      const m = /\/blueprints\/([A-Za-z0-9_.-]+)\/?$/.exec(p);
      if (!m) throw detail(400, `blueprint path not found: ${p || '(empty)'}`);
      id = m[1];
    }
    if (!id) throw detail(422, 'blueprint_id is required for catalog launches');
    const bp = bpOr404(id);
    return { source, bp, manifest: blueprintManifest(bp, config), config, issues: world.validate(bp, config) };
  };

  route('POST', '/blueprints/launch/validate', (req, res) => {
    const src = launchSource(jsonBody(req));
    ok(res, { source: src.source, blueprint: src.bp ? world.blueprintView(src.bp) : null, validation: validationReport(src.issues), manifest: src.manifest });
  });

  route('POST', '/blueprints/launch/runs', (req, res) => {
    const body = jsonBody(req);
    const src = launchSource(body);
    const launch = world.startLaunch({ bp: src.bp, manifest: src.manifest, source: src.source, config: src.config, force: body.force === true, runId: typeof body.run_id === 'string' ? body.run_id : undefined, issues: src.issues });
    ok(res, { status: 'launching', run_id: launch.runId, job_id: null, source: src.source, progress_id: launch.progressId, progress_url: `${basePath(req)}/blueprints/launch/progress/${launch.progressId}` }, 202);
  });
}
