/**
 * The storage layer: one `Store` interface, three implementations (memory for tests,
 * embedded SQLite, Redis for running many instances).
 */
export type { LogEntry, RecordFilter, Store, StoredRecord, Unsubscribe, Versioned } from './types.ts';
export { StoreConflictError } from './types.ts';
export { createMemoryStore, type MemoryStoreOptions } from './memory.ts';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite.ts';
export { createRedisStore, type RedisStoreOptions } from './redis.ts';
export { createStore, type CreateStoreOptions } from './create.ts';
