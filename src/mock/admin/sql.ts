/**
 * The telemetry store behind the admin mock's `/v1/query` and `/v1/pyspy_dump`: a real embedded
 * SQL engine (SQLite through sql.js) with tables filled from the simulated world (hosts, procs,
 * actors, refreshed as the world moves) and from stored py-spy dumps, plus
 * `information_schema.tables` and `information_schema.columns` for discovery.
 *
 * Queries run read-only and one statement at a time, as on the real telemetry engine.
 */
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import type { PySpyResult } from '../../backends/admin/models.js';
import { iso, type World } from './world.js';

let engine: Promise<SqlJsStatic> | undefined;
function sqlJs(): Promise<SqlJsStatic> {
  return (engine ??= initSqlJs());
}

const TABLES: Record<string, string> = {
  hosts: `CREATE TABLE hosts (
    host_ref TEXT NOT NULL, addr TEXT NOT NULL, num_procs INTEGER NOT NULL)`,
  procs: `CREATE TABLE procs (
    proc_ref TEXT NOT NULL, host_ref TEXT NOT NULL, proc_name TEXT NOT NULL, pid INTEGER NOT NULL,
    num_actors INTEGER NOT NULL, stopped_actors INTEGER NOT NULL, failed_actor_count INTEGER NOT NULL,
    is_poisoned BOOLEAN NOT NULL)`,
  actors: `CREATE TABLE actors (
    actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, proc_id TEXT NOT NULL, proc_name TEXT NOT NULL,
    host_addr TEXT NOT NULL, actor_type TEXT NOT NULL, actor_status TEXT NOT NULL, is_system BOOLEAN NOT NULL,
    messages_processed INTEGER NOT NULL, total_processing_time_us INTEGER NOT NULL, queue_depth INTEGER NOT NULL,
    created_at TEXT, stopped_at TEXT, is_failed BOOLEAN NOT NULL, error_message TEXT, root_cause_actor TEXT,
    is_propagated BOOLEAN)`,
  pyspy_dumps: `CREATE TABLE pyspy_dumps (
    dump_id TEXT NOT NULL, proc_ref TEXT NOT NULL, captured_at TEXT NOT NULL, result TEXT NOT NULL,
    pid INTEGER, binary TEXT, pyspy_result_json TEXT NOT NULL)`,
  pyspy_stack_traces: `CREATE TABLE pyspy_stack_traces (
    dump_id TEXT NOT NULL, trace_index INTEGER NOT NULL, pid INTEGER NOT NULL, thread_id INTEGER NOT NULL,
    thread_name TEXT, os_thread_id INTEGER, active BOOLEAN NOT NULL, owns_gil BOOLEAN NOT NULL)`,
  pyspy_frames: `CREATE TABLE pyspy_frames (
    dump_id TEXT NOT NULL, trace_index INTEGER NOT NULL, frame_index INTEGER NOT NULL, name TEXT NOT NULL,
    filename TEXT NOT NULL, module TEXT, short_filename TEXT, line INTEGER NOT NULL, is_entry BOOLEAN NOT NULL)`,
  pyspy_local_variables: `CREATE TABLE pyspy_local_variables (
    dump_id TEXT NOT NULL, trace_index INTEGER NOT NULL, frame_index INTEGER NOT NULL, name TEXT NOT NULL,
    addr INTEGER NOT NULL, arg BOOLEAN NOT NULL, repr TEXT)`,
};

const INFO_TABLES = ['tables', 'columns'];

/** An error in the query itself (answered as 400 bad_request). */
export class QueryError extends Error {}

export class TelemetryStore {
  private db?: Promise<Database>;
  private refreshedAt = -Infinity;
  private readonly booleans = new Set<string>();

  constructor(
    private readonly world: World,
    /** How often (wall-clock ms) the world tables are refilled at most. */
    private readonly refreshMs = 1000,
  ) {}

  private open(): Promise<Database> {
    return (this.db ??= sqlJs().then((SQL) => {
      const db = new SQL.Database();
      for (const ddl of Object.values(TABLES)) db.run(ddl);
      db.run(`ATTACH DATABASE ':memory:' AS information_schema`);
      db.run(`CREATE TABLE information_schema.tables (table_catalog TEXT, table_schema TEXT, table_name TEXT, table_type TEXT)`);
      db.run(`CREATE TABLE information_schema.columns (table_catalog TEXT, table_schema TEXT, table_name TEXT, column_name TEXT, ordinal_position INTEGER, data_type TEXT, is_nullable TEXT)`);
      const tbl = db.prepare(`INSERT INTO information_schema.tables VALUES (?, ?, ?, ?)`);
      const col = db.prepare(`INSERT INTO information_schema.columns VALUES (?, ?, ?, ?, ?, ?, ?)`);
      for (const name of Object.keys(TABLES)) {
        tbl.run(['datafusion', 'public', name, 'BASE TABLE']);
        const info = db.exec(`PRAGMA table_info(${name})`)[0];
        for (const row of info.values) {
          const [cid, cname, ctype, notnull] = row as [number, string, string, number];
          if (ctype === 'BOOLEAN') this.booleans.add(cname);
          col.run(['datafusion', 'public', name, cname, cid + 1, dataType(ctype), notnull ? 'NO' : 'YES']);
        }
      }
      for (const name of INFO_TABLES) tbl.run(['datafusion', 'information_schema', name, 'VIEW']);
      tbl.free();
      col.free();
      return db;
    }));
  }

