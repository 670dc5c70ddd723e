import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('resources <run-id>')
    .description('resource and token usage of a run over a window')
    .option('--window <duration>', 'how far back', '24h')
    .option('--bucket <duration>', 'bucket size', '1h')
    .action(
      host.act(async (s, opts: { window?: string; bucket?: string }, id) => {
        id = nameArg(id, 'run');
        const { parseDurationMs } = await import('../../src/app/flags.js');
        for (const [flag, v] of [['--window', opts.window], ['--bucket', opts.bucket]] as const) if (v !== undefined) parseDurationMs(v, flag);
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderResources } = await import('../../src/backends/mn/render.js');
        renderResources(s.out, await new MnClient(await s.client('mn')).runResources(id, { window: opts.window, bucket: opts.bucket }));
      }),
    );
}
