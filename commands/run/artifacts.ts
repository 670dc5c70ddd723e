import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'artifacts',
  positional: '<run-id>',
  summary: 'the run-store artifacts of a run, with sizes and checksums',
  async run(s, _opts, id) {
    id = nameArg(id, 'run');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { artifactView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).runArtifacts(id);
    s.out.list(res.artifacts, artifactView, res);
  },
});
