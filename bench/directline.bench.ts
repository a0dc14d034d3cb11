/**
 * Direct Line message turns per second and latency percentiles, against an express
 * hello-world server that parses the same JSON and answers `{id}`, measured in the same run
 * with the same client load. A Jiesu turn = authenticate, dedupe claim, transcript append,
 * conversation state read/write under the conversation lock, the bot's reply appended.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { startServer } from '../app/server.ts';

const CONVERSATIONS = 16;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const SECRET = 'bench-secret-0123456789abcdef';

interface Result {
  turns: number;
  seconds: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs CONVERSATIONS clients, each posting one message after another, for DURATION_MS. */
async function load(postUrl: (i: number) => string, headers: Record<string, string>): Promise<Result> {
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_v, i) => {
      let n = 0;
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(postUrl(i), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ type: 'message', from: { id: `bench-${i}` }, text: n++ % 2 ? '你好' : '帮助' }),
        });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { turns: latencies.length, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function helloWorld(): Promise<Result> {
  const app = express();
  app.post('/v3/directline/conversations/:id/activities', express.json(), (_req, res) => {
    res.json({ id: 'x' });
  });
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    return await load((i) => `${url}/v3/directline/conversations/c${i}/activities`, {});
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

async function jiesu(): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-bench-'));
  const app = await startServer({ env: { LOG_LEVEL: 'silent', JIESU_DIRECTLINE_SECRET: SECRET }, port: 0, host: '127.0.0.1', dataDir });
  try {
    const ids: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const res = await fetch(`${app.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } });
      ids.push(((await res.json()) as { conversationId: string }).conversationId);
    }
    return await load((i) => `${app.url}/v3/directline/conversations/${ids[i]}/activities`, { authorization: `Bearer ${SECRET}` });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function row(name: string, r: Result): string {
  return `${name.padEnd(22)} ${(r.turns / r.seconds).toFixed(0).padStart(8)} turns/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms`;
}

/** Prints Jiesu's Direct Line turns/s and latency beside express hello-world. */
export default async function bench(): Promise<void> {
  console.log(`${CONVERSATIONS} concurrent conversations, ${DURATION_MS / 1000} s each, SQLite store, client in the same process`);
  const base = await helloWorld();
  const ours = await jiesu();
  console.log(row('express hello world', base));
  console.log(row('Jiesu Direct Line turn', ours));
  console.log(
    `ratio (Jiesu / hello world): throughput ${(ours.turns / ours.seconds / (base.turns / base.seconds)).toFixed(3)}, p50 latency ×${(ours.p50 / base.p50).toFixed(1)}`,
  );
}
