import { describe, expect, it } from 'vitest';
import {
  computeDeadlines,
  createDesk,
  createHolidayCalendar,
  type DeskLog,
  dueState,
  isoWeek,
  loadHolidayCalendar,
  shanghaiIso,
  type UrgencyKind,
} from './index.ts';
import { actors, complaint, makeDesk, recordingSender } from './test-kit.ts';
import { createMemoryStore } from '../store/index.ts';

const calendar = loadHolidayCalendar();
const due = (kind: UrgencyKind, createdLocal: string) => {
  const d = computeDeadlines(kind, new Date(createdLocal), calendar);
  return { respondBy: shanghaiIso(d.respondBy), resolveBy: shanghaiIso(d.resolveBy) };
};

describe('deadlines', () => {
  it('should give a normal request 24 h to respond and skip the weekend for 5 working days', () => {
    // Friday 16:00: Monday is working day 1, the following Friday is day 5.
    expect(due('normal', '2026-11-27T16:00:00+08:00')).toEqual({
      respondBy: '2026-11-28T16:00:00+08:00',
      resolveBy: '2026-12-04T23:59:59+08:00',
    });
  });

  it('should skip the National Day holidays and count the 调休 Saturday as a working day', () => {
    // 10-01…10-07 are holidays; 10-08 Thu, 10-09 Fri, 10-10 Sat (调休), 10-12 Mon, 10-13 Tue.
    expect(due('normal', '2026-09-30T10:00:00+08:00').resolveBy).toBe('2026-10-13T23:59:59+08:00');
  });

  it('should count the 调休 Sunday before 中秋 and the Saturday before 春节', () => {
    // Friday 09-18 → 09-20 (Sun, works) 1, 09-21…09-24 → day 5 on Thursday.
    expect(due('normal', '2026-09-18T09:00:00+08:00').resolveBy).toBe('2026-09-24T23:59:59+08:00');
    // Friday 02-13 → 02-14 (Sat, works) 1, 02-15…02-23 off, 02-24…02-27 → day 5.
    expect(due('normal', '2026-02-13T09:00:00+08:00').resolveBy).toBe('2026-02-27T23:59:59+08:00');
  });

  it('should count from the next working day whatever the hour, including a ticket made on a Sunday', () => {
    expect(due('normal', '2026-11-23T00:05:00+08:00').resolveBy).toBe('2026-11-30T23:59:59+08:00');
    expect(due('normal', '2026-11-29T23:00:00+08:00').resolveBy).toBe('2026-12-04T23:59:59+08:00');
  });

  it('should apply the emergency, enterprise and epidemic rules in calendar time', () => {
    expect(due('emergency', '2026-10-01T03:00:00+08:00')).toEqual({
      respondBy: '2026-10-01T04:00:00+08:00',
      resolveBy: '2026-10-13T23:59:59+08:00',
    });
    expect(due('enterprise', '2026-11-27T16:00:00+08:00')).toEqual({
      respondBy: '2026-11-27T16:15:00+08:00',
      resolveBy: '2026-11-29T16:00:00+08:00',
    });
    expect(due('epidemic', '2026-11-27T23:00:00+08:00')).toEqual({
      respondBy: '2026-11-27T23:10:00+08:00',
      resolveBy: '2026-11-28T01:00:00+08:00',
    });
  });

  it('should warn once for a year the calendar does not cover and count weekends only', () => {
    const warned: number[] = [];
    const cal = createHolidayCalendar(
      { timezone: 'Asia/Shanghai', years: { '2026': { holidays: [], workdays: [] }, '2027': null } },
      { onUncoveredYear: (y) => warned.push(y) },
    );
    expect(cal.covers(2026)).toBe(true);
    expect(cal.covers(2027)).toBe(false);
    const d1 = computeDeadlines('normal', new Date('2027-01-01T10:00:00+08:00'), cal);
    computeDeadlines('normal', new Date('2027-01-08T10:00:00+08:00'), cal);
    expect(shanghaiIso(d1.resolveBy)).toBe('2027-01-08T23:59:59+08:00');
    expect(warned).toEqual([2027]);
  });

  it('should log a warning from the desk when a ticket falls in an uncovered year', async () => {
    const warnings: Array<Record<string, unknown>> = [];
    const log: DeskLog = { info: () => {}, error: () => {}, warn: (o) => warnings.push(o) };
    const desk = createDesk({
      store: createMemoryStore(),
      clock: () => new Date('2031-05-06T02:00:00Z'),
      followUp: recordingSender(),
      log,
    });
    await desk.createTicket(complaint(), actors.agent);
    expect(warnings).toEqual([{ year: 2031 }]);
  });

  it('should refuse a calendar with a misplaced date', () => {
    expect(() =>
      createHolidayCalendar({ timezone: 'Asia/Shanghai', years: { '2026': { holidays: ['2025-10-01'], workdays: [] } } }),
    ).toThrow(/2025-10-01/);
  });

  it('should call a deadline near in the last 20% of its window, and overdue once passed', () => {
    const start = '2026-11-23T00:00:00Z';
    const end = '2026-11-24T00:00:00Z';
    expect(dueState(new Date('2026-11-23T19:00:00Z'), start, end)).toBe('ok');
    expect(dueState(new Date('2026-11-23T19:30:00Z'), start, end)).toBe('near');
    expect(dueState(new Date('2026-11-24T00:00:01Z'), start, end)).toBe('overdue');
  });

  it('should name ISO weeks across a year end', () => {
    expect(isoWeek(new Date('2026-11-27T08:00:00Z'))).toBe('2026-W48');
    expect(isoWeek(new Date('2026-12-31T20:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2027-01-04T02:00:00Z'))).toBe('2027-W01');
  });
});

