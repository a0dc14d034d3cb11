import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../tests/free-port.ts';
import { startRedisServer } from '../tests/redis-server.ts';
import { describeStoreContract } from './contract.ts';
import { createRedisStore, createStore } from './index.ts';

const server = await startRedisServer();
const prefix = `jiesu-test-${randomUUID().slice(0, 8)}:`;

describeStoreContract('redis', () => createRedisStore({ url: server.url, prefix }), undefined, { crossInstance: true });

afterAll(() => server.stop());

describe('createRedisStore', () => {
  it('should keep stores with different prefixes apart on one server', async () => {
    const a = await createRedisStore({ url: server.url, prefix: 'pa:' });
    const b = await createRedisStore({ url: server.url, prefix: 'pb:' });
    await a.putState('k', 'a', 0);
    await a.append('s', 1);
    expect(await b.getState('k')).toBeUndefined();
    expect(await b.streams('')).toEqual([]);
    expect(await b.putState('k', 'b', 0)).toBe(1);
    expect(await a.getState('k')).toEqual({ value: 'a', version: 1 });
    await Promise.all([a.close(), b.close()]);
  });

  it('should use the default prefix jiesu:', async () => {
    const store = await createRedisStore({ url: server.url });
    const raw = createClient({ url: server.url });
    await raw.connect();
    await store.nextSeq('default-prefix-check');
    expect(await raw.get('jiesu:seq:default-prefix-check')).toBe('1');
    await raw.close();
    await store.close();
  });

  it('should keep working after the server forgets its scripts', async () => {
    const store = await createRedisStore({ url: server.url, prefix });
    const raw = createClient({ url: server.url });
    await raw.connect();
    const key = `flush-${randomUUID()}`;
    expect(await store.putState(key, 1, 0)).toBe(1);
    await raw.scriptFlush();
    expect(await store.putState(key, 2, 1)).toBe(2);
    await raw.close();
    await store.close();
  });

  it('should not delete a lock that expired and was taken by someone else', async () => {
    const a = await createRedisStore({ url: server.url, prefix });
    const b = await createRedisStore({ url: server.url, prefix });
    const raw = createClient({ url: server.url });
    await raw.connect();
    const key = `expiring-${randomUUID()}`;
    let releaseB!: () => void;
    const bMayEnd = new Promise<void>((r) => {
      releaseB = r;
    });
    let bStarted!: () => void;
    const bHolds = new Promise<void>((r) => {
      bStarted = r;
    });
    let aStarted!: () => void;
    const aHolds = new Promise<void>((r) => {
      aStarted = r;
    });
    let aEnded!: () => void;
    const aDone = new Promise<void>((r) => {
      aEnded = r;
    });

    // A's 50 ms lock expires while A still works; B takes the lock meanwhile.
    const aRun = a.withLock(key, 50, async () => {
      aStarted();
      await bHolds;
      aEnded();
    });
    await aHolds;
    const bRun = b.withLock(key, 10_000, async () => {
      bStarted();
      await bMayEnd;
    });
    await aDone;
    await aRun;
    // A has released: B's lock must still be there.
    expect(await raw.exists(`${prefix}lock:${key}`)).toBe(1);
    releaseB();
    await bRun;
    expect(await raw.exists(`${prefix}lock:${key}`)).toBe(0);
    await raw.close();
    await Promise.all([a.close(), b.close()]);
  });
});

describe('createStore', () => {
  it('should pick SQLite without a redisUrl', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-create-'));
    const store = await createStore({ dataDir });
    expect(store.kind).toBe('sqlite');
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should pick Redis when a redisUrl is given', async () => {
    const store = await createStore({ redisUrl: server.url, dataDir: '/nonexistent-not-used' });
    expect(store.kind).toBe('redis');
    await store.ping();
    await store.close();
  });

  it('should fail at start when Redis cannot be reached', async () => {
    const port = await freePort();
    await expect(createRedisStore({ url: `redis://127.0.0.1:${port}` })).rejects.toThrow();
  });
});
