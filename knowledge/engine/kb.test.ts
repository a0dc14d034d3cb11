import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../store/index.ts';
import { createMemoryStore } from '../../store/index.ts';
import {
  ANSWER_BUTTONS,
  basisLine,
  createKnowledgeBase,
  DEFAULT_ARTICLES_DIR,
  DEFAULT_SYNONYMS_FILE,
  type KbAnswer,
  type KnowledgeBase,
  loadSynonyms,
} from '../index.ts';

const FIXTURES = new URL('./fixtures/articles', import.meta.url).pathname;
const synonyms = loadSynonyms(DEFAULT_SYNONYMS_FILE);
const clock = () => new Date('2026-12-01T08:00:00Z');

const NEW_ARTICLE = {
  id: 'health-vaccine-booking',
  title: '怎么预约打疫苗',
  questions: ['疫苗在哪里预约', '孩子打疫苗怎么预约', '成人疫苗去哪打'],
  tags: ['疫苗', '预约', '接种'],
  category: '卫生计生',
  department: '区卫生健康委员会',
  legal_basis: [],
  reviewed: '2026-11-27',
  body: '可以通过社区卫生服务中心预约接种，具体时间以接种门诊通知为准。',
};

function expectKind<K extends KbAnswer['kind']>(a: KbAnswer, kind: K): Extract<KbAnswer, { kind: K }> {
  expect(a.kind).toBe(kind);
  return a as Extract<KbAnswer, { kind: K }>;
}

describe('answers', () => {
  let kb: KnowledgeBase;
  beforeEach(async () => {
    kb = await createKnowledgeBase({ dir: FIXTURES, synonyms, clock });
  });

  it('should answer a confident question with the body, the legal basis and the next-step buttons', async () => {
    const a = expectKind(await kb.answer('网上买的衣服不喜欢能退吗'), 'answer');
    expect(a.article.id).toBe('consumer-online-7day-return');
    expect(a.text).toContain('七日内可以无理由退货');
    expect(a.basis).toBe('依据：《中华人民共和国消费者权益保护法》第二十五条');
    expect(a.buttons).toEqual(['解决了', '还有问题', '我要投诉', '转人工']);
  });

  it('should join several provisions of one law, and laws with ；', () => {
    const article = kb.get('consumer-offline-no-7day')!;
    expect(kb.answerArticle(article)).toMatchObject({ basis: '依据：《中华人民共和国消费者权益保护法》第二十五条、第二十四条' });
    expect(
      basisLine([
        { law: '中华人民共和国民法典', article: '第五百七十七条' },
        { law: '中华人民共和国消费者权益保护法', article: '第二十五条' },
      ]),
    ).toBe('依据：《中华人民共和国民法典》第五百七十七条；《中华人民共和国消费者权益保护法》第二十五条');
  });

  it('should give a procedural article no basis line', async () => {
    const a = expectKind(await kb.answer('我的工单怎么样了'), 'answer');
    expect(a.article.id).toBe('hotline-ticket-status');
    expect(a.basis).toBe('');
  });

  it('should not answer an off-topic question, but offer a complaint or a person', async () => {
    expect((await kb.answer('今天天气怎么样')).kind).not.toBe('answer');
    for (const q of ['彩票怎么兑奖', '明天会下雨吗', '你好']) {
      const a = expectKind(await kb.answer(q), 'none');
      expect(a.buttons).toEqual(['我要投诉', '转人工']);
      expect(a.text).toMatch(/投诉|人工/);
    }
  });

  it('should offer the two closest titles when unsure', async () => {
    const unsure = await createKnowledgeBase({ dir: FIXTURES, synonyms, thresholds: { answer: 0.9999, suggest: 0.01 } });
    const a = expectKind(await unsure.answer('七天能退吗'), 'suggest');
    expect(a.candidates).toHaveLength(2);
    expect(a.candidates.map((c) => c.id)).toContain('consumer-online-7day-return');
    expect(a.buttons).toEqual([a.candidates[0]!.title, a.candidates[1]!.title, '我要投诉', '转人工']);
    expect(a.text).toContain('您是想问');
    // Tapping a title answers with that article.
    const tapped = unsure.byTitle(a.buttons[0]!)!;
    expect(unsure.answerArticle(tapped)).toMatchObject({ kind: 'answer', article: { id: a.candidates[0]!.id } });
  });
});

