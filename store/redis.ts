/**
 * The scale-out store on Redis (node-redis). Every multi-step write is one Lua script, so
 * it is atomic across all instances; pub/sub uses a second, dedicated connection; locks
 * are a keyed FIFO in process, then `SET NX PX` with a token on the server.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import {
  type LogEntry,
  type RecordFilter,
  type Store,
  StoreConflictError,
  type StoredRecord,
  type Unsubscribe,
  type Versioned,
} from './types.ts';
import * as lua from './redis-scripts.ts';
import { byId, checkTtl, checkVersion, createKeyedMutex, decode, encode, type ErrorReporter, warnError } from './shared.ts';

/** Options of the Redis store. */
export interface RedisStoreOptions {
  /** `redis://host:port[/db]` */
  url: string;
  /** Prefix of every key and channel (default `jiesu:`), so instances can share a server. */
  prefix?: string;
  /** How long `withLock` waits for a lock held elsewhere before failing (default 30 s). */
  lockWaitMs?: number;
  /** Where connection errors and throwing subscribers are reported (default: a process warning). */
  onError?: ErrorReporter;
}

type Client = ReturnType<typeof createClient>;
type Listener = (message: string) => void;

/** How many times a rewrite retries when a concurrent rewrite changed the stream under it. */
const REWRITE_ATTEMPTS = 10;

