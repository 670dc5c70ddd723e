/** What `mesh get` and `mesh root` share: resolve one node and show it. */
import type { Session } from '../../src/app/session.js';
import type { ValidateMode } from '../../src/app/validate-flag.js';

export interface ShowNodeOptions {
  validate?: ValidateMode;
  /** true: the flight recorder as a table of events; false: drop it; undefined: summary only. */
  flightRecorder?: boolean;
}

export async function showNode(s: Session, ref: string, opts: ShowNodeOptions): Promise<number> {
  const [{ AdminClient }, checks, { parseFlightRecorder }, { safeParseLazy }, render, { MeshError }] = await Promise.all([
    import('../../src/backends/admin/client.js'),
    import('../../src/backends/admin/checks.js'),
    import('../../src/backends/admin/payloads.js'),
    import('../../src/http/model.js'),
    import('../../src/backends/admin/render.js'),
    import('../../src/errors.js'),
  ]);
  const client = new AdminClient(await s.client('admin'));
  const schema = await (await import('./schema-check.js')).schemaCheck(s, client, opts.validate);
  const raw = await client.getRaw(ref);
  schema?.one(ref, raw);
  const parsed = await safeParseLazy(checks.NodePayload, raw);
  if (!parsed.success) {
    throw new MeshError({
      kind: 'server',
      code: 'invalid_response',
      backend: 'admin',
      message: `the payload of ${ref} is not a node meshscope understands`,
      hint: 'the server may be a different version; add --validate to compare it with the server\'s own schema',
      details: parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    });
  }
  const node = parsed.data;
  if (node.identity !== ref) s.out.warn(`asked for ${JSON.stringify(ref)} but the server answered for ${JSON.stringify(node.identity)}`);

  if (opts.flightRecorder === true) {
    if (!('Actor' in node.properties)) {
      throw new MeshError({ kind: 'usage', code: 'no_flight_recorder', backend: 'admin', message: `${ref} is a ${Object.keys(node.properties)[0]} node; only actors have a flight recorder`, hint: 'give an actor reference (see `meshscope mesh walk --kind actor`)' });
    }
    const events = parseFlightRecorder(node.properties.Actor.flight_recorder);
    if (!s.out.structured && events.length === 0) {
      s.out.info('no events');
      return 0;
    }
    s.out.list(events, render.FLIGHT_RECORDER_VIEW, events);
    return 0;
  }

  const shown = opts.flightRecorder === false ? render.withoutFlightRecorder(raw) : raw;
  s.out.item(render.nodeFields(node, { flightRecorder: opts.flightRecorder }), shown, node.identity);
  if (!s.out.structured && s.format !== 'name' && node.children.length) {
    s.out.text(`children (${node.children.length}):\n${render.childLines(node, s.format === 'wide' ? Infinity : 50).join('\n')}`);
  }
  return 0;
}
