/** Models: the list and benchmarks (§2.10). */
import { detail, jsonBody, ok, pydantic, type MnApi } from './common.js';

export function modelsRoutes(api: MnApi): void {
  const { world, route } = api;

  const modelView = (m: (typeof world.models)[number]) => {
    const usedBy = world.blueprints.filter((b) => b.models.includes(m.id)).map((b) => b.id);
    return { id: m.id, docker_model: m.docker_model, installed: m.installed, manual: m.manual, node: world.nodes[0].name, nodes: m.installed ? world.healthyNodes().map((n) => n.name) : [], owner_count: usedBy.length, used_by: usedBy, orphaned: m.installed && usedBy.length === 0 && !m.manual, size_mb: m.sizeMb, compatibility: { status: 'pass', ok: true, message: 'fits in memory', warnings: [] } };
  };

  route('GET', '/models', (_req, res) => ok(res, { runner_available: true, node: world.nodes[0].name, models: world.models.map(modelView) }));

  route('POST', '/models/{model_id}/benchmark', (req, res) => {
    const body = jsonBody(req);
    const maxTokens = body.max_tokens ?? 96;
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) throw pydantic(['body', 'max_tokens'], 'Input should be a valid integer', 'int_type', maxTokens);
    if (maxTokens < 16) throw pydantic(['body', 'max_tokens'], 'Input should be greater than or equal to 16', 'greater_than_equal', maxTokens);
    if (maxTokens > 512) throw pydantic(['body', 'max_tokens'], 'Input should be less than or equal to 512', 'less_than_equal', maxTokens);
    const m = world.models.find((x) => x.id === req.params.model_id || x.docker_model === req.params.model_id);
    if (!m || !m.installed) throw detail(404, `model ${req.params.model_id} is not installed`);
    const tps = 18 + (m.sizeMb % 37);
    const first = 120 + (m.sizeMb % 90);
    ok(res, { model: m.id, name: m.id, docker_model: m.docker_model, api_model: m.docker_model, node: world.nodes[0].name, elapsed_ms: Math.round(first + (maxTokens / tps) * 1000), first_token_ms: first, generated_tokens: maxTokens, tokens_per_second: tps, sample: 'The mesh is healthy and every node answers promptly.', estimated: true });
  });
}
