import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('config <proc>')
    .description('show the effective configuration of the process hosting a proc (GET /v1/config/{proc})')
    .option('--changed', 'only entries that differ from their default')
    .action(
      host.act(async (s, opts: { changed?: boolean }, proc: string) => {
        const [{ AdminClient }, { CONFIG_VIEW }] = await Promise.all([import('../../src/backends/admin/client.js'), import('../../src/backends/admin/render.js')]);
        const result = await new AdminClient(await s.client('admin')).config(proc);
        const entries = opts.changed ? result.entries.filter((e) => e.changed_from_default) : result.entries;
        if (!s.out.structured && entries.length === 0) {
          s.out.info(opts.changed ? 'every entry has its default value' : 'no configuration entries');
          return;
        }
        s.out.list(entries, CONFIG_VIEW, { ...result, entries });
      }),
    );
}
