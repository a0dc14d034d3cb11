/**
 * The ticket state machine: a transition table, `applyEvent` (one step) and `fold` (the
 * ticket is what its events say). Pure: no clock, no store. Illegal steps throw a 409.
 */
import { JiesuError } from '../app/errors.ts';
import type { Ticket, TicketEvent, TicketEventType, TicketStatus } from './types.ts';

/** Every status, in the order a ticket usually goes through them. */
export const TICKET_STATUSES: readonly TicketStatus[] = [
  '已受理',
  '已派单',
  '办理中',
  '已退单',
  '挂账',
  '已办结',
  '已回访',
  '已归档',
  '已合并',
];

/** Statuses where the ticket is still being handled (counts for overdue lists). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['已受理', '已派单', '办理中', '已退单', '挂账'];

/** Statuses that count as closed for Open311 (`closed`) and rates. */
export const CLOSED_STATUSES: readonly TicketStatus[] = ['已办结', '已回访', '已归档', '已合并'];

const ANY: readonly TicketStatus[] = TICKET_STATUSES;

/**
 * The transition table: for each event, the Chinese name of the action (for errors), the
 * statuses it may happen in, and the status after it ('same' keeps the status).
 */
export const TRANSITIONS: Readonly<
  Record<Exclude<TicketEventType, '受理'>, { action: string; from: readonly TicketStatus[]; to: TicketStatus | 'same' }>
> = {
  派单: { action: '派单', from: ['已受理'], to: '已派单' },
  // A dispatcher may move a ticket to another department at any point before it is closed.
  重新派单: { action: '重新派单', from: ['已退单', '已派单', '办理中', '挂账'], to: '已派单' },
  接单: { action: '接单', from: ['已派单', '挂账'], to: '办理中' },
  退单: { action: '退单', from: ['已派单', '办理中'], to: '已退单' },
  挂账: { action: '挂账', from: ['办理中'], to: '挂账' },
  // A department may answer at once without a separate 接单 (the reply is the response).
  办结: { action: '办结', from: ['已派单', '办理中', '挂账'], to: '已办结' },
  回访发起: { action: '回访', from: ['已办结'], to: 'same' },
  // A late answer after 未回访 is still recorded: the citizen's judgement beats silence.
  已回访: { action: '回访', from: ['已办结'], to: '已回访' },
  未回访: { action: '记录未回访', from: ['已办结'], to: 'same' },
  重开: { action: '重开', from: ['已办结', '已回访'], to: '已受理' },
  合并: { action: '合并', from: ['已受理', '已派单', '办理中', '已退单', '挂账'], to: '已合并' },
  并入重复件: { action: '并入重复件', from: ['已受理', '已派单', '办理中', '已退单', '挂账', '已办结', '已回访'], to: 'same' },
  归档: { action: '归档', from: ['已办结', '已回访'], to: '已归档' },
  个人信息已删除: { action: '删除个人信息', from: ANY, to: 'same' },
};

/** The 409 for an action the current status does not allow, naming both. */
export function illegalTransition(status: TicketStatus, action: string): JiesuError {
  return Object.assign(new JiesuError('ILLEGAL_TRANSITION', `工单当前状态为「${status}」，不能「${action}」`, 409), {
    details: { state: status, action },
  });
}

/** Whether `type` may happen in `status`. */
export function canApply(status: TicketStatus, type: Exclude<TicketEventType, '受理'>): boolean {
  return TRANSITIONS[type].from.includes(status);
}

/** Score of a survey: both yes +1, one no −0.5, both no −1. */
export function surveyScore(solved: boolean, satisfied: boolean): number {
  if (solved && satisfied) return 1;
  if (!solved && !satisfied) return -1;
  return -0.5;
}

