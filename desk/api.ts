/**
 * The desk's public interface: `Desk`, its options, filters and list items. The
 * implementation is in desk.ts.
 */
import type { Store } from '../store/types.ts';
import type { DeskTaxonomy, TaxonomyCategory } from './context.ts';
import type { DueState, HolidayCalendar } from './deadlines.ts';
import type { ErasureResult } from './erasure.ts';
import type { SurveyOutcome, TickResult } from './follow-up.ts';
import type { DepartmentWarning, RatesBy, RatesReport, WarningOptions } from './rates.ts';
import type {
  Actor,
  DeskLog,
  FollowUpSender,
  NewTicketInput,
  PublicTicket,
  StaffTicket,
  SurveyAnswers,
  Ticket,
  TicketEvent,
  TicketNotifier,
  TicketStatus,
} from './types.ts';

/** Options of `createDesk`. */
export interface DeskOptions {
  store: Store;
  /** The clock (default: real time). */
  clock?: () => Date;
  /** Working-day calendar (default: `desk/calendar/holidays-cn.json`). */
  calendar?: HolidayCalendar;
  /** Known departments (dispatch is checked against them) and categories (Open311 services). */
  taxonomy?: DeskTaxonomy;
  /** Sends the follow-up survey on the citizen's channel. */
  followUp: FollowUpSender;
  /** Optional: tells the citizen when their ticket is dispatched or reopened. */
  notifier?: TicketNotifier;
  log?: DeskLog;
  /** Thresholds of the weekly warning list. */
  warnings?: WarningOptions;
}

/** Filters of ticket lists (all optional, all must match). */
export interface TicketFilter {
  status?: TicketStatus;
  department?: string;
  category?: string;
  area?: string;
  /** ISO week of creation, e.g. `2026-W48`. */
  week?: string;
  /** Shanghai date of creation, `YYYY-MM-DD`. */
  createdDay?: string;
}

/** One entry of the overdue / near-due lists. */
export interface DueItem {
  ticket: StaffTicket;
  /** Which deadline: respond-by, resolve-by, or a held ticket's review date. */
  kind: 'respond' | 'resolve' | 'review';
  dueAt: string;
  state: DueState;
}

/** The ticket desk (see desk/README.md for the states, events and who may do what). */
export interface Desk {
  /** Creates a ticket; the same `idempotencyKey` returns the same ticket, even concurrently. */
  createTicket(input: NewTicketInput, actor: Actor, options?: { idempotencyKey?: string }): Promise<Ticket>;
  /** One ticket as `actor` may see it; 404 unknown, 403 another department's. */
  getTicket(id: string, actor: Actor): Promise<StaffTicket>;
  /** The events of a ticket (citizen ids hidden; texts masked for roles without full view). */
  history(id: string, actor: Actor): Promise<TicketEvent[]>;
  /** Tickets matching the filter, newest first; a department sees only its own. */
  listTickets(filter: TicketFilter, actor: Actor): Promise<StaffTicket[]>;
  /** Tickets waiting for a dispatcher (争议诉求, no department, 退单, reopened). */
  listDisputed(actor: Actor): Promise<StaffTicket[]>;
  dispatch(id: string, department: string, actor: Actor, reason?: string): Promise<Ticket>;
  redispatch(id: string, department: string, actor: Actor, reason?: string): Promise<Ticket>;
  accept(id: string, actor: Actor): Promise<Ticket>;
  /** 退单: the department gives the ticket back with a reason. */
  returnTicket(id: string, actor: Actor, reason: string): Promise<Ticket>;
  /** 挂账: pending with a reason and a review date (YYYY-MM-DD or ISO). */
  hold(id: string, actor: Actor, params: { reason: string; reviewAt: string }): Promise<Ticket>;
  /** 办结 with the 办理结果 (required); the follow-up starts at once. */
  close(id: string, actor: Actor, reply: string): Promise<Ticket>;
  /** 重开: back to the dispatcher with fresh deadlines (a citizen only after an unhappy survey). */
  reopen(id: string, actor: Actor, reason?: string): Promise<Ticket>;
  /** 合并: joins a duplicate to its original. */
  merge(duplicateId: string, intoId: string, actor: Actor, reason?: string): Promise<Ticket>;
  archive(id: string, actor: Actor): Promise<Ticket>;
  /** Records the citizen's survey answers (only the ticket's own citizen). */
  recordSurvey(id: string, citizenKey: string, answers: SurveyAnswers): Promise<SurveyOutcome>;
  /** Runs due follow-ups (call every minute); idempotent across ticks and instances. */
  tick(now?: Date): Promise<TickResult>;
  listOverdue(actor: Actor, now?: Date): Promise<DueItem[]>;
  listNearDue(actor: Actor, now?: Date): Promise<DueItem[]>;
  /** The weekly warning list of departments (week `YYYY-Www`; default: last week). */
  warnings(week?: string, options?: WarningOptions): Promise<{ week: string; departments: DepartmentWarning[] }>;
  /** The three rates grouped by `by`, for tickets created from..to (Shanghai dates, inclusive). */
  rates(by: RatesBy, range?: { from?: string; to?: string }): Promise<RatesReport>;
  /** CSV of tickets, personal data masked, with a UTF-8 BOM. */
  exportCsv(filter?: TicketFilter): Promise<string>;
  /** Removes a citizen's personal data from all their tickets (keeps the statistics). */
  eraseCitizen(citizenKey: string, actor: Actor): Promise<ErasureResult>;
  /** The citizen's own tickets, newest first. */
  listByCitizen(citizenKey: string): Promise<PublicTicket[]>;
  /** One ticket by number, only if it is this citizen's; else undefined. */
  getForCitizen(id: string, citizenKey: string): Promise<PublicTicket | undefined>;
  /** One ticket's public view by number (Open311); undefined when unknown. */
  getPublic(id: string): Promise<PublicTicket | undefined>;
  /** Raw projections (trusted callers: Open311, reports). */
  findTickets(filter?: TicketFilter): Promise<Ticket[]>;
  /** The ticket without any personal data. */
  publicView(ticket: Ticket): PublicTicket;
  /** The categories offered to Open311 (from the taxonomy, else those seen in tickets). */
  categories(): Promise<TaxonomyCategory[]>;
}
