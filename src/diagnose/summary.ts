/** The report's summary and the reference TUI's summary line (`render/detail_pane.rs`). */
import { outcomeKind, type Check, type Note, type Summary } from './types.js';

export function summarize(checks: readonly Check[], timedOut: boolean): Summary {
  const passed = (c: Check) => outcomeKind(c.outcome) !== 'Fail';
  const admin = checks.filter((c) => c.phase === 'AdminInfra');
  const mesh = checks.filter((c) => c.phase === 'Mesh');
  const total = checks.length;
  const ok = checks.filter(passed).length;
  return {
    total,
    passed: ok,
    failed: total - ok,
    admin_infra_passed: admin.filter(passed).length,
    admin_infra_total: admin.length,
    mesh_passed: mesh.filter(passed).length,
    mesh_total: mesh.length,
    healthy: ok === total && !timedOut,
  };
}

/**
 * `All 9 checks passed. Admin: healthy Mesh: healthy.` when nothing failed (no period after the
 * admin word, as the reference TUI), otherwise `7/9 checks passed. Admin: 3/3. Mesh: 4/6.`; empty
 * when there is no check at all.
 */
export function summaryLine(s: Summary): string {
  if (s.total === 0) return '';
  if (s.failed === 0) {
    const admin = s.admin_infra_passed === s.admin_infra_total && s.admin_infra_total > 0 ? 'healthy' : 'failing';
    const mesh = s.mesh_total === 0 ? 'n/a' : s.mesh_passed === s.mesh_total ? 'healthy' : 'failing';
    return `All ${s.total} checks passed. Admin: ${admin} Mesh: ${mesh}.`;
  }
  return `${s.passed}/${s.total} checks passed. Admin: ${s.admin_infra_passed}/${s.admin_infra_total}. Mesh: ${s.mesh_passed}/${s.mesh_total}.`;
}

/** The English note texts of the reference TUI (`theme.rs`). */
export const NOTE_TEXT: Record<Note, string> = {
  AdminServer: 'admin HTTP server — lists connected hosts',
  HostAgent: 'host agent — manages procs on this machine',
  AdminServiceProc: 'admin service proc — hosts the admin actor layer',
  LocalClientProc: 'local client proc — in-process actors (empty in pure Rust)',
  IntrospectionHandler: 'handles GET /v1/… HTTP requests',
  ActorLifecycleManager: 'manages actor spawn and lifecycle',
  RootClientBridge: 'root client bridge — connects admin to the mesh',
  CastActor: 'mesh cast actor — routes mesh casts',
  ProcAgent: 'proc agent — manages actor spawn and lifecycle on this proc',
  UserProc: 'user proc — your workload is alive',
  UserActor: 'user actor — reachable through full stack',
};