function created(e: Extract<TicketEvent, { type: '受理' }>): Ticket {
  const d = e.data;
  return {
    id: d.id,
    status: '已受理',
    ...(d.channelId !== undefined && { channelId: d.channelId }),
    ...(d.citizenKey !== undefined && { citizenKey: d.citizenKey }),
    category: d.category,
    ...(d.topic !== undefined && { topic: d.topic }),
    ...(d.department !== undefined && { department: d.department }),
    disputed: d.disputed,
    urgency: d.urgency,
    description: d.description,
    publicDescription: d.publicDescription,
    ...(d.place !== undefined && { place: d.place }),
    ...(d.publicPlace !== undefined && { publicPlace: d.publicPlace }),
    ...(d.area !== undefined && { area: d.area }),
    ...(d.location !== undefined && { location: d.location }),
    attachments: d.attachments,
    createdAt: e.at,
    updatedAt: e.at,
    deadlines: d.deadlines,
    windowStart: e.at,
    returns: 0,
    followUp: { state: 'none', attempts: 0 },
    duplicates: [],
    reopened: 0,
    erased: false,
    version: 1,
  };
}

/**
 * Applies one event to a ticket and returns the new ticket (the input is not changed).
 * Throws a 409 `ILLEGAL_TRANSITION` when the event is not allowed in the current status.
 */
export function applyEvent(ticket: Ticket | undefined, e: TicketEvent): Ticket {
  if (e.type === '受理') {
    if (ticket) throw new JiesuError('ILLEGAL_TRANSITION', `工单 ${ticket.id} 已受理，不能重复受理`, 409);
    return created(e);
  }
  if (!ticket) throw new JiesuError('ILLEGAL_TRANSITION', '工单尚未受理', 409);
  const rule = TRANSITIONS[e.type];
  if (!rule.from.includes(ticket.status)) throw illegalTransition(ticket.status, rule.action);
  const t: Ticket = { ...ticket, updatedAt: e.at, version: ticket.version + 1 };
  if (rule.to !== 'same') t.status = rule.to;
  const responded = () => {
    if (!t.respondedAt) t.respondedAt = e.at;
  };
  switch (e.type) {
    case '派单':
    case '重新派单':
      t.department = e.data.department;
      t.disputed = false;
      t.dispatchedAt = e.at;
      delete t.hold;
      break;
    case '接单':
      delete t.hold;
      responded();
      break;
    case '退单':
      t.returns += 1;
      t.lastReturn = { ...(t.department !== undefined && { department: t.department }), reason: e.reason ?? '', at: e.at };
      break;
    case '挂账':
      t.hold = { reason: e.reason ?? '', reviewAt: e.data.reviewAt };
      responded();
      break;
    case '办结':
      delete t.hold;
      responded();
      t.closedAt = e.at;
      t.reply = e.data.reply;
      t.publicReply = e.data.publicReply;
      t.followUp = { state: 'none', attempts: 0 };
      break;
    case '回访发起':
      t.followUp = { state: 'asked', attempts: e.data.attempt, lastAskedAt: e.at };
      break;
    case '已回访':
      t.followUp = { ...t.followUp, state: 'answered' };
      t.survey = { solved: e.data.solved, satisfied: e.data.satisfied, score: e.data.score, at: e.at };
      break;
    case '未回访':
      t.followUp = { ...t.followUp, state: 'unanswered' };
      break;
    case '重开':
      // Back to the dispatcher with fresh deadlines; the old survey stays until a new one.
      t.reopened += 1;
      t.deadlines = e.data.deadlines;
      t.windowStart = e.at;
      delete t.respondedAt;
      delete t.closedAt;
      t.followUp = { state: 'none', attempts: 0 };
      break;
    case '合并':
      t.mergedInto = e.data.into;
      delete t.hold;
      break;
    case '并入重复件':
      if (!t.duplicates.includes(e.data.duplicate)) t.duplicates = [...t.duplicates, e.data.duplicate];
      break;
    case '归档':
      t.archivedAt = e.at;
      break;
    case '个人信息已删除':
      t.erased = true;
      delete t.citizenKey;
      break;
  }
  return t;
}

/** Folds a whole event stream into the ticket (undefined for an empty stream). */
export function fold(events: readonly TicketEvent[]): Ticket | undefined {
  let t: Ticket | undefined;
  for (const e of events) t = applyEvent(t, e);
  return t;
}
