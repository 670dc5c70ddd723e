import { defineVerb } from '../../src/app/command.js';
import { text } from '../../src/app/flags.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'catalog blueprints and their categories',
  args: {
    category: text('--category <names>', 'only these categories (comma-separated)'),
  },
  async run(s, opts) {
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { blueprintView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).listBlueprints(opts.category);
    s.out.list(res.blueprints, blueprintView, res);
    if (!s.out.structured && s.out.format !== 'name' && res.categories.length) s.out.info(`categories: ${res.categories.map((c) => `${c.name} (${c.count ?? 0})`).join(', ')}`);
  },
});
