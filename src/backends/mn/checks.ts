// Generated from src/backends/mn/models.ts by `npm run gen:checks` (src/backends/check-compiler.ts): do not edit.
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
  return (x === null || c0(x));
}
function c2(x: any): boolean {
  return (x === undefined || c1(x));
}
function c3(x: any): boolean {
  return typeof x === 'number' && Number.isFinite(x);
}
function c4(x: any): boolean {
  return (x === null || c3(x));
}
function c5(x: any): boolean {
  return (x === undefined || c4(x));
}
function c6(x: any): boolean {
  return typeof x === 'boolean';
}
function c7(x: any): boolean {
  return (x === null || c6(x));
}
function c8(x: any): boolean {
  return (x === undefined || c7(x));
}
function c9(x: any): boolean {
  return isObject(x)
    && c2(x["artifact_id"])
    && c2(x["path"])
    && c2(x["relative_path"])
    && c5(x["size_bytes"])
    && c2(x["sha256"])
    && c2(x["content_type"])
    && c2(x["url"])
    && c2(x["reveal_url"])
    && c2(x["name"])
    && c2(x["source"])
    && c8(x["external"]);
}
function c10(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c9);
}
function c11(x: any): boolean {
  return isObject(x)
    && c2(x["run_id"])
    && c2(x["run_dir"])
    && Object.hasOwn(x, "artifacts")
    && c10(x["artifacts"]);
}
function c12(x: any): boolean {
  return isObject(x)
    && c2(x["model"])
    && c2(x["name"])
    && c2(x["docker_model"])
    && c2(x["api_model"])
    && c2(x["node"])
    && c5(x["elapsed_ms"])
    && c5(x["first_token_ms"])
    && c5(x["generated_tokens"])
    && c5(x["tokens_per_second"])
    && c2(x["sample"])
    && c8(x["estimated"]);
}
function c13(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c0);
}
function c14(x: any): boolean {
  return (x === null || c13(x));
}
function c15(x: any): boolean {
  return (x === undefined || c14(x));
}
function c16(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "id")
    && c0(x["id"])
    && c2(x["name"])
    && c2(x["path"])
    && c2(x["category"])
    && c2(x["category_slug"])
    && c2(x["description"])
    && c2(x["agent_role"])
    && c8(x["installed"])
    && c15(x["models"]);
}
function c17(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "blueprint")
    && c16(x["blueprint"]);
}
function c18(x: any): boolean {
  return (x === null || c16(x));
}
function c19(x: any): boolean {
  return (x === undefined || c18(x));
}
function c20(x: any): boolean {
  return false;
}
function c21(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "ok")
    && c6(x["ok"])
    && Object.hasOwn(x, "models")
    && c20(x["models"])
    && Object.hasOwn(x, "errors")
    && c20(x["errors"]);
}
function c22(x: any): boolean {
  return (x === null || c21(x));
}
function c23(x: any): boolean {
  return (x === undefined || c22(x));
}
function c24(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "installed")
    && c6(x["installed"])
    && c19(x["blueprint"])
    && c23(x["model_install"]);
}
function c25(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c16);
}
function c26(x: any): boolean {
  return isObject(x)
    && c2(x["repo_dir"])
    && Object.hasOwn(x, "blueprints")
    && c25(x["blueprints"])
    && Object.hasOwn(x, "categories")
    && c20(x["categories"]);
}
function c27(x: any): boolean {
  return true;
}
function c28(x: any): boolean {
  return (x === undefined || c27(x));
}
function c29(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "ok")
    && c6(x["ok"])
    && c2(x["status"])
    && c5(x["error_count"])
    && Object.hasOwn(x, "errors")
    && c20(x["errors"])
    && Object.hasOwn(x, "issues")
    && c20(x["issues"]);
}
function c30(x: any): boolean {
  return (x === null || c29(x));
}
function c31(x: any): boolean {
  return (x === undefined || c30(x));
}
function c32(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c2(x["run_id"])
    && c2(x["job_id"])
    && c2(x["id"])
    && c2(x["source"])
    && c2(x["progress_id"])
    && c2(x["progress_url"])
    && c28(x["blueprint"])
    && c31(x["validation"])
    && c23(x["model_install"]);
}
function c33(x: any): boolean {
  return isObject(x)
    && c19(x["blueprint"])
    && Object.hasOwn(x, "validation")
    && c29(x["validation"])
    && c2(x["source"])
    && c28(x["manifest"]);
}
function c34(x: any): boolean {
  return isObject(x) && Object.values(x).every(c27);
}
function c35(x: any): boolean {
  return (x === null || c34(x));
}
function c36(x: any): boolean {
  return (x === undefined || c35(x));
}
function c37(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "bundle_path")
    && c0(x["bundle_path"])
    && c36(x["manifest"])
    && c28(x["rag_db"]);
}
function c38(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "cleared_count")
    && c3(x["cleared_count"]);
}
function c39(x: any): boolean {
  return (x === undefined || c6(x));
}
function c40(x: any): boolean {
  return (x === undefined || c34(x));
}
function c41(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && Object.hasOwn(x, "connected_nodes")
    && c20(x["connected_nodes"])
    && c39(x["self"])
    && c39(x["self?"])
    && c2(x["status"])
    && c2(x["scheduler_hint"])
    && c40(x["executor_pools"])
    && c40(x["hardware"])
    && c2(x["grpc_host"]);
}
function c42(x: any): boolean {
  return (x === "passing" || x === "warning" || x === "critical");
}
function c43(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "index")
    && c3(x["index"])
    && c5(x["event_index"])
    && c2(x["agent_id"])
    && c28(x["reason"])
    && c2(x["timestamp"])
    && c28(x["message"]);
}
function c44(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c43);
}
function c45(x: any): boolean {
  return isObject(x)
    && c2(x["job_id"])
    && Object.hasOwn(x, "data")
    && c44(x["data"]);
}
function c46(x: any): boolean {
  return (x === undefined || c0(x));
}
function c47(x: any): boolean {
  return isObject(x)
    && c2(x["message"])
    && c2(x["category"])
    && c8(x["retryable"])
    && c2(x["component"])
    && c2(x["step_id"])
    && c2(x["agent_id"])
    && c5(x["attempt"])
    && c5(x["max_attempts"])
    && c2(x["node"]);
}
function c48(x: any): boolean {
  return (x === null || c47(x));
}
function c49(x: any): boolean {
  return (x === undefined || c48(x));
}
function c50(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "rel")
    && c0(x["rel"])
    && c2(x["artifact_id"]);
}
function c51(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c50);
}
function c52(x: any): boolean {
  return (x === null || c51(x));
}
function c53(x: any): boolean {
  return (x === undefined || c52(x));
}
function c54(x: any): boolean {
  return isObject(x)
    && c46(x["schema_version"])
    && Object.hasOwn(x, "code")
    && c0(x["code"])
    && Object.hasOwn(x, "desc")
    && c0(x["desc"])
    && c49(x["details"])
    && c2(x["severity"])
    && c2(x["occurred_at"])
    && c2(x["event_id"])
    && c2(x["trace_id"])
    && c2(x["span_id"])
    && c2(x["remediation"])
    && c53(x["links"]);
}
function c55(x: any): boolean {
  return (x === null || c54(x));
}
function c56(x: any): boolean {
  return (x === undefined || c55(x));
}
function c57(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "type")
    && c0(x["type"])
    && c2(x["timestamp"])
    && c2(x["agent_id"])
    && c2(x["status"])
    && c28(x["payload"])
    && c28(x["message"])
    && c28(x["reason"])
    && c28(x["error"])
    && c56(x["failure"]);
}
function c58(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c57);
}
function c59(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "data")
    && c58(x["data"])
    && c2(x["warning"]);
}
function c60(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c46(x["auth"]);
}
function c61(x: any): boolean {
  return isObject(x)
    && c2(x["request_id"])
    && c2(x["notice_id"])
    && c2(x["prompt"])
    && c2(x["message"]);
}
function c62(x: any): boolean {
  return (x === null || c61(x));
}
function c63(x: any): boolean {
  return (x === undefined || c62(x));
}
function c64(x: any): boolean {
  return isObject(x)
    && c2(x["ts"])
    && c2(x["run_id"])
    && c2(x["channel"])
    && Object.hasOwn(x, "type")
    && c0(x["type"])
    && c2(x["status"])
    && c63(x["payload"]);
}
function c65(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c64);
}
function c66(x: any): boolean {
  return isObject(x)
    && c2(x["run_id"])
    && Object.hasOwn(x, "data")
    && c65(x["data"]);
}
function c67(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && Object.hasOwn(x, "job_id")
    && c0(x["job_id"]);
}
function c68(x: any): boolean {
  return isObject(x)
    && c2(x["job_id"])
    && c2(x["run_id"])
    && c2(x["status"])
    && c2(x["graph_id"])
    && c56(x["failure"]);
}
function c69(x: any): boolean {
  return (x === undefined || c68(x));
}
function c70(x: any): boolean {
  return isObject(x)
    && c2(x["job_id"])
    && c2(x["status"])
    && c2(x["mode"])
    && c56(x["failure"]);
}
function c71(x: any): boolean {
  return (x === null || c70(x));
}
function c72(x: any): boolean {
  return (x === undefined || c71(x));
}
function c73(x: any): boolean {
  return isObject(x) && Object.values(x).every(c3);
}
function c74(x: any): boolean {
  return (x === null || c73(x));
}
function c75(x: any): boolean {
  return (x === undefined || c74(x));
}
function c76(x: any): boolean {
  return isObject(x)
    && c2(x["schema_version"])
    && c2(x["run_id"])
    && c2(x["trace_id"])
    && c2(x["status"])
    && c5(x["duration_ms"])
    && c75(x["counts"])
    && c5(x["retry_count"])
    && c36(x["resource_peaks"])
    && c36(x["token_totals"]);
}
function c77(x: any): boolean {
  return (x === null || c76(x));
}
function c78(x: any): boolean {
  return (x === undefined || c77(x));
}
function c79(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "agent_id")
    && c0(x["agent_id"])
    && c2(x["status"]);
}
function c80(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c79);
}
function c81(x: any): boolean {
  return (x === undefined || c80(x));
}
function c82(x: any): boolean {
  return (x === undefined || c58(x));
}
function c83(x: any): boolean {
  return (x === undefined || c10(x));
}
function c84(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c27);
}
function c85(x: any): boolean {
  return (x === undefined || c84(x));
}
function c86(x: any): boolean {
  return isObject(x)
    && c69(x["job"])
    && c72(x["summary"])
    && c2(x["trace_id"])
    && c78(x["observability_summary"])
    && c56(x["failure"])
    && c81(x["agents"])
    && c82(x["recent_events"])
    && c82(x["events"])
    && c83(x["artifacts"])
    && c83(x["output_files"])
    && c85(x["sandboxes"]);
}
function c87(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "job_id")
    && c0(x["job_id"])
    && c2(x["graph_id"])
    && c2(x["job_name"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c8(x["live"])
    && c2(x["submitted_at"])
    && c2(x["updated_at"])
    && c2(x["placement_policy"])
    && c2(x["recovery_policy"])
    && c5(x["executor_count"])
    && c5(x["active_executors"])
    && c15(x["nodes"])
    && c28(x["last_event"])
    && c2(x["recovery_status"])
    && c8(x["recovery_requires_review"])
    && c2(x["job_type"])
    && c2(x["run_id"])
    && c56(x["failure"]);
}
function c88(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c87);
}
function c89(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "data")
    && c88(x["data"]);
}
function c90(x: any): boolean {
  return (x === "pending" || x === "validated" || x === "scheduled" || x === "running" || x === "pausing" || x === "paused" || x === "cancelling" || x === "completed" || x === "failed" || x === "cancelled");
}
function c91(x: any): boolean {
  return isObject(x)
    && c2(x["ts"])
    && c2(x["phase"])
    && c2(x["status"])
    && c2(x["message"])
    && c2(x["label"]);
}
function c92(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "id")
    && c0(x["id"])
    && c2(x["label"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c2(x["message"])
    && c2(x["updated_at"]);
}
function c93(x: any): boolean {
  return (x === null || c91(x));
}
function c94(x: any): boolean {
  return (x === undefined || c93(x));
}
function c95(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "progress_id")
    && c0(x["progress_id"])
    && c2(x["schema_version"])
    && c2(x["run_id"])
    && c2(x["job_id"])
    && Object.hasOwn(x, "events")
    && c20(x["events"])
    && Object.hasOwn(x, "phases")
    && c20(x["phases"])
    && c94(x["latest"])
    && Object.hasOwn(x, "completed")
    && c6(x["completed"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c2(x["current_phase"])
    && c28(x["error"]);
}
function c96(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "total")
    && c3(x["total"])
    && Object.hasOwn(x, "by_status")
    && c20(x["by_status"]);
}
function c97(x: any): boolean {
  return (x === undefined || c96(x));
}
function c98(x: any): boolean {
  return isObject(x)
    && c5(x["queue_depth_total"])
    && c5(x["queue_depth_max"])
    && c5(x["pressured"]);
}
function c99(x: any): boolean {
  return (x === undefined || c98(x));
}
function c100(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "total")
    && c3(x["total"]);
}
function c101(x: any): boolean {
  return (x === undefined || c100(x));
}
function c102(x: any): boolean {
  return isObject(x)
    && c97(x["jobs"])
    && c99(x["agents"])
    && c101(x["nodes"])
    && c2(x["source"]);
}
function c103(x: any): boolean {
  return isObject(x)
    && c2(x["status"])
    && c8(x["ok"])
    && c2(x["message"]);
}
function c104(x: any): boolean {
  return (x === null || c103(x));
}
function c105(x: any): boolean {
  return (x === undefined || c104(x));
}
function c106(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "id")
    && c0(x["id"])
    && c2(x["docker_model"])
    && c8(x["installed"])
    && c8(x["manual"])
    && c2(x["node"])
    && c15(x["nodes"])
    && c5(x["owner_count"])
    && c15(x["used_by"])
    && c8(x["orphaned"])
    && c105(x["compatibility"]);
}
function c107(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c106);
}
function c108(x: any): boolean {
  return isObject(x)
    && c8(x["runner_available"])
    && c2(x["node"])
    && Object.hasOwn(x, "models")
    && c107(x["models"]);
}
function c109(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "ok")
    && c6(x["ok"])
    && c2(x["host"])
    && Object.hasOwn(x, "node_name")
    && c0(x["node_name"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c2(x["message"])
    && c36(x["handshake"]);
}
function c110(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "ok")
    && c6(x["ok"])
    && Object.hasOwn(x, "node_name")
    && c0(x["node_name"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c2(x["message"]);
}
function c111(x: any): boolean {
  return isObject(x)
    && c2(x["run_id"])
    && c2(x["run_dir"])
    && Object.hasOwn(x, "outputs")
    && c10(x["outputs"]);
}
function c112(x: any): boolean {
  return isObject(x)
    && c2(x["timestamp"])
    && c2(x["type"])
    && c2(x["step_id"])
    && c2(x["agent_id"])
    && c2(x["status"])
    && c28(x["message"])
    && c28(x["payload"])
    && c56(x["failure"]);
}
function c113(x: any): boolean {
  return (x === null || c112(x));
}
function c114(x: any): boolean {
  return (x === undefined || c113(x));
}
function c115(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c112);
}
function c116(x: any): boolean {
  return (x === null || c115(x));
}
function c117(x: any): boolean {
  return (x === undefined || c116(x));
}
function c118(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "id")
    && c0(x["id"])
    && c2(x["alias"])
    && c2(x["display_name"])
    && c2(x["role"])
    && c2(x["status"])
    && c2(x["assigned_node"])
    && c5(x["tokens"])
    && c5(x["tools"])
    && c5(x["tokens_used"])
    && c5(x["token_budget"])
    && c114(x["last_activity"])
    && c117(x["recent_events"])
    && c2(x["activity_summary"]);
}
function c119(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "id")
    && c0(x["id"])
    && c2(x["label"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c8(x["current"])
    && c5(x["ready_count"])
    && c2(x["activity_summary"])
    && c114(x["last_activity"])
    && c117(x["recent_events"])
    && Object.hasOwn(x, "agents")
    && c20(x["agents"]);
}
function c120(x: any): boolean {
  return isObject(x)
    && c5(x["cpu"])
    && c5(x["gpu"])
    && c5(x["memory"])
    && c5(x["disk"]);
}
function c121(x: any): boolean {
  return (x === null || c120(x));
}
function c122(x: any): boolean {
  return (x === undefined || c121(x));
}
function c123(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c34);
}
function c124(x: any): boolean {
  return (x === null || c123(x));
}
function c125(x: any): boolean {
  return (x === undefined || c124(x));
}
function c126(x: any): boolean {
  return isObject(x)
    && c2(x["mode"])
    && c5(x["node_count"])
    && Object.hasOwn(x, "nodes")
    && c20(x["nodes"])
    && c36(x["totals"])
    && c36(x["combined"])
    && c122(x["limits"])
    && c125(x["native_ports"]);
}
function c127(x: any): boolean {
  return isObject(x)
    && c2(x["run_id"])
    && c5(x["sample_count"]);
}
function c128(x: any): boolean {
  return isObject(x)
    && c2(x["ts"])
    && c2(x["timestamp"])
    && c2(x["run_id"])
    && c2(x["type"])
    && c2(x["channel"])
    && c28(x["payload"]);
}
function c129(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c128);
}
function c130(x: any): boolean {
  return isObject(x)
    && c2(x["run_id"])
    && Object.hasOwn(x, "data")
    && c129(x["data"]);
}
function c131(x: any): boolean {
  return isObject(x)
    && c2(x["ts"])
    && c2(x["run_id"])
    && c2(x["blueprint_id"])
    && c2(x["level"])
    && c2(x["component"])
    && c28(x["message"]);
}
function c132(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c131);
}
function c133(x: any): boolean {
  return isObject(x)
    && c2(x["run_id"])
    && Object.hasOwn(x, "data")
    && c132(x["data"]);
}
function c134(x: any): boolean {
  return isObject(x)
    && c2(x["run_id"])
    && c2(x["status"]);
}
function c135(x: any): boolean {
  return (x === null || c84(x));
}
function c136(x: any): boolean {
  return (x === undefined || c135(x));
}
function c137(x: any): boolean {
  return isObject(x)
    && c2(x["run_id"])
    && c2(x["run_dir"])
    && c36(x["ui"])
    && c36(x["web_ui"])
    && c36(x["job"])
    && c36(x["run"])
    && c136(x["events"]);
}
function c138(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c2(x["target"])
    && c5(x["duration_ms"])
    && c2(x["detail"])
    && c2(x["error"]);
}
function c139(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "overall")
    && c0(x["overall"])
    && c2(x["checked_at"])
    && Object.hasOwn(x, "components")
    && c20(x["components"]);
}
function c140(x: any): boolean {
  return isObject(x) && Object.values(x).every(c1);
}
function c141(x: any): boolean {
  return (x === undefined || c140(x));
}
function c142(x: any): boolean {
  return (x === undefined || c3(x));
}
function c143(x: any): boolean {
  return (x === undefined || c73(x));
}
function c144(x: any): boolean {
  return isObject(x)
    && c39(x["available"])
    && c142(x["total"])
    && c143(x["by_status"])
    && c85(x["items"]);
}
function c145(x: any): boolean {
  return (x === undefined || c144(x));
}
function c146(x: any): boolean {
  return isObject(x)
    && c39(x["available"])
    && c142(x["total"])
    && c143(x["by_status"])
    && c142(x["active"])
    && c143(x["active_by_status"]);
}
function c147(x: any): boolean {
  return (x === undefined || c146(x));
}
function c148(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "overall")
    && c0(x["overall"])
    && c2(x["checked_at"])
    && Object.hasOwn(x, "components")
    && c20(x["components"])
    && c40(x["runtime"])
    && c141(x["endpoints"])
    && c145(x["nodes"])
    && c147(x["jobs"])
    && c40(x["shared_storage"]);
}
function c149(x: any): boolean {
  return isObject(x)
    && c2(x["at"])
    && c2(x["job_id"])
    && c2(x["reason"]);
}
function c150(x: any): boolean {
  return (x === null || c149(x));
}
function c151(x: any): boolean {
  return (x === undefined || c150(x));
}
function c152(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "schedule_id")
    && c0(x["schedule_id"])
    && c2(x["name"])
    && Object.hasOwn(x, "kind")
    && c0(x["kind"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c8(x["enabled"])
    && c2(x["timezone"])
    && c15(x["crons"])
    && c2(x["next_run_at"])
    && c151(x["last_dispatch"])
    && c15(x["child_job_ids"])
    && c5(x["dispatch_count"])
    && c5(x["missed_count"])
    && c5(x["failure_count"]);
}
function c153(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c152);
}
function c154(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "schedules")
    && c153(x["schedules"]);
}
function c155(x: any): boolean {
  return (x === null || c152(x));
}
function c156(x: any): boolean {
  return (x === undefined || c155(x));
}
function c157(x: any): boolean {
  return isObject(x)
    && c2(x["schedule_id"])
    && c2(x["id"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c2(x["event_id"])
    && c2(x["job_id"])
    && c156(x["schedule"]);
}
function c158(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "id")
    && c0(x["id"])
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && c2(x["job_id"])
    && c2(x["agent_id"])
    && c2(x["address"])
    && c5(x["port"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c15(x["tags"])
    && c36(x["meta"])
    && c28(x["health"])
    && c2(x["node"]);
}
function c159(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c158);
}
function c160(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "services")
    && c159(x["services"]);
}
function c161(x: any): boolean {
  return isObject(x)
    && c2(x["job_id"])
    && Object.hasOwn(x, "error")
    && c27(x["error"]);
}
function c162(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "id")
    && c0(x["id"])
    && Object.hasOwn(x, "status")
    && c0(x["status"]);
}
function c163(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "nodes")
    && c20(x["nodes"])
    && Object.hasOwn(x, "jobs")
    && c20(x["jobs"]);
}
function c164(x: any): boolean {
  return isObject(x)
    && c2(x["schema_version"])
    && c2(x["ts"])
    && c2(x["run_id"])
    && c2(x["blueprint_id"])
    && c2(x["trace_id"])
    && Object.hasOwn(x, "type")
    && c0(x["type"])
    && c2(x["phase"])
    && c2(x["status"])
    && c2(x["summary"]);
}
function c165(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c164);
}
function c166(x: any): boolean {
  return isObject(x)
    && c2(x["run_id"])
    && Object.hasOwn(x, "data")
    && c165(x["data"]);
}
function c167(x: any): boolean {
  return isObject(x)
    && c2(x["schedule_id"])
    && c2(x["job_id"]);
}
function c168(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c167);
}
function c169(x: any): boolean {
  return (x === null || c168(x));
}
function c170(x: any): boolean {
  return (x === undefined || c169(x));
}
function c171(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "event_id")
    && c0(x["event_id"])
    && Object.hasOwn(x, "event_type")
    && c0(x["event_type"])
    && c28(x["payload"])
    && c2(x["source"])
    && c2(x["emitted_at"])
    && c170(x["dispatched"]);
}
function c172(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c171);
}
function c173(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "events")
    && c172(x["events"]);
}
function c174(x: any): boolean {
  return isObject(x)
    && c2(x["source"])
    && c2(x["path"])
    && c2(x["pointer"]);
}
function c175(x: any): boolean {
  return (x === null || c174(x));
}
function c176(x: any): boolean {
  return (x === undefined || c175(x));
}
function c177(x: any): boolean {
  return isObject(x)
    && c2(x["code"])
    && c2(x["message"])
    && c2(x["help"])
    && c2(x["severity"])
    && c176(x["location"]);
}
function c178(x: any): boolean {
  return isObject(x)
    && c5(x["done"])
    && c5(x["total"])
    && c5(x["ready"])
    && c5(x["running"]);
}
function c179(x: any): boolean {
  return (x === null || c178(x));
}
function c180(x: any): boolean {
  return (x === undefined || c179(x));
}
function c181(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "job_id")
    && c0(x["job_id"])
    && c2(x["workflow_id"])
    && c2(x["name"])
    && c2(x["description"])
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c2(x["workflow_kind"])
    && c5(x["elapsed_seconds"])
    && c2(x["current_step_id"])
    && c15(x["current_step_ids"])
    && c180(x["agent_count"])
    && Object.hasOwn(x, "steps")
    && c20(x["steps"])
    && c136(x["messages"])
    && c5(x["resource_tokens"])
    && c2(x["trace_id"])
    && c2(x["run_id"])
    && c78(x["observability_summary"])
    && c56(x["failure"])
    && c2(x["warning"]);
}

