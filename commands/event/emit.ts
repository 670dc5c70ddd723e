import { defineVerb } from '../../src/app/command.js';
import { text, textDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'emit',
  positional: '<event-type>',
  summary: 'emit a runtime trigger event; event schedules that match dispatch jobs',
  args: {
    payload: text('--payload <json>', 'the event payload: a JSON object, or @file.json'),
    source: textDefault('--source <name>', 'who emitted it', 'meshscope'),
  },
  async run(s, opts, type) {
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
  },
});
