import { describe, expect, it } from 'vitest';
import { createDesk, FOLLOW_UP_WAIT_MS, type FollowUpSender } from './index.ts';
import { createMemoryStore } from '../store/index.ts';
import { actors, complaint, makeDesk } from './test-kit.ts';

const KEY = 'webchat:visitor-1';
const HOUR = 3_600_000;

async function closedTicket(setup = makeDesk()) {
  const t = await setup.desk.createTicket(complaint(), actors.citizen(KEY));
  await setup.desk.accept(t.id, actors.env);
  await setup.desk.close(t.id, actors.env, '已联系店主王小明（13912345678），加装油烟净化器，经复查已达标。');
  return { ...setup, id: t.id };
}

describe('follow-up (回访)', () => {
  it("should send the reply and the survey on the citizen's channel as soon as the ticket is closed", async () => {
    const { sender, id, desk } = await closedTicket();
    expect(sender.sent).toHaveLength(1);
    const [first] = sender.sent;
    expect(first?.attempt).toBe(1);
    expect(first?.ticket).toMatchObject({
      id,
      citizenKey: KEY,
      channelId: 'webchat',
      conversation: { conversation: { id: 'conv-1' } },
      status: '已办结',
    });
    // The reply goes out without the phone number or the contact's name.
    expect(first?.ticket.reply).toBe('已联系店主，加装油烟净化器，经复查已达标。');
    expect(JSON.stringify(first?.ticket)).not.toContain('13912345678');
    expect(JSON.stringify(first?.ticket)).not.toContain('王小明');
    expect((await desk.history(id, actors.dispatcher)).map((e) => e.type)).toContain('回访发起');
  });

  it('should ask once more after 48 h without an answer, then record 未回访 after another 48 h', async () => {
    const { sender, id, desk, time } = await closedTicket();
    time.advance(FOLLOW_UP_WAIT_MS - 60_000);
    expect(await desk.tick()).toEqual({ sent: 0, unanswered: 0 });
    time.advance(60_000);
    expect(await desk.tick()).toEqual({ sent: 1, unanswered: 0 });
    expect(sender.sent.map((s) => s.attempt)).toEqual([1, 2]);
    time.advance(47 * HOUR);
    expect(await desk.tick()).toEqual({ sent: 0, unanswered: 0 });
    time.advance(HOUR);
    expect(await desk.tick()).toEqual({ sent: 0, unanswered: 1 });
    const t = await desk.getTicket(id, actors.dispatcher);
    expect(t).toMatchObject({ status: '已办结', followUp: { state: 'unanswered', attempts: 2 } });
    time.advance(200 * HOUR);
    expect(await desk.tick()).toEqual({ sent: 0, unanswered: 0 });
    expect(sender.sent).toHaveLength(2);
  });

  it('should send nothing new on a repeated tick or on ticks of two instances at once', async () => {
    const { sender, desk, store, time } = await closedTicket();
    // A second desk over the same store stands for a second app instance.
    const other = createDesk({ store, clock: time.clock, followUp: sender });
    time.advance(FOLLOW_UP_WAIT_MS);
    const results = await Promise.all([desk.tick(), other.tick(), desk.tick(), other.tick()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(await desk.tick()).toEqual({ sent: 0, unanswered: 0 });
    expect(sender.sent.map((s) => s.attempt)).toEqual([1, 2]);
  });

  it('should retry a survey whose sending failed once its claim has run out', async () => {
    let fail = true;
    const calls: number[] = [];
    const flaky: FollowUpSender = {
      async sendSurvey(_t, attempt) {
        calls.push(attempt);
        if (fail) throw new Error('channel down');
      },
    };
    let storeNow = Date.parse('2026-11-23T02:00:00.000Z');
    const setup = makeDesk('2026-11-23T02:00:00.000Z', { followUp: flaky, store: createMemoryStore({ now: () => storeNow }) });
    const { desk, id } = await closedTicket(setup);
    expect((await desk.getTicket(id, actors.admin)).followUp.attempts).toBe(0);
    fail = false;
    // The failed attempt's claim still keeps every instance off.
    expect(await desk.tick()).toEqual({ sent: 0, unanswered: 0 });
    storeNow += 10 * 60_000 + 1;
    expect(await desk.tick()).toEqual({ sent: 1, unanswered: 0 });
    expect(calls).toEqual([1, 1]);
    expect((await desk.getTicket(id, actors.admin)).followUp).toMatchObject({ state: 'asked', attempts: 1 });
  });

  it('should score answers +1, −0.5 or −1 and offer to reopen when the citizen is unhappy', async () => {
    const cases: Array<[boolean, boolean, number, boolean]> = [
      [true, true, 1, false],
      [true, false, -0.5, true],
      [false, true, -0.5, true],
      [false, false, -1, true],
    ];
    for (const [solved, satisfied, score, canReopen] of cases) {
      const { desk, id } = await closedTicket();
      const out = await desk.recordSurvey(id, KEY, { solved, satisfied });
      expect(out).toMatchObject({ score, canReopen, ticket: { status: '已回访' } });
      expect((await desk.getTicket(id, actors.manager)).survey).toMatchObject({ solved, satisfied, score });
    }
  });

  it("should accept answers only from the ticket's own citizen, once", async () => {
    const { desk, id } = await closedTicket();
    await expect(desk.recordSurvey(id, 'telegram:999', { solved: true, satisfied: true })).rejects.toMatchObject({ status: 403 });
    await expect(desk.recordSurvey(id, KEY, { solved: 'yes' as never, satisfied: true })).rejects.toMatchObject({ status: 400 });
    await desk.recordSurvey(id, KEY, { solved: true, satisfied: true });
    await expect(desk.recordSurvey(id, KEY, { solved: false, satisfied: false })).rejects.toMatchObject({
      status: 409,
      message: '工单当前状态为「已回访」，不能「回访」',
    });
  });

  it('should let an unhappy citizen reopen the ticket, back to the dispatcher with fresh deadlines, and survey again after the next close', async () => {
    const { desk, id, time, sender } = await closedTicket();
    await desk.recordSurvey(id, KEY, { solved: false, satisfied: false });
    time.advance(HOUR);
    await expect(desk.reopen(id, actors.citizen('telegram:999'))).rejects.toMatchObject({ status: 403 });
    const t = await desk.reopen(id, actors.citizen(KEY), '油烟依旧');
    expect(t).toMatchObject({ status: '已受理', reopened: 1, windowStart: time.clock().toISOString() });
    expect((await desk.listDisputed(actors.dispatcher)).map((x) => x.id)).toEqual([id]);
    await desk.dispatch(id, t.department as string, actors.dispatcher);
    await desk.close(id, actors.env, '已责令停业整改');
    expect(sender.sent.map((s) => s.attempt)).toEqual([1, 1]);
  });

  it('should not let a satisfied citizen reopen', async () => {
    const { desk, id } = await closedTicket();
    await desk.recordSurvey(id, KEY, { solved: true, satisfied: true });
    await expect(desk.reopen(id, actors.citizen(KEY))).rejects.toMatchObject({ status: 409, code: 'REOPEN_NOT_ALLOWED' });
  });

  it('should record 未回访 at once when the citizen cannot be reached on a channel', async () => {
    const { desk, sender } = makeDesk();
    const t = await desk.createTicket(
      complaint({ conversation: undefined, citizen: { key: 'phone:abc', phone: '13800000000', reachable: false } }),
      actors.agent,
    );
    await desk.close(t.id, actors.env, '已处理');
    expect(sender.sent).toEqual([]);
    expect((await desk.getTicket(t.id, actors.admin)).followUp.state).toBe('unanswered');
  });
});
