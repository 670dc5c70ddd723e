import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';
import { asyaClient } from './client.js';

export default defineVerb({
  name: 'cancel',
  positional: '<id>',
  summary: 'cancel an envelope (idempotent: an envelope already final stays as it is) and show its status',
  async run(s, _opts, id: string) {
    id = nameArg(id, 'envelope');
    const asya = await asyaClient(s);
    await asya.cancel(id);
    const env = await asya.get(id);
    if (s.out.structured) {
      s.out.data(env);
    } else if (s.out.format === 'name') {
      s.out.text(`envelope/${id}`);
    } else if (env.status === 'canceled') {
      s.out.text(`envelope/${id} canceled`);
    } else {
      s.out.text(`envelope/${id} ${env.status}`);
      s.out.info(`envelope ${id} was already ${env.status}; nothing to cancel`);
    }
    return 0;
  },
});
