import { describe, expect, it } from 'vitest';
import { type BotKit, buttons, type Citizen, createBotKit, handler, texts } from './test-kit.ts';

const REPLY = '经查，已责令该烧烤店安装油烟净化设备，11月28日复查合格。';

/** Files a ticket for the citizen and returns its number. */
async function fileTicket(c: Citizen, place = '朝阳区花家地北里3号楼'): Promise<string> {
  await c.say(`我要投诉：楼下烧烤店油烟太大，${place}，电话13912345678`);
  const [done] = await c.say('确认提交');
  return /工单号：(\d{8}-\d{4})/.exec(done!.text ?? '')![1]!;
}

async function closeTicket(kit: BotKit, id: string): Promise<void> {
  await kit.desk.close(id, handler('区生态环境局'), REPLY);
}

describe('follow-up survey', () => {
  it("should send the department's reply and both questions after closing, and record a happy answer", async () => {
    const kit = await createBotKit();
    const c = kit.citizen('v1');
    const id = await fileTicket(c);
    const before = c.inbox().length;
    await closeTicket(kit, id);

    const [reply, question] = c.inbox().slice(before);
    expect(reply!.text).toBe(`您好，您反映的工单 ${id} 已办结，承办单位（区生态环境局）答复：${REPLY}`);
    expect(question!.text).toBe('问题解决了吗？');
    expect(buttons(question)).toEqual(['已解决', '未解决']);

    const [second] = await c.say('已解决');
    expect(second!.text).toBe('您对办理结果满意吗？');
    expect(buttons(second)).toEqual(['满意', '不满意']);
    expect(texts(await c.say('满意'))).toEqual(['感谢您的评价，祝您生活愉快！']);

    const [t] = await kit.desk.findTickets();
    expect(t!.status).toBe('已回访');
    expect(t!.survey).toMatchObject({ solved: true, satisfied: true, score: 1 });
  });

  it('should score one no as -0.5 and offer to reopen', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('v2');
    const id = await fileTicket(c);
    await closeTicket(kit, id);
    await c.say('已解决');
    const [offer] = await c.say('不满意');
    expect(offer!.text).toContain('很抱歉没能让您满意');
    expect(buttons(offer)).toEqual(['申请重新办理', '不用了']);
    expect(texts(await c.say('不用了'))).toEqual([expect.stringContaining('感谢您的反馈')]);
    const [t] = await kit.desk.findTickets();
    expect(t!.survey).toMatchObject({ solved: true, satisfied: false, score: -0.5 });
    expect(t!.status).toBe('已回访');
  });

  it('should reopen the ticket when the unhappy citizen asks for it', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('v3');
    const id = await fileTicket(c);
    await closeTicket(kit, id);
    await c.say('未解决');
    await c.say('不满意');
    const [reopened] = await c.say('申请重新办理');
    expect(reopened!.text).toContain(`已为您申请重新办理。工单 ${id} 将重新派给承办单位处理`);
    const [t] = await kit.desk.findTickets();
    expect(t!.survey).toMatchObject({ solved: false, satisfied: false, score: -1 });
    expect(t!.status).toBe('已受理');
    expect(t!.reopened).toBe(1);
  });

  it('should ask once more with buttons when an answer is unclear', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('v4');
    const id = await fileTicket(c);
    await closeTicket(kit, id);
    const [pick] = await c.say('嗯嗯这个嘛');
    expect(pick!.text).toBe('请点选下面的按钮回答，谢谢。');
    expect(buttons(pick)).toEqual(['已解决', '未解决']);
    expect(texts(await c.say('没有解决'))).toEqual(['您对办理结果满意吗？']);
  });

  it('should keep the survey until an open intake is finished, then ask it', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('v5');
    const id = await fileTicket(c);
    await c.say('我要投诉：楼道路灯坏了');
    const before = c.inbox().length;
    await closeTicket(kit, id);
    expect(c.inbox().length).toBe(before); // nothing interrupts the intake

    await c.say('朝阳区望京西园4号楼');
    await c.say('不方便留');
    const replies = texts(await c.say('确认提交'));
    expect(replies).toHaveLength(3);
    expect(replies[0]).toContain('已为您提交工单');
    expect(replies[1]).toContain(`您反映的工单 ${id} 已办结`);
    expect(replies[2]).toBe('问题解决了吗？');
    await c.say('已解决');
    await c.say('满意');
    expect((await kit.desk.findTickets({ status: '已回访' })).map((t) => t.id)).toEqual([id]);
  });

  it('should let the survey step aside for a new complaint and ask it after that intake', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('v6');
    const id = await fileTicket(c);
    await closeTicket(kit, id);
    const [where] = await c.say('我要投诉：小区路灯坏了');
    expect(where!.text).toContain('请问具体在哪里');
    await c.say('朝阳区望京西园4号楼');
    await c.say('不方便留');
    const replies = texts(await c.say('确认提交'));
    expect(replies[1]).toBe(`另外，想跟您确认一下工单 ${id} 的办理情况：问题解决了吗？`);
  });

  it('should not talk over an agent: the survey waits, handing back sends nothing, and a later tick delivers it', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('v7');
    const id = await fileTicket(c);
    await c.say('转人工');
    const before = c.inbox().length;
    await closeTicket(kit, id);
    expect(c.inbox().length).toBe(before);
    expect((await kit.desk.findTickets())[0]!.followUp.attempts).toBe(0);

    // The agent hands the conversation back to the bot: no survey comes with it.
    const ref = {
      channelId: 'test',
      conversation: { id: c.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'v7', name: '' },
    };
    await kit.runtime.continueConversation(ref, async (ctx) => {
      delete ctx.conversation.handoff;
      await ctx.reply('人工客服已结束接待，您可以继续向我提问。');
    });
    expect(texts(c.inbox().slice(before))).toEqual(['人工客服已结束接待，您可以继续向我提问。']);

    kit.setNow('2026-11-27T02:15:00.000Z');
    expect(await kit.desk.tick()).toMatchObject({ sent: 1 });
    expect(texts(c.inbox()).at(-1)).toBe('问题解决了吗？');
  });

  it('should ask a second time, saying so, when the first survey went unanswered', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('v8');
    const id = await fileTicket(c);
    await closeTicket(kit, id);
    kit.setNow('2026-11-29T03:00:00.000Z');
    expect(await kit.desk.tick()).toMatchObject({ sent: 1 });
    const [again, question] = c.inbox().slice(-2);
    expect(again!.text).toMatch(new RegExp(`^再次打扰您，您反映的工单 ${id} 已办结`));
    expect(question!.text).toBe('问题解决了吗？');
    await c.say('已解决');
    await c.say('满意');
    expect((await kit.desk.findTickets())[0]!.survey?.score).toBe(1);
  });
});
