import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';
import { follow, legacy, text, textDefault } from '../../src/app/flags.js';

const CHANNELS = ['events', 'logs', 'human', 'resources', 'timeline'];

export default defineVerb({
  name: 'stream',
  positional: '<run-id>',
  summary: 'merged run channels (events, logs, human, resources, timeline) over SSE; -w follows until the run ends',
  args: {
    channels: textDefault('--channels <list>', 'comma-separated channels', 'events,logs,human,resources'),
    level: text('--level <level>', 'minimum log level on the logs channel'),
    follow: follow('keep streaming until the run ends (exit 0 completed, 1 failed or cancelled)'),
    followF: legacy('-f', 'follow', '-w/--follow (-f is --file, an input file)'),
  },
  async run(s, opts, id) {
        id = nameArg(id, 'run');
        const { usageError } = await import('../../src/errors.js');
        const channels = opts.channels.split(',').map((c) => c.trim()).filter(Boolean);
        const bad = channels.find((c) => !CHANNELS.includes(c));
        if (bad) throw usageError(`unknown channel "${bad}"`, `use some of: ${CHANNELS.join(', ')}`);
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { streamRun } = await import('../../src/backends/mn/flows.js');
        const { logLine } = await import('../../src/backends/mn/render.js');
        const client = new MnClient(await s.client('mn'));
        return streamRun({ client, out: s.out, io: s.io, signal: s.signal }, id, {
          channels: channels.join(','),
          level: opts.level?.toUpperCase(),
          follow: Boolean(opts.follow),
          print: (r) => {
            if (s.out.structured) return s.out.ndjson({ channel: r.channel, id: r.id ?? null, data: r.data });
            const d = r.data as Record<string, unknown>;
            if (r.channel === 'logs') return s.out.text(`[logs] ${logLine(d)}`);
            const ts = String(d.ts ?? d.timestamp ?? '');
            const what = r.channel === 'resources' ? `${d.component ?? ''} cpu ${d.cpu_pct ?? '?'}% mem ${d.memory_rss_mb ?? '?'} MB tokens ${(d.llm as Record<string, unknown> | undefined)?.total_tokens ?? 0}` : `${d.type ?? ''}${d.agent_id ? ` ${d.agent_id}` : ''}${d.message ? `: ${String(d.message)}` : d.summary ? `: ${String(d.summary)}` : (d.payload as Record<string, unknown> | undefined)?.prompt ? `: ${String((d.payload as Record<string, unknown>).prompt)}` : ''}`;
            s.out.text(`[${r.channel}] ${ts} ${what}`);
          },
        });
  },
});
