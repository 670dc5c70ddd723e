/**
 * The `/SKILL.md` guide the admin mock serves: how to use the introspection API, with the base
 * URL of the request filled in. It covers what the real server's guide covers (contract
 * discovery, error codes, navigation, key fields, endpoints, the 10-check agent self-test and
 * py-spy validation), in meshscope's own words.
 */

const TEMPLATE = `# Mesh Admin API (introspection)

Base URL: {base}

This server lets you inspect a running mesh by walking references. Resolve \`root\`, then
resolve each of its \`children\`, and so on down to hosts, procs and actors.

## TLS

Where the server runs with mutual TLS, every request needs the CA, a client certificate and its
key, e.g. \`curl --cacert CA.pem --cert CLIENT.pem --key CLIENT.pem ...\`. Use the scheme the
server actually listens on; the examples below omit the TLS flags.

## Contract

The machine-readable contract is authoritative over this prose. Fetch it first:

- \`GET {base}/v1/openapi.json\` — OpenAPI 3.1 document
- \`GET {base}/v1/schema\` — JSON Schema (Draft 2020-12) of \`NodePayload\`
- \`GET {base}/v1/schema/admin\` — JSON Schema of \`AdminInfo\`
- \`GET {base}/v1/schema/error\` — JSON Schema of the error envelope

Each schema has an \`$id\`; use it to tell which contract version you validated against.

## Errors

Errors come back as an \`ApiErrorEnvelope\`: \`{"error": {"code": "...", "message": "...", "details": ...}}\`.
Decide on \`error.code\`, never on the HTTP status. The stable codes are \`not_found\`,
\`bad_request\`, \`gateway_timeout\`, \`service_unavailable\` and \`internal_error\`.

- \`service_unavailable\` is transient: the server is at its limit of concurrent resolves. Retry
  with backoff.
- \`gateway_timeout\`: a host did not answer in time. The node may still exist.
- \`not_found\`: the reference does not resolve (the topology may have changed). Carry on.

## Schema-first workflow

1. Fetch the schema: \`GET {base}/v1/schema\`.
2. Fetch the root: \`GET {base}/v1/root\`.
3. Follow \`children\` with \`GET {base}/v1/{url_encode(reference)}\`. The whole reference is
   percent-encoded as one path segment.
4. On an error, branch on \`error.code\`.
5. References are opaque: use them exactly as received; only encode them for the URL path.

## One-shot health report

For a JSON health report of the whole mesh (root, hosts, service proc actors, every user proc
and its actors) run the admin TUI in diagnose mode against {base} (\`--addr {base} --diagnose\`).
It exits 0 when healthy and 1 otherwise. Each entry of \`checks[]\` carries \`reference\` (what was
probed), \`note\` (the node's role), \`phase\` (\`AdminInfra\` or \`Mesh\`) and \`outcome\` (\`Pass\`,
\`Slow\` or \`Fail\` with \`elapsed_ms\` and, for failures, \`error\`). Probe failing references further
with the endpoints below.

## Endpoints

All answers are \`application/json\` except \`/SKILL.md\` (\`text/markdown\`), \`/v1/tree\`
(\`text/plain\`) and \`/v1/pyspy_profile_svg/{proc_reference}\` (\`image/svg+xml\`). Three endpoints
take POST: \`/v1/query\`, \`/v1/pyspy_dump/{proc_reference}\` and \`/v1/pyspy_profile_svg/{proc_reference}\`.

- \`GET {base}/v1/admin\` — \`AdminInfo\`: \`actor_id\`, \`proc_id\`, \`host\`, \`url\` of the admin agent.
- \`GET {base}/v1/schema\`, \`/v1/schema/admin\`, \`/v1/schema/error\` — the JSON Schemas.
- \`GET {base}/v1/openapi.json\` — the OpenAPI document.
- \`GET {base}/v1/root\` — the synthetic root node.
- \`GET {base}/v1/{reference}\` — any node, as a \`NodePayload\`.
- \`GET {base}/v1/tree\` — a human-readable ASCII dump of the topology.
- \`GET {base}/v1/pyspy/{proc_reference}\` — a py-spy stack dump of the process hosting the proc
  (percent-encoded ProcId). The answer is one of
  \`{"Ok": {"pid", "binary", "stack_traces", "warnings"}}\`, \`{"BinaryNotFound": {"searched"}}\` or
  \`{"Failed": {"pid", "binary", "exit_code", "stderr"}}\`. Worker procs are served by their proc
  agent, the service proc by the host agent; when that agent is unreachable the answer is an
  immediate \`not_found\`, and a timeout is \`gateway_timeout\`.
- \`POST {base}/v1/pyspy_profile_svg/{proc_reference}\` — records a profile and returns an SVG
  flame graph. Body (\`PySpyProfileOpts\`):
  \`{"duration_s": 5, "rate_hz": 100, "native": false, "threads": false, "nonblocking": false}\`.
  400 for an invalid \`duration_s\` (1 up to the configured maximum, 300 s by default) or
  \`rate_hz\` (1..=1000), 404 when the proc or its handler is unreachable, 503 when py-spy is not
  installed on the host, 504 when the recording timed out. To look at the SVG from another
  machine, serve its folder (\`python3 -m http.server 8888 --bind 127.0.0.1\`) and open an
  \`ssh -L <local_port>:127.0.0.1:8888 <host>\` tunnel; tell the user the file path, the port, the
  tunnel command and the browser URL.
- \`GET {base}/v1/config/{proc_reference}\` — the effective configuration of the process hosting
  the proc: \`{"entries": [{"name", "value", "default_value", "source", "changed_from_default", "env_var"}]}\`,
  sorted by \`name\`; \`source\` is one of Default, ClientOverride, File, Env, Runtime, TestOverride.
  Same routing and errors as py-spy.
- \`POST {base}/v1/query\` — SQL on the telemetry engine (needs a configured telemetry dashboard).
  Body \`{"sql": "SELECT * FROM actors LIMIT 10"}\`; answer \`{"rows": [...]}\`. Discover the tables
  with \`SELECT table_name FROM information_schema.tables\`.
- \`POST {base}/v1/pyspy_dump/{proc_reference}\` — takes a py-spy dump and stores it in telemetry;
  answers \`{"dump_id": "<uuid>"}\`. Read it back with
  \`{"sql": "SELECT * FROM pyspy_dumps WHERE dump_id = '<uuid>'"}\` (see also \`pyspy_stack_traces\`,
  \`pyspy_frames\`, \`pyspy_local_variables\`).
- \`GET {base}/SKILL.md\` — this guide.

## NodePayload

- \`identity\` — the node's reference (opaque; round-trip it exactly)
- \`properties\` — externally tagged: \`{"Root": {...}}\`, \`{"Host": {...}}\`, \`{"Proc": {...}}\`,
  \`{"Actor": {...}}\` or \`{"Error": {...}}\`
- \`children\` — references to resolve next
- \`parent\` — the containing node's reference, or null for the root
- \`as_of\` — when the data was captured (ISO 8601)

## Key fields

- \`actor_status\` (Actor): the actor's lifecycle state, e.g. \`running\`, \`idle\`,
  \`processing for 12ms\`, \`stopped\` / \`stopped: <reason>\`, \`failed\` / \`failed: <reason>\`.
- \`system_children\` (Root, Host, Proc): framework actors (proc agent, cast, ...), not user work.
  Leave them out when you look at user actors.
- \`flight_recorder\` (Actor): a JSON-encoded string of recent events; it can be tens of KB. Drop
  it when summarising: \`jq '{identity, properties: {Actor: (.properties.Actor | del(.flight_recorder))}, children}'\`.
- \`failure_info\` (Actor): present when \`actor_status\` starts with \`failed\`: \`error_message\`,
  \`root_cause_actor\`, \`occurred_at\`, \`is_propagated\`.
- \`inbound_ordering\` (Actor): per-session reorder buffers; a session whose \`buffered_count\`
  stays above zero while \`expected_next_seq\` does not move is stalled. To find stalled actors,
  walk down from the root and look at each actor's ordering sessions and \`queue_depth\`.

## Navigation

1. \`curl '{base}/v1/root'\`
2. \`curl '{base}/v1/<url-encoded child reference>'\`
3. Repeat. Each node lists its next steps.

The topology is eventually consistent: a node can disappear between two requests. Treat 404 as
"gone" and carry on.

## References

References are opaque tokens: never parse them, always send back exactly what the server gave
you, percent-encoded in paths. Besides \`root\` they name hosts, procs and actors.

Resolve a child:

\`\`\`
curl '{base}/v1/'$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], safe=''))" '<reference>')
\`\`\`

## Agent self-test

Run these checks against a live server; each scores 1 (pass) or 0 (fail). Report the total and
each check.

Contract discovery (2 points)
1. \`GET {base}/v1/schema\` answers 200 with valid JSON whose \`$id\` contains "v1".
2. \`GET {base}/v1/schema/error\` answers 200 with JSON that has an \`$id\`.

Navigation (3 points)
3. \`GET {base}/v1/root\` answers 200, the \`properties\` key is \`Root\`, and \`children\` is not empty.
4. URL-encode the first child of the root and GET it: 200, with a \`properties\` key among Root,
   Host, Proc, Actor, Error.
5. That child's \`parent\` is not null.

Schema conformance (2 points)
6. The root answer of check 3 validates against the schema of check 1 (Draft 2020-12).
7. The child answer of check 4 validates against the same schema.

Error handling (2 points)
8. \`GET {base}/v1/nonexistent_ref_xxxx\` answers a JSON body with a top-level \`error\` object that
   has a \`code\`.
9. That \`error.code\` is exactly \`"not_found"\`.

Security boundary (1 point)
10. None of the bodies of checks 3, 4 and 8 contains \`PortId\`, \`PortRef\`, \`MailboxSender\` or
    \`ChannelTransport\`.

Scoring: 10 is full competence; 8–9 works with gaps (look at the failing checks); below 8, read
this guide again from the top.

Tracking: record \`{timestamp, score, failing_checks[], server_version}\` for each session and
compare across sessions; use the schema \`$id\` to correlate. A drop after a change to this guide
means the guide got harder to follow; a drop after a server change means the API drifted.

## py-spy validation

Start the py-spy workload (\`--mode cpu|block|mixed\`, \`--work-ms\`, \`--concurrency\`), then run
the verifier against {base} (\`--admin-url {base} --mode cpu --samples 10\`, plus the TLS flags when
needed). It exits 0 (PASS) when an Ok sample shows the mode's evidence frames, 1 (FAIL) otherwise,
and 2 (SKIP) when py-spy is not available. Evidence frames: cpu \`do_cpu_work\`, \`_cpu_burn_loop\`,
\`process_batch\`; block \`do_blocking_work\`, \`time.sleep\`, \`process_batch\`; mixed as cpu.
`;

/** SKILL.md with `{base}` replaced by `scheme://host` of the request. */
export function renderSkill(base: string): string {
  return TEMPLATE.split('{base}').join(base);
}
