/**
 * Pieces shared by the store implementations: JSON encoding, the in-process keyed FIFO
 * mutex, and in-process pub/sub. Not exported from `store/index.ts`.
 */

// === JSON

/** Serialises a value for storage; rejects `undefined` (it has no JSON form). */
export function encode(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('store: value must be JSON-serialisable (got undefined or a function)');
  return json;
}

/** Parses a stored value. */
export function decode<T>(json: string): T {
  return JSON.parse(json) as T;
}

/** Throws unless `expectedVersion` is a whole number ≥ 0. */
export function checkVersion(expectedVersion: number): void {
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw new TypeError(`store: expectedVersion must be an integer >= 0, got ${expectedVersion}`);
  }
}

/** Throws unless `ttlMs` is a positive whole number of milliseconds. */
export function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new TypeError(`store: ttlMs must be a positive integer, got ${ttlMs}`);
}

/** Code-unit order, the same in every implementation. */
export const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

// === Keyed FIFO mutex

/** Runs `fn` after every earlier caller on the same key has finished (arrival order). */
export type KeyedMutex = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/** A mutex per key, as a chain of promises; keys with no waiters hold no memory. */
export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<void>>();
  return async function runExclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The chain only ever resolves, so one failing holder never breaks the waiters after it.
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    try {
      await previous;
      return await fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

// === In-process pub/sub

/** Reports a pub/sub handler that threw (a handler's bug must not break the publisher). */
export type ErrorReporter = (err: unknown, context: string) => void;

/** The default reporter: a process warning, so the error is visible but not fatal. */
export const warnError: ErrorReporter = (err, context) => {
  process.emitWarning(`${context}: ${err instanceof Error ? err.message : String(err)}`, 'JiesuStoreWarning');
};

/** Pub/sub inside one process, with the same delivery shape as Redis (async, JSON copies). */
export interface LocalPubSub {
  publish(channel: string, message: unknown): void;
  subscribe(channel: string, handler: (message: unknown) => void): () => void;
  clear(): void;
}

/** Creates in-process pub/sub. */
export function createLocalPubSub(onError: ErrorReporter = warnError): LocalPubSub {
  const channels = new Map<string, Set<(message: unknown) => void>>();
  return {
    publish(channel, message) {
      const json = encode(message);
      const handlers = channels.get(channel);
      if (!handlers || handlers.size === 0) return;
      const snapshot = [...handlers];
      // Delivered later, as over a network; a handler unsubscribed meanwhile gets nothing.
      setImmediate(() => {
        for (const handler of snapshot) {
          if (!channels.get(channel)?.has(handler)) continue;
          try {
            handler(decode(json));
          } catch (err) {
            onError(err, `store: subscriber of ${channel} threw`);
          }
        }
      });
    },
    subscribe(channel, handler) {
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const wrapped = (message: unknown) => handler(message);
      let set = channels.get(channel);
      if (!set) {
        set = new Set();
        channels.set(channel, set);
      }
      set.add(wrapped);
      return () => {
        const current = channels.get(channel);
        current?.delete(wrapped);
        if (current?.size === 0) channels.delete(channel);
      };
    },
    clear() {
      channels.clear();
    },
  };
}

/** Pub/sub and locks that only reach within one process (the memory and SQLite stores). */
export function createLocalCoordination(onError: ErrorReporter = warnError) {
  const pubsub = createLocalPubSub(onError);
  const runExclusive = createKeyedMutex();
  return {
    async publish(channel: string, message: unknown): Promise<void> {
      pubsub.publish(channel, message);
    },
    async subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>> {
      const off = pubsub.subscribe(channel, handler);
      return async () => off();
    },
    async withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
      checkTtl(ttlMs);
      return runExclusive(key, fn);
    },
    /** Drops every subscription (on close). */
    clear(): void {
      pubsub.clear();
    },
  };
}
