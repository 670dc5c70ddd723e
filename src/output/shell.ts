/** Commands printed for people to paste into a shell. */

/** One shell word: bare when safe, else double-quoted when that needs no escapes, else single-quoted. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(s)) return s;
  if (!s.includes("'")) return `'${s}'`;
  if (!/[$`"\\!]/.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
