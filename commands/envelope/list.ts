import { defineVerb } from '../../src/app/command.js';
import { bool, int, limit, text } from '../../src/app/flags.js';
import { asyaClient } from './client.js';


export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'list envelopes, newest first (one page of 50 unless --limit or --all)',
  args: {
    status: text('--status <status>', 'only this status: pending, running, paused, succeeded, failed, canceled'),
    limit: limit('page size (50, or 100 with --all)', undefined, { min: 1 }),
    offset: int('--offset <n>', 'skip the first N envelopes', { min: 0 }),
    all: bool('--all', 'page through every envelope (pages of --limit)'),
  },
  async run(s, opts) {
    const { checkStatus } = await import('../../src/backends/asya/input.js');
    const { renderEnvelopeList } = await import('../../src/backends/asya/render.js');
    const status = opts.status === undefined ? undefined : checkStatus(opts.status, '--status', false);
    const limit = opts.limit ?? (opts.all ? 100 : 50);
    const offset = opts.offset ?? 0;
    const asya = await asyaClient(s);
    if (opts.all) {
      const progress = s.out.progress('listing envelopes');
      const all = await asya.listAll({ status, pageSize: limit, offset, onPage: (n, total) => progress.update(`listing envelopes: ${n} of ${total}`) });
      progress.done();
      renderEnvelopeList(s.out, all, { messages: all.messages, total: all.total });
      return 0;
    }
    const page = await asya.list({ status, limit, offset });
    renderEnvelopeList(s.out, page);
    const shownTo = offset + page.messages.length;
    if (!s.out.structured && page.total > shownTo && page.messages.length > 0) {
      s.out.info(`showing ${offset + 1}-${shownTo} of ${page.total}; --all for every envelope, or --offset ${shownTo} for the next page`);
    }
    return 0;
  },
});
