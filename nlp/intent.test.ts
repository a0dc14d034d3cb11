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

  it('should take a question that mentions a problem to the knowledge base', () => {
    expect(intentOf('邻居装修太吵了可以几点开始？')).toBe('question');
    expect(intentOf('装修噪音被邻居投诉了，我白天施工有问题吗')).toBe('question');
  });

  it('should read a request for action or a complaint worded as a question as a complaint', () => {
    expect(intentOf('为什么我们小区天天停水没人管？')).toBe('complaint');
    expect(intentOf('帮我找一下城管')).toBe('complaint');
    expect(intentOf('你们能不能派人来看看我们小区的垃圾站')).toBe('complaint');
    expect(intentOf('你好 我家楼上天天漏水')).toBe('complaint');
  });

  it('should read a question about an earlier report as status without the words 工单 or 进度', () => {
    expect(intentOf('上回说的那个路灯的事有人管吗')).toBe('status');
    expect(intentOf('前两天让你们帮忙找城管的事有消息没')).toBe('status');
    expect(intentOf('你们说三个工作日回复，今天都第五天了')).toBe('status');
  });

  it('should leave small talk and noise as other', () => {
    expect(intentOf('你是机器人吗')).toBe('other');
    expect(intentOf('嗯？')).toBe('other');
    expect(intentOf('123')).toBe('other');
  });

  it('should reach an accuracy of at least 0.95 on the 443 fixture messages', () => {
    const r = scoreIntents();
    expect(r.n).toBeGreaterThanOrEqual(400);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
