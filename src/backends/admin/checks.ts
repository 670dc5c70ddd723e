// Generated from src/backends/admin/models.ts by `npm run gen:checks` (src/backends/check-compiler.ts): do not edit.
// Each model's predicate accepts only what the zod model accepts and returns unchanged; anything
// else is decided by the zod model itself, loaded on first need.
/* eslint-disable -- generated code: its style is the compiler's, checked by test/unit/model-checks.test.ts */
import type { z } from 'zod';
import { everyItem, isObject, lazyModel, onlyKeys, type LazyModel } from '../../http/model.js';
import type * as M from './models.js';

function c0(x: any): boolean {
  return typeof x === 'string';
}
function c1(x: any): boolean {
  return typeof x === 'number' && Number.isFinite(x) && Number.isSafeInteger(x) && x >= 0;
}
function c2(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && Object.hasOwn(x, "active_count")
    && c1(x["active_count"])
    && Object.hasOwn(x, "oldest_since")
    && c0(x["oldest_since"]);
}
function c3(x: any): boolean {
  return (x === null || c0(x));
}
function c4(x: any): boolean {
  return (x === undefined || c3(x));
}
function c5(x: any): boolean {
  return typeof x === 'boolean';
}
function c6(x: any): boolean {
  return (x === null || c1(x));
}
function c7(x: any): boolean {
  return (x === undefined || c6(x));
}
function c8(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "session_id")
    && c0(x["session_id"])
    && c4(x["sender"])
    && Object.hasOwn(x, "last_released_seq")
    && c1(x["last_released_seq"])
    && Object.hasOwn(x, "expected_next_seq")
    && c1(x["expected_next_seq"])
    && Object.hasOwn(x, "buffered_count")
    && c1(x["buffered_count"])
    && c7(x["oldest_buffered_seq"])
    && c7(x["newest_buffered_seq"]);
}
function c9(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c8);
}
function c10(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "enabled")
    && c5(x["enabled"])
    && Object.hasOwn(x, "snapshot_complete")
    && c5(x["snapshot_complete"])
    && Object.hasOwn(x, "skipped_session_count")
    && c1(x["skipped_session_count"])
    && Object.hasOwn(x, "known_session_count")
    && c1(x["known_session_count"])
    && Object.hasOwn(x, "returned_buffered_session_count")
    && c1(x["returned_buffered_session_count"])
    && Object.hasOwn(x, "returned_buffered_message_count")
    && c1(x["returned_buffered_message_count"])
    && Object.hasOwn(x, "returned_max_buffered_count")
    && c1(x["returned_max_buffered_count"])
    && Object.hasOwn(x, "sessions")
    && c9(x["sessions"]);
}
function c11(x: any): boolean {
  return (x === null || c10(x));
}
function c12(x: any): boolean {
  return (x === undefined || c11(x));
}
function c13(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "error_message")
    && c0(x["error_message"])
    && Object.hasOwn(x, "root_cause_actor")
    && c0(x["root_cause_actor"])
    && c4(x["root_cause_name"])
    && Object.hasOwn(x, "occurred_at")
    && c0(x["occurred_at"])
    && Object.hasOwn(x, "is_propagated")
    && c5(x["is_propagated"]);
}
function c14(x: any): boolean {
  return (x === null || c13(x));
}
function c15(x: any): boolean {
  return (x === undefined || c14(x));
}
function c16(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c2);
}
function c17(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "active_count")
    && c1(x["active_count"])
    && Object.hasOwn(x, "active_handlers")
    && c16(x["active_handlers"])
    && Object.hasOwn(x, "complete")
    && c5(x["complete"])
    && Object.hasOwn(x, "truncated")
    && c5(x["truncated"]);
}
function c18(x: any): boolean {
  return (x === null || c17(x));
}
function c19(x: any): boolean {
  return (x === undefined || c18(x));
}
function c20(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "actor_status")
    && c0(x["actor_status"])
    && Object.hasOwn(x, "actor_type")
    && c0(x["actor_type"])
    && Object.hasOwn(x, "instance_id")
    && c0(x["instance_id"])
    && Object.hasOwn(x, "messages_processed")
    && c1(x["messages_processed"])
    && c4(x["created_at"])
    && c4(x["last_message_handler"])
    && Object.hasOwn(x, "total_processing_time_us")
    && c1(x["total_processing_time_us"])
    && Object.hasOwn(x, "queue_depth")
    && c1(x["queue_depth"])
    && c4(x["flight_recorder"])
    && Object.hasOwn(x, "is_system")
    && c5(x["is_system"])
    && c12(x["inbound_ordering"])
    && c15(x["failure_info"])
    && c19(x["execution"]);
}
function c21(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "Actor")
    && c20(x["Actor"]);
}
function c22(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "actor_id")
    && c0(x["actor_id"])
    && Object.hasOwn(x, "proc_id")
    && c0(x["proc_id"])
    && Object.hasOwn(x, "host")
    && c0(x["host"])
    && Object.hasOwn(x, "url")
    && c0(x["url"]);
}
function c23(x: any): boolean {
  return true;
}
function c24(x: any): boolean {
  return (x === undefined || c23(x));
}
function c25(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "code")
    && c0(x["code"])
    && Object.hasOwn(x, "message")
    && c0(x["message"])
    && c24(x["details"]);
}
function c26(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "error")
    && c25(x["error"]);
}
function c27(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && Object.hasOwn(x, "value")
    && c0(x["value"])
    && c4(x["default_value"])
    && Object.hasOwn(x, "source")
    && c0(x["source"])
    && Object.hasOwn(x, "changed_from_default")
    && c5(x["changed_from_default"])
    && c4(x["env_var"]);
}
function c28(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c27);
}
function c29(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "entries")
    && c28(x["entries"]);
}
function c30(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "code")
    && c0(x["code"])
    && Object.hasOwn(x, "message")
    && c0(x["message"]);
}
function c31(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "Error")
    && c30(x["Error"]);
}
function c32(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c0);
}
function c33(x: any): boolean {
  return isObject(x)
    && c7(x["process_rss_bytes"])
    && c7(x["process_vm_size_bytes"]);
}
function c34(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "addr")
    && c0(x["addr"])
    && Object.hasOwn(x, "num_procs")
    && c1(x["num_procs"])
    && Object.hasOwn(x, "system_children")
    && c32(x["system_children"])
    && Object.hasOwn(x, "memory")
    && c33(x["memory"]);
}
function c35(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "Host")
    && c34(x["Host"]);
}
function c36(x: any): boolean {
  return isObject(x) && Object.values(x).every(c23);
}
function c37(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "num_hosts")
    && c1(x["num_hosts"])
    && Object.hasOwn(x, "started_at")
    && c0(x["started_at"])
    && Object.hasOwn(x, "started_by")
    && c0(x["started_by"])
    && Object.hasOwn(x, "system_children")
    && c32(x["system_children"]);
}
function c38(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "Root")
    && c37(x["Root"]);
}
function c39(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "memory")
    && c33(x["memory"])
    && Object.hasOwn(x, "actor_work_queue_depth_total")
    && c1(x["actor_work_queue_depth_total"])
    && Object.hasOwn(x, "actor_work_queue_depth_max")
    && c1(x["actor_work_queue_depth_max"])
    && Object.hasOwn(x, "actor_work_queue_depth_high_water_mark")
    && c1(x["actor_work_queue_depth_high_water_mark"])
    && c7(x["last_nonzero_queue_depth_age_ms"]);
}
function c40(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "proc_name")
    && c0(x["proc_name"])
    && Object.hasOwn(x, "num_actors")
    && c1(x["num_actors"])
    && Object.hasOwn(x, "system_children")
    && c32(x["system_children"])
    && Object.hasOwn(x, "stopped_children")
    && c32(x["stopped_children"])
    && Object.hasOwn(x, "stopped_retention_cap")
    && c1(x["stopped_retention_cap"])
    && Object.hasOwn(x, "is_poisoned")
    && c5(x["is_poisoned"])
    && Object.hasOwn(x, "failed_actor_count")
    && c1(x["failed_actor_count"])
    && Object.hasOwn(x, "debug")
    && c39(x["debug"]);
}
function c41(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "Proc")
    && c40(x["Proc"]);
}
function c42(x: any): boolean {
  return (c38(x) || c35(x) || c41(x) || c21(x) || c31(x));
}
function c43(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "identity")
    && c0(x["identity"])
    && Object.hasOwn(x, "properties")
    && c42(x["properties"])
    && Object.hasOwn(x, "children")
    && c32(x["children"])
    && c4(x["parent"])
    && Object.hasOwn(x, "as_of")
    && c0(x["as_of"]);
}
function c44(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "searched")
    && c32(x["searched"]);
}
function c45(x: any): boolean {
  return typeof x === 'number' && Number.isFinite(x) && Number.isSafeInteger(x);
}
function c46(x: any): boolean {
  return (x === null || c45(x));
}
function c47(x: any): boolean {
  return (x === undefined || c46(x));
}
function c48(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "pid")
    && c1(x["pid"])
    && Object.hasOwn(x, "binary")
    && c0(x["binary"])
    && c47(x["exit_code"])
    && Object.hasOwn(x, "stderr")
    && c0(x["stderr"]);
}
function c49(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && Object.hasOwn(x, "addr")
    && c1(x["addr"])
    && Object.hasOwn(x, "arg")
    && c5(x["arg"])
    && c4(x["repr"]);
}
function c50(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c49);
}
function c51(x: any): boolean {
  return (x === null || c50(x));
}
function c52(x: any): boolean {
  return (x === undefined || c51(x));
}
function c53(x: any): boolean {
  return (x === undefined || c5(x));
}
function c54(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && Object.hasOwn(x, "filename")
    && c0(x["filename"])
    && c4(x["module"])
    && c4(x["short_filename"])
    && Object.hasOwn(x, "line")
    && c45(x["line"])
    && c52(x["locals"])
    && c53(x["is_entry"]);
}
function c55(x: any): boolean {
  return (x === undefined || c45(x));
}
function c56(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c54);
}
function c57(x: any): boolean {
  return isObject(x)
    && c55(x["pid"])
    && Object.hasOwn(x, "thread_id")
    && c1(x["thread_id"])
    && c4(x["thread_name"])
    && c7(x["os_thread_id"])
    && Object.hasOwn(x, "active")
    && c5(x["active"])
    && Object.hasOwn(x, "owns_gil")
    && c5(x["owns_gil"])
    && Object.hasOwn(x, "frames")
    && c56(x["frames"]);
}
function c58(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c57);
}
function c59(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "pid")
    && c1(x["pid"])
    && Object.hasOwn(x, "binary")
    && c0(x["binary"])
    && Object.hasOwn(x, "stack_traces")
    && c58(x["stack_traces"])
    && Object.hasOwn(x, "warnings")
    && c32(x["warnings"]);
}
function c60(x: any): boolean {
  return typeof x === 'number' && Number.isFinite(x) && Number.isSafeInteger(x) && x >= 1;
}
function c61(x: any): boolean {
  return typeof x === 'number' && Number.isFinite(x) && Number.isSafeInteger(x) && x >= 1 && x <= 1000;
}
function c62(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "duration_s")
    && c60(x["duration_s"])
    && Object.hasOwn(x, "rate_hz")
    && c61(x["rate_hz"])
    && Object.hasOwn(x, "native")
    && c5(x["native"])
    && Object.hasOwn(x, "threads")
    && c5(x["threads"])
    && Object.hasOwn(x, "nonblocking")
    && c5(x["nonblocking"])
    && onlyKeys(x, ["duration_s","rate_hz","native","threads","nonblocking"]);
}
function c63(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "Ok")
    && c59(x["Ok"]);
}
function c64(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "BinaryNotFound")
    && c44(x["BinaryNotFound"]);
}
function c65(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "Failed")
    && c48(x["Failed"]);
}
function c66(x: any): boolean {
  return (c63(x) || c64(x) || c65(x));
}
function c67(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "dump_id")
    && c0(x["dump_id"]);
}
function c68(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "sql")
    && c0(x["sql"])
    && onlyKeys(x, ["sql"]);
}
function c69(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "rows")
    && c23(x["rows"]);
}
function c70(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "timestamp")
    && c0(x["timestamp"])
    && Object.hasOwn(x, "seq")
    && c1(x["seq"])
    && Object.hasOwn(x, "level")
    && c0(x["level"])
    && Object.hasOwn(x, "target")
    && c0(x["target"])
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && Object.hasOwn(x, "fields")
    && c36(x["fields"]);
}

