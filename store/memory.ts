/**
 * The in-process store, for unit tests of other modules. Values are kept as JSON text,
 * so callers see the same copies and round-trips as with SQLite or Redis.
 */
import { type LogEntry, type RecordFilter, type Store, StoreConflictError, type StoredRecord, type Versioned } from './types.ts';
import { byId, checkTtl, checkVersion, createLocalCoordination, decode, encode, type ErrorReporter, warnError } from './shared.ts';

/** Options of the memory store. */
export interface MemoryStoreOptions {
  /** Milliseconds clock for claim expiry (default `Date.now`). */
  now?: () => number;
  /** Where a throwing subscriber is reported (default: a process warning). */
  onError?: ErrorReporter;
}

interface StoredDoc {
  doc: string;
  index: RecordFilter;
}

/** Creates an empty in-process store. */
export function createMemoryStore({ now = Date.now, onError = warnError }: MemoryStoreOptions = {}): Store {
  const state = new Map<string, { value: string; version: number }>();
  const logs = new Map<string, string[]>();
  const claims = new Map<string, number>();
  const counters = new Map<string, number>();
  const queues = new Map<string, Map<string, string>>();
  const records = new Map<string, Map<string, StoredDoc>>();
  const local = createLocalCoordination(onError);
  let closed = false;
  let claimsSinceSweep = 0;

  const queueOf = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      q = new Map();
      queues.set(name, q);
    }
    return q;
  };
  const collectionOf = (name: string) => {
    let c = records.get(name);
    if (!c) {
      c = new Map();
      records.set(name, c);
    }
    return c;
  };

  return {
    kind: 'memory',

    // === Versioned state
    async getState<T>(key: string): Promise<Versioned<T> | undefined> {
      const s = state.get(key);
      return s ? { value: decode<T>(s.value), version: s.version } : undefined;
    },
    async putState<T>(key: string, value: T, expectedVersion: number): Promise<number> {
      checkVersion(expectedVersion);
      const json = encode(value);
      const actual = state.get(key)?.version ?? 0;
      if (actual !== expectedVersion) throw new StoreConflictError(key, expectedVersion, actual);
      state.set(key, { value: json, version: actual + 1 });
      return actual + 1;
    },
    async deleteState(key: string): Promise<void> {
      state.delete(key);
    },

    // === Logs
    async append<T>(stream: string, item: T): Promise<number> {
      const json = encode(item);
      let log = logs.get(stream);
      if (!log) {
        log = [];
        logs.set(stream, log);
      }
      log.push(json);
      return log.length;
    },
    async read<T>(stream: string, afterSeq = 0, limit?: number): Promise<LogEntry<T>[]> {
      const log = logs.get(stream) ?? [];
      const start = Math.max(0, afterSeq);
      const end = limit === undefined ? log.length : Math.min(log.length, start + Math.max(0, limit));
      const out: LogEntry<T>[] = [];
      for (let i = start; i < end; i++) out.push({ seq: i + 1, item: decode<T>(log[i] as string) });
      return out;
    },
    async rewrite<T>(stream: string, fn: (item: T, seq: number) => T): Promise<number> {
      const log = logs.get(stream);
      if (!log) return 0;
      // Computed in full before writing, so a throwing fn leaves the stream untouched.
      const next = log.map((json, i) => encode(fn(decode<T>(json), i + 1)));
      let changed = 0;
      next.forEach((json, i) => {
        if (json !== log[i]) {
          log[i] = json;
          changed++;
        }
      });
      return changed;
    },
    async streams(prefix: string): Promise<string[]> {
      return [...logs.keys()].filter((s) => s.startsWith(prefix)).sort();
    },

    // === Claims and counters
    async claim(key: string, ttlMs: number): Promise<boolean> {
      checkTtl(ttlMs);
      const t = now();
      // Sweep expired claims now and then, so a long test run does not grow without bound.
      if (++claimsSinceSweep >= 1000) {
        claimsSinceSweep = 0;
        for (const [k, exp] of claims) if (exp <= t) claims.delete(k);
      }
      const expires = claims.get(key);
      if (expires !== undefined && expires > t) return false;
      claims.set(key, t + ttlMs);
      return true;
    },
    async nextSeq(name: string): Promise<number> {
      const n = (counters.get(name) ?? 0) + 1;
      counters.set(name, n);
      return n;
    },

    // === Queues
    async enqueue(queue: string, id: string, item: unknown): Promise<boolean> {
      const json = encode(item);
      const q = queueOf(queue);
      if (q.has(id)) return false;
      q.set(id, json);
      return true;
    },
    async dequeue<T>(queue: string): Promise<StoredRecord<T> | undefined> {
      const q = queues.get(queue);
      const head = q?.entries().next();
      if (!q || !head || head.done) return undefined;
      const [id, json] = head.value;
      q.delete(id);
      return { id, doc: decode<T>(json) };
    },
    async removeFromQueue(queue: string, id: string): Promise<boolean> {
      return queues.get(queue)?.delete(id) ?? false;
    },
    async listQueue<T>(queue: string): Promise<StoredRecord<T>[]> {
      return [...(queues.get(queue) ?? [])].map(([id, json]) => ({ id, doc: decode<T>(json) }));
    },

    // === Records
    async putRecord<T>(collection: string, id: string, doc: T, index: RecordFilter = {}): Promise<void> {
      collectionOf(collection).set(id, { doc: encode(doc), index: { ...index } });
    },
    async getRecord<T>(collection: string, id: string): Promise<T | undefined> {
      const r = records.get(collection)?.get(id);
      return r ? decode<T>(r.doc) : undefined;
    },
    async deleteRecord(collection: string, id: string): Promise<void> {
      records.get(collection)?.delete(id);
    },
    async findRecords<T>(collection: string, filter: RecordFilter = {}): Promise<StoredRecord<T>[]> {
      const fields = Object.entries(filter);
      const out: StoredRecord<T>[] = [];
      for (const [id, r] of records.get(collection) ?? []) {
        if (fields.every(([f, v]) => Object.hasOwn(r.index, f) && r.index[f] === v)) out.push({ id, doc: decode<T>(r.doc) });
      }
      return out.sort(byId);
    },

    // === Pub/sub and locks
    publish: local.publish,
    subscribe: local.subscribe,
    withLock: local.withLock,

    // === Lifecycle
    async ping(): Promise<void> {
      if (closed) throw new Error('store: memory store is closed');
    },
    async close(): Promise<void> {
      closed = true;
      local.clear();
    },
  };
}
