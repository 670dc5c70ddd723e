import { defineVerb } from '../../src/app/command.js';
import { jsonObject, textDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'emit',
  positional: '<event-type>',
  summary: 'emit a runtime trigger event; event schedules that match dispatch jobs',
  args: {
    payload: jsonObject('--payload <json>', 'the event payload: a JSON object, @file.json, or - for stdin'),
    source: textDefault('--source <name>', 'who emitted it', 'meshscope'),
  },
  async run(s, opts, type) {
    const payload = opts.payload;
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