export const ActiveHandler: LazyModel<z.output<typeof M.ActiveHandler>> = lazyModel(c2, () => import('./models.js').then((m) => m.ActiveHandler), true);
export const ActorProperties: LazyModel<z.output<typeof M.ActorProperties>> = lazyModel(c20, () => import('./models.js').then((m) => m.ActorProperties), true);
export const ActorVariant: LazyModel<z.output<typeof M.ActorVariant>> = lazyModel(c21, () => import('./models.js').then((m) => m.ActorVariant), true);
export const AdminInfo: LazyModel<z.output<typeof M.AdminInfo>> = lazyModel(c22, () => import('./models.js').then((m) => m.AdminInfo), true);
export const ApiError: LazyModel<z.output<typeof M.ApiError>> = lazyModel(c25, () => import('./models.js').then((m) => m.ApiError), true);
export const ApiErrorEnvelope: LazyModel<z.output<typeof M.ApiErrorEnvelope>> = lazyModel(c26, () => import('./models.js').then((m) => m.ApiErrorEnvelope), true);
export const ConfigDumpResult: LazyModel<z.output<typeof M.ConfigDumpResult>> = lazyModel(c29, () => import('./models.js').then((m) => m.ConfigDumpResult), true);
export const ConfigEntry: LazyModel<z.output<typeof M.ConfigEntry>> = lazyModel(c27, () => import('./models.js').then((m) => m.ConfigEntry), true);
export const ErrorProperties: LazyModel<z.output<typeof M.ErrorProperties>> = lazyModel(c30, () => import('./models.js').then((m) => m.ErrorProperties), true);
export const ErrorVariant: LazyModel<z.output<typeof M.ErrorVariant>> = lazyModel(c31, () => import('./models.js').then((m) => m.ErrorVariant), true);
export const Execution: LazyModel<z.output<typeof M.Execution>> = lazyModel(c17, () => import('./models.js').then((m) => m.Execution), true);
export const FailureInfo: LazyModel<z.output<typeof M.FailureInfo>> = lazyModel(c13, () => import('./models.js').then((m) => m.FailureInfo), true);
export const HostProperties: LazyModel<z.output<typeof M.HostProperties>> = lazyModel(c34, () => import('./models.js').then((m) => m.HostProperties), true);
export const HostVariant: LazyModel<z.output<typeof M.HostVariant>> = lazyModel(c35, () => import('./models.js').then((m) => m.HostVariant), true);
export const InboundOrdering: LazyModel<z.output<typeof M.InboundOrdering>> = lazyModel(c10, () => import('./models.js').then((m) => m.InboundOrdering), true);
export const JsonDocument: LazyModel<z.output<typeof M.JsonDocument>> = lazyModel(c36, () => import('./models.js').then((m) => m.JsonDocument), true);
export const NodePayload: LazyModel<z.output<typeof M.NodePayload>> = lazyModel(c43, () => import('./models.js').then((m) => m.NodePayload), true);
export const NodeProperties: LazyModel<z.output<typeof M.NodeProperties>> = lazyModel(c42, () => import('./models.js').then((m) => m.NodeProperties), true);
export const OrderingSessionSnapshot: LazyModel<z.output<typeof M.OrderingSessionSnapshot>> = lazyModel(c8, () => import('./models.js').then((m) => m.OrderingSessionSnapshot), true);
export const ProcDebugStats: LazyModel<z.output<typeof M.ProcDebugStats>> = lazyModel(c39, () => import('./models.js').then((m) => m.ProcDebugStats), true);
export const ProcProperties: LazyModel<z.output<typeof M.ProcProperties>> = lazyModel(c40, () => import('./models.js').then((m) => m.ProcProperties), true);
export const ProcVariant: LazyModel<z.output<typeof M.ProcVariant>> = lazyModel(c41, () => import('./models.js').then((m) => m.ProcVariant), true);
export const ProcessMemoryStats: LazyModel<z.output<typeof M.ProcessMemoryStats>> = lazyModel(c33, () => import('./models.js').then((m) => m.ProcessMemoryStats), true);
export const PySpyBinaryNotFound: LazyModel<z.output<typeof M.PySpyBinaryNotFound>> = lazyModel(c44, () => import('./models.js').then((m) => m.PySpyBinaryNotFound), true);
export const PySpyFailed: LazyModel<z.output<typeof M.PySpyFailed>> = lazyModel(c48, () => import('./models.js').then((m) => m.PySpyFailed), true);
export const PySpyFrame: LazyModel<z.output<typeof M.PySpyFrame>> = lazyModel(c54, () => import('./models.js').then((m) => m.PySpyFrame), true);
export const PySpyLocalVariable: LazyModel<z.output<typeof M.PySpyLocalVariable>> = lazyModel(c49, () => import('./models.js').then((m) => m.PySpyLocalVariable), true);
export const PySpyOk: LazyModel<z.output<typeof M.PySpyOk>> = lazyModel(c59, () => import('./models.js').then((m) => m.PySpyOk), true);
export const PySpyProfileOpts: LazyModel<z.output<typeof M.PySpyProfileOpts>> = lazyModel(c62, () => import('./models.js').then((m) => m.PySpyProfileOpts));
export const PySpyResult: LazyModel<z.output<typeof M.PySpyResult>> = lazyModel(c66, () => import('./models.js').then((m) => m.PySpyResult), true);
export const PySpyStackTrace: LazyModel<z.output<typeof M.PySpyStackTrace>> = lazyModel(c57, () => import('./models.js').then((m) => m.PySpyStackTrace), true);
export const PyspyDumpAndStoreResponse: LazyModel<z.output<typeof M.PyspyDumpAndStoreResponse>> = lazyModel(c67, () => import('./models.js').then((m) => m.PyspyDumpAndStoreResponse), true);
export const QueryRequest: LazyModel<z.output<typeof M.QueryRequest>> = lazyModel(c68, () => import('./models.js').then((m) => m.QueryRequest));
export const QueryResponse: LazyModel<z.output<typeof M.QueryResponse>> = lazyModel(c69, () => import('./models.js').then((m) => m.QueryResponse));
export const RecordedEvent: LazyModel<z.output<typeof M.RecordedEvent>> = lazyModel(c70, () => import('./models.js').then((m) => m.RecordedEvent), true);
export const RootProperties: LazyModel<z.output<typeof M.RootProperties>> = lazyModel(c37, () => import('./models.js').then((m) => m.RootProperties), true);
export const RootVariant: LazyModel<z.output<typeof M.RootVariant>> = lazyModel(c38, () => import('./models.js').then((m) => m.RootVariant), true);
