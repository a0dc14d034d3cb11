import { describe, expect, it } from 'vitest';
import { extractEntities, findRepeats, hotIssues, type RepeatItem } from './index.ts';

const item = (id: string, citizenId: string, text: string, topic?: string, open = true): RepeatItem => ({
  id,
  citizenId,
  text,
  topic,
  open,
  address: extractEntities(text).address,
});

describe('findRepeats', () => {
  const existing = [
    item('t1', 'c1', '朝阳区望京街道花家地社区楼下烧烤店每天晚上很吵', 'noise'),
    item('t2', 'c1', '海淀区学院路街道公司拖欠工资三个月', 'wage-arrears'),
    item('t3', 'c2', '朝阳区望京街道花家地社区烧烤店噪音扰民到半夜', 'noise'),
    item('t4', 'c3', '朝阳区望京街道花家地社区停车位不够', 'parking'),
  ];

  it("should find the citizen's own open complaint about the same problem", () => {
    const r = findRepeats(item('n1', 'c1', '花家地社区楼下烧烤店又吵到半夜了，朝阳区望京街道', 'noise'), existing);
    expect(r.sameCitizen.map((m) => m.id)).toEqual(['t1']);
  });

  it("should not count the citizen's closed complaint as a repeat", () => {
    const closed = existing.map((e) => (e.id === 't1' ? { ...e, open: false } : e));
    const r = findRepeats(item('n1', 'c1', '花家地社区楼下烧烤店又吵到半夜了，朝阳区望京街道', 'noise'), closed);
    expect(r.sameCitizen).toEqual([]);
  });

  it('should find other citizens reporting the same problem at the same place, and not other problems there', () => {
    const r = findRepeats(item('n1', 'c1', '朝阳区望京街道花家地社区的烧烤店太吵', 'noise'), existing);
    expect(r.samePlace.map((m) => m.id)).toEqual(['t3']);
  });
});

describe('hotIssues', () => {
  it('should list a place and problem reported by at least three citizens', () => {
    const items = ['c1', 'c2', 'c3', 'c3'].map((c, i) => item(`t${i}`, c, '朝阳区望京街道花家地社区烧烤太吵', 'noise'));
    items.push(item('x', 'c9', '海淀区学院路街道停车难', 'parking'));
    const hot = hotIssues(items);
    expect(hot).toHaveLength(1);
    expect(hot[0]).toMatchObject({ topic: 'noise', citizens: 3, place: '朝阳区花家地社区' });
  });
});
