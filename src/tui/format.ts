/**
 * Small, pure formatting helpers of the topology browser: durations the way the reference admin
 * TUI prints them (`1h 30m`, `2s 345ms`), local clock times and relative ages; byte sizes and the
 * one-line summary of a flight-recorder event come from the admin renderer. Every string that came from the server goes
 * through `clean` before it reaches the screen.
 */
import { sanitizeCell } from '../output/sanitize.js';
import type { RecordedEvent } from '../backends/admin/models.js';
import { eventSummary as adminEventSummary } from '../backends/admin/render.js';
import { formatBytes as bytes } from '../output/units.js';

/** Server text made safe for one terminal row: no escapes, no control characters, no newlines. */
export function clean(text: unknown): string {
  if (text === undefined || text === null) return '';
  return sanitizeCell(typeof text === 'string' ? text : String(text));
}

const UNITS: Array<[number, string, string?]> = [
  // [length in microseconds, singular unit, plural unit]
  [31_557_600_000_000, 'year', 'years'],
  [2_630_016_000_000, 'month', 'months'],
  [86_400_000_000, 'day', 'days'],
  [3_600_000_000, 'h'],
  [60_000_000, 'm'],
  [1_000_000, 's'],
  [1_000, 'ms'],
  [1, 'us'],
];

/**
 * A duration in microseconds as `1day 2h 3m 4s 5ms 6us` (non-zero parts only; `0s` for zero),
 * the style of the reference TUI.
 */
export function formatDurationUs(us: number): string {
  let rest = Math.max(0, Math.floor(us));
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [len, one, many] of UNITS) {
    const n = Math.floor(rest / len);
    if (n === 0) continue;
    rest -= n * len;
    parts.push(many ? `${n}${n === 1 ? one : many}` : `${n}${one}`);
  }
  return parts.join(' ');
}

/** Whole seconds as a duration (`1h 30m`). */
export function formatSeconds(s: number): string {
  return formatDurationUs(Math.max(0, Math.floor(s)) * 1_000_000);
}

/** Milliseconds as a duration, rounded to the millisecond. */
export function formatMs(ms: number): string {
  return formatDurationUs(Math.round(Math.max(0, ms)) * 1000);
}

/** Uptime since `startedAt`, rounded to the nearest 30 s (as the reference header shows it). */
export function formatUptime(startedAt: string, now: number): string {
  const t = Date.parse(startedAt);
  if (Number.isNaN(t) || t > now) return 'unknown';
  const secs = Math.floor((now - t) / 1000);
  return formatSeconds(Math.floor((secs + 15) / 30) * 30);
}

/** How old a timestamp is: `just now` under 2 s, else `5s ago`, `3m 12s ago`. */
export function formatAge(ts: string, now: number): string {
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return clean(ts);
  const secs = Math.floor((now - t) / 1000);
  if (secs < 2) return 'just now';
  return `${formatSeconds(secs)} ago`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Local wall-clock time `HH:MM:SS` of a timestamp (the raw UTC part if it does not parse). */
export function formatClock(ts: string | number): string {
  const t = typeof ts === 'number' ? ts : Date.parse(ts);
  if (Number.isNaN(t)) return typeof ts === 'string' ? clean(ts.slice(11, 19) || ts) : '';
  const d = new Date(t);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A byte count as `1.5 GiB` (the admin renderer's), `-` when unknown. */
export function formatBytes(n: number | null | undefined): string {
  return bytes(n) ?? '-';
}

/**
 * The summary of a flight-recorder event (the admin renderer's: `message`, else `msg`, else
 * `handler: X`, else up to three `k=v`), else the event's name; sanitised for the screen.
 */
export function eventSummary(e: RecordedEvent): string {
  return clean(adminEventSummary(e) || String(e.name ?? ''));
}

/** Cut a string to `width` columns with an ellipsis (plain text, one code point per column). */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width === 1) return '…';
  return `${chars.slice(0, width - 1).join('')}…`;
}

/** Cut a string to `width` columns in the middle (`job-2026…resume-a`): names that differ at the end stay apart. */
export function fitMiddle(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width <= 2) return fit(text, width);
  const tail = Math.floor((width - 1) / 2);
  const head = width - 1 - tail;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** Parts of a line by importance: the least important (highest rank) are left out first until the rest fits `width`. */
export function fitParts<T extends { text: string; rank: number }>(parts: readonly T[], width: number): T[] {
  let kept = [...parts];
  const len = () => kept.reduce((n, p) => n + Array.from(p.text).length, 0);
  while (kept.length > 1 && len() > width) {
    const drop = kept.reduce((worst, p) => (p.rank >= worst.rank ? p : worst));
    if (drop.rank <= 0) break;
    kept = kept.filter((p) => p !== drop);
  }
  return kept;
}

/** A number with thousands separators (`10,452`). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