export const ArtifactList: LazyModel<z.output<typeof M.ArtifactList>> = lazyModel(c11, () => import('./models.js').then((m) => m.ArtifactList), true);
export const ArtifactRef: LazyModel<z.output<typeof M.ArtifactRef>> = lazyModel(c9, () => import('./models.js').then((m) => m.ArtifactRef), true);
export const Benchmark: LazyModel<z.output<typeof M.Benchmark>> = lazyModel(c12, () => import('./models.js').then((m) => m.Benchmark), true);
export const Blueprint: LazyModel<z.output<typeof M.Blueprint>> = lazyModel(c16, () => import('./models.js').then((m) => m.Blueprint), true);
export const BlueprintGet: LazyModel<z.output<typeof M.BlueprintGet>> = lazyModel(c17, () => import('./models.js').then((m) => m.BlueprintGet), true);
export const BlueprintInstall: LazyModel<z.output<typeof M.BlueprintInstall>> = lazyModel(c24, () => import('./models.js').then((m) => m.BlueprintInstall));
export const BlueprintList: LazyModel<z.output<typeof M.BlueprintList>> = lazyModel(c26, () => import('./models.js').then((m) => m.BlueprintList));
export const BlueprintRun: LazyModel<z.output<typeof M.BlueprintRun>> = lazyModel(c32, () => import('./models.js').then((m) => m.BlueprintRun));
export const BlueprintValidate: LazyModel<z.output<typeof M.BlueprintValidate>> = lazyModel(c33, () => import('./models.js').then((m) => m.BlueprintValidate));
export const BundleUpload: LazyModel<z.output<typeof M.BundleUpload>> = lazyModel(c37, () => import('./models.js').then((m) => m.BundleUpload), true);
export const CleanupResult: LazyModel<z.output<typeof M.CleanupResult>> = lazyModel(c38, () => import('./models.js').then((m) => m.CleanupResult), true);
export const ClusterNode: LazyModel<z.output<typeof M.ClusterNode>> = lazyModel(c41, () => import('./models.js').then((m) => m.ClusterNode));
export const ComponentStatus: LazyModel<z.output<typeof M.ComponentStatus>> = lazyModel(c42, () => import('./models.js').then((m) => m.ComponentStatus), true);
export const DeadLetter: LazyModel<z.output<typeof M.DeadLetter>> = lazyModel(c43, () => import('./models.js').then((m) => m.DeadLetter), true);
export const DeadLetters: LazyModel<z.output<typeof M.DeadLetters>> = lazyModel(c45, () => import('./models.js').then((m) => m.DeadLetters), true);
export const EventList: LazyModel<z.output<typeof M.EventList>> = lazyModel(c59, () => import('./models.js').then((m) => m.EventList), true);
export const GatewayHealth: LazyModel<z.output<typeof M.GatewayHealth>> = lazyModel(c60, () => import('./models.js').then((m) => m.GatewayHealth), true);
export const HumanList: LazyModel<z.output<typeof M.HumanList>> = lazyModel(c66, () => import('./models.js').then((m) => m.HumanList), true);
export const HumanRecord: LazyModel<z.output<typeof M.HumanRecord>> = lazyModel(c64, () => import('./models.js').then((m) => m.HumanRecord), true);
export const JobControl: LazyModel<z.output<typeof M.JobControl>> = lazyModel(c67, () => import('./models.js').then((m) => m.JobControl), true);
export const JobDetail: LazyModel<z.output<typeof M.JobDetail>> = lazyModel(c86, () => import('./models.js').then((m) => m.JobDetail), true);
export const JobEvent: LazyModel<z.output<typeof M.JobEvent>> = lazyModel(c57, () => import('./models.js').then((m) => m.JobEvent), true);
export const JobList: LazyModel<z.output<typeof M.JobList>> = lazyModel(c89, () => import('./models.js').then((m) => m.JobList), true);
export const JobStatus: LazyModel<z.output<typeof M.JobStatus>> = lazyModel(c90, () => import('./models.js').then((m) => m.JobStatus), true);
export const JobSummary: LazyModel<z.output<typeof M.JobSummary>> = lazyModel(c87, () => import('./models.js').then((m) => m.JobSummary), true);
export const LaunchEvent: LazyModel<z.output<typeof M.LaunchEvent>> = lazyModel(c91, () => import('./models.js').then((m) => m.LaunchEvent), true);
export const LaunchPhase: LazyModel<z.output<typeof M.LaunchPhase>> = lazyModel(c92, () => import('./models.js').then((m) => m.LaunchPhase), true);
export const LaunchProgress: LazyModel<z.output<typeof M.LaunchProgress>> = lazyModel(c95, () => import('./models.js').then((m) => m.LaunchProgress));
export const Metrics: LazyModel<z.output<typeof M.Metrics>> = lazyModel(c102, () => import('./models.js').then((m) => m.Metrics));
export const MnFailure: LazyModel<z.output<typeof M.MnFailure>> = lazyModel(c54, () => import('./models.js').then((m) => m.MnFailure), true);
export const ModelEntry: LazyModel<z.output<typeof M.ModelEntry>> = lazyModel(c106, () => import('./models.js').then((m) => m.ModelEntry), true);
export const ModelInstall: LazyModel<z.output<typeof M.ModelInstall>> = lazyModel(c21, () => import('./models.js').then((m) => m.ModelInstall));
export const ModelList: LazyModel<z.output<typeof M.ModelList>> = lazyModel(c108, () => import('./models.js').then((m) => m.ModelList), true);
export const NodeJoin: LazyModel<z.output<typeof M.NodeJoin>> = lazyModel(c109, () => import('./models.js').then((m) => m.NodeJoin), true);
export const NodeLeave: LazyModel<z.output<typeof M.NodeLeave>> = lazyModel(c110, () => import('./models.js').then((m) => m.NodeLeave), true);
export const ObservabilitySummary: LazyModel<z.output<typeof M.ObservabilitySummary>> = lazyModel(c76, () => import('./models.js').then((m) => m.ObservabilitySummary), true);
export const OutputList: LazyModel<z.output<typeof M.OutputList>> = lazyModel(c111, () => import('./models.js').then((m) => m.OutputList), true);
export const ProgressAgent: LazyModel<z.output<typeof M.ProgressAgent>> = lazyModel(c118, () => import('./models.js').then((m) => m.ProgressAgent), true);
export const ProgressStep: LazyModel<z.output<typeof M.ProgressStep>> = lazyModel(c119, () => import('./models.js').then((m) => m.ProgressStep));
export const ResourceInfo: LazyModel<z.output<typeof M.ResourceInfo>> = lazyModel(c126, () => import('./models.js').then((m) => m.ResourceInfo));
export const ResourceLimits: LazyModel<z.output<typeof M.ResourceLimits>> = lazyModel(c120, () => import('./models.js').then((m) => m.ResourceLimits), true);
export const ResourceRollup: LazyModel<z.output<typeof M.ResourceRollup>> = lazyModel(c127, () => import('./models.js').then((m) => m.ResourceRollup), true);
export const RunEvent: LazyModel<z.output<typeof M.RunEvent>> = lazyModel(c128, () => import('./models.js').then((m) => m.RunEvent), true);
export const RunEventList: LazyModel<z.output<typeof M.RunEventList>> = lazyModel(c130, () => import('./models.js').then((m) => m.RunEventList), true);
export const RunLog: LazyModel<z.output<typeof M.RunLog>> = lazyModel(c131, () => import('./models.js').then((m) => m.RunLog), true);
export const RunLogList: LazyModel<z.output<typeof M.RunLogList>> = lazyModel(c133, () => import('./models.js').then((m) => m.RunLogList), true);
export const RunResult: LazyModel<z.output<typeof M.RunResult>> = lazyModel(c134, () => import('./models.js').then((m) => m.RunResult), true);
export const RunStreamRecord: LazyModel<z.output<typeof M.RunStreamRecord>> = lazyModel(c34, () => import('./models.js').then((m) => m.RunStreamRecord), true);
export const RunUi: LazyModel<z.output<typeof M.RunUi>> = lazyModel(c137, () => import('./models.js').then((m) => m.RunUi), true);
export const RuntimeComponent: LazyModel<z.output<typeof M.RuntimeComponent>> = lazyModel(c138, () => import('./models.js').then((m) => m.RuntimeComponent), true);
export const RuntimeHealth: LazyModel<z.output<typeof M.RuntimeHealth>> = lazyModel(c139, () => import('./models.js').then((m) => m.RuntimeHealth));
export const RuntimeStatus: LazyModel<z.output<typeof M.RuntimeStatus>> = lazyModel(c148, () => import('./models.js').then((m) => m.RuntimeStatus));
export const Schedule: LazyModel<z.output<typeof M.Schedule>> = lazyModel(c152, () => import('./models.js').then((m) => m.Schedule), true);
export const ScheduleList: LazyModel<z.output<typeof M.ScheduleList>> = lazyModel(c154, () => import('./models.js').then((m) => m.ScheduleList), true);
export const ScheduleMutation: LazyModel<z.output<typeof M.ScheduleMutation>> = lazyModel(c157, () => import('./models.js').then((m) => m.ScheduleMutation), true);
export const Service: LazyModel<z.output<typeof M.Service>> = lazyModel(c158, () => import('./models.js').then((m) => m.Service), true);
export const ServiceList: LazyModel<z.output<typeof M.ServiceList>> = lazyModel(c160, () => import('./models.js').then((m) => m.ServiceList), true);
export const StreamError: LazyModel<z.output<typeof M.StreamError>> = lazyModel(c161, () => import('./models.js').then((m) => m.StreamError));
export const SubmitResult: LazyModel<z.output<typeof M.SubmitResult>> = lazyModel(c162, () => import('./models.js').then((m) => m.SubmitResult), true);
export const SystemSummary: LazyModel<z.output<typeof M.SystemSummary>> = lazyModel(c163, () => import('./models.js').then((m) => m.SystemSummary));
export const TimelineList: LazyModel<z.output<typeof M.TimelineList>> = lazyModel(c166, () => import('./models.js').then((m) => m.TimelineList), true);
export const TimelineRecord: LazyModel<z.output<typeof M.TimelineRecord>> = lazyModel(c164, () => import('./models.js').then((m) => m.TimelineRecord), true);
export const TriggerEvent: LazyModel<z.output<typeof M.TriggerEvent>> = lazyModel(c171, () => import('./models.js').then((m) => m.TriggerEvent), true);
export const TriggerEventList: LazyModel<z.output<typeof M.TriggerEventList>> = lazyModel(c173, () => import('./models.js').then((m) => m.TriggerEventList), true);
export const ValidationIssue: LazyModel<z.output<typeof M.ValidationIssue>> = lazyModel(c177, () => import('./models.js').then((m) => m.ValidationIssue), true);
export const ValidationReport: LazyModel<z.output<typeof M.ValidationReport>> = lazyModel(c29, () => import('./models.js').then((m) => m.ValidationReport));
export const WorkflowProgress: LazyModel<z.output<typeof M.WorkflowProgress>> = lazyModel(c181, () => import('./models.js').then((m) => m.WorkflowProgress));
