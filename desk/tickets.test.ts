import { describe, expect, it } from 'vitest';
import { JiesuError } from '../app/errors.ts';
import type { Store } from '../store/index.ts';
import { type Desk, fold, type Ticket, type TicketEvent, type TicketStatus } from './index.ts';
import { actors, complaint, DEPT, departmentActor, makeDesk } from './test-kit.ts';

const KEY = 'webchat:visitor-1';

async function projectionEqualsFold(store: Store, id: string): Promise<void> {
  const events = (await store.read<TicketEvent>(`ticket:${id}:events`)).map((e) => e.item);
  expect(await store.getRecord<Ticket>('tickets', id)).toEqual(fold(events));
}

/** Drives a fresh ticket to a status through the public API. */
async function ticketIn(desk: Desk, status: TicketStatus): Promise<Ticket> {
  const disputed = await desk.createTicket(complaint({ disputed: true }), actors.agent);
  if (status === '已受理') return disputed;
  const t = await desk.createTicket(complaint(), actors.agent);
  const dept = departmentActor(t.department);
  switch (status) {
    case '已派单':
      return t;
    case '办理中':
      return desk.accept(t.id, dept);
    case '已退单':
      return desk.returnTicket(t.id, dept, '不属于本单位职责');
    case '挂账':
      await desk.accept(t.id, dept);
      return desk.hold(t.id, dept, { reason: '需列入明年改造计划', reviewAt: '2027-03-01' });
    case '已办结':
      await desk.accept(t.id, dept);
      return desk.close(t.id, dept, '已督促店主加装油烟净化器');
    case '已回访':
      await desk.accept(t.id, dept);
      await desk.close(t.id, dept, '已督促店主加装油烟净化器');
      await desk.recordSurvey(t.id, KEY, { solved: false, satisfied: false });
      return (await desk.findTickets()).find((x) => x.id === t.id) as Ticket;
    case '已归档':
      await desk.accept(t.id, dept);
      await desk.close(t.id, dept, '已处理');
      return desk.archive(t.id, actors.manager);
    case '已合并':
      return desk.merge(t.id, disputed.id, actors.dispatcher);
  }
}

type Action = (desk: Desk, t: Ticket, other: Ticket) => Promise<unknown>;
const ACTIONS: Record<string, { label: string; run: Action; from: TicketStatus[]; to: TicketStatus }> = {
  dispatch: { label: '派单', run: (d, t) => d.dispatch(t.id, DEPT.city, actors.dispatcher), from: ['已受理'], to: '已派单' },
  redispatch: {
    label: '重新派单',
    run: (d, t) => d.redispatch(t.id, DEPT.city, actors.dispatcher, '改派'),
    from: ['已派单', '办理中', '已退单', '挂账'],
    to: '已派单',
  },
  accept: { label: '接单', run: (d, t) => d.accept(t.id, actors.admin), from: ['已派单', '挂账'], to: '办理中' },
  return: { label: '退单', run: (d, t) => d.returnTicket(t.id, actors.admin, '非本单位职责'), from: ['已派单', '办理中'], to: '已退单' },
  hold: {
    label: '挂账',
    run: (d, t) => d.hold(t.id, actors.admin, { reason: '待资金', reviewAt: '2027-01-15' }),
    from: ['办理中'],
    to: '挂账',
  },
  close: { label: '办结', run: (d, t) => d.close(t.id, actors.admin, '已处理完毕'), from: ['已派单', '办理中', '挂账'], to: '已办结' },
  survey: { label: '回访', run: (d, t) => d.recordSurvey(t.id, KEY, { solved: true, satisfied: true }), from: ['已办结'], to: '已回访' },
  reopen: { label: '重开', run: (d, t) => d.reopen(t.id, actors.agent, '市民反映仍有油烟'), from: ['已办结', '已回访'], to: '已受理' },
  merge: {
    label: '合并',
    run: (d, t, o) => d.merge(t.id, o.id, actors.dispatcher),
    from: ['已受理', '已派单', '办理中', '已退单', '挂账'],
    to: '已合并',
  },
  archive: { label: '归档', run: (d, t) => d.archive(t.id, actors.manager), from: ['已办结', '已回访'], to: '已归档' },
};
const ALL: TicketStatus[] = ['已受理', '已派单', '办理中', '已退单', '挂账', '已办结', '已回访', '已归档', '已合并'];

