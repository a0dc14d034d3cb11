/**
 * The one storage interface of Jiesu. Everything the app keeps goes through it, so the
 * embedded SQLite store and the Redis store are interchangeable (one contract test suite).
 * Nothing here knows about conversations, tickets or channels: those are names in keys.
 */

/** A value with the version it was read at (for optimistic concurrency). */
export interface Versioned<T> {
  value: T;
  /** Starts at 1 on first write, +1 on each write. */
  version: number;
}

/** One entry of an append-only log. `seq` is 1-based and gap-free per stream. */
export interface LogEntry<T> {
  seq: number;
  item: T;
}

/** Equality filter on indexed fields of a record; all given fields must match. */
export type RecordFilter = Record<string, string>;

/** A stored document with the index values it was filed under. */
export interface StoredRecord<T> {
  id: string;
  doc: T;
}

/** Unsubscribes a pub/sub handler. */
export type Unsubscribe = () => Promise<void>;

/** The storage interface shared by the SQLite and Redis stores. */
export interface Store {
  /** Which implementation this is, for logs and /readyz. */
  readonly kind: 'sqlite' | 'redis' | 'memory';

  // === Versioned state (conversation state, dialog stacks, config documents)
  /** Reads a value and its version; undefined when absent. */
  getState<T>(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Writes a value if the stored version equals `expectedVersion` (0 = must not exist yet).
   * Returns the new version; throws `StoreConflictError` otherwise.
   */
  putState<T>(key: string, value: T, expectedVersion: number): Promise<number>;
  /** Deletes a value (no error when absent). */
  deleteState(key: string): Promise<void>;

  // === Append-only logs (transcripts, Direct Line activity streams, ticket events)
  /** Appends one item and returns its sequence number (1, 2, 3 … per stream). */
  append<T>(stream: string, item: T): Promise<number>;
  /** Reads entries with seq > afterSeq, oldest first, at most `limit` (default all). */
  read<T>(stream: string, afterSeq?: number, limit?: number): Promise<LogEntry<T>[]>;
  /**
   * Rewrites entries of a stream in place, keeping their seqs (used only for erasure of
   * personal data). All or nothing: if fn throws, nothing changes. Returns how many changed.
   */
  rewrite<T>(stream: string, fn: (item: T, seq: number) => T): Promise<number>;
  /** Lists stream names starting with a prefix. */
  streams(prefix: string): Promise<string[]>;

  // === Dedupe keys with expiry
  /** Atomically claims a key for ttlMs; true for the first claimer, false for repeats. */
  claim(key: string, ttlMs: number): Promise<boolean>;

  // === Counters
  /** Atomically increments and returns a named counter (first call returns 1). */
  nextSeq(name: string): Promise<number>;

  // === FIFO queues (conversations waiting for an agent, jobs)
  /** Adds an item at the tail unless an item with the same id is queued already. */
  enqueue(queue: string, id: string, item: unknown): Promise<boolean>;
  /** Removes and returns the head, or undefined when empty. */
  dequeue<T>(queue: string): Promise<StoredRecord<T> | undefined>;
  /** Removes one item by id; true when it was there. */
  removeFromQueue(queue: string, id: string): Promise<boolean>;
  /** Lists the queue, head first. */
  listQueue<T>(queue: string): Promise<StoredRecord<T>[]>;

  // === Records: documents with equality indexes (tickets, articles, users)
  /** Inserts or replaces a record and its index values. */
  putRecord<T>(collection: string, id: string, doc: T, index?: RecordFilter): Promise<void>;
  /** Reads one record. */
  getRecord<T>(collection: string, id: string): Promise<T | undefined>;
  /** Deletes one record and its index values. */
  deleteRecord(collection: string, id: string): Promise<void>;
  /** Finds records whose index values match every field of the filter ({} = all), by id order. */
  findRecords<T>(collection: string, filter?: RecordFilter): Promise<StoredRecord<T>[]>;

  // === Pub/sub (live updates across instances)
  /** Publishes a JSON-serialisable message on a channel. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Subscribes to a channel; the handler gets each message parsed. */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe>;

  // === Locks
  /**
   * Runs fn while holding an exclusive lock on key (across instances for Redis).
   * Waiters on the same key run in arrival order within one process.
   */
  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T>;

  // === Lifecycle
  /** Resolves when the backend answers; throws otherwise. */
  ping(): Promise<void>;
  /** Closes connections and files. */
  close(): Promise<void>;
}

/** A versioned write lost a race: someone else wrote first. */
export class StoreConflictError extends Error {
  readonly code = 'STORE_CONFLICT';
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`version conflict on ${key}: expected ${expected}, found ${actual}`);
    this.name = 'StoreConflictError';
  }
}
