import { defineVerb } from '../../src/app/command.js';
import { int, list, textRequired } from '../../src/app/flags.js';

export default defineVerb({
  name: 'ingest',
  positional: '<file...>',
  summary: 'ingest text files into a RAG collection (the daemon pipeline of that name); "-" reads stdin',
  args: {
    collection: textRequired('--collection <name>', 'the collection (pipeline) to ingest into'),
    chunkSize: int('--chunk-size <chars>', 'characters per chunk (daemon or pipeline default: 512)', { min: 1 }),
    chunkOverlap: int('--chunk-overlap <chars>', 'characters shared by consecutive chunks (daemon or pipeline default: 50)', { min: 0 }),
    meta: list('--meta <key=value>', 'metadata added to every chunk; repeat for more'),
  },
  notes: 'Each file is one document, with metadata {source: <path>}. Exit 0 when every file was ingested.',
  examples: ['meshscope rag ingest --collection docs --chunk-size 400 --chunk-overlap 40 README.md docs/*.md'],
  async run(s, opts, ...rest) {
    const files = (rest[0] as unknown as string[]) ?? [];
    const { keyValues, readQuery } = await import('../../src/backends/astromesh/input.js');
    const { usageError } = await import('../../src/errors.js');
    const size = opts.chunkSize;
    const overlap = opts.chunkOverlap;
    if (size !== undefined && overlap !== undefined && overlap >= size) throw usageError(`--chunk-overlap (${overlap}) must be smaller than --chunk-size (${size})`, 'lower the overlap or raise the chunk size');
    const meta = keyValues(opts.meta, '--meta');
    const { readFile } = await import('node:fs/promises');
    const { basename } = await import('node:path');
    // Read everything first: a missing file stops the command before anything is ingested.
    const docs: Array<{ file: string; text: string }> = [];
    for (const file of files) {
      if (file === '-') {
        docs.push({ file: 'stdin', text: await readQuery(s.io.stdin) });
        continue;
      }
      try {
        docs.push({ file, text: await readFile(file, 'utf8') });
      } catch (e) {
        throw usageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the file path');
      }
    }
    const empty = docs.find((d) => !d.text.trim());
    if (empty) throw usageError(`${empty.file} is empty`, 'give files with text to ingest');
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const client = new AstromeshClient(await s.client('astromesh'));
    const rows: Array<{ file: string; chunks?: number; chars: number }> = [];
    const raw: unknown[] = [];
    const progress = s.out.progress(`ingesting into ${opts.collection}`);
    try {
      for (const [i, d] of docs.entries()) {
        progress.update(`ingesting ${d.file} (${i + 1}/${docs.length}) into ${opts.collection}`);
        const prefix = basename(d.file).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]+/g, '_') || 'doc';
        const r = await client.ingest({ pipeline: opts.collection, document: d.text, metadata: { source: d.file, ...meta }, doc_id_prefix: prefix, chunk_size: size, chunk_overlap: overlap });
        rows.push({ file: d.file, chunks: r.chunks ?? r.chunks_created, chars: d.text.length });
        raw.push({ file: d.file, ...r });
      }
    } finally {
      progress.done();
    }
    s.out.list(
      rows,
      {
        columns: [
          { header: 'FILE', get: (r) => r.file },
          { header: 'CHARS', get: (r) => r.chars },
          { header: 'CHUNKS', get: (r) => r.chunks },
        ],
        name: (r) => `document/${r.file}`,
      },
      raw,
    );
    if (!s.out.structured) s.out.info(`${rows.length} document${rows.length === 1 ? '' : 's'}, ${rows.reduce((n, r) => n + (r.chunks ?? 0), 0)} chunks ingested into ${opts.collection}`);
    return 0;
  },
});
