import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'scenarios',
  summary: 'list the built-in scenarios',
  async run(s, _opts) {
    const { listScenarios, loadScenario } = await import('../../src/mock/scenario.js');
    const rows = listScenarios().map((name) => loadScenario(name));
    s.out.list(
      rows,
      {
        columns: [
          { header: 'NAME', get: (r) => r.name },
          { header: 'SEED', get: (r) => r.seed },
          { header: 'FAULTS', get: (r) => r.faults.length },
          { header: 'DESCRIPTION', get: (r) => r.description },
        ],
        name: (r) => `scenario/${r.name}`,
      },
      rows.map((r) => ({ name: r.name, description: r.description, seed: r.seed, faults: r.faults })),
    );
  },
});
