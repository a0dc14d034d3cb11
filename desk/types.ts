/**
 * The ticket desk's types: tickets, their events, who acts on them, and the ports the
 * composition root injects (follow-up sender, notifier). No channel or storage knowledge.
 */
import type { Role } from '../app/auth-types.ts';

// === Who acts

/** Who may act on a ticket: a console user's role, the citizen, or the system itself. */
export type ActorRole = Role | 'citizen' | 'system';

/** The author of an event. For a citizen, `id` is the citizen key (erased on request). */
export interface Actor {
  id: string;
  role: ActorRole;
  name: string;
  /** For role 'department': the 承办单位 the user acts for. */
  department?: string;
}

// === Ticket fields

/** Urgency as classified by nlp/ (the deadline rules depend on it). */
export type UrgencyKind = 'emergency' | 'epidemic' | 'enterprise' | 'normal';

/** The states of a ticket (the projection's `status`). */
export type TicketStatus = '已受理' | '已派单' | '办理中' | '已退单' | '挂账' | '已办结' | '已回访' | '已归档' | '已合并';

/** A photo or file the citizen sent. */
export interface Attachment {
  url: string;
  contentType?: string;
  name?: string;
}

/** A point on the map (WGS-84). */
export interface GeoPoint {
  lat: number;
  long: number;
}

/**
 * Where later messages to the citizen go: the stored botbuilder ConversationReference,
 * kept opaque here so the desk never knows channels. JSON-serialisable.
 */
export type ConversationRef = Record<string, unknown>;

/** The citizen behind a ticket: personal data, kept apart from the ticket in `ticket_contacts`. */
export interface CitizenContact {
  /** `channelId:userId` (or another stable key for phone/Open311 tickets). */
  key: string;
  phone?: string;
  name?: string;
  /** Whether the bot can reach them on their channel later (for follow-up). */
  reachable: boolean;
}

/** What creates a ticket (the intake dialog, an agent, Open311). */
export interface NewTicketInput {
  /** The citizen's own words. */
  description: string;
  /** Category label (一级分类) from nlp/ or chosen by an agent. */
  category: string;
  /** Finer topic (二/三级分类), when known. */
  topic?: string;
  /** Responsible department; absent or `disputed` → the dispatcher decides. */
  department?: string;
  disputed?: boolean;
  urgency?: UrgencyKind;
  /** Where the problem is, as the citizen said it. */
  place?: string;
  /** District (区/县); derived from `place` when absent. */
  area?: string;
  location?: GeoPoint;
  attachments?: Attachment[];
  /** The channel it came in on ('webchat', 'wechat-mp', 'telegram', 'phone', 'open311' …). */
  channelId?: string;
  /** The conversation reference for the follow-up; never public. */
  conversation?: ConversationRef;
  citizen: CitizenContact;
}

/** The survey answers (回访). */
export interface SurveyAnswers {
  solved: boolean;
  satisfied: boolean;
}

/** A recorded survey with its score (both yes +1, one no −0.5, both no −1). */
export interface SurveyResult extends SurveyAnswers {
  score: number;
  at: string;
}

/** Where the follow-up of a closed ticket stands. */
export type FollowUpState = 'none' | 'asked' | 'answered' | 'unanswered';

/** The ticket as its events say (the `tickets` projection record). */
export interface Ticket {
  /** The ticket number, `YYYYMMDD-NNNN` (Asia/Shanghai date); also its id. */
  id: string;
  status: TicketStatus;
  channelId?: string;
  /** The citizen key; removed on erasure; never in public views. */
  citizenKey?: string;
  category: string;
  topic?: string;
  department?: string;
  disputed: boolean;
  urgency: UrgencyKind;
  /** The citizen's words as given (staff only). */
  description: string;
  /** The description without phone, ID or contact name (for public output). */
  publicDescription: string;
  place?: string;
  publicPlace?: string;
  area?: string;
  location?: GeoPoint;
  attachments: Attachment[];
  createdAt: string;
  updatedAt: string;
  /** The current deadlines (reset when a ticket is reopened). */
  deadlines: { respondBy: string; resolveBy: string };
  /** The window the deadlines run from (creation, or the last reopening). */
  windowStart: string;
  respondedAt?: string;
  dispatchedAt?: string;
  closedAt?: string;
  archivedAt?: string;
  /** 办理结果 as written by the department (staff only), and its public form. */
  reply?: string;
  publicReply?: string;
  hold?: { reason: string; reviewAt: string };
  /** The reason of the last 退单. */
  lastReturn?: { department?: string; reason: string; at: string };
  returns: number;
  followUp: { state: FollowUpState; attempts: number; lastAskedAt?: string };
  survey?: SurveyResult;
  mergedInto?: string;
  duplicates: string[];
  reopened: number;
  erased: boolean;
  /** Number of events folded (the stream's last seq). */
  version: number;
}

