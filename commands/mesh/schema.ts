import { Argument } from 'commander';
import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'schema',
  summary: "print the server's own contract: the JSON Schema of node payloads (without a kind), AdminInfo, the error envelope, or the OpenAPI document",
  configure: (cmd) => cmd.addArgument(new Argument('[kind]', 'which document').choices(['node', 'admin', 'error', 'openapi']).default('node')),
  async run(s, _opts, which: string) {
    const kind = which as 'node' | 'admin' | 'error' | 'openapi';
    const { AdminClient } = await import('../../src/backends/admin/client.js');
    const doc = await new AdminClient(await s.client('admin')).schema(kind);
    if (s.format === 'name') {
      const info = doc.info as { title?: unknown; version?: unknown } | undefined;
      s.out.text(typeof doc.$id === 'string' ? doc.$id : info ? `${String(info.title)} ${String(info.version)}` : kind);
      return;
    }
    s.out.data(doc);
  },
});
