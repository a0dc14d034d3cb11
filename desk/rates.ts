/**
 * The three rates of 接诉即办 (响应率, 解决率, 满意率), grouped by department, category,
 * area or ISO week, and the weekly warning list. Pure functions over ticket projections.
 *
 * Definitions (as Beijing's 12345 assessment uses them):
 * - 响应率 = tickets responded to (first 接单, 挂账 or 办结) by their respond-by deadline
 *   ÷ tickets due for response (the deadline has passed, or a response was already made).
 * - 解决率 = surveyed tickets whose citizen answered 问题解决了 ÷ surveyed tickets.
 * - 满意率 = surveyed tickets whose citizen answered 满意 ÷ surveyed tickets.
 * Merged duplicates (已合并) count nowhere: their original carries them. A ticket not yet
 * surveyed (or 未回访) is in none of the survey rates. A rate with nothing to divide is null.
 */
import { isoWeek } from './deadlines.ts';
import type { Ticket } from './types.ts';

/** What the rates are grouped by. */
export type RatesBy = 'department' | 'category' | 'area' | 'week';

/** The rates of one group. */
export interface RateRow {
  key: string;
  tickets: number;
  responseDue: number;
  respondedOnTime: number;
  /** 响应率, 0..1, or null when nothing was due. */
  responseRate: number | null;
  surveyed: number;
  solved: number;
  satisfied: number;
  /** 解决率, 0..1, or null when nothing was surveyed. */
  resolutionRate: number | null;
  /** 满意率, 0..1, or null when nothing was surveyed. */
  satisfactionRate: number | null;
  /** Sum of survey scores (+1 / −0.5 / −1). */
  score: number;
  overdue: number;
}

/** Rates per group plus the total. */
export interface RatesReport {
  by: RatesBy;
  rows: RateRow[];
  total: RateRow;
}

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/** The group key of a ticket. */
export function groupKey(t: Ticket, by: RatesBy): string {
  switch (by) {
    case 'department':
      return t.department ?? '待派单';
    case 'category':
      return t.category;
    case 'area':
      return t.area ?? '未知区域';
    case 'week':
      return isoWeek(new Date(t.createdAt));
  }
}

function emptyRow(key: string): RateRow {
  return {
    key,
    tickets: 0,
    responseDue: 0,
    respondedOnTime: 0,
    responseRate: null,
    surveyed: 0,
    solved: 0,
    satisfied: 0,
    resolutionRate: null,
    satisfactionRate: null,
    score: 0,
    overdue: 0,
  };
}

function add(row: RateRow, t: Ticket, now: Date): void {
  row.tickets++;
  const respondBy = Date.parse(t.deadlines.respondBy);
  const respondedAt = t.respondedAt ? Date.parse(t.respondedAt) : undefined;
  if (respondedAt !== undefined || now.getTime() > respondBy) {
    row.responseDue++;
    if (respondedAt !== undefined && respondedAt <= respondBy) row.respondedOnTime++;
  }
  if (t.survey) {
    row.surveyed++;
    if (t.survey.solved) row.solved++;
    if (t.survey.satisfied) row.satisfied++;
    row.score += t.survey.score;
  }
  const open = t.status !== '已办结' && t.status !== '已回访' && t.status !== '已归档' && t.status !== '挂账';
  if (open && now.getTime() > Date.parse(t.deadlines.resolveBy)) row.overdue++;
}

function finish(row: RateRow): RateRow {
  row.responseRate = ratio(row.respondedOnTime, row.responseDue);
  row.resolutionRate = ratio(row.solved, row.surveyed);
  row.satisfactionRate = ratio(row.satisfied, row.surveyed);
  row.score = Math.round(row.score * 100) / 100;
  return row;
}

/** Computes the rates of tickets grouped by `by`, as of `now`. */
export function computeRates(tickets: readonly Ticket[], by: RatesBy, now: Date): RatesReport {
  const groups = new Map<string, RateRow>();
  const total = emptyRow('合计');
  for (const t of tickets) {
    if (t.status === '已合并') continue;
    const key = groupKey(t, by);
    let row = groups.get(key);
    if (!row) {
      row = emptyRow(key);
      groups.set(key, row);
    }
    add(row, t, now);
    add(total, t, now);
  }
  const rows = [...groups.values()].map(finish).sort((a, b) => b.tickets - a.tickets || (a.key < b.key ? -1 : 1));
  return { by, rows, total: finish(total) };
}

/** Thresholds of the weekly warning list. */
export interface WarningOptions {
  /** A department is listed only with at least this many tickets in the week (default 10). */
  minTickets?: number;
  /** …and a 解决率 below this (default 0.8); no surveyed ticket at all also counts as below. */
  maxResolutionRate?: number;
}

/** One department on the weekly warning list. */
export interface DepartmentWarning extends RateRow {
  department: string;
  reason: string;
}

/**
 * The weekly warning list (周预警): departments with many tickets created in the week and a
 * low 解决率. A department with tickets but no surveyed answer is listed too: there is no
 * evidence of anything solved. Sorted worst first.
 */
export function weeklyWarnings(
  tickets: readonly Ticket[],
  now: Date,
  { minTickets = 10, maxResolutionRate = 0.8 }: WarningOptions = {},
): DepartmentWarning[] {
  const out: DepartmentWarning[] = [];
  for (const row of computeRates(tickets, 'department', now).rows) {
    if (row.key === '待派单' || row.tickets < minTickets) continue;
    if (row.resolutionRate !== null && row.resolutionRate >= maxResolutionRate) continue;
    const rate = row.resolutionRate === null ? '无回访数据' : `解决率 ${(row.resolutionRate * 100).toFixed(1)}%`;
    out.push({ ...row, department: row.key, reason: `本周 ${row.tickets} 件，${rate}` });
  }
  return out.sort((a, b) => (a.resolutionRate ?? -1) - (b.resolutionRate ?? -1) || b.tickets - a.tickets);
}
