import { describe, expect, it } from 'vitest';
import { tokenize } from './index.ts';

describe('tokenize', () => {
  it('should keep hotline terms from the user dictionary as single words', () => {
    expect(tokenize('小区里有群租房，还有施工扰民')).toEqual(expect.arrayContaining(['群租房', '施工扰民']));
    expect(tokenize('商家不支持七天无理由退货')).toContain('无理由退货');
    expect(tokenize('朝阳区望京街道有人拖欠工资')).toEqual(expect.arrayContaining(['朝阳区', '拖欠工资']));
  });

  it('should drop punctuation and whitespace and lowercase Latin letters', () => {
    const words = tokenize('楼下 KTV 太吵了！！');
    expect(words).toContain('ktv');
    expect(words.every((w) => !/[\s！!，。]/.test(w))).toBe(true);
  });

  it('should segment an ordinary complaint into words', () => {
    expect(tokenize('我家楼下的路灯坏了三天了')).toEqual(expect.arrayContaining(['楼下', '路灯']));
  });

  it('should return nothing for empty or punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('，。！？')).toEqual([]);
  });
});
