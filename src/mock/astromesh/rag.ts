/** The simulated daemon's RAG pipelines: chunking with overlap, similarity-scored retrieval. */
import type { PipelineDef } from './scenario.js';
import { chunkText, similarity } from './text.js';

export interface Chunk {
  doc_id: string;
  content: string;
  metadata: Record<string, unknown>;
}

export interface Hit extends Chunk {
  score: number;
}

/** Pages about Astromesh that the default `docs` pipeline starts with. */
export const DEFAULT_DOCUMENTS: Array<{ text: string; metadata: Record<string, unknown> }> = [
  {
    text: 'Astromesh is an agent runtime. Agents are declared in YAML files with a model, an orchestration pattern, tools and memory, and the daemon astromeshd serves them over an HTTP API under /v1 and a WebSocket for streaming.',
    metadata: { source: 'docs/overview.md', page: 1 },
  },
  {
    text: 'The model router selects which provider answers a model call. Routing strategies include cost_optimized, latency_optimized and quality_first; when the primary provider fails the router falls back to the next eligible provider.',
    metadata: { source: 'docs/model-router.md', page: 3 },
  },
  {
    text: 'Orchestration patterns decide how an agent reasons: react interleaves thoughts and tool calls, plan_and_execute writes a plan first and then runs each step, pipeline chains agents, and supervisor delegates to worker agents.',
    metadata: { source: 'docs/orchestration.md', page: 2 },
  },
  {
    text: 'Conversational memory keeps the turns of each session so an agent can refer to earlier messages. Semantic memory stores embeddings of past conversations and returns the most similar entries for a query.',
    metadata: { source: 'docs/memory.md', page: 1 },
  },
  {
    text: 'Mesh mode lets several astromeshd nodes form a cluster. Nodes gossip their state, send heartbeats, mark silent peers as suspect and then dead, and elect a leader with the bully algorithm: the highest node id wins.',
    metadata: { source: 'docs/mesh.md', page: 1 },
  },
  {
    text: 'Every run is traced: the root span agent.run contains memory_build, rag_build, prompt_render, llm.complete, tool.call, orchestration and memory_persist spans with their durations and attributes.',
    metadata: { source: 'docs/observability.md', page: 4 },
  },
];

export class Pipeline {
  readonly chunks: Chunk[] = [];
  private seq = 0;

  constructor(readonly def: PipelineDef) {}

  /** Ingest one document; returns the number of chunks created. */
  ingest(document: string, metadata: Record<string, unknown>, prefix: string, size = this.def.chunk_size, overlap = this.def.chunk_overlap): number {
    const pieces = chunkText(document, size, overlap);
    const doc = this.seq++;
    pieces.forEach((content, i) => this.chunks.push({ doc_id: `${prefix}_${doc}_${i}`, content, metadata: { ...metadata, chunk: i } }));
    return pieces.length;
  }

  query(q: string, topK: number, threshold = 0): Hit[] {
    return this.chunks
      .map((c) => ({ ...c, score: similarity(q, c.content) }))
      .filter((h) => h.score >= threshold && h.score > 0)
      .sort((a, b) => b.score - a.score || a.doc_id.localeCompare(b.doc_id))
      .slice(0, Math.max(0, topK));
  }
}

export class RagStore {
  readonly pipelines = new Map<string, Pipeline>();

  constructor(defs: PipelineDef[]) {
    for (const d of defs) {
      const p = new Pipeline(d);
      for (const doc of d.documents ?? DEFAULT_DOCUMENTS) p.ingest(doc.text, doc.metadata, 'doc');
      this.pipelines.set(d.name, p);
    }
  }

  get(name: string): Pipeline | undefined {
    return this.pipelines.get(name);
  }
}
