import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('skill')
    .description("print the server's usage guide for agents (GET /SKILL.md)")
    .action(
      host.act(async (s) => {
        const { AdminClient } = await import('../../src/backends/admin/client.js');
        const text = await new AdminClient(await s.client('admin')).skill();
        if (s.out.structured) s.out.data({ content_type: 'text/markdown', text });
        else s.out.text(text);
      }),
    );
}
