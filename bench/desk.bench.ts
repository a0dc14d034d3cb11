/**
 * Ticket desk on SQLite: desk actions per second (each folds the ticket's events under its
 * lock, appends one event and rewrites the projection) against the floor measured in the
 * same run: one bare `append` + `putRecord` pair. Also the time of an idle `tick` over
 * many closed tickets. About 5 s. Run: `npm run bench desk`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDesk } from '../desk/index.ts';
import { createSqliteStore } from '../store/index.ts';

const TICKETS = 300;

export default async function deskBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-desk-bench-'));
  const store = createSqliteStore({ dataDir });
  try {
    // Baseline: the least any action must write.
    let t0 = performance.now();
    for (let i = 0; i < TICKETS * 3; i++) {
      await store.append(`bench:${i % TICKETS}`, { type: '接单', at: new Date().toISOString(), i });
      await store.putRecord('bench', String(i % TICKETS), { i, status: '办理中' }, { status: '办理中' });
    }
    const basePerSec = (TICKETS * 3) / ((performance.now() - t0) / 1000);

    let now = Date.parse('2026-11-23T02:00:00Z');
    const desk = createDesk({ store, clock: () => new Date(now), followUp: { sendSurvey: async () => {} } });
    const citizen = (i: number) => ({ key: `webchat:bench-${i}`, phone: '13912345678', reachable: true });
    t0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const t = await desk.createTicket(
        {
          description: '楼下烧烤店油烟太大，电话13912345678',
          category: '环境保护',
          department: '生态环境局',
          place: '朝阳区花家地',
          conversation: { id: i },
          citizen: citizen(i),
        },
        { id: `webchat:bench-${i}`, role: 'citizen', name: '市民' },
      );
      ids.push(t.id);
    }
    const createMs = (performance.now() - t0) / TICKETS;
    const dept = { id: 'd', role: 'department' as const, name: '办事员', department: '生态环境局' };
    t0 = performance.now();
    for (const id of ids) {
      await desk.accept(id, dept);
      await desk.close(id, dept, '已整改');
    }
    // accept + close + the survey event each = 3 appends per ticket.
    const actionsPerSec = (TICKETS * 3) / ((performance.now() - t0) / 1000);
    now += 3_600_000;
    t0 = performance.now();
    const idle = await desk.tick();
    const tickMs = performance.now() - t0;

    console.log(`baseline append+putRecord: ${basePerSec.toFixed(0)}/s`);
    console.log(`createTicket (受理+派单): ${createMs.toFixed(2)} ms each`);
    console.log(
      `desk events (accept, close, 回访发起): ${actionsPerSec.toFixed(0)}/s — ratio to baseline ${(actionsPerSec / basePerSec).toFixed(2)}`,
    );
    console.log(`idle tick over ${TICKETS} closed tickets: ${tickMs.toFixed(1)} ms (sent ${idle.sent})`);
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
