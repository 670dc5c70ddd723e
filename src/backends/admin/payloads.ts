/**
 * Helpers over the admin payloads that need no zod (a short command never loads it): the variant
 * of a tagged union, the decoded flight recorder. The models themselves are in models.ts.
 */
import type { NodeProperties, PySpyResult, RecordedEvent } from './models.js';

export const NODE_VARIANTS = ['Root', 'Host', 'Proc', 'Actor', 'Error'] as const;
export type NodeVariant = (typeof NODE_VARIANTS)[number];

/**
 * Decode an actor's `flight_recorder` string. Returns [] for null/empty; events that do not fit
 * the model are kept as they are (the recorder is diagnostic data, never a reason to fail).
 */
export function parseFlightRecorder(value: string | null | undefined): RecordedEvent[] {
  if (!value) return [];
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  // an event the RecordedEvent model accepts is returned as it is, and so is one it does not
  return data as RecordedEvent[];
}

/** The variant name of a node's properties. */
export function nodeVariant(properties: NodeProperties): NodeVariant {
  if ('Root' in properties) return 'Root';
  if ('Host' in properties) return 'Host';
  if ('Proc' in properties) return 'Proc';
  if ('Actor' in properties) return 'Actor';
  return 'Error';
}

export type PySpyVariant = 'Ok' | 'BinaryNotFound' | 'Failed';

export function pyspyVariant(result: PySpyResult): PySpyVariant {
  if ('Ok' in result) return 'Ok';
  if ('BinaryNotFound' in result) return 'BinaryNotFound';
  return 'Failed';
}
