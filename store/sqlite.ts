/**
 * The embedded store: one SQLite file (better-sqlite3, synchronous and fast), WAL mode.
 * Every multi-step write runs in one transaction, so nothing is ever half-written.
 * Pub/sub and locks are in process: one SQLite store serves one process.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type LogEntry, type RecordFilter, type Store, StoreConflictError, type StoredRecord, type Versioned } from './types.ts';
import { checkTtl, checkVersion, createLocalCoordination, decode, encode, type ErrorReporter, warnError } from './shared.ts';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** Folder of the database file `jiesu.sqlite` (created when missing). */
  dataDir: string;
  /** Milliseconds clock for claim expiry (default `Date.now`). */
  now?: () => number;
  /** Where a throwing subscriber is reported (default: a process warning). */
  onError?: ErrorReporter;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS streams (name TEXT PRIMARY KEY, last_seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS logs (stream TEXT NOT NULL, seq INTEGER NOT NULL, item TEXT NOT NULL, PRIMARY KEY (stream, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claims_expiry ON claims (expires_at);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS queue_items (pos INTEGER PRIMARY KEY AUTOINCREMENT, queue TEXT NOT NULL, id TEXT NOT NULL, item TEXT NOT NULL, UNIQUE (queue, id));
CREATE INDEX IF NOT EXISTS queue_order ON queue_items (queue, pos);
CREATE TABLE IF NOT EXISTS records (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS record_index (collection TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, id TEXT NOT NULL,
  PRIMARY KEY (collection, field, value, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS record_index_by_id ON record_index (collection, id);
`;

/** Expired claims are swept once every this many claims, to keep the table small. */
const CLAIM_SWEEP_EVERY = 1000;

/** Opens (or creates) `${dataDir}/jiesu.sqlite`. */
export function createSqliteStore({ dataDir, now = Date.now, onError = warnError }: SqliteStoreOptions): Store {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'jiesu.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);

  const sql = {
    getState: db.prepare<[string], { value: string; version: number }>('SELECT value, version FROM state WHERE key = ?'),
    insertState: db.prepare('INSERT INTO state (key, value, version) VALUES (?, ?, 1) ON CONFLICT (key) DO NOTHING'),
    updateState: db.prepare('UPDATE state SET value = ?, version = version + 1 WHERE key = ? AND version = ?'),
    versionOf: db.prepare<[string], { version: number }>('SELECT version FROM state WHERE key = ?'),
    deleteState: db.prepare('DELETE FROM state WHERE key = ?'),

    bumpStream: db.prepare<[string], { last_seq: number }>(
      'INSERT INTO streams (name, last_seq) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq',
    ),
    insertLog: db.prepare('INSERT INTO logs (stream, seq, item) VALUES (?, ?, ?)'),
    readLog: db.prepare<[string, number, number], { seq: number; item: string }>(
      'SELECT seq, item FROM logs WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    updateLog: db.prepare('UPDATE logs SET item = ? WHERE stream = ? AND seq = ?'),
    streamsFrom: db.prepare<[string], { name: string }>('SELECT name FROM streams WHERE name >= ? ORDER BY name'),

    claim: db.prepare(
      `INSERT INTO claims (key, expires_at) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= ?`,
    ),
    sweepClaims: db.prepare('DELETE FROM claims WHERE expires_at <= ?'),
    nextSeq: db.prepare<[string], { value: number }>(
      'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
    ),

    enqueue: db.prepare('INSERT INTO queue_items (queue, id, item) VALUES (?, ?, ?) ON CONFLICT (queue, id) DO NOTHING'),
    dequeue: db.prepare<[string], { id: string; item: string }>(
      'DELETE FROM queue_items WHERE pos = (SELECT pos FROM queue_items WHERE queue = ? ORDER BY pos LIMIT 1) RETURNING id, item',
    ),
    removeFromQueue: db.prepare('DELETE FROM queue_items WHERE queue = ? AND id = ?'),
    listQueue: db.prepare<[string], { id: string; item: string }>('SELECT id, item FROM queue_items WHERE queue = ? ORDER BY pos'),

    putRecord: db.prepare(
      'INSERT INTO records (collection, id, doc) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc',
    ),
    getRecord: db.prepare<[string, string], { doc: string }>('SELECT doc FROM records WHERE collection = ? AND id = ?'),
    deleteRecord: db.prepare('DELETE FROM records WHERE collection = ? AND id = ?'),
    deleteIndex: db.prepare('DELETE FROM record_index WHERE collection = ? AND id = ?'),
    insertIndex: db.prepare('INSERT INTO record_index (collection, field, value, id) VALUES (?, ?, ?, ?)'),
    allRecords: db.prepare<[string], { id: string; doc: string }>('SELECT id, doc FROM records WHERE collection = ? ORDER BY id'),
  };

  /** Find statements by number of filter fields: each field is one indexed membership test. */
  const findStatements = new Map<number, Database.Statement<string[], { id: string; doc: string }>>();
  const findStatement = (fields: number) => {
    let stmt = findStatements.get(fields);
    if (!stmt) {
      const tests = Array.from(
        { length: fields },
        () => 'EXISTS (SELECT 1 FROM record_index i WHERE i.collection = r.collection AND i.field = ? AND i.value = ? AND i.id = r.id)',
      );
      stmt = db.prepare(`SELECT r.id, r.doc FROM records r WHERE r.collection = ? AND ${tests.join(' AND ')} ORDER BY r.id`);
      findStatements.set(fields, stmt);
    }
    return stmt;
  };

  // Write transactions are run with .immediate(): taking the write lock up front means two
  // processes sharing the file never deadlock upgrading a read lock (busy_timeout then queues them).
  const putStateTx = db.transaction((key: string, json: string, expected: number): number => {
    const changed = expected === 0 ? sql.insertState.run(key, json).changes : sql.updateState.run(json, key, expected).changes;
    if (changed === 1) return expected + 1;
    throw new StoreConflictError(key, expected, sql.versionOf.get(key)?.version ?? 0);
  });
  const appendTx = db.transaction((stream: string, json: string): number => {
    const seq = (sql.bumpStream.get(stream) as { last_seq: number }).last_seq;
    sql.insertLog.run(stream, seq, json);
    return seq;
  });
  const rewriteTx = db.transaction(<T>(stream: string, fn: (item: T, seq: number) => T): number => {
    let changed = 0;
    for (const row of sql.readLog.all(stream, 0, -1)) {
      const json = encode(fn(decode<T>(row.item), row.seq));
      if (json !== row.item) {
        sql.updateLog.run(json, stream, row.seq);
        changed++;
      }
    }
    return changed;
  });
  const putRecordTx = db.transaction((collection: string, id: string, json: string, index: RecordFilter) => {
    sql.putRecord.run(collection, id, json);
    sql.deleteIndex.run(collection, id);
    for (const [field, value] of Object.entries(index)) sql.insertIndex.run(collection, field, String(value), id);
  });
  const deleteRecordTx = db.transaction((collection: string, id: string) => {
    sql.deleteRecord.run(collection, id);
    sql.deleteIndex.run(collection, id);
  });

  const local = createLocalCoordination(onError);
  let claimsSinceSweep = 0;

  return {
    kind: 'sqlite',

    // === Versioned state
    async getState<T>(key: string): Promise<Versioned<T> | undefined> {
      const row = sql.getState.get(key);
      return row ? { value: decode<T>(row.value), version: row.version } : undefined;
    },
    async putState<T>(key: string, value: T, expectedVersion: number): Promise<number> {
      checkVersion(expectedVersion);
      return putStateTx.immediate(key, encode(value), expectedVersion);
    },
    async deleteState(key: string): Promise<void> {
      sql.deleteState.run(key);
    },

    // === Logs
    async append<T>(stream: string, item: T): Promise<number> {
      return appendTx.immediate(stream, encode(item));
    },
    async read<T>(stream: string, afterSeq = 0, limit?: number): Promise<LogEntry<T>[]> {
      // SQLite reads LIMIT -1 as "no limit".
      const rows = sql.readLog.all(stream, afterSeq, limit === undefined ? -1 : Math.max(0, limit));
      return rows.map((r) => ({ seq: r.seq, item: decode<T>(r.item) }));
    },
    async rewrite<T>(stream: string, fn: (item: T, seq: number) => T): Promise<number> {
      return rewriteTx.immediate(stream, fn as (item: unknown, seq: number) => unknown);
    },
    async streams(prefix: string): Promise<string[]> {
      // Walk the primary key from the prefix and stop at the first name past it.
      const out: string[] = [];
      for (const { name } of sql.streamsFrom.iterate(prefix)) {
        if (!name.startsWith(prefix)) break;
        out.push(name);
      }
      return out;
    },

    // === Claims and counters
    async claim(key: string, ttlMs: number): Promise<boolean> {
      checkTtl(ttlMs);
      const t = now();
      if (++claimsSinceSweep >= CLAIM_SWEEP_EVERY) {
        claimsSinceSweep = 0;
        sql.sweepClaims.run(t);
      }
      return sql.claim.run(key, t + ttlMs, t).changes === 1;
    },
    async nextSeq(name: string): Promise<number> {
      return (sql.nextSeq.get(name) as { value: number }).value;
    },

    // === Queues
    async enqueue(queue: string, id: string, item: unknown): Promise<boolean> {
      return sql.enqueue.run(queue, id, encode(item)).changes === 1;
    },
    async dequeue<T>(queue: string): Promise<StoredRecord<T> | undefined> {
      const row = sql.dequeue.get(queue);
      return row ? { id: row.id, doc: decode<T>(row.item) } : undefined;
    },
    async removeFromQueue(queue: string, id: string): Promise<boolean> {
      return sql.removeFromQueue.run(queue, id).changes === 1;
    },
    async listQueue<T>(queue: string): Promise<StoredRecord<T>[]> {
      return sql.listQueue.all(queue).map((r) => ({ id: r.id, doc: decode<T>(r.item) }));
    },

    // === Records
    async putRecord<T>(collection: string, id: string, doc: T, index: RecordFilter = {}): Promise<void> {
      putRecordTx.immediate(collection, id, encode(doc), index);
    },
    async getRecord<T>(collection: string, id: string): Promise<T | undefined> {
      const row = sql.getRecord.get(collection, id);
      return row ? decode<T>(row.doc) : undefined;
    },
    async deleteRecord(collection: string, id: string): Promise<void> {
      deleteRecordTx.immediate(collection, id);
    },
    async findRecords<T>(collection: string, filter: RecordFilter = {}): Promise<StoredRecord<T>[]> {
      const fields = Object.entries(filter);
      const rows =
        fields.length === 0
          ? sql.allRecords.all(collection)
          : findStatement(fields.length).all(collection, ...fields.flatMap(([f, v]) => [f, String(v)]));
      return rows.map((r) => ({ id: r.id, doc: decode<T>(r.doc) }));
    },

    // === Pub/sub and locks
    publish: local.publish,
    subscribe: local.subscribe,
    withLock: local.withLock,

    // === Lifecycle
    async ping(): Promise<void> {
      db.prepare('SELECT 1').get();
    },
    async close(): Promise<void> {
      local.clear();
      if (db.open) db.close();
    },
  };
}
