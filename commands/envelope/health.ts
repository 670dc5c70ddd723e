import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'health',
  summary: 'check both ports of the asya mesh API (/health); exit 1 unless both answer OK',
  async run(s, _opts) {
    const { AsyaClient } = await import('../../src/backends/asya/client.js');
    const asya = new AsyaClient(await s.client('asya'), await s.client('asyaInternal'));
    const rows = [
      { port: 'external', ...(await asya.health('external')) },
      { port: 'internal', ...(await asya.health('internal')) },
    ];
    s.out.list(
      rows,
      {
        columns: [
          { header: 'PORT', get: (r) => r.port },
          { header: 'URL', get: (r) => r.url },
          { header: 'STATUS', get: (r) => (r.ok ? 'ok' : r.body), tone: (r) => (r.ok ? 'ok' : 'bad') },
          { header: 'MS', get: (r) => r.elapsedMs },
        ],
        name: (r) => `port/${r.port}`,
      },
      rows,
    );
    return rows.every((r) => r.ok) ? 0 : 1;
  },
});
