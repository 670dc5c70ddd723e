/**
 * The scripted model behind every simulated agent: it decides which tools to call from the query
 * and writes an answer from the tool results, the retrieved knowledge and the session's memory.
 * Deterministic: the same query to the same agent gives the same answer.
 */
import type { Hit } from './rag.js';
import type { AgentDef } from './scenario.js';
import { hashString } from './text.js';

export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

export interface Observation {
  name: string;
  ok: boolean;
  output: unknown;
}

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
  timestamp: string;
  metadata: Record<string, unknown>;
}

const EXPRESSION = /\(?\s*-?\d+(?:\.\d+)?\s*\)?(?:\s*(?:\*\*|[-+*/%^×])\s*\(?\s*-?\d+(?:\.\d+)?\s*\)?)+/;

function topicOf(query: string): string {
  const t = query.trim().replace(/[?!.]+$/, '');
  return t.length > 80 ? t.slice(0, 79) + '…' : t;
}

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text.trim());
  return (m ? m[1] : text.trim()).replace(/[.!?]$/, '');
}

/** The tool calls the model asks for, in order (only tools the agent has). */
export function planTools(agent: AgentDef, query: string): PlannedCall[] {
  const has = (t: string) => agent.tools.includes(t);
  const calls: PlannedCall[] = [];
  const expr = EXPRESSION.exec(query);
  if (has('calculator') && expr) calls.push({ name: 'calculator', args: { expression: expr[0].trim() } });
  if (has('datetime_now') && /\b(time|date|today|weekday)\b/i.test(query)) calls.push({ name: 'datetime_now', args: { timezone: 'UTC' } });
  if (has('text_stats') && /\b(count|how many words|word count)\b/i.test(query)) {
    const quoted = /["“]([^"”]+)["”]/.exec(query);
    calls.push({ name: 'text_stats', args: { text: quoted ? quoted[1] : query } });
  }
  if (has('rag_query') && /\b(docs?|documentation|how does|explain|what is)\b/i.test(query)) calls.push({ name: 'rag_query', args: { pipeline: agent.rag ?? 'docs', query, top_k: 2 } });
  if (has('web_search') && /\b(search|latest|news|look up|find)\b/i.test(query)) calls.push({ name: 'web_search', args: { query: topicOf(query), max_results: 3 } });
  return calls.slice(0, Math.max(0, agent.max_iterations - 1));
}

function rec(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

function describe(o: Observation): string {
  const out = rec(o.output);
  if (!o.ok) return `The ${o.name} tool failed: ${typeof o.output === 'string' ? o.output : JSON.stringify(o.output)}.`;
  switch (o.name) {
    case 'calculator':
      return `${out.expression} = ${out.value}.`;
    case 'datetime_now':
      return `It is ${out.weekday}, ${out.datetime} (${out.timezone}).`;
    case 'web_search': {
      const results = Array.isArray(out.results) ? (out.results as Array<Record<string, unknown>>) : [];
      return `I found ${results.length} results for "${out.query}": ${results.map((r) => r.title).join('; ')}.`;
    }
    case 'text_stats':
      return `That text has ${out.words} words and ${out.characters} characters.`;
    case 'rag_query': {
      const results = Array.isArray(out.results) ? (out.results as Array<Record<string, unknown>>) : [];
      return results.length ? `The documentation says: ${firstSentence(String(results[0].content))}.` : 'The documentation has nothing on that.';
    }
    default:
      return `${o.name} returned ${JSON.stringify(o.output)}.`;
  }
}

const FALLBACKS = [
  (t: string) => `Here is my take on "${t}": break the question into smaller parts and check each one against a reliable source.`,
  (t: string) => `On "${t}": the short answer is that it depends on your constraints; tell me more and I can be specific.`,
  (t: string) => `Regarding "${t}", the key points are scope, cost and risk; start with the simplest option that works.`,
  (t: string) => `"${t}" is a good question. In brief: define the goal, measure where you are, then iterate.`,
];

/** The final answer of a run. */
export function composeAnswer(agent: AgentDef, query: string, observations: Observation[], memory: Turn[], knowledge: Hit[]): string {
  const parts: string[] = [];
  const name = /\bmy name is ([A-Za-z][\w-]*)/i.exec(query);
  if (name) parts.push(`Nice to meet you, ${name[1]}. I'll remember that.`);
  if (/\bwhat(?:'s| is) my name\b/i.test(query)) {
    const told = [...memory].reverse().find((t) => t.role === 'user' && /\bmy name is ([A-Za-z][\w-]*)/i.test(t.content));
    parts.push(told ? `Your name is ${/\bmy name is ([A-Za-z][\w-]*)/i.exec(told.content)![1]}.` : "You haven't told me your name yet.");
  }
  if (/\b(what did i (just )?ask|my (last|previous) question)\b/i.test(query)) {
    const last = [...memory].reverse().find((t) => t.role === 'user');
    parts.push(last ? `You asked: "${topicOf(last.content)}".` : 'This is your first question in this session.');
  }
  if (/^\s*(hi|hello|hey|good (morning|afternoon|evening))\b/i.test(query)) {
    const what = agent.description ? `, ${agent.description.charAt(0).toLowerCase()}${agent.description.slice(1)}` : '';
    parts.push(`Hello! I'm ${agent.name}${what}. How can I help?`);
  }
  for (const o of observations) parts.push(describe(o));
  if (knowledge.length && knowledge[0].score >= 0.1 && !observations.some((o) => o.name === 'rag_query')) {
    const src = knowledge[0].metadata.source;
    parts.push(`According to ${typeof src === 'string' ? src : 'the knowledge base'}: ${firstSentence(knowledge[0].content)}.`);
  }
  if (!parts.length) parts.push(FALLBACKS[hashString(`${agent.name}\n${query}`) % FALLBACKS.length](topicOf(query)));
  return parts.join(' ');
}

/** The answer cut into token frames of a few words each; joined they give the answer back exactly. */
export function splitTokens(answer: string, wordsPer: number): string[] {
  const words = answer.match(/\s*\S+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += wordsPer) out.push(words.slice(i, i + wordsPer).join(''));
  const joined = out.join('');
  if (joined !== answer) out.push(answer.slice(joined.length)); // trailing whitespace
  return out.filter((t) => t.length > 0);
}

/** A rough token count, as a model's tokenizer would give (about four characters a token). */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
