// Generated from src/backends/astromesh/models.ts by `npm run gen:checks` (src/backends/check-compiler.ts): do not edit.
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
  return (x === undefined || c0(x));
}
function c2(x: any): boolean {
  return isObject(x)
    && c1(x["name"])
    && c1(x["version"])
    && c1(x["namespace"]);
}
function c3(x: any): boolean {
  return (x === undefined || c2(x));
}
function c4(x: any): boolean {
  return true;
}
function c5(x: any): boolean {
  return isObject(x) && Object.values(x).every(c4);
}
function c6(x: any): boolean {
  return (x === undefined || c5(x));
}
function c7(x: any): boolean {
  return isObject(x)
    && c1(x["apiVersion"])
    && c1(x["kind"])
    && c3(x["metadata"])
    && c6(x["spec"])
    && c1(x["name"])
    && c1(x["status"]);
}
function c8(x: any): boolean {
  return (x === null || c0(x));
}
function c9(x: any): boolean {
  return (x === undefined || c8(x));
}
function c10(x: any): boolean {
  return (x === undefined || c4(x));
}
function c11(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && c9(x["version"])
    && c9(x["namespace"])
    && c9(x["status"])
    && c9(x["error"])
    && c9(x["description"])
    && c10(x["model"])
    && c10(x["orchestration"]);
}
function c12(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c11);
}
function c13(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "agents")
    && c12(x["agents"]);
}
function c14(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c0);
}
function c15(x: any): boolean {
  return (x === undefined || c14(x));
}
function c16(x: any): boolean {
  return typeof x === 'number' && Number.isFinite(x);
}
function c17(x: any): boolean {
  return (x === undefined || c16(x));
}
function c18(x: any): boolean {
  return isObject(x)
    && c17(x["cpu_percent"])
    && c17(x["memory_percent"])
    && c17(x["active_requests"]);
}
function c19(x: any): boolean {
  return (x === undefined || c18(x));
}
function c20(x: any): boolean {
  return typeof x === 'boolean';
}
function c21(x: any): boolean {
  return (x === undefined || c20(x));
}
function c22(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "node_id")
    && c0(x["node_id"])
    && c1(x["name"])
    && c1(x["url"])
    && c15(x["services"])
    && c15(x["agents"])
    && c19(x["load"])
    && c21(x["leader"])
    && c17(x["joined_at"])
    && c17(x["last_heartbeat"])
    && c1(x["status"])
    && c1(x["address"])
    && c1(x["state"])
    && c17(x["heartbeat"])
    && c17(x["active_requests"]);
}
function c23(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c22);
}
function c24(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "nodes")
    && c23(x["nodes"])
    && c9(x["leader_id"])
    && c17(x["version"])
    && c9(x["leader"])
    && c1(x["this_node"]);
}
function c25(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c9(x["message"]);
}
function c26(x: any): boolean {
  return isObject(x) && Object.values(x).every(c25);
}
function c27(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c9(x["message"])
    && Object.hasOwn(x, "name")
    && c0(x["name"]);
}
function c28(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c27);
}
function c29(x: any): boolean {
  return (c26(x) || c28(x));
}
function c30(x: any): boolean {
  return isObject(x) && Object.values(x).every(c16);
}
function c31(x: any): boolean {
  return (x === undefined || c30(x));
}
function c32(x: any): boolean {
  return isObject(x)
    && c21(x["healthy"])
    && Object.hasOwn(x, "checks")
    && c29(x["checks"])
    && c31(x["summary"]);
}
function c33(x: any): boolean {
  return (x === "done");
}
function c34(x: any): boolean {
  return isObject(x)
    && c1(x["provider"])
    && c1(x["model"])
    && c1(x["role"])
    && c17(x["calls"])
    && c17(x["tokens_in"])
    && c17(x["tokens_out"])
    && c17(x["cost"]);
}
function c35(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c34);
}
function c36(x: any): boolean {
  return (x === undefined || c35(x));
}
function c37(x: any): boolean {
  return isObject(x)
    && c17(x["tokens_in"])
    && c17(x["tokens_out"])
    && c1(x["model"])
    && c36(x["by_model"])
    && c17(x["input_tokens"])
    && c17(x["output_tokens"])
    && c17(x["total_tokens"]);
}
function c38(x: any): boolean {
  return (x === null || c37(x));
}
function c39(x: any): boolean {
  return (x === undefined || c38(x));
}
function c40(x: any): boolean {
  return isObject(x)
    && c17(x["total_ms"]);
}
function c41(x: any): boolean {
  return (x === undefined || c40(x));
}
function c42(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "type")
    && c33(x["type"])
    && c1(x["answer"])
    && c1(x["session_id"])
    && c39(x["usage"])
    && c41(x["timing"]);
}
function c43(x: any): boolean {
  return isObject(x)
    && c9(x["leader_id"])
    && c1(x["type"])
    && c1(x["sender"]);
}
function c44(x: any): boolean {
  return (x === "error");
}
function c45(x: any): boolean {
  return false;
}
function c46(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "type")
    && c44(x["type"])
    && Object.hasOwn(x, "message")
    && c45(x["message"]);
}
function c47(x: any): boolean {
  return (x === undefined || c23(x));
}
function c48(x: any): boolean {
  return isObject(x)
    && c47(x["nodes"])
    && c47(x["state"])
    && c1(x["sender"]);
}
function c49(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c1(x["version"])
    && c17(x["uptime_seconds"]);
}
function c50(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "count")
    && c16(x["count"])
    && c17(x["sum"])
    && c17(x["avg"])
    && c17(x["min"])
    && c17(x["max"]);
}
function c51(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "status")
    && c0(x["status"])
    && c1(x["agent"])
    && c1(x["session_id"]);
}
function c52(x: any): boolean {
  return (c0(x) || c16(x));
}
function c53(x: any): boolean {
  return (x === null || c52(x));
}
function c54(x: any): boolean {
  return (x === undefined || c53(x));
}
function c55(x: any): boolean {
  return (x === null || c5(x));
}
function c56(x: any): boolean {
  return (x === undefined || c55(x));
}
function c57(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "role")
    && c0(x["role"])
    && Object.hasOwn(x, "content")
    && c4(x["content"])
    && c54(x["timestamp"])
    && c56(x["metadata"]);
}
function c58(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c57);
}
function c59(x: any): boolean {
  return (x === undefined || c58(x));
}
function c60(x: any): boolean {
  return isObject(x)
    && c1(x["agent"])
    && c1(x["session_id"])
    && c59(x["history"])
    && c59(x["messages"])
    && c17(x["limit"]);
}
function c61(x: any): boolean {
  return isObject(x)
    && c21(x["enabled"])
    && c1(x["node_id"])
    && c1(x["node_name"])
    && c9(x["leader"])
    && c17(x["cluster_size"])
    && c1(x["status"]);
}
function c62(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "counters")
    && c45(x["counters"])
    && Object.hasOwn(x, "histograms")
    && c45(x["histograms"]);
}
function c63(x: any): boolean {
  return isObject(x)
    && c1(x["pipeline"])
    && c17(x["chunks"])
    && c1(x["collection"])
    && c17(x["chunks_created"])
    && c17(x["documents_ingested"]);
}
function c64(x: any): boolean {
  return isObject(x)
    && c1(x["text"])
    && c1(x["content"])
    && c1(x["doc_id"])
    && Object.hasOwn(x, "score")
    && c16(x["score"])
    && c56(x["metadata"]);
}
function c65(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c64);
}
function c66(x: any): boolean {
  return isObject(x)
    && c1(x["query"])
    && Object.hasOwn(x, "results")
    && c65(x["results"])
    && c17(x["top_k"]);
}
function c67(x: any): boolean {
  return isObject(x)
    && c9(x["thought"])
    && c9(x["action"])
    && c10(x["action_input"])
    && c10(x["observation"])
    && c10(x["result"]);
}
function c68(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c67);
}
function c69(x: any): boolean {
  return (x === undefined || c68(x));
}
function c70(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "trace_id")
    && c0(x["trace_id"])
    && c9(x["agent"])
    && c9(x["session_id"])
    && c21(x["is_sampled"])
    && Object.hasOwn(x, "spans")
    && c45(x["spans"]);
}
function c71(x: any): boolean {
  return (x === null || c70(x));
}
function c72(x: any): boolean {
  return (x === undefined || c71(x));
}
function c73(x: any): boolean {
  return isObject(x)
    && c1(x["tool"])
    && c10(x["input"])
    && c10(x["output"]);
}
function c74(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c73);
}
function c75(x: any): boolean {
  return (x === undefined || c74(x));
}
function c76(x: any): boolean {
  return isObject(x)
    && c1(x["answer"])
    && c1(x["response"])
    && c69(x["steps"])
    && c39(x["usage"])
    && c72(x["trace"])
    && c10(x["data"])
    && c10(x["chain"])
    && c1(x["session_id"])
    && c75(x["tool_calls"])
    && c41(x["timing"]);
}
function c77(x: any): boolean {
  return isObject(x)
    && c1(x["agent"])
    && c1(x["query"])
    && Object.hasOwn(x, "results")
    && c65(x["results"])
    && c17(x["top_k"]);
}
function c78(x: any): boolean {
  return isObject(x)
    && c1(x["name"])
    && c17(x["timestamp"])
    && c6(x["attributes"]);
}
function c79(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c78);
}
function c80(x: any): boolean {
  return (x === undefined || c79(x));
}
function c81(x: any): boolean {
  return (x === null || c16(x));
}
function c82(x: any): boolean {
  return (x === undefined || c81(x));
}
function c83(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && c1(x["trace_id"])
    && Object.hasOwn(x, "span_id")
    && c0(x["span_id"])
    && c9(x["parent_span_id"])
    && c1(x["status"])
    && c6(x["attributes"])
    && c80(x["events"])
    && c82(x["start_time"])
    && c82(x["end_time"])
    && c82(x["duration_ms"]);
}
function c84(x: any): boolean {
  return (x === "status");
}
function c85(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "type")
    && c84(x["type"])
    && c1(x["status"])
    && c1(x["agent"]);
}
function c86(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "status")
    && c0(x["status"]);
}
function c87(x: any): boolean {
  return isObject(x) && Object.values(x).every(c20);
}
function c88(x: any): boolean {
  return (x === undefined || c87(x));
}
function c89(x: any): boolean {
  return isObject(x)
    && c1(x["name"])
    && c1(x["url"])
    && c15(x["services"]);
}
function c90(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c89);
}
function c91(x: any): boolean {
  return (x === undefined || c90(x));
}
function c92(x: any): boolean {
  return (x === null || c61(x));
}
function c93(x: any): boolean {
  return (x === undefined || c92(x));
}
function c94(x: any): boolean {
  return isObject(x)
    && c1(x["version"])
    && c1(x["status"])
    && c17(x["uptime_seconds"])
    && c1(x["mode"])
    && c17(x["agents_loaded"])
    && c17(x["pid"])
    && c88(x["services"])
    && c91(x["peers"])
    && c93(x["mesh"])
    && c31(x["providers"]);
}
function c95(x: any): boolean {
  return (x === "token");
}
function c96(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "type")
    && c95(x["type"])
    && Object.hasOwn(x, "content")
    && c0(x["content"]);
}
function c97(x: any): boolean {
  return (x === "tool_call");
}
function c98(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "type")
    && c97(x["type"])
    && c1(x["id"])
    && c1(x["name"])
    && c10(x["arguments"])
    && c1(x["tool"])
    && c10(x["input"]);
}
function c99(x: any): boolean {
  return isObject(x)
    && c1(x["tool"])
    && c10(x["result"])
    && c1(x["status"])
    && c10(x["output"])
    && c17(x["timing_ms"]);
}
function c100(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "name")
    && c0(x["name"])
    && c9(x["description"])
    && c1(x["type"])
    && c1(x["integration"])
    && c21(x["writes"])
    && c15(x["agents"])
    && c6(x["parameters"]);
}
function c101(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c100);
}
function c102(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "tools")
    && c101(x["tools"])
    && c17(x["count"]);
}
function c103(x: any): boolean {
  return (x === "tool_result");
}
function c104(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "type")
    && c103(x["type"])
    && c1(x["id"])
    && c21(x["ok"])
    && c1(x["tool"])
    && c10(x["output"]);
}
function c105(x: any): boolean {
  return Array.isArray(x) && everyItem(x, c70);
}
function c106(x: any): boolean {
  return isObject(x)
    && Object.hasOwn(x, "traces")
    && c105(x["traces"]);
}

