import { describe, expect, it } from 'vitest';
import { detectUrgency } from './index.ts';
import { scoreUrgency } from './rules-eval.ts';

describe('detectUrgency', () => {
  it('should mark a fire as an emergency, advise 119 and set a 1-hour deadline', () => {
    const u = detectUrgency('楼下饭店着火了，浓烟往楼上冒');
    expect(u).toMatchObject({ kind: 'emergency', hotline: '119', deadlineHours: 1 });
    expect(u.advice).toContain('请立即拨打119');
  });

  it('should name the right hotline for violence, medical and road emergencies', () => {
    expect(detectUrgency('有个男的在小区里持刀追人').hotline).toBe('110');
    expect(detectUrgency('路边有个老人晕倒了，叫不醒').hotline).toBe('120');
    expect(detectUrgency('路口发生车祸，有人倒在地上').hotline).toBe('122');
  });

  it('should treat people trapped in a lift as an emergency', () => {
    expect(detectUrgency('我被困在电梯里了').kind).toBe('emergency');
  });

  it('should not treat a feared or hypothetical danger as an emergency', () => {
    expect(detectUrgency('小区消防通道被堵，一旦发生火灾后果不堪设想').kind).toBe('normal');
    expect(detectUrgency('楼道里堆满了杂物，存在火灾隐患').kind).toBe('normal');
  });

  it('should recognise epidemic and enterprise requests', () => {
    expect(detectUrgency('小区封控了，物资送不进来').kind).toBe('epidemic');
    expect(detectUrgency('我公司申请的稳岗补贴一直没有到账').kind).toBe('enterprise');
  });

  it('should reach emergency precision and recall of at least 0.95 on the 177 fixture messages', () => {
    const r = scoreUrgency();
    expect(r.n).toBeGreaterThanOrEqual(100);
    expect(r.emergency.precision).toBeGreaterThanOrEqual(0.95);
    expect(r.emergency.recall).toBeGreaterThanOrEqual(0.95);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
