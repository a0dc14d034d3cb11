/**
 * Deadlines (办理时限): pure functions over a time and a holiday calendar. All calendar
 * dates are Asia/Shanghai dates; China has kept UTC+8 without daylight saving since 1991,
 * so local time is UTC plus a fixed 8 hours.
 */
import { readFileSync } from 'node:fs';
import type { UrgencyKind } from './types.ts';

const OFFSET_MS = 8 * 3_600_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

// === Local dates

/** The Asia/Shanghai calendar date of an instant, `YYYY-MM-DD`. */
export function shanghaiDay(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as W3C date-time in Asia/Shanghai, e.g. `2026-09-30T10:00:00+08:00`. */
export function shanghaiIso(d: Date | string): string {
  const t = typeof d === 'string' ? Date.parse(d) : d.getTime();
  return `${new Date(t + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The instant a Shanghai calendar day starts. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS);
}

/** The calendar day after `day`. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 24 * HOUR).toISOString().slice(0, 10);
}

/** The ISO week of an instant's Shanghai date, e.g. `2026-W48` (weeks start on Monday). */
export function isoWeek(d: Date): string {
  const local = new Date(Date.parse(`${shanghaiDay(d)}T00:00:00.000Z`));
  const dow = local.getUTCDay() || 7;
  // The Thursday of this week decides the week-year (ISO 8601).
  local.setUTCDate(local.getUTCDate() + 4 - dow);
  const year = local.getUTCFullYear();
  const week = Math.ceil(((local.getTime() - Date.UTC(year, 0, 1)) / (24 * HOUR) + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday and Sunday (Shanghai dates) of an ISO week `YYYY-Www`; undefined if malformed. */
export function weekDays(week: string): { from: string; to: string } | undefined {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return undefined;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 53) return undefined;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 24 * HOUR + (n - 1) * 7 * 24 * HOUR);
  const sunday = new Date(monday.getTime() + 6 * 24 * HOUR);
  return { from: monday.toISOString().slice(0, 10), to: sunday.toISOString().slice(0, 10) };
}

// === Holiday calendar

/** The shape of `desk/calendar/holidays-cn.json` (operator-editable). */
export interface HolidayCalendarFile {
  timezone: string;
  years: Record<string, { holidays: string[]; workdays: string[] } | null>;
  source?: string;
}

/** Which days are working days (工作日). */
export interface HolidayCalendar {
  /** Whether a Shanghai date is a working day: weekdays minus holidays, plus 调休 workdays. */
  isWorkingDay(day: string): boolean;
  /** Whether the file lists the year (otherwise only weekends count as rest days). */
  covers(year: number): boolean;
}

/** Options of a holiday calendar. */
export interface HolidayCalendarOptions {
  /** Called once per year that the file does not cover, when a deadline needs it. */
  onUncoveredYear?: (year: number) => void;
}

/** Builds a calendar from the file's contents; throws on a malformed file. */
export function createHolidayCalendar(file: HolidayCalendarFile, { onUncoveredYear }: HolidayCalendarOptions = {}): HolidayCalendar {
  if (file.timezone !== 'Asia/Shanghai') throw new Error(`holiday calendar: only Asia/Shanghai is supported, got ${file.timezone}`);
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  const years = new Set<number>();
  for (const [year, y] of Object.entries(file.years ?? {})) {
    if (!y) continue;
    years.add(Number(year));
    for (const [list, into] of [
      [y.holidays, holidays],
      [y.workdays, workdays],
    ] as const) {
      for (const day of list ?? []) {
        if (!DAY_RE.test(day) || !day.startsWith(year)) throw new Error(`holiday calendar: bad date ${day} under ${year}`);
        into.add(day);
      }
    }
  }
  const warned = new Set<number>();
  return {
    isWorkingDay(day: string): boolean {
      const year = Number(day.slice(0, 4));
      if (!years.has(year) && !warned.has(year)) {
        warned.add(year);
        onUncoveredYear?.(year);
      }
      if (workdays.has(day)) return true;
      if (holidays.has(day)) return false;
      const dow = new Date(`${day}T00:00:00.000Z`).getUTCDay();
      return dow !== 0 && dow !== 6;
    },
    covers: (year: number) => years.has(year),
  };
}

/** The calendar file shipped with Jiesu. */
export const DEFAULT_CALENDAR_FILE = new URL('./calendar/holidays-cn.json', import.meta.url);

/** Reads a calendar file (default: `desk/calendar/holidays-cn.json`). */
export function loadHolidayCalendar(path: string | URL = DEFAULT_CALENDAR_FILE, options: HolidayCalendarOptions = {}): HolidayCalendar {
  return createHolidayCalendar(JSON.parse(readFileSync(path, 'utf8')) as HolidayCalendarFile, options);
}

// === Deadline rules

/** A resolve window: calendar time, or working days. */
export type ResolveWindow = { ms: number } | { workingDays: number };

/**
 * The deadline rules (接诉即办). `respondMs` is calendar time from creation (the hotline runs
 * day and night); the resolve window is calendar time or working days:
 * - emergency (life or property): respond within 1 h; resolve within 5 working days
 * - epidemic: respond within 10 min, resolve within 2 h
 * - enterprise: respond within 15 min, resolve within 48 h
 * - normal (民生 requests): respond within 24 h, resolve within 5 working days
 */
export const DEADLINE_RULES: Readonly<Record<UrgencyKind, { respondMs: number; resolve: ResolveWindow }>> = {
  emergency: { respondMs: 1 * HOUR, resolve: { workingDays: 5 } },
  epidemic: { respondMs: 10 * MINUTE, resolve: { ms: 2 * HOUR } },
  enterprise: { respondMs: 15 * MINUTE, resolve: { ms: 48 * HOUR } },
  normal: { respondMs: 24 * HOUR, resolve: { workingDays: 5 } },
};

/**
 * The end of the n-th working day after the day of `start`. Counting begins on the next
 * working day after the (Shanghai) creation day, whatever the hour of creation, so a ticket
 * of Friday 16:00 gets Monday as day 1 and is due the following Friday at 23:59:59 local time
 * (when no holiday intervenes). Holidays are skipped and 调休 Saturdays/Sundays count.
 */
export function endOfWorkingDays(start: Date, n: number, calendar: HolidayCalendar): Date {
  let day = shanghaiDay(start);
  let counted = 0;
  // Bounded: no calendar has 60 rest days in a row; protects against a broken file.
  for (let guard = 0; counted < n && guard < n + 366; guard++) {
    day = nextDay(day);
    if (calendar.isWorkingDay(day)) counted++;
  }
  return new Date(dayStart(nextDay(day)).getTime() - 1000);
}

/** The respond-by and resolve-by instants of a ticket created (or reopened) at `start`. */
export function computeDeadlines(kind: UrgencyKind, start: Date, calendar: HolidayCalendar): { respondBy: Date; resolveBy: Date } {
  const rule = DEADLINE_RULES[kind];
  const respondBy = new Date(start.getTime() + rule.respondMs);
  const resolveBy =
    'ms' in rule.resolve ? new Date(start.getTime() + rule.resolve.ms) : endOfWorkingDays(start, rule.resolve.workingDays, calendar);
  return { respondBy, resolveBy };
}

/** How a deadline stands: 'overdue' once passed, 'near' within the last 20% of its window. */
export type DueState = 'ok' | 'near' | 'overdue';

/**
 * Near-due rule: the last 20% of the window (start → due). That is 2 minutes of a 10-minute
 * epidemic response, 24 minutes of a 2-hour resolve, and about a day and a half of a
 * 5-working-day resolve over a weekend — proportionate for every rule.
 */
export function dueState(now: Date, start: Date | string, due: Date | string, nearFraction = 0.2): DueState {
  const s = typeof start === 'string' ? Date.parse(start) : start.getTime();
  const d = typeof due === 'string' ? Date.parse(due) : due.getTime();
  const t = now.getTime();
  if (t > d) return 'overdue';
  return d - t <= (d - s) * nearFraction ? 'near' : 'ok';
}
