/** Built-in tools of the simulated daemon. They really run: arithmetic, clocks, hashes, retrieval. */
import { createHash } from 'node:crypto';
import type { Rng } from '../rng.js';
import type { RagStore } from './rag.js';
import { hashString } from './text.js';

export interface ToolContext {
  now(): number;
  rng: Rng;
  rag: RagStore;
}

export class ToolError extends Error {}

interface ToolDef {
  name: string;
  description: string;
  parameters: { type: 'object'; properties: Record<string, { type: string; description: string }>; required?: string[] };
  /** Simulated execution time, ms. */
  cost_ms: number;
  run(args: Record<string, unknown>, ctx: ToolContext): unknown;
}

/** Arithmetic without eval: + - * / % ^, parentheses, unary minus, decimals. */
export function calculate(expression: string): number {
  const src = expression.replace(/\s+/g, '').replace(/\*\*/g, '^').replace(/[x×]/g, '*').replace(/÷/g, '/');
  let i = 0;
  const fail = (what: string): never => {
    throw new ToolError(`cannot evaluate "${expression}": ${what} at position ${i + 1}`);
  };
  const number = (): number => {
    const m = /^\d+(?:\.\d+)?|^\.\d+/.exec(src.slice(i));
    if (!m) return fail('expected a number');
    i += m[0].length;
    return Number(m[0]);
  };
  const primary = (): number => {
    if (src[i] === '(') {
      i++;
      const v = sum();
      if (src[i] !== ')') fail('expected ")"');
      i++;
      return v;
    }
    if (src[i] === '-') {
      i++;
      return -primary();
    }
    if (src[i] === '+') {
      i++;
      return primary();
    }
    return number();
  };
  const power = (): number => {
    const base = primary();
    if (src[i] === '^') {
      i++;
      return base ** power();
    }
    return base;
  };
  const product = (): number => {
    let v = power();
    while (src[i] === '*' || src[i] === '/' || src[i] === '%') {
      const op = src[i++];
      const r = power();
      if ((op === '/' || op === '%') && r === 0) fail('division by zero');
      v = op === '*' ? v * r : op === '/' ? v / r : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (src[i] === '+' || src[i] === '-') {
      const op = src[i++];
      const r = product();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  if (!src) fail('empty expression');
  const v = sum();
  if (i < src.length) fail(`unexpected "${src[i]}"`);
  return Math.round(v * 1e10) / 1e10;
}

const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || v === '') throw new ToolError(`missing required argument "${name}" (a string)`);
  return v;
};

const int = (v: unknown, dflt: number): number => {
  if (v === undefined || v === null) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ToolError(`expected an integer, got ${JSON.stringify(v)}`);
  return n;
};

const TIMEZONES: Record<string, number> = { UTC: 0, GMT: 0, 'Europe/London': 0, 'Europe/Paris': 1, 'Europe/Berlin': 1, 'US/Eastern': -5, 'America/New_York': -5, 'US/Pacific': -8, 'America/Los_Angeles': -8, 'Asia/Tokyo': 9 };

export const BUILTIN_TOOLS: ToolDef[] = [
  {
    name: 'calculator',
    description: 'Evaluate an arithmetic expression (+ - * / % ^ and parentheses)',
    parameters: { type: 'object', properties: { expression: { type: 'string', description: 'The expression, e.g. (2+3)*7' } }, required: ['expression'] },
    cost_ms: 2,
    run: (a) => ({ expression: a.expression, value: calculate(str(a.expression, 'expression')) }),
  },
  {
    name: 'datetime_now',
    description: 'Get the current date and time with optional timezone',
    parameters: { type: 'object', properties: { timezone: { type: 'string', description: "Timezone name (e.g. 'UTC', 'US/Eastern')" } } },
    cost_ms: 1,
    run: (a, ctx) => {
      const tz = typeof a.timezone === 'string' && a.timezone ? a.timezone : 'UTC';
      const offset = TIMEZONES[tz];
      if (offset === undefined) throw new ToolError(`unknown timezone "${tz}"; known: ${Object.keys(TIMEZONES).join(', ')}`);
      const d = new Date(ctx.now() + offset * 3_600_000);
      return { timezone: tz, datetime: d.toISOString().replace('Z', offset === 0 ? '+00:00' : `${offset > 0 ? '+' : '-'}${String(Math.abs(offset)).padStart(2, '0')}:00`), weekday: d.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }) };
    },
  },
  {
    name: 'web_search',
    description: 'Search the web for current information (simulated, deterministic results)',
    parameters: { type: 'object', properties: { query: { type: 'string', description: 'What to search for' }, max_results: { type: 'integer', description: 'Number of results (default 3)' } }, required: ['query'] },
    cost_ms: 320,
    run: (a) => {
      const q = str(a.query, 'query');
      const n = Math.min(10, Math.max(1, int(a.max_results, 3)));
      const h = hashString(q);
      const sites = ['docs.example.org', 'news.example.com', 'wiki.example.net', 'blog.example.io', 'papers.example.edu'];
      const kinds = ['Overview of', 'Latest on', 'A guide to', 'Notes about', 'Questions on'];
      const topic = q.replace(/[?!.]+$/, '').slice(0, 60);
      return {
        query: q,
        results: Array.from({ length: n }, (_, i) => {
          const site = sites[(h + i) % sites.length];
          return { title: `${kinds[(h + i) % kinds.length]} ${topic}`, url: `https://${site}/${encodeURIComponent(topic.toLowerCase().replace(/\s+/g, '-'))}/${i + 1}` };
        }),
      };
    },
  },
  {
    name: 'text_stats',
    description: 'Count the words, characters and lines of a text',
    parameters: { type: 'object', properties: { text: { type: 'string', description: 'The text to measure' } }, required: ['text'] },
    cost_ms: 1,
    run: (a) => {
      const t = typeof a.text === 'string' ? a.text : str(a.text, 'text');
      return { words: (t.match(/\S+/g) ?? []).length, characters: t.length, lines: t ? t.split('\n').length : 0 };
    },
  },
  {
    name: 'hash_text',
    description: 'Hash a text with sha256 (default), sha1 or md5',
    parameters: { type: 'object', properties: { text: { type: 'string', description: 'The text to hash' }, algorithm: { type: 'string', description: 'sha256, sha1 or md5' } }, required: ['text'] },
    cost_ms: 1,
    run: (a) => {
      const alg = typeof a.algorithm === 'string' ? a.algorithm.toLowerCase() : 'sha256';
      if (!['sha256', 'sha1', 'md5'].includes(alg)) throw new ToolError(`unsupported algorithm "${alg}"; use sha256, sha1 or md5`);
      const text = typeof a.text === 'string' ? a.text : str(a.text, 'text');
      return { algorithm: alg, digest: createHash(alg).update(text).digest('hex') };
    },
  },
  {
    name: 'uuid_generate',
    description: 'Generate a random UUID (version 4)',
    parameters: { type: 'object', properties: {} },
    cost_ms: 1,
    run: (_a, ctx) => ({ uuid: uuid(ctx.rng) }),
  },
  {
    name: 'random_number',
    description: 'Draw a random integer between min and max (inclusive)',
    parameters: { type: 'object', properties: { min: { type: 'integer', description: 'Lower bound (default 0)' }, max: { type: 'integer', description: 'Upper bound (default 100)' } } },
    cost_ms: 1,
    run: (a, ctx) => {
      const min = int(a.min, 0);
      const max = int(a.max, 100);
      if (max < min) throw new ToolError(`max (${max}) is smaller than min (${min})`);
      return { value: ctx.rng.int(min, max), min, max };
    },
  },
  {
    name: 'rag_query',
    description: 'Search a RAG pipeline for passages similar to a query',
    parameters: { type: 'object', properties: { pipeline: { type: 'string', description: 'Pipeline name (default docs)' }, query: { type: 'string', description: 'What to look for' }, top_k: { type: 'integer', description: 'Passages to return (default 3)' } }, required: ['query'] },
    cost_ms: 25,
    run: (a, ctx) => {
      const name = typeof a.pipeline === 'string' && a.pipeline ? a.pipeline : 'docs';
      const p = ctx.rag.get(name);
      if (!p) throw new ToolError(`RAGPipeline not found: ${name}`);
      return { pipeline: name, results: p.query(str(a.query, 'query'), int(a.top_k, 3)).map((h) => ({ doc_id: h.doc_id, content: h.content, score: h.score })) };
    },
  },
];

/** Integration actions the daemon lists but cannot run without credentials. */
export const INTEGRATION_TOOLS = [
  { name: 'github_create_issue', description: 'Open an issue in a GitHub repository', type: 'integration', integration: 'github', writes: true },
  { name: 'github_search_code', description: 'Search code in GitHub repositories', type: 'integration', integration: 'github', writes: false },
  { name: 'slack_post_message', description: 'Post a message to a Slack channel', type: 'integration', integration: 'slack', writes: true },
];

export function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng.next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${['8', '9', 'a', 'b'][Math.floor(rng.next() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function findTool(name: string): ToolDef | undefined {
  return BUILTIN_TOOLS.find((t) => t.name === name);
}