  /** Refill hosts, procs and actors from the world as it is now. */
  private refresh(db: Database): void {
    const wall = Date.now();
    if (wall - this.refreshedAt < this.refreshMs) return;
    this.refreshedAt = wall;
    const w = this.world;
    const t = w.now();
    db.run('BEGIN');
    try {
      db.run('DELETE FROM hosts');
      db.run('DELETE FROM procs');
      db.run('DELETE FROM actors');
      const host = db.prepare('INSERT INTO hosts VALUES (?, ?, ?)');
      const proc = db.prepare('INSERT INTO procs VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      const actor = db.prepare('INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const h of w.hosts) {
        host.run([h.ref, h.addr, h.procs.length]);
        for (const p of h.procs) {
          const view = w.procView(p, t);
          proc.run([p.ref, h.ref, p.name, p.pid, view.live.length, view.terminated.length, view.failed, view.failed > 0 ? 1 : 0]);
          for (const a of [...view.live, ...view.terminated]) {
            const failed = w.isFailed(a, t);
            const messages = w.messagesProcessed(a, t);
            const ended = w.endedAt(a, t);
            actor.run([
              a.ref,
              a.name,
              p.ref,
              p.name,
              h.addr,
              a.actorType,
              w.status(a, t),
              a.system ? 1 : 0,
              messages,
              Math.floor(messages * 900),
              w.queueDepth(a, t),
              iso(a.createdAt),
              ended === undefined ? null : iso(ended),
              failed ? 1 : 0,
              failed ? a.failure!.message : null,
              failed ? a.failure!.rootCause.ref : null,
              failed ? (a.failure!.propagated ? 1 : 0) : null,
            ]);
          }
        }
      }
      host.free();
      proc.free();
      actor.free();
      db.run('COMMIT');
    } catch (e) {
      db.run('ROLLBACK');
      throw e;
    }
  }

  /** Run one read-only SQL statement; rows as objects keyed by column name. */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const db = await this.open();
    if (/\b(hosts|procs|actors)\b/i.test(sql)) this.refresh(db);
    db.run('PRAGMA query_only = ON');
    try {
      const rows: Record<string, unknown>[] = [];
      let statements = 0;
      try {
        for (const stmt of db.iterateStatements(sql)) {
          if (++statements > 1) {
            stmt.free();
            throw new QueryError('only one SQL statement is allowed per query');
          }
          const names = stmt.getColumnNames();
          while (stmt.step()) {
            const values = stmt.get();
            const row: Record<string, unknown> = {};
            names.forEach((n, i) => (row[n] = this.value(n, values[i])));
            rows.push(row);
          }
          stmt.free();
        }
      } catch (e) {
        if (e instanceof QueryError) throw e;
        throw new QueryError((e as Error).message);
      }
      if (statements === 0) throw new QueryError('empty query');
      return rows;
    } finally {
      db.run('PRAGMA query_only = OFF');
    }
  }

  private value(column: string, v: SqlValue): unknown {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    if (this.booleans.has(column) && typeof v === 'number') return v !== 0;
    return v;
  }

  /** Store a py-spy dump under its id (the rows `/v1/query` then finds). */
  async storeDump(dumpId: string, procRef: string, result: PySpyResult, at: number): Promise<void> {
    const db = await this.open();
    const kind = 'Ok' in result ? 'Ok' : 'BinaryNotFound' in result ? 'BinaryNotFound' : 'Failed';
    const pid = 'Ok' in result ? result.Ok.pid : 'Failed' in result ? result.Failed.pid : null;
    const binary = 'Ok' in result ? result.Ok.binary : 'Failed' in result ? result.Failed.binary : null;
    db.run('BEGIN');
    try {
      db.run('INSERT INTO pyspy_dumps VALUES (?, ?, ?, ?, ?, ?, ?)', [dumpId, procRef, iso(at), kind, pid, binary, JSON.stringify(result)]);
      if ('Ok' in result) {
        const tr = db.prepare('INSERT INTO pyspy_stack_traces VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
        const fr = db.prepare('INSERT INTO pyspy_frames VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
        const lv = db.prepare('INSERT INTO pyspy_local_variables VALUES (?, ?, ?, ?, ?, ?, ?)');
        result.Ok.stack_traces.forEach((s, ti) => {
          tr.run([dumpId, ti, s.pid ?? result.Ok.pid, s.thread_id, s.thread_name ?? null, s.os_thread_id ?? null, s.active ? 1 : 0, s.owns_gil ? 1 : 0]);
          s.frames.forEach((f, fi) => {
            fr.run([dumpId, ti, fi, f.name, f.filename, f.module ?? null, f.short_filename ?? null, f.line, f.is_entry ? 1 : 0]);
            for (const v of f.locals ?? []) lv.run([dumpId, ti, fi, v.name, v.addr, v.arg ? 1 : 0, v.repr ?? null]);
          });
        });
        tr.free();
        fr.free();
        lv.free();
      }
      db.run('COMMIT');
    } catch (e) {
      db.run('ROLLBACK');
      throw e;
    }
  }

  async close(): Promise<void> {
    if (!this.db) return;
    const db = await this.db.catch(() => undefined);
    db?.close();
    this.db = undefined;
  }
}

function dataType(sqlite: string): string {
  switch (sqlite) {
    case 'INTEGER':
      return 'Int64';
    case 'BOOLEAN':
      return 'Boolean';
    default:
      return 'Utf8';
  }
}
