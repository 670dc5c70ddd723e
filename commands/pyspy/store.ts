import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'store',
  positional: '<ref>',
  summary: 'take a py-spy dump of a proc and store it in the telemetry store; prints the dump_id and the query that reads it back',
  async run(s, _opts, ref: string) {
    const { pyspyStore } = await import('../../src/profiling/pyspy-flows.js');
    const { AdminClient } = await import('../../src/backends/admin/client.js');
    return pyspyStore(new AdminClient(await s.client('admin')), s.out, ref, s.signal);
  },
});
