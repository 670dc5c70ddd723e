import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'result',
  positional: '<run-id>',
  summary: 'the result metadata of a finished run (result.json)',
  async run(s, _opts, id) {
    id = nameArg(id, 'run');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { statusTone } = await import('../../src/backends/mn/render.js');
    const r = await new MnClient(await s.client('mn')).runResult(id);
    const x = r as Record<string, unknown>;
    s.out.item(
      [
        ['Run ID', r.run_id ?? id],
        ['Job ID', x.job_id],
        ['Status', r.status, statusTone(r.status)],
        ['Completed', x.completed_at],
        ['Summary', x.summary],
        ['Outputs', x.outputs ? JSON.stringify(x.outputs) : undefined],
      ],
      r,
      `run/${r.run_id ?? id}`,
    );
  },
});
