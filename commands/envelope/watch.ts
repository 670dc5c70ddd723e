import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';
import { asyaClient } from './client.js';
import { followToEnd } from './follow.js';

export default defineVerb({
  name: 'watch',
  positional: '<id>',
  summary: 'follow an envelope over SSE until its final status: fly text to stdout, status to stderr (NDJSON events with -o json); reconnects if the stream drops; exit 0 succeeded, 1 failed or canceled',
  async run(s, _opts, id: string) {
    id = nameArg(id, 'envelope');
    const asya = await asyaClient(s);
    return followToEnd(s, asya, id, false);
  },
});
