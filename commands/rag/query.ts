import { defineVerb } from '../../src/app/command.js';
import { intDefault, num } from '../../src/app/flags.js';

export default defineVerb({
  name: 'query',
  positional: '<collection> <query...>',
  summary: 'the passages of a RAG collection most similar to a query, best first',
  args: {
    topK: intDefault('--top-k <n>', 'at most this many passages', 5, { min: 1 }),
    minScore: num('--min-score <score>', 'leave out passages scoring below this similarity (0..1)', { min: 0, max: 1 }),
  },
  async run(s, opts, collection, ...rest) {
    const query = ((rest[0] as unknown as string[]) ?? []).join(' ');
    const topK = opts.topK;
    const minScore = opts.minScore;
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { ragView } = await import('../../src/backends/astromesh/render.js');
    const r = await new AstromeshClient(await s.client('astromesh')).ragQuery(collection, query, topK, minScore);
    // Daemons without score_threshold ignore it: filter here as well.
    const results = minScore === undefined ? r.results : r.results.filter((x) => x.score >= minScore);
    if (!results.length && !s.out.structured) {
      s.out.info(`no passage of ${collection} matches "${query}"${minScore !== undefined ? ` with a score of at least ${minScore}` : ''}`);
      return 0;
    }
    s.out.list(results, ragView, { ...r, results });
    return 0;
  },
});
