/**
 * What the payloads say beyond the probe outcome. The reference TUI counts any 2xx as passed,
 * even when the node it returned is a failed actor, a poisoned proc or an Error node; meshscope
 * keeps that for `outcome` and reports these as findings. Only stable facts go into a finding
 * (no counters or times that move while the mesh runs), so two runs over the same mesh agree.
 */
import type { NodePayload, InboundOrdering } from '../backends/admin/models.js';
import { compactUid } from '../backends/admin/refs.js';
import type { Check, Finding } from './types.js';

/** Sessions that hold messages back behind a gap in the sequence (the next expected one is missing). */
export function stalledSessions(o: InboundOrdering | null | undefined): InboundOrdering['sessions'] {
  if (!o || !o.enabled) return [];
  return o.sessions.filter((s) => s.buffered_count > 0 && (s.oldest_buffered_seq == null || s.oldest_buffered_seq > s.expected_next_seq));
}

export function findingsOf(check: Check, payload: NodePayload): Finding[] {
  const base = { reference: check.reference, label: check.label.trim(), phase: check.phase };
  const p = payload.properties;
  const out: Finding[] = [];
  if ('Actor' in p) {
    const a = p.Actor;
    const f = a.failure_info;
    if (f || a.actor_status.startsWith('failed')) {
      out.push({
        kind: 'failed_actor',
        ...base,
        actor_status: a.actor_status,
        error_message: f?.error_message ?? null,
        root_cause_actor: f?.root_cause_actor ?? null,
        root_cause_name: f?.root_cause_name ?? null,
        is_propagated: f?.is_propagated ?? null,
      });
    }
    const stalled = stalledSessions(a.inbound_ordering);
    if (stalled.length > 0) {
      out.push({ kind: 'stalled_ordering', ...base, sessions: stalled.map((s) => ({ session_id: s.session_id, sender: s.sender ?? null })) });
    }
  } else if ('Proc' in p) {
    if (p.Proc.is_poisoned || p.Proc.failed_actor_count > 0) {
      out.push({ kind: 'poisoned_proc', ...base, proc_name: p.Proc.proc_name, failed_actor_count: p.Proc.failed_actor_count });
    }
  } else if ('Error' in p) {
    out.push({ kind: 'error_payload', ...base, code: p.Error.code, message: p.Error.message });
  }
  return out;
}

/**
 * The one finding about the references of the whole run: how many distinct references the walked
 * payloads listed in a form meshscope does not know, and the first (walk order). Undefined when
 * there was none.
 */
export function opaqueReferencesFinding(perEntry: ReadonlyArray<readonly string[]>): Finding | undefined {
  const seen = new Set<string>();
  for (const refs of perEntry) for (const r of refs) seen.add(r);
  if (seen.size === 0) return undefined;
  const first = seen.values().next().value as string;
  const n = seen.size;
  const message =
    n === 1
      ? "1 reference in a form meshscope does not know was treated as opaque; the server's reference grammar may have changed"
      : `${n} references in a form meshscope does not know were treated as opaque; the server's reference grammar may have changed`;
  return { kind: 'opaque_references', reference: first, first, count: n, message };
}

/** Whether a finding makes a --strict run unhealthy (the run-wide opaque_references never does). */
export function failsStrict(f: Finding): boolean {
  return f.kind !== 'opaque_references';
}

/** The reference a finding is about; undefined for a finding about the whole run. */
export function findingSubject(f: Finding): string | undefined {
  return f.kind === 'opaque_references' ? undefined : f.reference;
}

/** One line for people: what the finding means. */
export function describeFinding(f: Finding): string {
  switch (f.kind) {
    case 'failed_actor': {
      const why = f.error_message ?? f.actor_status;
      if (f.is_propagated && f.root_cause_actor) {
        const name = f.root_cause_name && f.root_cause_name !== compactUid(f.root_cause_actor) ? `${f.root_cause_name}, ` : '';
        return `failed actor ${f.label}: ${why} (root cause: ${name}${f.root_cause_actor})`;
      }
      return `failed actor ${f.label}: ${why}`;
    }
    case 'poisoned_proc':
      return `poisoned proc ${f.label}: ${f.failed_actor_count} failed actor${f.failed_actor_count === 1 ? '' : 's'}`;
    case 'stalled_ordering':
      return `stalled inbound ordering at ${f.label}: ${f.sessions.length} session${f.sessions.length === 1 ? '' : 's'} waiting for a missing message (from ${f.sessions.map((s) => s.sender ?? 'unknown').join(', ')})`;
    case 'error_payload':
      return `error node ${f.reference}: ${f.code}: ${f.message}`;
    case 'opaque_references':
      return `${f.message} (the first: ${f.first})`;
  }
}
