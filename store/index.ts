/**
 * The storage layer: one `Store` interface, three implementations (memory for tests,
 * embedded SQLite, Redis for running many instances). The shared contract suite is in
 * `store/contract.ts` (test-only, not exported here).
 */

// === The interface
/** The Store interface and the shapes it returns. */
export type { LogEntry, RecordFilter, Store, StoredRecord, Unsubscribe, Versioned } from './types.ts';
/** Thrown by `putState` when the expected version is not the stored one. */
export { StoreConflictError } from './types.ts';

// === For the composition root
/** Redis when `redisUrl` is set, else SQLite under `dataDir`. */
export { createStore, type CreateStoreOptions } from './create.ts';
/** The embedded store: `${dataDir}/jiesu.sqlite`. */
export { createSqliteStore, type SqliteStoreOptions } from './sqlite.ts';
/** The scale-out store (async: resolves once connected). */
export { createRedisStore, type RedisStoreOptions } from './redis.ts';

// === For tests of other modules
/** An in-process store with the same behaviour. */
export { createMemoryStore, type MemoryStoreOptions } from './memory.ts';
