/**
 * The ticket desk (工单): intake, dispatch, deadlines, follow-up, the three rates, CSV
 * export, Open311 and erasure; plus the console/API auth (desk/auth). See desk/README.md.
 */

// === The desk
export { createDesk } from './desk.ts';
export type { Desk, DeskOptions, DueItem, TicketFilter } from './api.ts';
export type { DeskTaxonomy, TaxonomyCategory } from './context.ts';
export type {
  Actor,
  ActorRole,
  Attachment,
  CitizenContact,
  ContactView,
  ConversationRef,
  DeskLog,
  FollowUpSender,
  FollowUpState,
  GeoPoint,
  NewTicketInput,
  PublicTicket,
  StaffTicket,
  SurveyAnswers,
  SurveyResult,
  SurveyTicket,
  Ticket,
  TicketEvent,
  TicketEventType,
  TicketNotice,
  TicketNotifier,
  TicketStatus,
  UrgencyKind,
} from './types.ts';
export type { SurveyOutcome, TickResult } from './follow-up.ts';
export { FOLLOW_UP_WAIT_MS } from './follow-up.ts';
export type { ErasureResult } from './erasure.ts';

// === State machine (pure)
export { applyEvent, CLOSED_STATUSES, fold, OPEN_STATUSES, surveyScore, TICKET_STATUSES, TRANSITIONS } from './ticket-state.ts';

// === Deadlines and calendar (pure)
export {
  computeDeadlines,
  createHolidayCalendar,
  DEADLINE_RULES,
  dueState,
  endOfWorkingDays,
  isoWeek,
  loadHolidayCalendar,
  shanghaiDay,
  shanghaiIso,
} from './deadlines.ts';
export type { DueState, HolidayCalendar, HolidayCalendarFile } from './deadlines.ts';

// === Rates (pure)
export { computeRates, weeklyWarnings } from './rates.ts';
export type { DepartmentWarning, RateRow, RatesBy, RatesReport, WarningOptions } from './rates.ts';

// === Personal data
export { maskName, maskPhone, scrubText } from '../app/privacy.ts';

// === HTTP
export { createDeskRouter } from './http.ts';
export type { DeskRouterOptions } from './http.ts';
export { createOpen311Router } from './open311.ts';
export type { Open311RouterOptions } from './open311.ts';
