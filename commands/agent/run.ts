import { defineVerb } from '../../src/app/command.js';
import { bool, json, text } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'run',
  positional: '<name> [query...]',
  summary: 'run an agent on a query and print its answer (query from stdin when not given)',
  args: {
    session: text('--session <id>', 'session id for memory continuity (without it: a new session)'),
    contextJson: json('--context-json <json>', 'run context as a JSON object, @file.json, or - for stdin (the global --context names a contexts-file entry)'),
    stream: bool('--stream', 'stream the answer over the WebSocket: tokens as they arrive, tool calls on stderr'),
  },
  notes: `Output: the answer on stdout; tool calls, trace id, session and token usage on stderr.
  -o json   the daemon's whole response (answer, steps, usage, trace); with --stream, one JSON frame per line.
Exit codes: 0 answered, 1 the run failed or the stream was cut, 2 bad input, 3 unknown agent, 4 daemon unreachable.`,
  examples: ['meshscope agent run assistant "What is 6*7?"', 'meshscope agent run assistant --stream --session s1 "And times 2?"', 'echo "Summarise mesh mode" | meshscope agent run support'],
  async run(s, opts, name, ...rest) {
    name = nameArg(name, 'agent');
    const words = (rest[0] as unknown as string[] | undefined) ?? [];
    const { usageError } = await import('../../src/errors.js');
    const { readQuery } = await import('../../src/backends/astromesh/input.js');
    const query = words.length ? words.join(' ') : await readQuery(s.io.stdin);
    if (!query) throw usageError('a query is required', `give it after the agent name, e.g. meshscope agent run ${name} "What is 6*7?", or pipe it on stdin`);
    const context = opts.contextJson;
    const { randomUUID } = await import('node:crypto');
    const sessionId = opts.session ?? randomUUID();
    const http = await s.client('astromesh');
    if (opts.stream) {
      if (context !== undefined) throw usageError('--context-json cannot be used with --stream', "the daemon's WebSocket takes only the query; drop --stream to send a context");
      const { runStreamed } = await import('../../src/backends/astromesh/interactive.js');
      await runStreamed(http, s.out, { agent: name, query, sessionId, signal: s.signal, idleTimeoutMs: s.opts.requestTimeout ? s.requestTimeoutMs : undefined, onCleanup: (fn) => s.onCleanup(fn) });
      return 0;
    }
    const { AstromeshClient, answerOf } = await import('../../src/backends/astromesh/client.js');
    const { runFooter, stepLines } = await import('../../src/backends/astromesh/render.js');
    const progress = s.out.progress(`running ${name}`);
    const started = performance.now();
    let r;
    try {
      r = await new AstromeshClient(http).run(name, { query, session_id: sessionId, context }, s.opts.requestTimeout ? s.requestTimeoutMs : undefined);
    } finally {
      progress.done();
    }
    if (s.out.structured) {
      s.out.data(r);
      return 0;
    }
    for (const line of stepLines(r.steps)) s.out.info(line);
    s.out.text(answerOf(r));
    s.out.info(runFooter({ traceId: r.trace?.trace_id, sessionId: r.session_id ?? r.trace?.session_id ?? sessionId, usage: r.usage, elapsedMs: r.timing?.total_ms ?? performance.now() - started, toolCalls: r.steps?.filter((x) => x.action).length }));
    return 0;
  },
});
