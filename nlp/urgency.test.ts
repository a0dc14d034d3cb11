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

  it('should read typos and homophones typed in a hurry', () => {
    expect(detectUrgency('着伙了 快来 3号楼')).toMatchObject({ kind: 'emergency', hotline: '119' });
    expect(detectUrgency('漏汽了 厨房全是味 怎么办')).toMatchObject({ kind: 'emergency', hotline: '119' });
    expect(detectUrgency('救名 有人落水了')).toMatchObject({ kind: 'emergency', hotline: '119' });
  });

  it('should recognise indirect descriptions of danger', () => {
    expect(detectUrgency('家里一股臭鸡蛋味，头有点晕').hotline).toBe('119');
    expect(detectUrgency('孩子被锁在车里了，车停在太阳底下，孩子一直哭').hotline).toBe('119');
    expect(detectUrgency('有人在河里扑腾，好像不会游泳').hotline).toBe('119');
    expect(detectUrgency('天台边上站着一个人，好像要往下跳').hotline).toBe('110');
    expect(detectUrgency('有人触电了 倒在地上').hotline).toBe('120');
    expect(detectUrgency('我被车撞了，腿很疼起不来').hotline).toBe('122');
  });

  it('should need a sign that a weak danger is happening now', () => {
    expect(detectUrgency('厨房锅烧干了 现在满屋子都是烟').kind).toBe('emergency');
    expect(detectUrgency('楼下有人烧纸，烟很大').kind).toBe('normal');
    expect(detectUrgency('一个男的一直跟着我，我现在很害怕').hotline).toBe('110');
    expect(detectUrgency('两辆车追尾了，没人受伤').kind).toBe('normal');
  });

  it('should answer a bare cry for help with 110, but not a complaint that opens with one', () => {
    expect(detectUrgency('救命').hotline).toBe('110');
    expect(detectUrgency('快来人啊 出事了').hotline).toBe('110');
    expect(detectUrgency('救命啊，办个证要跑八趟').kind).toBe('normal');
  });

  it('should not treat past events, money questions, negations or figures of speech as emergencies', () => {
    expect(detectUrgency('上周楼下着火烧坏的电线什么时候修').kind).toBe('normal');
    expect(detectUrgency('车祸的保险理赔一直拖着不给').kind).toBe('normal');
    expect(detectUrgency('热水器打不着火了，找谁修').kind).toBe('normal');
    expect(detectUrgency('这菜价简直是抢劫').kind).toBe('normal');
    expect(detectUrgency('跳楼价甩卖的店是不是虚假宣传').kind).toBe('normal');
    expect(detectUrgency('以前这里经常有人打架，现在好多了，谢谢').kind).toBe('normal');
  });

  it('should still flag a past event when the message says it is happening now', () => {
    expect(detectUrgency('我爸昨天摔了一跤，现在一直昏迷不醒').hotline).toBe('120');
  });

  it('should recognise epidemic and enterprise requests', () => {
    expect(detectUrgency('小区封控了，物资送不进来').kind).toBe('epidemic');
    expect(detectUrgency('我公司申请的稳岗补贴一直没有到账').kind).toBe('enterprise');
  });

  it('should reach emergency precision and recall of at least 0.95 on the 467 fixture messages', () => {
    const r = scoreUrgency();
    expect(r.n).toBeGreaterThanOrEqual(467);
    expect(r.emergency.precision).toBeGreaterThanOrEqual(0.95);
    expect(r.emergency.recall).toBeGreaterThanOrEqual(0.95);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.hotlineAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});
