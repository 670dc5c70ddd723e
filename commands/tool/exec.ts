import { defineVerb } from '../../src/app/command.js';
import { json, list } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'exec',
  positional: '<tool>',
  summary: 'run a tool directly, outside any agent (POST /v1/tools/execute)',
  args: {
    arg: list('--arg <key=value>', 'one argument; repeat for more (numbers, true/false and JSON values are typed)'),
    input: json('--input <json>', 'all arguments as a JSON object, @file.json, or - for stdin (--arg values are added on top)'),
  },
  notes: `Prints the tool's result (JSON); -o json prints the daemon's whole answer. Exit 1 when the tool failed
or the daemon cannot run it (status not_configured), 3 for an unknown tool.`,
  examples: ["meshscope tool exec calculator --arg expression='(2+3)*7'", 'meshscope tool exec web_search --input \'{"query": "astromesh", "max_results": 2}\''],
  async run(s, opts, tool) {
    tool = nameArg(tool, 'tool');
    const { keyValues } = await import('../../src/backends/astromesh/input.js');
    const { usageError } = await import('../../src/errors.js');
    const input = opts.input;
    const fromArgs = keyValues(opts.arg, '--arg');
    let args: unknown = input ?? {};
    if (Object.keys(fromArgs).length) {
      if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) throw usageError('--arg cannot be combined with an --input that is not a JSON object', 'make --input an object, or give every argument with --arg');
      args = { ...(input as Record<string, unknown> | undefined), ...fromArgs };
    }
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const r = await new AstromeshClient(await s.client('astromesh')).executeTool(tool, args);
    const status = r.status ?? 'ok';
    const result = r.result ?? r.output;
    if (s.out.structured) s.out.data(r);
    else if (s.out.format === 'name') s.out.text(`tool/${r.tool ?? tool}`);
    else s.out.text(typeof result === 'string' ? result : JSON.stringify(result ?? null, null, 2));
    if (status === 'not_configured') {
      s.out.warn(`the daemon cannot run ${tool}: it is not configured (status not_configured)`);
      return 1;
    }
    if (status !== 'ok' && status !== 'success') {
      s.out.warn(`tool ${tool} failed (status ${status})`);
      return 1;
    }
    if (!s.out.structured && r.timing_ms !== undefined) s.out.info(`${tool} · ${r.timing_ms} ms`);
    return 0;
  },
});
