/**
 * The shapes of the diagnose report. The admin part (`checks`, `timed_out`, `summary`) is the
 * `hyperactor_mesh_admin_tui --diagnose` report field for field; everything meshscope adds lives in
 * keys of its own (`findings`, `fleet`, `baseline`, `verdict`).
 */

export type Phase = 'AdminInfra' | 'Mesh';

/** The admin TUI's `DiagNodeRole`, serialised as its variant name. */
export type Note =
  | 'AdminServer'
  | 'HostAgent'
  | 'AdminServiceProc'
  | 'LocalClientProc'
  | 'IntrospectionHandler'
  | 'ActorLifecycleManager'
  | 'RootClientBridge'
  | 'CastActor'
  | 'ProcAgent'
  | 'UserProc'
  | 'UserActor';

/** Externally tagged, as serde writes it. */
export type Outcome = { Pass: { elapsed_ms: number } } | { Slow: { elapsed_ms: number } } | { Fail: { elapsed_ms: number; error: string } };

export type OutcomeKind = 'Pass' | 'Slow' | 'Fail';

export interface Check {
  label: string;
  reference: string;
  note: Note | null;
  phase: Phase;
  outcome: Outcome;
}

export interface Summary {
  total: number;
  passed: number;
  failed: number;
  admin_infra_passed: number;
  admin_infra_total: number;
  mesh_passed: number;
  mesh_total: number;
  healthy: boolean;
}

export function outcomeKind(o: Outcome): OutcomeKind {
  if ('Pass' in o) return 'Pass';
  if ('Slow' in o) return 'Slow';
  return 'Fail';
}

export function elapsedOf(o: Outcome): number {
  if ('Pass' in o) return o.Pass.elapsed_ms;
  if ('Slow' in o) return o.Slow.elapsed_ms;
  return o.Fail.elapsed_ms;
}

export function errorOf(o: Outcome): string | undefined {
  return 'Fail' in o ? o.Fail.error : undefined;
}

/** What the payloads say beyond the probe outcome (a 200 can carry a failed actor). */
export type Finding =
  | {
      kind: 'failed_actor';
      reference: string;
      label: string;
      phase: Phase;
      actor_status: string;
      error_message: string | null;
      root_cause_actor: string | null;
      root_cause_name: string | null;
      is_propagated: boolean | null;
    }
  | { kind: 'poisoned_proc'; reference: string; label: string; phase: Phase; proc_name: string; failed_actor_count: number }
  | {
      kind: 'stalled_ordering';
      reference: string;
      label: string;
      phase: Phase;
      /** The inbound-ordering sessions holding messages back behind a gap in the sequence. */
      sessions: Array<{ session_id: string; sender: string | null }>;
    }
  | { kind: 'error_payload'; reference: string; label: string; phase: Phase; code: string; message: string }
  | {
      /**
       * The server listed references in a form meshscope does not know; they were treated as
       * opaque (probed, shown by plain string rules), never failed. Says the server changed, not
       * that the mesh is sick: it never makes a run unhealthy, not even under --strict.
       */
      kind: 'opaque_references';
      /** The first such reference, in walk order (every finding names a reference). */
      reference: string;
      first: string;
      /** How many distinct such references the walked payloads listed. */
      count: number;
      message: string;
    };

export type FindingKind = Finding['kind'];

/** The health of another backend of the context (`--fleet`). */
export type FleetOutcome =
  | { Pass: { elapsed_ms: number } }
  | { Warn: { elapsed_ms: number; warning: string } }
  | { Fail: { elapsed_ms: number; error: string } };

export interface FleetCheck {
  backend: 'mn' | 'asya' | 'astromesh' | 'grid';
  /** What was checked, e.g. `runtime health`, `health (external)`, `doctor`, `reachability`. */
  check: string;
  url: string;
  outcome: FleetOutcome;
  /** What the backend said (component statuses, doctor checks...). */
  details?: Record<string, string>;
}

export interface FleetSummary {
  total: number;
  passed: number;
  warned: number;
  failed: number;
  healthy: boolean;
}

export interface FleetReport {
  checks: FleetCheck[];
  summary: FleetSummary;
}

export interface BaselineChange {
  reference: string;
  label: string;
  phase: Phase;
  from: OutcomeKind | null;
  to: OutcomeKind | null;
  error?: string;
}

export interface BaselineReport {
  file: string;
  worse: BaselineChange[];
  better: BaselineChange[];
  appeared: BaselineChange[];
  disappeared: BaselineChange[];
  findings: { new: Finding[]; resolved: Finding[] };
  summary: { total: [number, number]; passed: [number, number]; failed: [number, number]; healthy: [boolean, boolean] };
}

export interface Verdict {
  healthy: boolean;
  /** Why the run is unhealthy: `checks`, `timed_out`, `findings` (--strict; never `opaque_references`), `fleet`. */
  reasons: string[];
}

export interface Report {
  checks: Check[];
  timed_out: boolean;
  summary: Summary;
  findings: Finding[];
  fleet?: FleetReport;
  baseline?: BaselineReport;
  verdict?: Verdict;
}
