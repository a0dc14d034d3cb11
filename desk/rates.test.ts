import { describe, expect, it } from 'vitest';
import { actors, complaint, DEPT, makeDesk } from './test-kit.ts';

const HOUR = 3_600_000;
const KEY = 'webchat:visitor-1';

/**
 * Monday 2026-11-23 10:00 (Shanghai). Environment bureau: T1 answered in 1 h and fully
 * happy; T2 answered after 30 h (late), solved but not satisfied. City: T3 never answered
 * (overdue); T4 new (not yet due). T5 is a duplicate merged into T1 (counts nowhere).
 */
async function fixture() {
  const setup = makeDesk('2026-11-23T02:00:00.000Z');
  const { desk, time } = setup;
  const t1 = await desk.createTicket(complaint(), actors.citizen(KEY));
  const t2 = await desk.createTicket(complaint({ place: '朝阳区望京西园' }), actors.citizen(KEY));
  const t3 = await desk.createTicket(
    complaint({ category: '城乡建设', department: DEPT.city, place: '北京市海淀区中关村大街1号', description: '路灯坏了' }),
    actors.agent,
  );
  const t5 = await desk.createTicket(complaint(), actors.agent);
  await desk.merge(t5.id, t1.id, actors.dispatcher);
  time.advance(HOUR);
  await desk.accept(t1.id, actors.env);
  await desk.close(t1.id, actors.env, '已整改');
  await desk.recordSurvey(t1.id, KEY, { solved: true, satisfied: true });
  time.advance(29 * HOUR);
  await desk.accept(t2.id, actors.env);
  await desk.close(t2.id, actors.env, '已整改');
  await desk.recordSurvey(t2.id, KEY, { solved: true, satisfied: false });
  time.advance(HOUR);
  const t4 = await desk.createTicket(
    complaint({ category: '城乡建设', department: DEPT.city, place: '海淀区学院路', description: '井盖缺失' }),
    actors.agent,
  );
  time.advance(HOUR);
  return { ...setup, ids: { t1: t1.id, t2: t2.id, t3: t3.id, t4: t4.id, t5: t5.id } };
}

describe('rates (响应率, 解决率, 满意率)', () => {
  it('should compute the three rates by department', async () => {
    const { desk } = await fixture();
    const report = await desk.rates('department');
    expect(report.rows).toEqual([
      expect.objectContaining({
        key: DEPT.city,
        tickets: 2,
        responseDue: 1,
        respondedOnTime: 0,
        responseRate: 0,
        surveyed: 0,
        resolutionRate: null,
        satisfactionRate: null,
        overdue: 0,
      }),
      expect.objectContaining({
        key: DEPT.env,
        tickets: 2,
        responseDue: 2,
        respondedOnTime: 1,
        responseRate: 0.5,
        surveyed: 2,
        solved: 2,
        resolutionRate: 1,
        satisfied: 1,
        satisfactionRate: 0.5,
        score: 0.5,
      }),
    ]);
    expect(report.total).toMatchObject({
      tickets: 4,
      responseDue: 3,
      respondedOnTime: 1,
      responseRate: 0.3333,
      resolutionRate: 1,
      satisfactionRate: 0.5,
    });
  });

  it('should group by category, area and week, and filter by creation date', async () => {
    const { desk } = await fixture();
    expect((await desk.rates('category')).rows.map((r) => [r.key, r.tickets])).toEqual([
      ['城乡建设', 2],
      ['环境保护', 2],
    ]);
    expect((await desk.rates('area')).rows.map((r) => [r.key, r.tickets, r.satisfactionRate])).toEqual([
      ['朝阳区', 2, 0.5],
      ['海淀区', 2, null],
    ]);
    expect((await desk.rates('week')).rows.map((r) => [r.key, r.tickets])).toEqual([['2026-W48', 4]]);
    expect((await desk.rates('department', { from: '2026-11-24' })).total.tickets).toBe(1);
    await expect(desk.rates('department', { from: '24/11/2026' })).rejects.toMatchObject({ status: 400 });
  });

  it('should put departments with many tickets and low resolution on the weekly warning list', async () => {
    const { desk } = await fixture();
    const { week, departments } = await desk.warnings('2026-W48', { minTickets: 2, maxResolutionRate: 0.8 });
    expect(week).toBe('2026-W48');
    expect(departments.map((d) => [d.department, d.reason])).toEqual([[DEPT.city, '本周 2 件，无回访数据']]);
    expect((await desk.warnings('2026-W48', { minTickets: 3 })).departments).toEqual([]);
    await expect(desk.warnings('W48')).rejects.toMatchObject({ status: 400 });
  });
});

describe('CSV export', () => {
  it('should export every ticket with a BOM, masked phones and names, and defused formulas', async () => {
    const { desk } = await fixture();
    await desk.createTicket(complaint({ description: '=HYPERLINK("http://x")，身份证110101199003071234' }), actors.agent);
    const csv = await desk.exportCsv();
    expect(csv.startsWith('\uFEFF工单编号,状态,')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 6);
    expect(csv).not.toContain('13912345678');
    expect(csv).not.toContain('王小明');
    expect(csv).not.toContain('110101199003071234');
    expect(csv).toContain('139****5678');
    expect(csv).toContain('王**');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")，身份证110***********1234"`);
    expect(csv).toContain(',是,否,-0.5');
  });
});