// === Events

interface EventBase<T extends string, D> {
  type: T;
  at: string;
  actor: Actor;
  reason?: string;
  data: D;
}

/** Fields fixed at creation (in the 受理 event): the ticket's own fields, as first folded. */
export type CreatedData = Pick<
  Ticket,
  | 'id'
  | 'channelId'
  | 'citizenKey'
  | 'category'
  | 'topic'
  | 'department'
  | 'disputed'
  | 'urgency'
  | 'description'
  | 'publicDescription'
  | 'place'
  | 'publicPlace'
  | 'area'
  | 'location'
  | 'attachments'
  | 'deadlines'
>;

/** One change of a ticket: who, when, what, why. The ticket is the fold of these. */
export type TicketEvent =
  | EventBase<'受理', CreatedData>
  | EventBase<'派单', { department: string }>
  | EventBase<'重新派单', { department: string; from?: string }>
  | EventBase<'接单', Record<string, never>>
  | EventBase<'退单', Record<string, never>>
  | EventBase<'挂账', { reviewAt: string }>
  | EventBase<'办结', { reply: string; publicReply: string }>
  | EventBase<'回访发起', { attempt: 1 | 2 }>
  | EventBase<'已回访', SurveyAnswers & { score: number }>
  | EventBase<'未回访', Record<string, never>>
  | EventBase<'重开', { deadlines: { respondBy: string; resolveBy: string } }>
  | EventBase<'合并', { into: string }>
  | EventBase<'并入重复件', { duplicate: string }>
  | EventBase<'归档', Record<string, never>>
  | EventBase<'个人信息已删除', Record<string, never>>;

/** The event type names. */
export type TicketEventType = TicketEvent['type'];

// === Views

/** A ticket as anyone may see it (Open311, the citizen's status query): no personal data. */
export interface PublicTicket {
  id: string;
  status: TicketStatus;
  category: string;
  topic?: string;
  department?: string;
  urgency: UrgencyKind;
  description: string;
  place?: string;
  area?: string;
  location?: GeoPoint;
  attachments: Attachment[];
  createdAt: string;
  updatedAt: string;
  deadlines: { respondBy: string; resolveBy: string };
  closedAt?: string;
  reply?: string;
  mergedInto?: string;
}

/** The contact as a staff member may see it (whole or masked, by role). */
export interface ContactView {
  key?: string;
  phone?: string;
  name?: string;
  reachable: boolean;
  masked: boolean;
}

/** A ticket as a console user sees it: no citizen key; description masked for some roles. */
export type StaffTicket = Omit<Ticket, 'citizenKey'> & { contact?: ContactView };

/** What the follow-up sender gets: public fields, the reply, and where to send. */
export interface SurveyTicket extends PublicTicket {
  reply: string;
  citizenKey: string;
  channelId?: string;
  conversation: ConversationRef;
}

// === Ports

/** Sends the follow-up survey on the citizen's own channel (wired by the composition root). */
export interface FollowUpSender {
  /** Sends the reply and the two questions (问题解决了吗? 您对办理结果满意吗?) with buttons. */
  sendSurvey(ticket: SurveyTicket, attempt: 1 | 2): Promise<void>;
}

/** What a notifier hears about (optional: tells the citizen their ticket moved). */
export interface TicketNotice {
  kind: 'dispatched' | 'reopened' | 'merged';
  ticket: PublicTicket;
  citizenKey: string;
  channelId?: string;
  conversation: ConversationRef;
}

/** Optional: notifies the citizen on their channel when a ticket is dispatched or reopened. */
export interface TicketNotifier {
  notify(notice: TicketNotice): Promise<void>;
}

/** A minimal structured logger (pino's Logger fits). */
export interface DeskLog {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}
