import { describe, expect, it } from 'vitest';
import type { Store } from '../store/index.ts';
import { fold, type Ticket, type TicketEvent } from './index.ts';
import { actors, complaint, makeDesk } from './test-kit.ts';

const KEY = 'wechat-mp:oAbC123';
const PERSONAL = ['13912345678', '王小明', KEY, '110101199003071234'];

/** Everything the store holds about the desk, as one string. */
async function everything(store: Store): Promise<string> {
  const parts: unknown[] = [];
  for (const c of ['tickets', 'ticket_contacts']) parts.push(await store.findRecords(c));
  for (const s of await store.streams('ticket:')) parts.push(await store.read(s));
  return JSON.stringify(parts);
}

describe('erasure (删除个人信息)', () => {
  it('should remove the phone, name and key from every record and event, and keep the statistics', async () => {
    const { desk, store, time } = makeDesk();
    const input = complaint({
      description: '我叫王小明，身份证110101199003071234，楼下烧烤店油烟太大，电话13912345678',
      citizen: { key: KEY, phone: '13912345678', name: '王小明', reachable: true },
      channelId: 'wechat-mp',
    });
    const a = await desk.createTicket(input, actors.citizen(KEY));
    const b = await desk.createTicket({ ...input, description: '噪音扰民，回电13912345678' }, actors.citizen(KEY));
    const someoneElse = await desk.createTicket(
      complaint({ description: '路灯不亮，电话13700001111', citizen: { key: 'telegram:7', phone: '13700001111', reachable: true } }),
      actors.agent,
    );
    await desk.accept(a.id, actors.env);
    time.advance(3_600_000);
    await desk.close(a.id, actors.env, '已电话联系王小明（13912345678），店主已整改');
    await desk.recordSurvey(a.id, KEY, { solved: true, satisfied: false });
    const ratesBefore = await desk.rates('department');

    for (const p of PERSONAL) expect(await everything(store)).toContain(p);
    const result = await desk.eraseCitizen(KEY, actors.citizen(KEY));
    expect(result).toEqual({ tickets: 2 });

    const after = await everything(store);
    for (const p of PERSONAL) expect(after, p).not.toContain(p);
    // The other citizen is untouched.
    expect(after).toContain('13700001111');
    expect(await desk.getTicket(someoneElse.id, actors.agent)).toMatchObject({ contact: { phone: '13700001111' } });

    const erased = await desk.getTicket(a.id, actors.agent);
    expect(erased).toMatchObject({
      status: '已回访',
      category: '环境保护',
      erased: true,
      survey: { solved: true, satisfied: false, score: -0.5 },
    });
    expect(erased.contact).toBeUndefined();
    expect(erased.description).toBe('我叫***，身份证***，楼下烧烤店油烟太大，电话***');
    expect(await desk.rates('department')).toEqual(ratesBefore);
    expect(await desk.listByCitizen(KEY)).toEqual([]);
    const events = await desk.history(a.id, actors.dispatcher);
    expect(events.at(-1)).toMatchObject({ type: '个人信息已删除', actor: { role: 'citizen' } });
    for (const id of [a.id, b.id]) {
      const stream = (await store.read<TicketEvent>(`ticket:${id}:events`)).map((e) => e.item);
      expect(await store.getRecord<Ticket>('tickets', id)).toEqual(fold(stream));
    }
  });

  it('should skip the follow-up of an erased citizen and let only that citizen or staff erase', async () => {
    const { desk, sender } = makeDesk();
    const t = await desk.createTicket(complaint({ citizen: { key: KEY, phone: '13912345678', reachable: true } }), actors.citizen(KEY));
    await expect(desk.eraseCitizen(KEY, actors.citizen('telegram:1'))).rejects.toMatchObject({ status: 403 });
    await expect(desk.eraseCitizen(KEY, actors.env)).rejects.toMatchObject({ status: 403 });
    // WeChat's unsubscribe event is handled by the system.
    await desk.eraseCitizen(KEY, { id: 'wechat-unsubscribe', role: 'system', name: '取消关注' });
    await desk.close(t.id, actors.env, '已处理');
    expect(sender.sent).toEqual([]);
    expect((await desk.getTicket(t.id, actors.admin)).followUp.state).toBe('unanswered');
    expect(await desk.eraseCitizen(KEY, actors.agent)).toEqual({ tickets: 0 });
  });
});
