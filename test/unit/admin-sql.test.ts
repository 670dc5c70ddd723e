import { describe, it, expect, afterAll } from 'vitest';
import { QueryError, TelemetryStore } from '../../src/mock/admin/sql.js';
import { pyspyOk } from '../../src/mock/admin/pyspy.js';
import { PySpyScenario } from '../../src/mock/admin/scenario.js';
import { createRng } from '../../src/mock/rng.js';
import { testWorld } from '../contract/admin-helpers.js';

const { world, clock } = testWorld({ hosts: 2, procs_per_host: 2, actors_per_proc: 3, child_actors: 1, stopped_per_proc: 1, poisoned_procs: 1 });
const store = new TelemetryStore(world, 0);
afterAll(() => store.close());

describe('admin telemetry SQL', () => {
  it('fills actors, procs and hosts from the world', async () => {
    const [{ n }] = await store.query('SELECT count(*) AS n FROM actors');
    expect(n).toBe(world.size.actors);
    const [{ p }] = await store.query('SELECT count(*) AS p FROM procs');
    expect(p).toBe(world.size.procs);
    const hosts = await store.query('SELECT host_ref, addr FROM hosts ORDER BY addr');
    expect(hosts.map((h) => h.host_ref)).toEqual(world.hosts.map((h) => h.ref));
    const failed = await store.query('SELECT actor_id, is_failed, error_message FROM actors WHERE is_failed');
    expect(failed.length).toBe(1);
    expect(failed[0].is_failed).toBe(true);
    const poisoned = await store.query('SELECT proc_ref FROM procs WHERE is_poisoned');
    expect(poisoned.length).toBe(1);
    const sys = await store.query("SELECT actor_name, is_system FROM actors WHERE actor_name = 'proc_agent' LIMIT 1");
    expect(sys).toEqual([{ actor_name: 'proc_agent', is_system: true }]);
  });

  it('answers information_schema.tables and information_schema.columns', async () => {
    const tables = (await store.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")).map((r) => r.table_name);
    expect(tables).toEqual(['actors', 'hosts', 'procs', 'pyspy_dumps', 'pyspy_frames', 'pyspy_local_variables', 'pyspy_stack_traces']);
    const all = await store.query('SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables');
    expect(all).toContainEqual({ table_catalog: 'datafusion', table_schema: 'information_schema', table_name: 'tables', table_type: 'VIEW' });
    const cols = await store.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'pyspy_dumps' ORDER BY ordinal_position");
    expect(cols[0]).toEqual({ column_name: 'dump_id', data_type: 'Utf8' });
  });

  it('stores py-spy dumps and finds them by dump_id, with their traces and frames', async () => {
    const proc = world.hosts[0].procs[2];
    const result = pyspyOk(proc, PySpyScenario.parse({ locals: true }), createRng(1));
    await store.storeDump('0b3c1f1e-6a0e-4a5e-9d8e-1f2a3b4c5d6e', proc.ref, result, clock.t);
    const dumps = await store.query("SELECT * FROM pyspy_dumps WHERE dump_id = '0b3c1f1e-6a0e-4a5e-9d8e-1f2a3b4c5d6e'");
    expect(dumps.length).toBe(1);
    expect(dumps[0]).toMatchObject({ proc_ref: proc.ref, result: 'Ok', pid: proc.pid });
    expect(JSON.parse(dumps[0].pyspy_result_json as string)).toEqual(result);
    const frames = await store.query("SELECT f.name FROM pyspy_frames f JOIN pyspy_stack_traces t ON t.dump_id = f.dump_id AND t.trace_index = f.trace_index WHERE t.active ORDER BY f.frame_index");
    expect(frames.slice(0, 4).map((f) => f.name)).toEqual(['_cpu_burn_loop', 'do_cpu_work', 'process_batch', 'work_forever']);
    const locals = await store.query('SELECT name, arg FROM pyspy_local_variables ORDER BY name');
    expect(locals).toContainEqual({ name: 'deadline', arg: true });
  });

  it('is read-only and runs one statement at a time', async () => {
    await expect(store.query('DELETE FROM actors')).rejects.toBeInstanceOf(QueryError);
    await expect(store.query('DROP TABLE actors')).rejects.toThrow(/readonly|read-only/i);
    await expect(store.query('SELECT 1; SELECT 2')).rejects.toThrow(/one SQL statement/);
    await expect(store.query('SELEC nothing')).rejects.toThrow(/syntax error/);
    await expect(store.query('SELECT * FROM nope')).rejects.toThrow(/no such table: nope/);
    await expect(store.query('  ')).rejects.toThrow(/empty query/);
    const [{ n }] = await store.query('SELECT count(*) AS n FROM actors');
    expect(n).toBe(world.size.actors);
  });

  it('refreshes world tables as the world moves', async () => {
    const before = await store.query('SELECT sum(messages_processed) AS m FROM actors');
    clock.t += 120_000;
    const after = await store.query('SELECT sum(messages_processed) AS m FROM actors');
    expect(after[0].m as number).toBeGreaterThan(before[0].m as number);
  });
});
