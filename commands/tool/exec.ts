import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

interface Opts {
  arg: string[];
  input?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('exec <tool>')
    .description('run a tool directly, outside any agent (POST /v1/tools/execute)')
    .option('--arg <key=value>', 'one argument; repeat for more (numbers, true/false and JSON values are typed)', (v: string, p: string[]) => [...p, v], [] as string[])
    .option('--input <json>', 'all arguments as a JSON object, or @file.json (--arg values are added on top)')
    .addHelpText(
      'after',
      `
Prints the tool's result (JSON); -o json prints the daemon's whole answer. Exit 1 when the tool failed
or the daemon cannot run it (status not_configured), 3 for an unknown tool.

Examples:
  meshscope tool exec calculator --arg expression='(2+3)*7'
  meshscope tool exec web_search --input '{"query": "astromesh", "max_results": 2}'`,
    )
    .action(
      host.act(async (s, opts: Opts, tool) => {
        tool = nameArg(tool, 'tool');
        const { jsonFlag, keyValues } = await import('../../src/backends/astromesh/input.js');
        const { usageError } = await import('../../src/errors.js');
        const input = jsonFlag(opts.input, '--input');
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
      }),
    );
}
