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
