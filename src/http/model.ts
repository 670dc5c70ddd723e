/**
 * A payload's zod model, loaded when it is needed. Loading zod and building a backend's models
 * costs more than the rest of a short command's start-up, and a payload that is well formed never
 * needs them: `check` is a plain predicate compiled from the zod model ahead of time (see
 * src/backends/check-compiler.ts), true only when the model accepts the value and would return it
 * unchanged. When it says no, the zod model itself is loaded and decides (and says what is wrong).
 */
import type { z } from 'zod';

export interface LazyModel<T> {
  readonly lazy: true;
  /** True only when the zod model accepts `value` and its output equals `value`; false means "ask the model". */
  check(value: unknown): boolean;
  /** Whether `check` is also complete: true for every value the zod model accepts (so false means the model refuses it). */
  readonly exact: boolean;
  /** The zod model. */
  load(): Promise<z.ZodType<T>>;
}

export function lazyModel<T>(check: (value: unknown) => boolean, load: () => Promise<z.ZodType<T>>, exact = false): LazyModel<T> {
  let loaded: Promise<z.ZodType<T>> | undefined;
  return { lazy: true, check, exact, load: () => (loaded ??= load()) };
}

export function isLazyModel<T>(m: unknown): m is LazyModel<T> {
  return typeof m === 'object' && m !== null && (m as { lazy?: unknown }).lazy === true;
}

/**
 * Validate `value` with a lazy model: the value itself when the predicate accepts it, otherwise
 * the zod model's safeParse result.
 */
export async function safeParseLazy<T>(model: LazyModel<T>, value: unknown): Promise<{ success: true; data: T } | { success: false; error: z.ZodError }> {
  if (model.check(value)) return { success: true, data: value as T };
  const r = (await model.load()).safeParse(value);
  return r.success ? { success: true, data: r.data } : { success: false, error: r.error };
}

// What the generated checks (src/backends/<name>/checks.ts) call: written once, here.

/** A JSON object: not null, not an array. */
export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Every item passes (a hole in an array, which JSON never makes, does not). */
export function everyItem(x: unknown[], f: (v: unknown) => boolean): boolean {
  for (let i = 0; i < x.length; i++) if (!f(x[i])) return false;
  return true;
}

/** The object has no key outside `keys`. */
export function onlyKeys(x: object, keys: string[]): boolean {
  for (const k in x) if (!keys.includes(k)) return false;
  return true;
}