export const AgentConfig: LazyModel<z.output<typeof M.AgentConfig>> = lazyModel(c7, () => import('./models.js').then((m) => m.AgentConfig), true);
export const AgentList: LazyModel<z.output<typeof M.AgentList>> = lazyModel(c13, () => import('./models.js').then((m) => m.AgentList), true);
export const AgentSummary: LazyModel<z.output<typeof M.AgentSummary>> = lazyModel(c11, () => import('./models.js').then((m) => m.AgentSummary), true);
export const ClusterState: LazyModel<z.output<typeof M.ClusterState>> = lazyModel(c24, () => import('./models.js').then((m) => m.ClusterState), true);
export const DoctorCheck: LazyModel<z.output<typeof M.DoctorCheck>> = lazyModel(c25, () => import('./models.js').then((m) => m.DoctorCheck), true);
export const DoctorReport: LazyModel<z.output<typeof M.DoctorReport>> = lazyModel(c32, () => import('./models.js').then((m) => m.DoctorReport), true);
export const DoneFrame: LazyModel<z.output<typeof M.DoneFrame>> = lazyModel(c42, () => import('./models.js').then((m) => m.DoneFrame), true);
export const ElectionAnswer: LazyModel<z.output<typeof M.ElectionAnswer>> = lazyModel(c43, () => import('./models.js').then((m) => m.ElectionAnswer), true);
export const ErrorFrame: LazyModel<z.output<typeof M.ErrorFrame>> = lazyModel(c46, () => import('./models.js').then((m) => m.ErrorFrame));
export const GossipAnswer: LazyModel<z.output<typeof M.GossipAnswer>> = lazyModel(c48, () => import('./models.js').then((m) => m.GossipAnswer), true);
export const Health: LazyModel<z.output<typeof M.Health>> = lazyModel(c49, () => import('./models.js').then((m) => m.Health), true);
export const Histogram: LazyModel<z.output<typeof M.Histogram>> = lazyModel(c50, () => import('./models.js').then((m) => m.Histogram), true);
export const MemoryCleared: LazyModel<z.output<typeof M.MemoryCleared>> = lazyModel(c51, () => import('./models.js').then((m) => m.MemoryCleared), true);
export const MemoryHistory: LazyModel<z.output<typeof M.MemoryHistory>> = lazyModel(c60, () => import('./models.js').then((m) => m.MemoryHistory));
export const MemoryMessage: LazyModel<z.output<typeof M.MemoryMessage>> = lazyModel(c57, () => import('./models.js').then((m) => m.MemoryMessage));
export const MeshSummary: LazyModel<z.output<typeof M.MeshSummary>> = lazyModel(c61, () => import('./models.js').then((m) => m.MeshSummary), true);
export const Metrics: LazyModel<z.output<typeof M.Metrics>> = lazyModel(c62, () => import('./models.js').then((m) => m.Metrics));
export const ModelUsage: LazyModel<z.output<typeof M.ModelUsage>> = lazyModel(c34, () => import('./models.js').then((m) => m.ModelUsage), true);
export const NodeLoad: LazyModel<z.output<typeof M.NodeLoad>> = lazyModel(c18, () => import('./models.js').then((m) => m.NodeLoad), true);
export const NodeState: LazyModel<z.output<typeof M.NodeState>> = lazyModel(c22, () => import('./models.js').then((m) => m.NodeState), true);
export const RagIngestResult: LazyModel<z.output<typeof M.RagIngestResult>> = lazyModel(c63, () => import('./models.js').then((m) => m.RagIngestResult), true);
export const RagQueryResult: LazyModel<z.output<typeof M.RagQueryResult>> = lazyModel(c66, () => import('./models.js').then((m) => m.RagQueryResult), true);
export const RunResponse: LazyModel<z.output<typeof M.RunResponse>> = lazyModel(c76, () => import('./models.js').then((m) => m.RunResponse));
export const RunStep: LazyModel<z.output<typeof M.RunStep>> = lazyModel(c67, () => import('./models.js').then((m) => m.RunStep), true);
export const ScoredText: LazyModel<z.output<typeof M.ScoredText>> = lazyModel(c64, () => import('./models.js').then((m) => m.ScoredText), true);
export const SemanticResults: LazyModel<z.output<typeof M.SemanticResults>> = lazyModel(c77, () => import('./models.js').then((m) => m.SemanticResults), true);
export const Span: LazyModel<z.output<typeof M.Span>> = lazyModel(c83, () => import('./models.js').then((m) => m.Span), true);
export const StatusFrame: LazyModel<z.output<typeof M.StatusFrame>> = lazyModel(c85, () => import('./models.js').then((m) => m.StatusFrame), true);
export const StatusOnly: LazyModel<z.output<typeof M.StatusOnly>> = lazyModel(c86, () => import('./models.js').then((m) => m.StatusOnly), true);
export const SystemStatus: LazyModel<z.output<typeof M.SystemStatus>> = lazyModel(c94, () => import('./models.js').then((m) => m.SystemStatus), true);
export const TokenFrame: LazyModel<z.output<typeof M.TokenFrame>> = lazyModel(c96, () => import('./models.js').then((m) => m.TokenFrame), true);
export const ToolCallFrame: LazyModel<z.output<typeof M.ToolCallFrame>> = lazyModel(c98, () => import('./models.js').then((m) => m.ToolCallFrame), true);
export const ToolExecResult: LazyModel<z.output<typeof M.ToolExecResult>> = lazyModel(c99, () => import('./models.js').then((m) => m.ToolExecResult), true);
export const ToolInfo: LazyModel<z.output<typeof M.ToolInfo>> = lazyModel(c100, () => import('./models.js').then((m) => m.ToolInfo), true);
export const ToolList: LazyModel<z.output<typeof M.ToolList>> = lazyModel(c102, () => import('./models.js').then((m) => m.ToolList), true);
export const ToolResultFrame: LazyModel<z.output<typeof M.ToolResultFrame>> = lazyModel(c104, () => import('./models.js').then((m) => m.ToolResultFrame), true);
export const Trace: LazyModel<z.output<typeof M.Trace>> = lazyModel(c70, () => import('./models.js').then((m) => m.Trace));
export const TraceList: LazyModel<z.output<typeof M.TraceList>> = lazyModel(c106, () => import('./models.js').then((m) => m.TraceList));
export const Usage: LazyModel<z.output<typeof M.Usage>> = lazyModel(c37, () => import('./models.js').then((m) => m.Usage), true);
export const WsFrame: LazyModel<z.output<typeof M.WsFrame>> = lazyModel(c45, () => import('./models.js').then((m) => m.WsFrame));
