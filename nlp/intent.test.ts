import { describe, expect, it } from 'vitest';
import { detectIntent } from './index.ts';
import { scoreIntents } from './rules-eval.ts';

const intentOf = (t: string) => detectIntent(t).intent;

describe('detectIntent', () => {
  it('should read short chat messages as a hotline agent would', () => {
    expect(intentOf('你好')).toBe('greeting');
    expect(intentOf('网上买的衣服不喜欢能退吗')).toBe('question');
    expect(intentOf('施工晚上几点停')).toBe('question');
    expect(intentOf('楼下烧烤太吵了')).toBe('complaint');
    expect(intentOf('我要投诉楼下的饭馆')).toBe('complaint');
    expect(intentOf('怎么查进度')).toBe('status');
    expect(intentOf('我的工单')).toBe('status');
    expect(intentOf('20261127-0012')).toBe('status');
    expect(intentOf('转人工')).toBe('human');
    expect(intentOf('我要找客服')).toBe('human');
    expect(intentOf('谢谢')).toBe('thanks');
    expect(intentOf('再见')).toBe('thanks');
    expect(intentOf('不要了')).toBe('cancel');
    expect(intentOf('满意')).toBe('survey_answer');
    expect(intentOf('不满意')).toBe('survey_answer');
    expect(intentOf('解决了')).toBe('survey_answer');
  });

  it('should read a greeting followed by a complaint as a complaint', () => {
    expect(intentOf('你好，我要投诉一家中介')).toBe('complaint');
  });

  it('should read an angry rhetorical question as a complaint', () => {
    expect(intentOf('这么吵到底有没有人管？')).toBe('complaint');
  });

  it('should reach an accuracy of at least 0.95 on the 217 fixture messages', () => {
    const r = scoreIntents();
    expect(r.n).toBeGreaterThanOrEqual(150);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