/** Connects to Redis and resolves once the connection is ready. */
export async function createRedisStore({
  url,
  prefix = 'jiesu:',
  lockWaitMs = 30_000,
  onError = warnError,
}: RedisStoreOptions): Promise<Store> {
  let started = false;
  const client: Client = createClient({
    url,
    socket: {
      // At start, give up after a few tries so a wrong REDIS_URL fails loudly; once
      // running, keep reconnecting (capped backoff) through Redis restarts.
      reconnectStrategy: (retries: number, cause: Error) => {
        if (started) return Math.min(50 * 2 ** retries, 2000);
        return retries >= 3 ? cause : 100 * (retries + 1);
      },
    },
  });
  client.on('error', (err: unknown) => {
    if (started) onError(err, 'store: redis connection');
  });
  await client.connect();
  started = true;

  let subscriber: Promise<Client> | undefined;
  const listeners = new Map<string, Set<Listener>>();
  const runExclusive = createKeyedMutex();
  let closed = false;

  const k = {
    state: (key: string) => `${prefix}state:${key}`,
    log: (stream: string) => `${prefix}log:${stream}`,
    streams: `${prefix}streams`,
    claim: (key: string) => `${prefix}claim:${key}`,
    seq: (name: string) => `${prefix}seq:${name}`,
    queueList: (q: string) => `${prefix}queue:list:${q}`,
    queueItems: (q: string) => `${prefix}queue:items:${q}`,
    docs: (c: string) => `${prefix}rec:doc:${c}`,
    indexOf: (c: string) => `${prefix}rec:ix:${c}`,
    // Base of the index-set names; the scripts add "<bytes>:<field>:<value>".
    setBase: (c: string) => `${prefix}rec:by:${Buffer.byteLength(c)}:${c}:`,
    lock: (key: string) => `${prefix}lock:${key}`,
    channel: (channel: string) => `${prefix}ch:${channel}`,
  };

  /** EVALSHA, loading the script on first use (or after a server restart). */
  async function run<R>(script: lua.LuaScript, keys: string[], args: string[]): Promise<R> {
    try {
      return (await client.evalSha(script.sha, { keys, arguments: args })) as R;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return (await client.eval(script.lua, { keys, arguments: args })) as R;
    }
  }

  /** Turns a flat {id, json, id, json…} reply into records. */
  const pairs = <T>(flat: string[]): StoredRecord<T>[] => {
    const out: StoredRecord<T>[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ id: flat[i] as string, doc: decode<T>(flat[i + 1] as string) });
    return out;
  };

  const subscriberClient = () => {
    if (!subscriber) {
      const sub = client.duplicate();
      sub.on('error', (err: unknown) => onError(err, 'store: redis subscriber connection'));
      subscriber = sub.connect().then(
        () => sub,
        (err: unknown) => {
          subscriber = undefined; // let the next subscribe try again
          throw err;
        },
      );
    }
    return subscriber;
  };

  async function acquireLock(lockKey: string, token: string, ttlMs: number): Promise<void> {
    const deadline = Date.now() + lockWaitMs;
    let delay = 2;
    while (true) {
      const ok = await client.set(lockKey, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      if (ok === 'OK') return;
      if (Date.now() > deadline) {
        throw Object.assign(new Error(`store: timed out after ${lockWaitMs} ms waiting for lock ${lockKey}`), {
          code: 'STORE_LOCK_TIMEOUT',
        });
      }
      // Jittered exponential backoff, so waiters on several instances do not poll in step.
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 100);
    }
  }

  return {
    kind: 'redis',

    // === Versioned state
    async getState<T>(key: string): Promise<Versioned<T> | undefined> {
      const [v, value] = await client.hmGet(k.state(key), ['v', 'value']);
      return v == null || value == null ? undefined : { value: decode<T>(value), version: Number(v) };
    },
    async putState<T>(key: string, value: T, expectedVersion: number): Promise<number> {
      checkVersion(expectedVersion);
      const result = await run<number>(lua.PUT_STATE, [k.state(key)], [encode(value), String(expectedVersion)]);
      if (result < 0) throw new StoreConflictError(key, expectedVersion, -1 - result);
      return result;
    },
    async deleteState(key: string): Promise<void> {
      await client.del(k.state(key));
    },

    // === Logs (a list: seq n is index n-1, so RPUSH's new length is the seq)
    async append<T>(stream: string, item: T): Promise<number> {
      return run<number>(lua.APPEND, [k.log(stream), k.streams], [encode(item), stream]);
    },
    async read<T>(stream: string, afterSeq = 0, limit?: number): Promise<LogEntry<T>[]> {
      const start = Math.max(0, afterSeq);
      if (limit !== undefined && limit <= 0) return [];
      const stop = limit === undefined ? -1 : start + limit - 1;
      const items = await client.lRange(k.log(stream), start, stop);
      return items.map((json, i) => ({ seq: start + i + 1, item: decode<T>(json) }));
    },
    async rewrite<T>(stream: string, fn: (item: T, seq: number) => T): Promise<number> {
      for (let attempt = 0; attempt < REWRITE_ATTEMPTS; attempt++) {
        const current = await client.lRange(k.log(stream), 0, -1);
        const args: string[] = [];
        current.forEach((json, i) => {
          const next = encode(fn(decode<T>(json), i + 1));
          if (next !== json) args.push(String(i), json, next);
        });
        if (args.length === 0) return 0;
        if ((await run<number>(lua.REWRITE, [k.log(stream)], args)) === 1) return args.length / 3;
      }
      throw new Error(`store: rewrite of ${stream} kept racing with another rewrite`);
    },
    async streams(prefixOfName: string): Promise<string[]> {
      // Lexicographic range on the byte strings: [prefix, prefix + 0xFF) — 0xFF never occurs in UTF-8.
      const from = Buffer.from(`[${prefixOfName}`);
      const to = Buffer.concat([Buffer.from(`(${prefixOfName}`), Buffer.from([0xff])]);
      const names = await client.zRange(k.streams, from, to, { BY: 'LEX' });
      return names.map(String);
    },

    // === Claims and counters
    async claim(key: string, ttlMs: number): Promise<boolean> {
      checkTtl(ttlMs);
      const ok = await client.set(k.claim(key), '1', { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      return ok === 'OK';
    },
    async nextSeq(name: string): Promise<number> {
      return client.incr(k.seq(name));
    },

    // === Queues (a list of ids + a hash of items)
    async enqueue(queue: string, id: string, item: unknown): Promise<boolean> {
      return (await run<number>(lua.ENQUEUE, [k.queueList(queue), k.queueItems(queue)], [id, encode(item)])) === 1;
    },
    async dequeue<T>(queue: string): Promise<StoredRecord<T> | undefined> {
      const head = await run<[string, string] | null>(lua.DEQUEUE, [k.queueList(queue), k.queueItems(queue)], []);
      return head ? { id: head[0], doc: decode<T>(head[1]) } : undefined;
    },
    async removeFromQueue(queue: string, id: string): Promise<boolean> {
      return (await run<number>(lua.REMOVE_FROM_QUEUE, [k.queueList(queue), k.queueItems(queue)], [id])) === 1;
    },
    async listQueue<T>(queue: string): Promise<StoredRecord<T>[]> {
      return pairs<T>(await run<string[]>(lua.LIST_QUEUE, [k.queueList(queue), k.queueItems(queue)], []));
    },

    // === Records (a hash of docs, a hash of each id's index values, a set per field value)
    async putRecord<T>(collection: string, id: string, doc: T, index: RecordFilter = {}): Promise<void> {
      const values = Object.fromEntries(Object.entries(index).map(([f, v]) => [f, String(v)]));
      await run(lua.PUT_RECORD, [k.docs(collection), k.indexOf(collection)], [k.setBase(collection), id, encode(doc), encode(values)]);
    },
    async getRecord<T>(collection: string, id: string): Promise<T | undefined> {
      const json = await client.hGet(k.docs(collection), id);
      return json == null ? undefined : decode<T>(json);
    },
    async deleteRecord(collection: string, id: string): Promise<void> {
      await run(lua.DELETE_RECORD, [k.docs(collection), k.indexOf(collection)], [k.setBase(collection), id]);
    },
    async findRecords<T>(collection: string, filter: RecordFilter = {}): Promise<StoredRecord<T>[]> {
      const fields = Object.entries(filter);
      if (fields.length === 0) {
        const all = await client.hGetAll(k.docs(collection));
        return Object.entries(all)
          .map(([id, json]) => ({ id, doc: decode<T>(json) }))
          .sort(byId);
      }
      const args = [k.setBase(collection), ...fields.flatMap(([f, v]) => [f, String(v)])];
      return pairs<T>(await run<string[]>(lua.FIND_RECORDS, [k.docs(collection)], args)).sort(byId);
    },

    // === Pub/sub
    async publish(channel: string, message: unknown): Promise<void> {
      await client.publish(k.channel(channel), encode(message));
    },
    async subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe> {
      const sub = await subscriberClient();
      const name = k.channel(channel);
      const listener: Listener = (json) => {
        try {
          handler(decode(json));
        } catch (err) {
          onError(err, `store: subscriber of ${channel} threw`);
        }
      };
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener);
      await sub.subscribe(name, listener);
      return async () => {
        if (!set.delete(listener)) return;
        if (set.size === 0) listeners.delete(name);
        if (sub.isOpen) await sub.unsubscribe(name, listener);
      };
    },

    // === Locks
    async withLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
      checkTtl(ttlMs);
      // First in line within this process, then in line with the other instances.
      return runExclusive(key, async () => {
        const lockKey = k.lock(key);
        const token = randomUUID();
        await acquireLock(lockKey, token, ttlMs);
        try {
          return await fn();
        } finally {
          // Compare-and-delete: if our lock expired and someone else holds it now, leave it.
          await run(lua.RELEASE_LOCK, [lockKey], [token]).catch((err: unknown) => onError(err, `store: releasing lock ${key}`));
        }
      });
    },

    // === Lifecycle
    async ping(): Promise<void> {
      await client.ping();
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (subscriber) {
        const sub = await subscriber.catch(() => undefined);
        if (sub?.isOpen) {
          if (listeners.size > 0) await sub.unsubscribe([...listeners.keys()]);
          await sub.close();
        }
        listeners.clear();
      }
      if (client.isOpen) await client.close();
    },
  };
}
