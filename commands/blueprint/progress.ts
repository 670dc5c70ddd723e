import { defineVerb } from '../../src/app/command.js';
import { follow, legacy } from '../../src/app/flags.js';

export default defineVerb({
  name: 'progress',
  positional: '<progress-id>',
  summary: 'a launch progress record: its phases, run and job; -w follows it to the end',
  args: {
    follow: follow('follow the phases until the launch completes or fails (exit 1 when it fails)'),
    followF: legacy('-f', 'follow', '-w/--follow (-f is --file, an input file)'),
  },
  async run(s, opts, pid) {
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderLaunchProgress } = await import('../../src/backends/mn/render.js');
        const client = new MnClient(await s.client('mn'));
        let p;
        if (opts.follow) {
          const { followLaunch } = await import('../../src/backends/mn/flows.js');
          p = await followLaunch({ client, out: s.out, io: s.io, signal: s.signal }, pid, { ndjson: s.out.format === 'json' });
          if (s.out.format === 'json') return p.status === 'failed' ? 1 : 0;
        } else p = await client.launchProgress(pid);
        renderLaunchProgress(s.out, p);
        return p.status === 'failed' ? 1 : 0;
  },
});