describe('the shipped articles', () => {
  let kb: KnowledgeBase;
  beforeEach(async () => {
    kb = await createKnowledgeBase({ dir: DEFAULT_ARTICLES_DIR, synonyms });
  });

  it('should answer an online clothes return with the seven-day rule and 第二十五条', async () => {
    const a = expectKind(await kb.answer('网上买的衣服不喜欢能退吗'), 'answer');
    expect(a.text).toMatch(/七日内退货|七日内.*退货/);
    expect(a.basis).toContain('《中华人民共和国消费者权益保护法》第二十五条');
    expect(a.buttons).toEqual([...ANSWER_BUTTONS]);
  });

  it('should explain that shoes bought in a mall do not get the seven-day rule', async () => {
    const a = expectKind(await kb.answer('在商场买的鞋能七天无理由退吗'), 'answer');
    expect(a.text).toMatch(/不适用/);
    expect(a.text).toMatch(/商场|实体店/);
    expect(a.basis).toContain('第二十五条');
  });

  it('should not answer questions about things no article covers', async () => {
    for (const q of ['今天天气怎么样', '茅台股票现在能买吗', '双色球怎么兑奖']) {
      expect((await kb.answer(q)).kind).not.toBe('answer');
    }
  });
});

describe('articles edited through the store', () => {
  let store: Store;
  beforeEach(() => {
    store = createMemoryStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('should answer from a new article as soon as it is put', async () => {
    const kb = await createKnowledgeBase({ dir: FIXTURES, store, synonyms, clock });
    expect((await kb.answer('孩子打疫苗怎么预约')).kind).not.toBe('answer');
    const saved = await kb.put(NEW_ARTICLE, { by: 'editor-1' });
    expect(saved.source).toBe('store');
    expect(await kb.answer('孩子打疫苗怎么预约')).toMatchObject({ kind: 'answer', article: { id: 'health-vaccine-booking' } });
    expect(await store.getRecord('kb_articles', 'health-vaccine-booking')).toMatchObject({
      updatedBy: 'editor-1',
      updatedAt: '2026-12-01T08:00:00.000Z',
    });
    await kb.close();
  });

  it('should let a stored edit override the file and a delete hide it', async () => {
    const kb = await createKnowledgeBase({ dir: FIXTURES, store, synonyms });
    const file = kb.get('labor-wage-arrears')!;
    await kb.put({ ...file, source: undefined, file: undefined, body: '新的正文：请向劳动保障监察投诉。' });
    expect(kb.get('labor-wage-arrears')!.body).toBe('新的正文：请向劳动保障监察投诉。');
    expect(await kb.remove('labor-wage-arrears')).toBe(true);
    expect(kb.get('labor-wage-arrears')).toBeUndefined();
    expect((await kb.answer('公司拖欠工资怎么办')).kind).not.toBe('answer');
    expect(await kb.remove('labor-wage-arrears')).toBe(false);
    // A restart reads the same tombstone.
    const again = await createKnowledgeBase({ dir: FIXTURES, store, synonyms });
    expect(again.get('labor-wage-arrears')).toBeUndefined();
    await Promise.all([kb.close(), again.close()]);
  });

  it('should refuse an invalid article and a title another article already has', async () => {
    const kb = await createKnowledgeBase({ dir: FIXTURES, store, synonyms });
    await expect(kb.put({ ...NEW_ARTICLE, category: '医疗' })).rejects.toMatchObject({ field: 'category' });
    await expect(kb.put({ ...NEW_ARTICLE, title: '单位拖欠工资怎么办' })).rejects.toMatchObject({ field: 'title' });
    expect(kb.get('health-vaccine-booking')).toBeUndefined();
    await kb.close();
  });

  it('should reload on another instance when an article changes', async () => {
    const a = await createKnowledgeBase({ dir: FIXTURES, store, synonyms });
    const b = await createKnowledgeBase({ dir: FIXTURES, store, synonyms });
    await a.put(NEW_ARTICLE);
    await expect.poll(() => b.get('health-vaccine-booking')?.title, { timeout: 2000 }).toBe('怎么预约打疫苗');
    await Promise.all([a.close(), b.close()]);
  });
});

describe('gaps', () => {
  it('should list the most frequent unanswered questions first, masked, with near-duplicates merged', async () => {
    const store = createMemoryStore();
    let now = new Date('2026-12-01T08:00:00Z');
    const kb = await createKnowledgeBase({ dir: FIXTURES, store, synonyms, clock: () => now });
    const ask = async (q: string) => {
      const a = await kb.answer(q);
      if (a.kind !== 'answer') await kb.recordGap({ question: q, kind: a.kind });
    };
    await ask('小区门口的共享单车乱停谁管？');
    await ask('小区门口共享单车乱停谁管');
    now = new Date('2026-12-02T09:30:00Z');
    await ask('小区门口的共享单车乱停谁管啊');
    await ask('我电话13812345678，公交车改线了怎么没通知');
    await kb.recordFeedback({ question: '公司拖欠工资怎么办', articleId: 'labor-wage-arrears', feedback: '还有问题' });
    await kb.recordFeedback({ question: '网上买的衣服能退吗', articleId: 'consumer-online-7day-return', feedback: '解决了' });

    const gaps = await kb.listGaps({ limit: 10 });
    expect(gaps[0]).toMatchObject({ count: 3, question: '小区门口的共享单车乱停谁管啊', lastSeen: '2026-12-02T09:30:00.000Z' });
    expect(gaps[0]!.variants).toHaveLength(2);
    const phone = gaps.find((g) => g.question.includes('公交车'))!;
    expect(phone.question).toContain('138****5678');
    expect(phone.question).not.toContain('13812345678');
    const bad = gaps.find((g) => g.kinds.bad_feedback > 0)!;
    expect(bad).toMatchObject({ question: '公司拖欠工资怎么办', articleIds: ['labor-wage-arrears'], count: 1 });
    expect(gaps.some((g) => g.question.includes('网上买的衣服'))).toBe(false);
    expect(await kb.listGaps({ limit: 1 })).toHaveLength(1);
    await kb.close();
    await store.close();
  });
});

describe('watching the articles folder', () => {
  it('should pick up a new file, and keep the last good articles when a file is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-watch-'));
    cpSync(FIXTURES, dir, { recursive: true });
    const errors: unknown[] = [];
    const kb = await createKnowledgeBase({ dir, synonyms, watch: true, onError: (e) => errors.push(e) });
    try {
      const text = [
        '---',
        'id: health-vaccine-booking',
        'title: 怎么预约打疫苗',
        'questions: [孩子打疫苗怎么预约]',
        'tags: [疫苗]',
        'category: 卫生计生',
        'department: 区卫生健康委员会',
        'legal_basis: []',
        'reviewed: 2026-11-27',
        '---',
        '可以通过社区卫生服务中心预约接种。',
      ].join('\n');
      writeFileSync(join(dir, 'hotline', 'health-vaccine-booking.md'), text);
      await expect.poll(() => kb.get('health-vaccine-booking')?.title, { timeout: 5000 }).toBe('怎么预约打疫苗');
      writeFileSync(join(dir, 'hotline', 'broken.md'), '---\nid: broken\n---\n正文');
      await expect.poll(() => errors.length, { timeout: 5000 }).toBeGreaterThan(0);
      expect(String(errors[0])).toContain('broken.md');
      expect(kb.list()).toHaveLength(9);
    } finally {
      await kb.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