describe('ticket state machine', () => {
  for (const [name, a] of Object.entries(ACTIONS)) {
    for (const from of a.from) {
      it(`should ${name} a ticket in 「${from}」 to 「${a.to}」 and keep the projection equal to the fold`, async () => {
        const { desk, store } = makeDesk();
        const t = await ticketIn(desk, from);
        const other = await desk.createTicket(complaint({ disputed: true, description: '另一件诉求' }), actors.agent);
        await a.run(desk, t, other);
        const after = await desk.getTicket(t.id, actors.admin);
        expect(after.status).toBe(a.to);
        await projectionEqualsFold(store, t.id);
      });
    }
    const illegal = ALL.filter((s) => !a.from.includes(s));
    it(`should refuse to ${name} from ${illegal.join('、')} with a 409 naming the state and the action`, async () => {
      const { desk } = makeDesk();
      const other = await desk.createTicket(complaint({ disputed: true, description: '原件' }), actors.agent);
      for (const from of illegal) {
        const t = await ticketIn(desk, from);
        const err = await a.run(desk, t, other).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, `${name} from ${from}`).toBeInstanceOf(JiesuError);
        expect((err as JiesuError).status).toBe(409);
        expect((err as JiesuError).message).toBe(`工单当前状态为「${from}」，不能「${a.label}」`);
        expect((await desk.getTicket(t.id, actors.admin)).status).toBe(from);
      }
    });
  }

  it('should record who, when and why for each change, in order', async () => {
    const { desk, time } = makeDesk();
    const t = await desk.createTicket(complaint(), actors.agent);
    time.advance(60_000);
    await desk.returnTicket(t.id, actors.env, '油烟属城管执法');
    await desk.redispatch(t.id, DEPT.city, actors.dispatcher, '改派城管');
    const events = await desk.history(t.id, actors.dispatcher);
    expect(events.map((e) => e.type)).toEqual(['受理', '派单', '退单', '重新派单']);
    expect(events[2]).toMatchObject({
      actor: { id: 'u-env', role: 'department' },
      reason: '油烟属城管执法',
      at: '2026-11-23T02:01:00.000Z',
    });
    expect(events[3]).toMatchObject({ data: { department: DEPT.city, from: DEPT.env }, reason: '改派城管' });
    const ticket = await desk.getTicket(t.id, actors.dispatcher);
    expect(ticket).toMatchObject({
      status: '已派单',
      department: DEPT.city,
      returns: 1,
      lastReturn: { reason: '油烟属城管执法', department: DEPT.env },
    });
  });

  it('should ask for a reason to return, a reply to close, and a future review date to hold', async () => {
    const { desk } = makeDesk();
    const t = await desk.createTicket(complaint(), actors.agent);
    await expect(desk.returnTicket(t.id, actors.env, ' ')).rejects.toMatchObject({ status: 400, code: 'REASON_REQUIRED' });
    await expect(desk.close(t.id, actors.env, '')).rejects.toMatchObject({ status: 400, code: 'REPLY_REQUIRED' });
    await desk.accept(t.id, actors.env);
    await expect(desk.hold(t.id, actors.env, { reason: '待资金', reviewAt: '2026-01-01' })).rejects.toMatchObject({
      status: 400,
      code: 'BAD_REVIEW_AT',
    });
    expect((await desk.getTicket(t.id, actors.env)).status).toBe('办理中');
  });

  it("should answer 404 for an unknown ticket and 403 when a department touches another department's ticket", async () => {
    const { desk } = makeDesk();
    await expect(desk.accept('20260101-9999', actors.env)).rejects.toMatchObject({ status: 404, code: 'TICKET_NOT_FOUND' });
    const t = await desk.createTicket(complaint(), actors.agent);
    await expect(desk.getTicket(t.id, actors.city)).rejects.toMatchObject({ status: 403, code: 'NOT_YOUR_DEPARTMENT' });
    await expect(desk.accept(t.id, actors.city)).rejects.toMatchObject({ status: 403 });
    await expect(desk.dispatch(t.id, DEPT.city, actors.env)).rejects.toMatchObject({ status: 403, code: 'ROLE_NOT_ALLOWED' });
    expect((await desk.listTickets({}, actors.city)).map((x) => x.id)).toEqual([]);
    expect((await desk.listTickets({}, actors.env)).map((x) => x.id)).toEqual([t.id]);
  });

  it('should send disputed tickets and tickets without a department to the dispatcher list', async () => {
    const { desk } = makeDesk();
    const clear = await desk.createTicket(complaint(), actors.agent);
    const disputed = await desk.createTicket(complaint({ disputed: true }), actors.agent);
    const none = await desk.createTicket(complaint({ department: undefined }), actors.agent);
    const unknown = await desk.createTicket(complaint({ department: '不存在的局' }), actors.agent);
    expect(clear.status).toBe('已派单');
    const waiting = await desk.listDisputed(actors.dispatcher);
    expect(waiting.map((t) => t.id)).toEqual([disputed.id, none.id, unknown.id]);
    await expect(desk.dispatch(disputed.id, '不存在的局', actors.dispatcher)).rejects.toMatchObject({
      status: 400,
      code: 'UNKNOWN_DEPARTMENT',
    });
    await desk.dispatch(disputed.id, DEPT.city, actors.dispatcher, '属城管执法');
    expect((await desk.listDisputed(actors.dispatcher)).map((t) => t.id)).toEqual([none.id, unknown.id]);
  });

  it('should join a duplicate to its original and list it there', async () => {
    const { desk } = makeDesk();
    const original = await desk.createTicket(complaint(), actors.agent);
    const dup = await desk.createTicket(complaint({ citizen: { key: 'wechat:o2', reachable: true } }), actors.agent);
    await desk.merge(dup.id, original.id, actors.dispatcher, '同一烧烤店');
    expect(await desk.getTicket(dup.id, actors.admin)).toMatchObject({ status: '已合并', mergedInto: original.id });
    expect((await desk.getTicket(original.id, actors.admin)).duplicates).toEqual([dup.id]);
    await expect(desk.merge(original.id, original.id, actors.dispatcher)).rejects.toMatchObject({ status: 400 });
    await expect(desk.merge(original.id, dup.id, actors.dispatcher)).rejects.toMatchObject({
      status: 409,
      message: '工单当前状态为「已合并」，不能「并入重复件」',
    });
  });
});

