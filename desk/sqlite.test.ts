import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type Store } from '../store/index.ts';
import { FOLLOW_UP_WAIT_MS, fold, type Ticket, type TicketEvent } from './index.ts';
import { actors, complaint, DEPT, makeDesk } from './test-kit.ts';

const KEY = 'webchat:visitor-1';
const opened: Array<{ store: Store; dir: string }> = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function sqliteDesk() {
  const dir = mkdtempSync(join(tmpdir(), 'jiesu-desk-'));
  const store = createSqliteStore({ dataDir: dir });
  opened.push({ store, dir });
  return makeDesk('2026-11-27T08:00:00.000Z', { store });
}

describe('the desk on the SQLite store', () => {
  it('should run a ticket from intake to follow-up with the projection equal to the fold', async () => {
    const { desk, store, sender, time } = sqliteDesk();
    const [t, same] = await Promise.all([
      desk.createTicket(complaint(), actors.citizen(KEY), { idempotencyKey: 'intake:1' }),
      desk.createTicket(complaint(), actors.citizen(KEY), { idempotencyKey: 'intake:1' }),
    ]);
    expect(same?.id).toBe(t?.id);
    const id = (t as Ticket).id;
    expect(id).toBe('20261127-0001');
    expect((t as Ticket).deadlines.resolveBy).toBe('2026-12-04T15:59:59.000Z');
    await desk.returnTicket(id, actors.env, '非本单位职责');
    await desk.redispatch(id, DEPT.city, actors.dispatcher);
    await desk.accept(id, actors.city);
    await expect(desk.accept(id, actors.city)).rejects.toMatchObject({ status: 409, message: '工单当前状态为「办理中」，不能「接单」' });
    await desk.close(id, actors.city, '已处理');
    time.advance(FOLLOW_UP_WAIT_MS);
    await Promise.all([desk.tick(), desk.tick()]);
    expect(sender.sent.map((s) => s.attempt)).toEqual([1, 2]);
    await desk.recordSurvey(id, KEY, { solved: true, satisfied: true });
    const events = (await store.read<TicketEvent>(`ticket:${id}:events`)).map((e) => e.item);
    expect(events.map((e) => e.type)).toEqual(['受理', '派单', '退单', '重新派单', '接单', '办结', '回访发起', '回访发起', '已回访']);
    expect(await store.getRecord('tickets', id)).toEqual(fold(events));
    expect((await desk.rates('department')).total).toMatchObject({ tickets: 1, resolutionRate: 1, satisfactionRate: 1 });
  });

  it("should erase a citizen's personal data on SQLite too", async () => {
    const { desk, store } = sqliteDesk();
    const t = await desk.createTicket(complaint(), actors.citizen(KEY));
    await desk.eraseCitizen(KEY, actors.citizen(KEY));
    const dump = JSON.stringify([
      await store.findRecords('tickets'),
      await store.findRecords('ticket_contacts'),
      await store.read(`ticket:${t.id}:events`),
    ]);
    expect(dump).not.toContain('13912345678');
    expect(dump).not.toContain(KEY);
    expect((await desk.findTickets({ category: '环境保护' })).map((x) => x.erased)).toEqual([true]);
  });
});
