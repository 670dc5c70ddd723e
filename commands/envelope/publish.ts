import { defineVerb } from '../../src/app/command.js';
import { jsonObject, num, text } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';
import { usageError } from '../../src/app/reexports.js';
import { asyaClient } from './client.js';


export default defineVerb({
  name: 'publish',
  positional: '<id>',
  summary: 'publish a status or fly event on the internal port, as a sidecar does',
  args: {
    status: text('--status <status>', 'a status event: pending, running, paused, succeeded, failed, canceled (or received, processing, completed)'),
    progress: num('--progress <n>', 'progress to put in the status event data'),
    message: text('--message <text>', 'message to put in the status event data'),
    data: jsonObject('--data <json>', 'status event data: a JSON object, @file, or - for stdin', { example: '{"actor":"echo"}' }),
    fly: text('--fly <text>', 'a fly event: text streamed to watchers, never stored'),
  },
  notes: 'A status that does not rank above the stored one (pending < running < paused < succeeded|failed|canceled)\nis answered 204 and ignored by the server; meshscope says so.\n\nExamples:\n  meshscope envelope publish ID --status running --progress 50\n  meshscope envelope publish ID --fly "token "\n  meshscope envelope publish ID --status succeeded --data \'{"result":{"answer":42}}\'',
  async run(s, opts, id: string) {
    id = nameArg(id, 'envelope');
    const { checkStatus } = await import('../../src/backends/asya/input.js');
    if ((opts.status === undefined) === (opts.fly === undefined)) {
      throw usageError('give exactly one of --status and --fly', 'e.g. --status running --progress 50, or --fly "some text"');
    }
    const asya = await asyaClient(s);
    if (opts.fly !== undefined) {
      if (opts.progress !== undefined || opts.message !== undefined || opts.data !== undefined) throw usageError('--progress, --message and --data go with --status, not --fly', 'publish the fly text and the status as two events');
      const event = { type: 'fly', data: { text: opts.fly } };
      await asya.publish(id, event);
      if (s.out.structured) s.out.data({ id, published: event });
      else s.out.text(`published fly text to envelope/${id}`);
      return 0;
    }
    const status = checkStatus(opts.status!, '--status', true);
    const data: Record<string, unknown> = opts.data ?? {};
    const progress = opts.progress;
    if (progress !== undefined) data.progress = progress;
    if (opts.message !== undefined) data.message = opts.message;
    // Watchers key off data.status (live event data is passed through as posted).
    data.status ??= ['received', 'processing', 'completed'].includes(status) ? 'running' : status;
    const event = { type: 'status', status, data };
    await asya.publish(id, event);
    const env = await asya.get(id, 'internal');
    const expected = ['received', 'processing', 'completed'].includes(status) ? 'running' : status;
    const ignored = env.status !== expected;
    if (s.out.structured) s.out.data({ id, published: event, status: env.status, stored: !ignored });
    else s.out.text(`envelope/${id} ${env.status}`);
    if (ignored) {
      const { statusRank } = await import('../../src/backends/asya/models.js');
      const why = statusRank(expected) === statusRank(env.status) ? 'it does not rank above the stored status' : 'it ranks below the stored status';
      s.out.warn(`the server ignored the stale "${status}" status (${why}); envelope ${id} stays ${env.status}`);
    }
    return 0;
  },
});
