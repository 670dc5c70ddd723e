import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';
import { usageError } from '../../src/app/reexports.js';
import { asyaClient } from './client.js';

interface Opts {
  status?: string;
  progress?: string;
  message?: string;
  data?: string;
  fly?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('publish <id>')
    .description('publish a status or fly event on the internal port, as a sidecar does')
    .option('--status <status>', 'a status event: pending, running, paused, succeeded, failed, canceled (or received, processing, completed)')
    .option('--progress <n>', 'progress to put in the status event data')
    .option('--message <text>', 'message to put in the status event data')
    .option('--data <json>', 'status event data: a JSON object, @file, or - for stdin')
    .option('--fly <text>', 'a fly event: text streamed to watchers, never stored')
    .addHelpText('after', '\nA status that does not rank above the stored one (pending < running < paused < succeeded|failed|canceled)\nis answered 204 and ignored by the server; meshscope says so.\n\nExamples:\n  meshscope envelope publish ID --status running --progress 50\n  meshscope envelope publish ID --fly "token "\n  meshscope envelope publish ID --status succeeded --data \'{"result":{"answer":42}}\'')
    .action(
      host.act(async (s, opts: Opts, id: string) => {
        id = nameArg(id, 'envelope');
        const { checkStatus, parseNumberFlag, readJsonObjectArg } = await import('../../src/backends/asya/input.js');
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
        const data: Record<string, unknown> = opts.data !== undefined ? await readJsonObjectArg(opts.data, '--data', s.io.stdin) : {};
        const progress = parseNumberFlag(opts.progress, '--progress');
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
      }),
    );
}
