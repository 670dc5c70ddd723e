import { defineVerb } from '../../src/app/command.js';
import { bool, duration, json, list, text } from '../../src/app/flags.js';
import { asyaClient } from './client.js';
import { followToEnd } from './follow.js';

export default defineVerb({
  name: 'send',
  positional: '<actor>',
  summary: 'create an envelope for ACTOR and print its id; with --watch, follow it to its final status',
  args: {
    payload: json('--payload <json>', 'the payload: JSON text, @file, or - to read stdin', { example: '{"query":"hello"}' }),
    header: list('--header <key=value>', 'an envelope header (repeatable)'),
    taskTimeout: duration('--task-timeout <duration>', 'the envelope\'s own timeout, whole seconds: the server fails it with "task timed out" after it (the global --timeout bounds this command instead)', { min: 1000, bareUnit: 's' }),
    namespace: text('--namespace <ns>', 'namespace override (the server default is ASYA_NAMESPACE)'),
    watch: bool('--watch', 'stream fly text to stdout and status changes to stderr until the final status; exit 0 succeeded, 1 failed or canceled'),
  },
  examples: ['meshscope envelope send echo --payload \'{"query":"hello"}\' --watch', 'meshscope envelope send summarize --payload @doc.json --task-timeout 5m', 'echo \'{"q":1}\' | meshscope envelope send echo --payload -'],
  async run(s, opts, actor: string) {
    const { parseHeaders } = await import('../../src/backends/asya/input.js');
    const body: { payload?: unknown; headers?: Record<string, string>; timeout?: number } = {};
    if (opts.payload !== undefined) body.payload = opts.payload;
    const headers = parseHeaders(opts.header.length ? opts.header : undefined);
    if (headers) body.headers = headers;
    const timeout = opts.taskTimeout === undefined ? undefined : Math.ceil(opts.taskTimeout / 1000);
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
  },
});
