/** Schedules: create, list, get, patch, pause, resume, delete, dispatch (§2.10). */
import { computeNext, parseCron, scheduleView, type ScheduleState } from '../schedules.js';
import { detail, jsonBody, ok, pydantic, type MnApi } from './common.js';

export function schedulesRoutes(api: MnApi): void {
  const { ctx, world, route, manifestFrom } = api;

  const schedOr404 = (id: string): ScheduleState => {
    const sc = world.schedules.get(id);
    if (!sc || sc.status === 'deleted') throw detail(404, `schedule ${id} not found`);
    return sc;
  };

  const SCHEDULE_ATTRS = ['name', 'crons', 'timezone', 'prohibit_overlap', 'missed_policy', 'catchup_limit', 'window', 'run_at', 'delay_ms', 'event_type', 'filter'];

  /** Apply schedule attributes (create and PATCH share the rules). */
  const applyAttrs = (sc: ScheduleState, a: Record<string, unknown>, where: string[]) => {
    for (const key of Object.keys(a)) if (!SCHEDULE_ATTRS.includes(key) && key !== 'kind') throw detail(422, `unknown schedule attribute "${key}"`);
    if (a.name !== undefined) sc.name = String(a.name);
    if (a.timezone !== undefined) {
      if (a.timezone !== 'UTC' && !/^[A-Za-z]+\/[A-Za-z_]+$/.test(String(a.timezone))) throw pydantic([...where, 'timezone'], `unknown timezone "${a.timezone}"`, 'value_error', a.timezone);
      sc.timezone = String(a.timezone);
    }
    if (a.crons !== undefined) {
      if (!Array.isArray(a.crons) || !a.crons.every((c) => typeof c === 'string')) throw pydantic([...where, 'crons'], 'Input should be a valid list of strings', 'list_type', a.crons);
      for (const c of a.crons as string[]) {
        try {
          parseCron(c);
        } catch (e) {
          throw detail(422, `invalid cron expression "${c}": ${(e as Error).message}`);
        }
      }
      sc.crons = a.crons as string[];
    }
    if (a.prohibit_overlap !== undefined) sc.prohibitOverlap = a.prohibit_overlap === true;
    if (a.missed_policy !== undefined) {
      if (!['skip', 'catchup_one', 'catchup_all'].includes(String(a.missed_policy))) throw pydantic([...where, 'missed_policy'], "Input should be 'skip', 'catchup_one' or 'catchup_all'", 'literal_error', a.missed_policy);
      sc.missedPolicy = a.missed_policy as ScheduleState['missedPolicy'];
    }
    if (a.catchup_limit !== undefined) {
      if (typeof a.catchup_limit !== 'number' || a.catchup_limit < 0) throw pydantic([...where, 'catchup_limit'], 'Input should be greater than or equal to 0', 'greater_than_equal', a.catchup_limit);
      sc.catchupLimit = a.catchup_limit;
    }
    if (a.window !== undefined) sc.window = (a.window ?? undefined) as Record<string, unknown> | undefined;
    if (a.run_at !== undefined) {
      const t = Date.parse(String(a.run_at));
      if (Number.isNaN(t)) throw pydantic([...where, 'run_at'], 'Input should be a valid datetime', 'datetime_parsing', a.run_at);
      sc.runAt = t;
    }
    if (a.delay_ms !== undefined) {
      if (typeof a.delay_ms !== 'number' || a.delay_ms < 0) throw pydantic([...where, 'delay_ms'], 'Input should be greater than or equal to 0', 'greater_than_equal', a.delay_ms);
      sc.runAt = ctx.clock.now() + a.delay_ms;
    }
    if (a.event_type !== undefined) sc.eventType = String(a.event_type);
    if (a.filter !== undefined) {
      if (a.filter !== null && (typeof a.filter !== 'object' || Array.isArray(a.filter))) throw pydantic([...where, 'filter'], 'Input should be a valid dictionary', 'dict_type', a.filter);
      sc.filter = (a.filter ?? undefined) as Record<string, unknown> | undefined;
    }
  };

  route('POST', '/schedules', (req, res) => {
    const body = jsonBody(req);
    const schedule = body.schedule;
    if (!schedule || typeof schedule !== 'object' || Array.isArray(schedule)) throw pydantic(['body', 'schedule'], 'Field required', 'missing');
    const s = schedule as Record<string, unknown>;
    const kind = String(s.kind ?? '');
    if (!['periodic', 'delayed', 'event'].includes(kind)) throw pydantic(['body', 'schedule', 'kind'], "Input should be 'periodic', 'delayed' or 'event'", 'literal_error', s.kind);
    const { manifest, payloads } = manifestFrom({ manifest_json: body.manifest_json, _bundle_path: body._bundle_path, payloads: body.payloads });
    const now = ctx.clock.now();
    const id = `sched-${Math.random().toString(16).slice(2, 10)}`;
    const sc: ScheduleState = { id, name: String(body.name ?? s.name ?? `${kind} schedule`), kind: kind as ScheduleState['kind'], status: 'active', timezone: 'UTC', crons: [], prohibitOverlap: false, missedPolicy: 'skip', catchupLimit: 10, manifest, payloads, source: (body.source as Record<string, unknown>) ?? { kind: 'api' }, childJobIds: [], dispatchCount: 0, missedCount: 0, failureCount: 0, createdAt: now, updatedAt: now };
    const { kind: _k, ...attrs } = s;
    void _k;
    applyAttrs(sc, attrs, ['body', 'schedule']);
    if (kind === 'periodic' && !sc.crons.length) throw detail(422, 'a periodic schedule needs at least one cron expression');
    if (kind === 'delayed' && sc.runAt === undefined) throw detail(422, 'a delayed schedule needs run_at or delay_ms');
    if (kind === 'event' && !sc.eventType) throw detail(422, 'an event schedule needs event_type');
    sc.nextRunAt = computeNext(sc, now);
    world.schedules.set(id, sc);
    ok(res, { schedule_id: id, id, status: 'active', schedule: scheduleView(sc) });
  });

  route('GET', '/schedules', (req, res) => {
    const kind = req.query.get('kind');
    const status = req.query.get('status');
    const list = [...world.schedules.values()].filter((s) => s.status !== 'deleted' && (!kind || s.kind === kind) && (!status || s.status === status));
    ok(res, { schedules: list.map(scheduleView) });
  });

  route('GET', '/schedules/{schedule_id}', (req, res) => ok(res, scheduleView(schedOr404(req.params.schedule_id))));

  route('PATCH', '/schedules/{schedule_id}', (req, res) => {
    const sc = schedOr404(req.params.schedule_id);
    const body = jsonBody(req);
    const attrs = body.attrs;
    if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs)) throw pydantic(['body', 'attrs'], 'Field required', 'missing');
    if ('kind' in (attrs as object)) throw detail(422, 'the kind of a schedule cannot be changed; delete it and create a new one');
    applyAttrs(sc, attrs as Record<string, unknown>, ['body', 'attrs']);
    sc.updatedAt = ctx.clock.now();
    sc.reason = typeof body.reason === 'string' ? body.reason : sc.reason;
    sc.nextRunAt = computeNext(sc, ctx.clock.now());
    ok(res, { schedule_id: sc.id, id: sc.id, status: 'updated', schedule: scheduleView(sc) });
  });

  route('POST', '/schedules/{schedule_id}/pause', (req, res) => {
    const sc = schedOr404(req.params.schedule_id);
    if (sc.status === 'completed') throw detail(409, `schedule ${sc.id} is completed and cannot be paused`);
    sc.status = 'paused';
    sc.updatedAt = ctx.clock.now();
    ok(res, { schedule_id: sc.id, id: sc.id, status: 'paused', schedule: scheduleView(sc) });
  });

  route('POST', '/schedules/{schedule_id}/resume', (req, res) => {
    const sc = schedOr404(req.params.schedule_id);
    if (sc.status === 'completed') throw detail(409, `schedule ${sc.id} is completed and cannot be resumed`);
    sc.status = 'active';
    sc.updatedAt = ctx.clock.now();
    sc.nextRunAt = computeNext(sc, ctx.clock.now());
    ok(res, { schedule_id: sc.id, id: sc.id, status: 'active', schedule: scheduleView(sc) });
  });

  route('DELETE', '/schedules/{schedule_id}', (req, res) => {
    const sc = schedOr404(req.params.schedule_id);
    sc.status = 'deleted';
    sc.reason = req.query.get('reason') ?? sc.reason;
    ok(res, { schedule_id: sc.id, id: sc.id, status: 'deleted' });
  });

  route('POST', '/schedules/{schedule_id}/dispatch', (req, res) => {
    const sc = schedOr404(req.params.schedule_id);
    const body = jsonBody(req);
    const job = world.dispatch(sc, ctx.clock.now(), typeof body.reason === 'string' ? body.reason : 'manual');
    ok(res, { schedule_id: sc.id, id: sc.id, status: 'dispatched', job_id: job?.id ?? null, event_id: `evt_${Math.random().toString(16).slice(2, 14)}` });
  });
}
