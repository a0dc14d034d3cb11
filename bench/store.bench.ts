/**
 * Store throughput: appends/s and claims/s on the memory store (the baseline), SQLite and
 * Redis (a private redis-server), one at a time and 32 in flight. About 10 s.
 * Run: `npm run bench store`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, createRedisStore, createSqliteStore, type Store } from '../store/index.ts';
import { startRedisServer } from '../tests/redis-server.ts';

const WINDOW_MS = 600;
const IN_FLIGHT = 32;

/** Runs `op` for WINDOW_MS with `inFlight` callers and returns operations per second. */
async function rate(op: (i: number) => Promise<unknown>, inFlight: number): Promise<number> {
  let n = 0;
  const end = performance.now() + WINDOW_MS;
  const start = performance.now();
  const worker = async () => {
    while (performance.now() < end) await op(n++);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return n / ((performance.now() - start) / 1000);
}

async function measure(store: Store, tag: string) {
  const row: Record<string, number> = {};
  for (const inFlight of [1, IN_FLIGHT]) {
    row[`append x${inFlight}`] = await rate(
      (i) => store.append(`bench:${tag}:${inFlight}:${i % 100}`, { text: '我要投诉噪音扰民', i }),
      inFlight,
    );
    row[`claim x${inFlight}`] = await rate((i) => store.claim(`bench:${tag}:${inFlight}:${i}`, 60_000), inFlight);
  }
  return row;
}

export default async function storeBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-bench-'));
  const results: Record<string, Record<string, number>> = {};
  const memory = createMemoryStore();
  results.memory = await measure(memory, 'memory');
  await memory.close();
  const sqlite = createSqliteStore({ dataDir });
  results.sqlite = await measure(sqlite, 'sqlite');
  await sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
  try {
    const server = await startRedisServer();
    try {
      const redis = await createRedisStore({ url: server.url, prefix: 'bench:' });
      results.redis = await measure(redis, 'redis');
      await redis.close();
    } finally {
      await server.stop();
    }
  } catch (err) {
    console.log(`redis skipped: ${err instanceof Error ? err.message : String(err)}`);
  }

  const base = results.memory as Record<string, number>;
  const rows = Object.entries(results).flatMap(([kind, row]) =>
    Object.entries(row).map(([op, perSec]) => ({
      store: kind,
      op,
      'ops/s': Math.round(perSec),
      'vs memory': `${(perSec / (base[op] ?? perSec)).toFixed(3)}x`,
    })),
  );
  console.table(rows);
}
