import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'skill',
  summary: "print the server's usage guide for agents (GET /SKILL.md)",
  async run(s, _opts) {
    const { AdminClient } = await import('../../src/backends/admin/client.js');
    const text = await new AdminClient(await s.client('admin')).skill();
    if (s.out.structured) s.out.data({ content_type: 'text/markdown', text });
    else s.out.text(text);
  },
});
