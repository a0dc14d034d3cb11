/**
 * The bot on the real nlp/ (intent, urgency, entities and topic rules, and a classifier):
 * real phrasings end where a citizen expects. With JIESU_TEST_MODEL_PATH the full model is
 * loaded from there (trained and saved on first use); without it a classifier is trained
 * on a tenth of the corpus (a few seconds), so only what the rules decide is asserted here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNlp, loadNlp, loadTaxonomy, type Nlp, readLabelled, stratifiedFolds, trainClassifier } from '../nlp/index.ts';
import { AGENT, buttons, createBotKit, texts } from './dialogs/test-kit.ts';

let nlp: Nlp;

beforeAll(async () => {
  const modelPath = process.env.JIESU_TEST_MODEL_PATH;
  if (modelPath) {
    nlp = await loadNlp({ modelPath, trainIfMissing: true });
    return;
  }
  const rows = readLabelled();
  const fold = stratifiedFolds(
    rows.map((r) => r.label),
    10,
    3,
  );
  nlp = createNlp(
    trainClassifier(
      rows.filter((_, i) => fold[i] === 0),
      'nbsvm-ensemble',
      { seed: 7, calibrate: false },
    ),
    loadTaxonomy(),
  );
}, 240_000);

describe('jiesu bot on the real nlp', () => {
  it('should take the Done-when complaint straight to the summary and file it with place, phone and department', async () => {
    const kit = await createBotKit({ nlp });
    const c = kit.citizen('n1');
    const [summary, ...more] = await c.say('我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼，电话13912345678');
    expect(more).toEqual([]);
    expect(summary!.text).toContain('地点：朝阳区花家地北里3号楼');
    expect(summary!.text).toContain('电话：139****5678');
    expect(buttons(summary)).toEqual(['确认提交', '修改', '取消']);
    await c.say('确认提交');
    const [ticket] = await kit.desk.findTickets();
    const t = await kit.desk.getTicket(ticket!.id, AGENT);
    expect(t).toMatchObject({ place: '朝阳区花家地北里3号楼', topic: '油烟', department: '区城市管理综合行政执法局', status: '已派单' });
    expect(t.contact?.phone).toBe('13912345678');
  });

  it('should give the 119 advice first for a person trapped in a lift, then ask where', async () => {
    const kit = await createBotKit({ nlp });
    const [advice, next] = await kit.citizen('n2').say('电梯里困人了');
    expect(advice!.text).toContain('请立即拨打119');
    expect(next!.text).toContain('请问具体在哪里');
  });

  it('should answer a consumer question from the knowledge base and open no ticket', async () => {
    const kit = await createBotKit({ nlp });
    const [answer] = await kit.citizen('n3').say('网上买的衣服不喜欢能退吗？');
    expect(answer!.text).toContain('依据：《中华人民共和国消费者权益保护法》');
    expect(buttons(answer)).toEqual(['解决了', '还有问题', '我要投诉', '转人工']);
    expect(await kit.desk.findTickets()).toEqual([]);
  });

  it('should route everyday phrasings: greeting, status, thanks, a stray rating, a person', async () => {
    const kit = await createBotKit({ nlp });
    const c = kit.citizen('n4');
    expect((await c.say('你好'))[0]!.text).toContain('接诉小助手');
    expect((await c.say('我的工单怎么样了'))[0]!.text).toContain('还没有');
    expect(texts(await c.say('谢谢'))).toEqual([expect.stringContaining('不客气')]);
    expect(texts(await c.say('满意'))).toEqual([expect.stringContaining('目前没有需要您评价的工单')]);
    expect(texts(await c.say('转人工'))).toEqual([expect.stringContaining('已为您转接人工客服')]);
  });

  it('should open an intake for unpaid wages and ask only for the place', async () => {
    const kit = await createBotKit({ nlp });
    const [where] = await kit.citizen('n5').say('公司拖欠工资三个月了，老板一直拖着不给');
    expect(where!.text).toContain('请问具体在哪里');
  });
});
