/** Picks the store from config: Redis when a URL is given, else the embedded SQLite file. */
import type { Store } from './types.ts';
import { createRedisStore } from './redis.ts';
import { createSqliteStore } from './sqlite.ts';

/** What `createStore` needs from config. */
export interface CreateStoreOptions {
  /** `REDIS_URL`; when set, the Redis store is used (prefix `jiesu:`). */
  redisUrl?: string;
  /** Folder of the SQLite file when there is no Redis. */
  dataDir: string;
}

/** Opens the Redis store when `redisUrl` is set, else the SQLite store under `dataDir`. */
export async function createStore({ redisUrl, dataDir }: CreateStoreOptions): Promise<Store> {
  return redisUrl ? createRedisStore({ url: redisUrl }) : createSqliteStore({ dataDir });
}
