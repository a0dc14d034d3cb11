import { describe, expect, it } from 'vitest';
import { extractEntities } from './index.ts';
import { scoreEntities } from './rules-eval.ts';

describe('extractEntities', () => {
  it('should find a mobile number written with spaces or dashes and normalise it', () => {
    expect(extractEntities('联系我139 1234 5678').phones).toEqual(['13912345678']);
    expect(extractEntities('手机 137-0000-1111').phones).toEqual(['13700001111']);
  });

  it('should find a Beijing landline with its area code', () => {
    expect(extractEntities('电话010-62345678').phones).toEqual(['010-62345678']);
  });

  it('should split a Beijing address into district, street, community and building', () => {
    const a = extractEntities('我住在朝阳区望京街道花家地社区3号楼2单元，楼下太吵').address;
    expect(a).toMatchObject({ district: '朝阳区', street: '望京街道', community: '花家地社区', building: '3号楼2单元' });
  });

  it('should infer the district from a street of the gazetteer', () => {
    expect(extractEntities('通州区梨园镇大稿村有人私搭乱建').address?.district).toBe('通州区');
    expect(extractEntities('回龙观街道有人私搭乱建').address?.district).toBe('昌平区');
  });

  it('should read amounts in yuan, including 万 and Chinese numerals', () => {
    expect(extractEntities('充了3万元，又花了一千二百元，还有56.5元').amounts).toEqual([30000, 1200, 56.5]);
  });

  it('should find licence plates, including new-energy plates', () => {
    expect(extractEntities('京A12345和京ADF1234都堵在门口').plates).toEqual(['京A12345', '京ADF1234']);
  });

  it('should find company and shop names', () => {
    expect(extractEntities('开发商北京万科企业有限公司延期交房').orgs).toEqual(['北京万科企业有限公司']);
    expect(extractEntities('我在“瑞幸咖啡”买的咖啡有异物').orgs).toEqual(['瑞幸咖啡']);
  });

  it('should not read 一点点 as a time or 电梯里 as an address', () => {
    const e = extractEntities('在一点点奶茶买的，电梯里也没人');
    expect(e.times).toEqual([]);
    expect(e.address).toBeUndefined();
  });

  it('should reach precision and recall of at least 0.9 on the 163 fixture messages', () => {
    const r = scoreEntities();
    expect(r.n).toBeGreaterThanOrEqual(100);
    expect(r.overall.precision).toBeGreaterThanOrEqual(0.9);
    expect(r.overall.recall).toBeGreaterThanOrEqual(0.9);
  });
});