describe('ticket numbers and creation', () => {
  it('should number tickets by Shanghai date and a daily sequence', async () => {
    // 2026-11-23T16:30Z is already the 24th in Shanghai.
    const { desk, time } = makeDesk('2026-11-23T15:59:00.000Z');
    const a = await desk.createTicket(complaint(), actors.agent);
    const b = await desk.createTicket(complaint(), actors.agent);
    time.set('2026-11-23T16:30:00.000Z');
    const c = await desk.createTicket(complaint(), actors.agent);
    expect([a.id, b.id, c.id]).toEqual(['20261123-0001', '20261123-0002', '20261124-0001']);
  });

  it('should create one ticket when two confirmations with the same key arrive at once', async () => {
    const { desk, store } = makeDesk();
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => desk.createTicket(complaint(), actors.citizen(KEY), { idempotencyKey: 'intake:conv-1:7' })),
    );
    expect(new Set(results.map((t) => t.id)).size).toBe(1);
    expect(await store.findRecords('tickets')).toHaveLength(1);
    const again = await desk.createTicket(complaint(), actors.citizen(KEY), { idempotencyKey: 'intake:conv-1:7' });
    expect(again.id).toBe(results[0]?.id);
    const other = await desk.createTicket(complaint(), actors.citizen(KEY), { idempotencyKey: 'intake:conv-1:8' });
    expect(other.id).not.toBe(again.id);
  });

  it('should refuse a ticket without description, category or citizen', async () => {
    const { desk, store } = makeDesk();
    await expect(desk.createTicket(complaint({ description: '  ' }), actors.agent)).rejects.toMatchObject({
      status: 400,
      code: 'DESCRIPTION_REQUIRED',
    });
    await expect(desk.createTicket(complaint({ category: '' }), actors.agent)).rejects.toMatchObject({
      status: 400,
      code: 'CATEGORY_REQUIRED',
    });
    await expect(desk.createTicket({ ...complaint(), citizen: undefined as never }, actors.agent)).rejects.toMatchObject({ status: 400 });
    await expect(desk.createTicket(complaint(), actors.manager)).rejects.toMatchObject({ status: 403 });
    expect(await store.findRecords('tickets')).toHaveLength(0);
  });

  it('should keep the contact apart from the ticket and show it whole only to agents, dispatchers and admins', async () => {
    const { desk, store } = makeDesk();
    const t = await desk.createTicket(complaint(), actors.agent);
    const record = JSON.stringify(await store.getRecord('tickets', t.id));
    expect(record).not.toContain('王小明');
    expect((await desk.getTicket(t.id, actors.agent)).contact).toMatchObject({ phone: '13912345678', name: '王小明', masked: false });
    const forDept = await desk.getTicket(t.id, actors.env);
    expect(forDept.contact).toMatchObject({ phone: '139****5678', name: '王**', masked: true });
    expect(forDept.description).toContain('139****5678');
    expect(JSON.stringify(forDept)).not.toContain('13912345678');
    expect(JSON.stringify(await desk.history(t.id, actors.env))).not.toContain('13912345678');
  });

  it('should let a citizen see only their own tickets', async () => {
    const { desk } = makeDesk();
    const mine = await desk.createTicket(complaint(), actors.citizen(KEY));
    await desk.createTicket(complaint({ citizen: { key: 'telegram:42', reachable: true } }), actors.citizen('telegram:42'));
    expect((await desk.listByCitizen(KEY)).map((t) => t.id)).toEqual([mine.id]);
    expect(await desk.getForCitizen(mine.id, KEY)).toMatchObject({ id: mine.id, status: '已派单', department: DEPT.env });
    expect(await desk.getForCitizen(mine.id, 'telegram:42')).toBeUndefined();
    expect(JSON.stringify(await desk.getForCitizen(mine.id, KEY))).not.toContain('13912345678');
  });
});
