/** Units for people: one way to print a size everywhere. */

/** 512 B, 1.5 KiB, 3.0 MiB; undefined when the size is unknown. */
export function formatBytes(n: number | null | undefined): string | undefined {
  if (n === null || n === undefined) return undefined;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** A count with its noun, singular or plural: `1 actor`, `2 actors`, `0 hosts`, `1 entry`, `3 entries`. */
export function count(n: number, noun: string, plural?: string): string {
  return `${n} ${n === 1 ? noun : (plural ?? (/[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`))}`;
}
