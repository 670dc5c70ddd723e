/** Text helpers of the simulated daemon: chunking with overlap and bag-of-words similarity. */

const STOP = new Set(
  'a an and are as at be by can do does for from has have how i in is it its me my of on or our so that the this to was what when where which who why will with you your'.split(' '),
);

/** Lower-cased content words, with a light plural strip, for similarity. */
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP.has(w)).map((w) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

function vector(words: string[]): Map<string, number> {
  const v = new Map<string, number>();
  for (const w of words) v.set(w, (v.get(w) ?? 0) + 1);
  return v;
}

/** Cosine similarity of the term-frequency vectors of two texts, in [0, 1], rounded to 4 places. */
export function similarity(a: string, b: string): number {
  const va = vector(terms(a));
  const vb = vector(terms(b));
  if (!va.size || !vb.size) return 0;
  let dot = 0;
  for (const [k, x] of va) dot += x * (vb.get(k) ?? 0);
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
  return Math.round((dot / (norm(va) * norm(vb))) * 10_000) / 10_000;
}

/**
 * Split text into chunks of at most `size` characters, each starting `overlap` characters before
 * the end of the previous one (moved to the next word boundary inside the overlap). A chunk ends at the last whitespace in its final fifth when there
 * is one, so words are not cut.
 */
export function chunkText(text: string, size: number, overlap: number): string[] {
  const t = text.trim();
  if (!t) return [];
  if (size < 1) throw new RangeError('chunk size must be at least 1');
  if (overlap < 0 || overlap >= size) throw new RangeError('chunk overlap must be at least 0 and smaller than the chunk size');
  const out: string[] = [];
  let start = 0;
  while (start < t.length) {
    let end = Math.min(t.length, start + size);
    if (end < t.length) {
      const ws = t.lastIndexOf(' ', end);
      if (ws > start + Math.floor(size * 0.8)) end = ws;
    }
    const piece = t.slice(start, end).trim();
    if (piece) out.push(piece);
    if (end >= t.length) break;
    let next = end - overlap;
    // start the overlap on a word boundary when one is inside it
    if (next > 0 && !/\s/.test(t[next - 1])) {
      const ws = t.indexOf(' ', next);
      if (ws !== -1 && ws + 1 < end) next = ws + 1;
    }
    start = next > start ? next : end;
  }
  return out;
}

/** A stable 32-bit hash of a string (FNV-1a). */
export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
