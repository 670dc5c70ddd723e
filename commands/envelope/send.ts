import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { asyaClient } from './client.js';
import { followToEnd } from './follow.js';

interface Opts {
  payload?: string;
  header?: string[];
  taskTimeout?: string;
  namespace?: string;
  watch?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('send <actor>')
    .description('create an envelope for ACTOR and print its id; with --watch, follow it to its final status')
    .option('--payload <json>', 'the payload: JSON text, @file, or - to read stdin')
    .option('--header <key=value>', 'an envelope header (repeatable)', collect)
    .option('--task-timeout <seconds>', 'the envelope\'s own timeout: the server fails it with "task timed out" after S seconds (the global --timeout bounds this command instead)')
    .option('--namespace <ns>', 'namespace override (the server default is ASYA_NAMESPACE)')
    .option('--watch', 'stream fly text to stdout and status changes to stderr until the final status; exit 0 succeeded, 1 failed or canceled')
    .addHelpText('after', '\nExamples:\n  meshscope envelope send echo --payload \'{"query":"hello"}\' --watch\n  meshscope envelope send summarize --payload @doc.json --task-timeout 300\n  echo \'{"q":1}\' | meshscope envelope send echo --payload -')
    .action(
      host.act(async (s, opts: Opts, actor: string) => {
        const { parseHeaders, parseIntFlag, readJsonArg } = await import('../../src/backends/asya/input.js');
        const body: { payload?: unknown; headers?: Record<string, string>; timeout?: number } = {};
        if (opts.payload !== undefined) body.payload = await readJsonArg(opts.payload, '--payload', s.io.stdin);
        const headers = parseHeaders(opts.header);
        if (headers) body.headers = headers;
        const timeout = parseIntFlag(opts.taskTimeout, '--task-timeout', 1);
        if (timeout !== undefined) body.timeout = timeout;
        const asya = await asyaClient(s);
        const { id } = await asya.create(actor, body, { namespace: opts.namespace, signal: s.signal });
        if (!opts.watch) {
          if (s.out.structured) s.out.data({ id });
          else if (s.out.format === 'name') s.out.text(`envelope/${id}`);
          else s.out.text(id);
          return 0;
        }
        if (s.out.format === 'json') s.out.ndjson({ event: 'created', id, actor });
        else s.out.info(`envelope ${id} sent to ${actor}; watching (Ctrl-C to stop)`);
        return followToEnd(s, asya, id, true);
      }),
    );
}
