import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('emit <event-type>')
    .description('emit a runtime trigger event; event schedules that match dispatch jobs')
    .option('--payload <json>', 'the event payload: a JSON object, or @file.json')
    .option('--source <name>', 'who emitted it', 'meshscope')
    .action(
      host.act(async (s, opts: { payload?: string; source?: string }, type) => {
        const { readFileSync } = await import('node:fs');
        const { parseJsonObject } = await import('../../src/backends/mn/files.js');
        const payload = parseJsonObject(opts.payload, '--payload', (p) => readFileSync(p, 'utf8'));
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const ev = await new MnClient(await s.client('mn')).emitEvent(type, payload ?? {}, opts.source ?? 'meshscope');
        s.out.item(
          [
            ['Event ID', ev.event_id],
            ['Type', ev.event_type],
            ['Emitted', ev.emitted_at],
            ['Dispatched', (ev.dispatched ?? []).map((d) => `${d.job_id ?? 'skipped'} (schedule ${d.schedule_id})`).join(', ') || 'no matching schedule'],
          ],
          ev,
          `event/${ev.event_id}`,
        );
      }),
    );
}
