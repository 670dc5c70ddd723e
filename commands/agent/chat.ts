import { defineVerb } from '../../src/app/command.js';
import { text } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'chat',
  positional: '<name>',
  summary: 'talk to an agent over its WebSocket, one line per message, keeping one session (works piped too)',
  args: {
    session: text('--session <id>', 'continue this session (without it: a new one)'),
  },
  notes: `Each line read from stdin is sent as one query; answers stream to stdout, tool calls and usage to stderr.
On a terminal: /session shows the session id, /exit or Ctrl-D leaves. Under -o json every frame is one JSON line.
Exit codes: 0 every turn answered, 1 a turn failed or the connection was cut, 130 interrupted.`,
  examples: ["printf 'My name is Ada\\nWhat is my name?\\n' | meshscope agent chat assistant"],
  async run(s, opts, name) {
    name = nameArg(name, 'agent');
    const { randomUUID } = await import('node:crypto');
    const { chat } = await import('../../src/backends/astromesh/interactive.js');
    return chat(await s.client('astromesh'), s.out, {
      agent: name,
      sessionId: opts.session ?? randomUUID(),
      signal: s.signal,
      idleTimeoutMs: s.opts.requestTimeout ? s.requestTimeoutMs : undefined,
      onCleanup: (fn) => s.onCleanup(fn),
    });
  },
});