describe('overdue and near-due lists', () => {
  it('should list a response that is near, then overdue, and drop it once the department accepts', async () => {
    const { desk, time } = makeDesk('2026-11-23T02:00:00.000Z');
    const t = await desk.createTicket(complaint(), actors.agent);
    expect(await desk.listNearDue(actors.dispatcher)).toEqual([]);
    time.advance(20 * 3_600_000);
    expect((await desk.listNearDue(actors.dispatcher)).map((i) => [i.ticket.id, i.kind])).toEqual([[t.id, 'respond']]);
    time.advance(5 * 3_600_000);
    expect((await desk.listOverdue(actors.dispatcher)).map((i) => [i.ticket.id, i.kind, i.dueAt])).toEqual([
      [t.id, 'respond', '2026-11-24T02:00:00.000Z'],
    ]);
    await desk.accept(t.id, actors.env);
    expect(await desk.listOverdue(actors.dispatcher)).toEqual([]);
  });

  it('should list an epidemic ticket overdue after 10 minutes, to its own department only', async () => {
    const { desk, time } = makeDesk('2026-11-23T02:00:00.000Z');
    const t = await desk.createTicket(complaint({ urgency: 'epidemic' }), actors.agent);
    time.advance(11 * 60_000);
    expect((await desk.listOverdue(actors.env)).map((i) => [i.ticket.id, i.kind])).toEqual([[t.id, 'respond']]);
    expect(await desk.listOverdue(actors.city)).toEqual([]);
    time.advance(2 * 3_600_000);
    expect((await desk.listOverdue(actors.env)).map((i) => i.kind)).toEqual(['respond', 'resolve']);
  });

  it('should list a held ticket by its review date instead of its deadlines', async () => {
    const { desk, time } = makeDesk('2026-11-23T02:00:00.000Z');
    const t = await desk.createTicket(complaint({ urgency: 'enterprise' }), actors.agent);
    await desk.accept(t.id, actors.env);
    await desk.hold(t.id, actors.env, { reason: '需列入改造计划', reviewAt: '2026-12-01' });
    time.set('2026-11-30T16:00:01.000Z');
    expect((await desk.listOverdue(actors.manager)).map((i) => [i.kind, i.dueAt])).toEqual([['review', '2026-11-30T16:00:00.000Z']]);
  });
});
