import { describe, expect, it } from 'vitest';
import { buttons, createBotKit, texts } from './dialogs/test-kit.ts';
import { HANDOFF_QUEUE, type HandoffItem } from './index.ts';

describe('jiesu bot routing', () => {
  it('should welcome a greeting with the menu', async () => {
    const kit = await createBotKit();
    const [reply] = await kit.citizen('g1').say('你好');
    expect(reply!.text).toContain('12345市民服务热线');
    expect(buttons(reply)).toEqual(['我要投诉', '查进度', '常见问题', '转人工']);
  });

  it('should say what it can do on 帮助', async () => {
    const kit = await createBotKit();
    const [reply] = await kit.citizen('g2').say('帮助');
    expect(reply!.text).toContain('查询工单进度');
    expect(reply!.text).toContain('转接人工客服');
  });

  it('should answer a question from the knowledge base with its legal basis and the feedback buttons', async () => {
    const kit = await createBotKit();
    const [reply, ...more] = await kit.citizen('q1').say('网上买的衣服不喜欢能退吗？');
    expect(more).toEqual([]);
    expect(reply!.text).toContain('七日');
    expect(reply!.text).toMatch(/\n\n依据：《中华人民共和国消费者权益保护法》第二十五条$/);
    expect(buttons(reply)).toEqual(['解决了', '还有问题', '我要投诉', '转人工']);
    expect(await kit.desk.findTickets()).toEqual([]);
  });

  it('should offer two titles when unsure, and answer the one tapped', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('q2');
    const [suggest] = await c.say('噪音怎么办？');
    const titles = buttons(suggest);
    expect(titles).toHaveLength(4);
    expect(titles.slice(2)).toEqual(['我要投诉', '转人工']);
    const [answer] = await c.say(titles[0]!);
    const article = kit.kb.byTitle(titles[0]!)!;
    expect(answer!.text!.startsWith(article.body)).toBe(true);
    expect(buttons(answer)).toEqual(['解决了', '还有问题', '我要投诉', '转人工']);
  });

  it('should say honestly when it has no answer, record the gap, and open no ticket', async () => {
    const kit = await createBotKit();
    const [reply] = await kit.citizen('q3').say('公积金怎么提取？');
    expect(reply!.text).toContain('暂时没有准确的答案');
    expect(buttons(reply)).toEqual(['我要投诉', '转人工']);
    expect(await kit.desk.findTickets()).toEqual([]);
    const gaps = await kit.kb.listGaps();
    expect(gaps.map((g) => [g.question, g.kinds.none])).toEqual([['公积金怎么提取？', 1]]);
  });

  it('should thank on 解决了 and log a gap for the article on 还有问题', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('q4');
    await c.say('租房押金不退怎么办？');
    expect((await c.say('解决了'))[0]!.text).toContain('很高兴能帮到您');
    expect(await kit.kb.listGaps()).toEqual([]);

    await c.say('租房押金不退怎么办？');
    const [sorry] = await c.say('还有问题');
    expect(sorry!.text).toContain('抱歉没能解决您的问题');
    expect(buttons(sorry)).toEqual(['我要投诉', '转人工']);
    const [gap] = await kit.kb.listGaps();
    expect(gap).toMatchObject({ question: '租房押金不退怎么办？', articleIds: ['housing-rental-deposit-refund'] });
    expect(gap!.kinds.bad_feedback).toBe(1);
  });

  it('should answer thanks, a lone cancel and a survey answer with nothing to rate politely', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('m1');
    expect(texts(await c.say('谢谢'))).toEqual([expect.stringContaining('不客气')]);
    expect(texts(await c.say('算了'))).toEqual([expect.stringContaining('好的')]);
    expect(texts(await c.say('满意'))).toEqual([expect.stringContaining('目前没有需要您评价的工单')]);
  });

  it('should not understand gibberish and offer the menu', async () => {
    const kit = await createBotKit();
    const [reply] = await kit.citizen('m2').say('啊啊啊啊');
    expect(reply!.text).toContain('没能理解');
    expect(buttons(reply)).toContain('我要投诉');
  });

  it('should queue the conversation for a person with the last words and the guess, then stay quiet', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('h1');
    await c.say('公司拖欠工资三个月了怎么办？');
    const [queued] = await c.say('转人工');
    expect(queued!.text).toBe('已为您转接人工客服，请稍候；如不想等待，回复"取消"即可。');
    const queue = await kit.store.listQueue<HandoffItem>(HANDOFF_QUEUE);
    expect(queue.map((q) => q.id)).toEqual(['test:conv-h1']);
    expect(queue[0]!.doc).toMatchObject({
      lastText: '公司拖欠工资三个月了怎么办？',
      guess: '劳动和社会保障',
      since: '2026-11-27T02:00:00.000Z',
      reference: { channelId: 'test', conversation: { id: 'conv-h1' } },
    });
    // The handoff gate now keeps the bot quiet.
    expect(await c.say('你好')).toEqual([]);
  });

  it('should close an open intake when the citizen asks for a person, keeping the draft for the agent', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('h2');
    await c.say('我要投诉：楼下烧烤店油烟太大');
    await c.say('转人工');
    const [item] = await kit.store.listQueue<HandoffItem>(HANDOFF_QUEUE);
    expect(item!.doc.draft).toEqual({ description: '楼下烧烤店油烟太大' });
    expect(await kit.desk.findTickets()).toEqual([]);
  });
});

describe('ticket status', () => {
  it("should list the citizen's own tickets, newest first, and refuse another citizen's number", async () => {
    const kit = await createBotKit();
    const a = kit.citizen('s1');
    const b = kit.citizen('s2');
    await a.say('我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼，电话13912345678');
    await a.say('确认提交');
    await b.say('我要投诉：公司拖欠工资，海淀区中关村大街1号楼，电话13800002222');
    await b.say('确认提交');
    await a.say('我要投诉：楼道路灯坏了，朝阳区望京西园4号楼，电话13912345678');
    await a.say('确认提交');

    const [list] = await a.say('我的工单');
    expect(list!.text!.split('\n')).toEqual([
      '您的工单：',
      '1. 20261127-0003｜已派单｜区住房和城乡建设委员会｜12月4日 23:59前答复',
      '2. 20261127-0001｜已派单｜区生态环境局｜12月4日 23:59前答复',
      '发送工单号可查看详情。',
    ]);

    const [mine] = await a.say('帮我查一下20261127-0001');
    expect(mine!.text).toContain('工单 20261127-0001');
    expect(mine!.text).toContain('状态：已派单');
    expect(mine!.text).toContain('承办单位：区生态环境局');

    const [theirs] = await a.say('20261127-0002');
    expect(theirs!.text).toBe('没有找到该工单，请核对工单号。发送"我的工单"可查看您提交过的工单。');
    const [unknown] = await a.say('20261127-0099');
    expect(unknown!.text).toBe(theirs!.text);
  });

  it('should show at most five tickets', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('s3');
    for (let i = 1; i <= 6; i++) {
      await c.say(`我要投诉：楼道路灯坏了，朝阳区望京西园${i}号楼，电话13912345678`);
      await c.say('确认提交');
    }
    const [list] = await c.say('查进度');
    expect(list!.text).toContain('您共有6件工单，最近5件如下');
    expect(list!.text).toContain('20261127-0006');
    expect(list!.text).not.toContain('20261127-0001');
  });

  it('should say so when there are no tickets', async () => {
    const kit = await createBotKit();
    const [reply] = await kit.citizen('s4').say('查进度');
    expect(reply!.text).toContain('还没有');
  });
});
