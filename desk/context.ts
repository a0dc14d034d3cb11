/**
 * What the desk's parts share (store, ticket log, clock, ports), and the permission checks
 * every action goes through. Internal to desk/.
 */
import { badRequest, forbidden } from '../app/errors.ts';
import type { Store } from '../store/types.ts';
import type { HolidayCalendar } from './deadlines.ts';
import type { TicketLog } from './ticket-log.ts';
import { publicView } from './views.ts';
import type { Actor, ActorRole, DeskLog, FollowUpSender, Ticket, TicketNotice, TicketNotifier } from './types.ts';

/** A category offered as an Open311 service. */
export interface TaxonomyCategory {
  /** Stable code (Open311 `service_code`); defaults to the name. */
  code?: string;
  name: string;
  description?: string;
  group?: string;
  keywords?: string[];
  /** The department tickets of this category go to by default. */
  department?: string;
}

/** The departments (承办单位) and, optionally, the categories with their departments. */
export interface DeskTaxonomy {
  departments: string[];
  categories?: TaxonomyCategory[];
}

/** Shared by the desk's parts. */
export interface DeskContext {
  store: Store;
  log: TicketLog;
  clock: () => Date;
  calendar: HolidayCalendar;
  taxonomy?: DeskTaxonomy;
  followUp: FollowUpSender;
  notifier?: TicketNotifier;
  logger?: DeskLog;
}

const ROLE_NAMES: Record<ActorRole, string> = {
  admin: '管理员',
  manager: '管理方',
  dispatcher: '派单员',
  agent: '坐席',
  department: '承办单位',
  editor: '知识库编辑',
  citizen: '市民',
  system: '系统',
};

/** Throws 403 unless the actor's role is listed (admin always may). */
export function allow(actor: Actor, roles: readonly ActorRole[], what: string): void {
  if (actor.role === 'admin' || roles.includes(actor.role)) return;
  throw forbidden(`「${ROLE_NAMES[actor.role] ?? actor.role}」无权${what}`, 'ROLE_NOT_ALLOWED');
}

/** Throws 403 when a department user touches another department's ticket. */
export function ownDepartment(actor: Actor, t: Ticket): void {
  if (actor.role === 'department' && (!actor.department || t.department !== actor.department)) {
    throw forbidden('该工单不属于本单位，无权查看或办理', 'NOT_YOUR_DEPARTMENT');
  }
}

/** Throws 400 unless the department is known (when the taxonomy lists departments). */
export function knownDepartment(ctx: DeskContext, department: unknown): string {
  if (typeof department !== 'string' || !department.trim()) throw badRequest('缺少承办单位（department）', 'DEPARTMENT_REQUIRED');
  const d = department.trim();
  const list = ctx.taxonomy?.departments;
  if (list && list.length > 0 && !list.includes(d)) throw badRequest(`未知的承办单位：${d}`, 'UNKNOWN_DEPARTMENT');
  return d;
}

/** Requires a non-empty text field, else 400 naming it. */
export function requiredText(value: unknown, field: string, label: string, max = 4000): string {
  if (typeof value !== 'string' || !value.trim()) throw badRequest(`缺少${label}（${field}）`, `${field.toUpperCase()}_REQUIRED`);
  if (value.length > max) throw badRequest(`${label}过长（最多 ${max} 字）`, `${field.toUpperCase()}_TOO_LONG`);
  return value.trim();
}

/** The actor as written into an event: a citizen's key is their id, an operator's their user id. */
export function eventActor(actor: Actor): Actor {
  return { id: actor.id, role: actor.role, name: actor.name, ...(actor.department !== undefined && { department: actor.department }) };
}

/** The system itself as an actor (automatic dispatch, follow-up). */
export const SYSTEM: Actor = { id: 'system', role: 'system', name: '系统' };

/** Tells the notifier, if any, about a ticket (failures are logged, never thrown). */
export async function notify(ctx: DeskContext, kind: TicketNotice['kind'], t: Ticket): Promise<void> {
  if (!ctx.notifier) return;
  try {
    const c = await ctx.log.contact(t.id);
    if (!c?.conversation || !c.citizen.reachable) return;
    await ctx.notifier.notify({
      kind,
      ticket: publicView(t),
      citizenKey: c.citizen.key,
      ...(c.channelId !== undefined && { channelId: c.channelId }),
      conversation: c.conversation,
    });
  } catch (err) {
    ctx.logger?.error({ err, ticket: t.id, kind }, 'ticket notifier failed');
  }
}
