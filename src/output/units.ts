/** Units for people: one way to print a size everywhere. */

/** 512 B, 1.5 KiB, 3.0 MiB; undefined when the size is unknown. */
export function formatBytes(n: number | null | undefined): string | undefined {
  if (n === null || n === undefined) return undefined;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, kb: 1e3, m: 1024 ** 2, mib: 1024 ** 2, mb: 1e6, g: 1024 ** 3, gib: 1024 ** 3, gb: 1e9, t: 1024 ** 4, tib: 1024 ** 4, tb: 1e12, p: 1024 ** 5, pib: 1024 ** 5, pb: 1e15 };

/**
 * A size as people write it, in bytes: `500MiB`, `2G`, `1.5GB`, `1048576`. KiB/MiB/GiB (and the bare
 * K, M, G, T, P) count in 1024s, KB/MB/GB in 1000s. Undefined when it is not a positive size.
 */
export function parseSize(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  if (!m) return undefined;
  const unit = SIZE_UNITS[m[2].toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** A count with its noun, singular or plural: `1 actor`, `2 actors`, `0 hosts`, `1 entry`, `3 entries`. */
export function count(n: number, noun: string, plural?: string): string {
  return `${n} ${n === 1 ? noun : (plural ?? (/[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`))}`;
}
