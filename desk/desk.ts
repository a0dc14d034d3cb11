/**
 * The ticket desk: creation, dispatch and handling actions, queries for each role, and
 * the wiring of follow-up, rates, export and erasure. Every change is one event appended
 * under the ticket's lock (see ticket-log.ts); permissions are checked here, not in HTTP.
 */
import { badRequest, conflict, forbidden } from '../app/errors.ts';
import type { Desk, DeskOptions, DueItem, TicketFilter } from './api.ts';
import { allow, type DeskContext, eventActor, knownDepartment, notify, ownDepartment, requiredText, SYSTEM } from './context.ts';
import { ticketRows, toCsv } from './csv.ts';
import { computeDeadlines, dayStart, type DueState, dueState, isoWeek, loadHolidayCalendar, shanghaiDay, weekDays } from './deadlines.ts';
import { eraseCitizen } from './erasure.ts';
import { followUpTicket, recordSurvey, tick } from './follow-up.ts';
import { scrubText } from '../app/privacy.ts';
import { computeRates, weeklyWarnings } from './rates.ts';
import { type ContactRecord, createTicketLog } from './ticket-log.ts';
import { canApply, illegalTransition, OPEN_STATUSES } from './ticket-state.ts';
import type { Actor, NewTicketInput, Ticket, TicketEvent, UrgencyKind } from './types.ts';
import { areaOf, publicView, staffView } from './views.ts';

const URGENCIES: readonly UrgencyKind[] = ['emergency', 'epidemic', 'enterprise', 'normal'];
const STAFF = ['agent', 'dispatcher', 'department', 'manager'] as const;
const byNewest = (a: { id: string }, b: { id: string }) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Parses a review date: `YYYY-MM-DD` (start of that Shanghai day) or an ISO instant. */
function parseReviewAt(value: unknown, now: Date): string {
  if (typeof value !== 'string' || !value.trim()) throw badRequest('挂账须写明复查日期（reviewAt）', 'REVIEW_AT_REQUIRED');
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayStart(value).getTime() : Date.parse(value);
  if (Number.isNaN(t)) throw badRequest('复查日期格式不对，应为 YYYY-MM-DD', 'BAD_REVIEW_AT');
  if (t <= now.getTime()) throw badRequest('复查日期须晚于现在', 'BAD_REVIEW_AT');
  return new Date(t).toISOString();
}

function checkInput(input: NewTicketInput): void {
  if (!input || typeof input !== 'object') throw badRequest('缺少工单内容');
  requiredText(input.description, 'description', '诉求内容');
  requiredText(input.category, 'category', '诉求类别', 100);
  if (!input.citizen || typeof input.citizen.key !== 'string' || !input.citizen.key)
    throw badRequest('缺少市民标识（citizen.key）', 'CITIZEN_REQUIRED');
  if (input.urgency !== undefined && !URGENCIES.includes(input.urgency))
    throw badRequest(`未知的紧急程度：${String(input.urgency)}`, 'BAD_URGENCY');
}

/** Builds the desk over a Store. */
export function createDesk(options: DeskOptions): Desk {
  const { store, clock = () => new Date(), taxonomy, followUp, notifier, log: logger } = options;
  const calendar =
    options.calendar ??
    loadHolidayCalendar(undefined, {
      onUncoveredYear: (year) =>
        logger?.warn({ year }, 'holiday calendar does not cover this year: weekends only; update desk/calendar/holidays-cn.json'),
    });
  const ctx: DeskContext = {
    store,
    log: createTicketLog(store),
    clock,
    calendar,
    followUp,
    ...(taxonomy && { taxonomy }),
    ...(notifier && { notifier }),
    ...(logger && { logger }),
  };
  const tickets = ctx.log;
  const now = () => clock().toISOString();

  const view = async (t: Ticket, actor: Actor, withContact = false) =>
    staffView(t, actor, withContact ? await tickets.contact(t.id) : undefined);

  async function create(input: NewTicketInput, actor: Actor, reservedId?: string): Promise<Ticket> {
    const at = clock();
    const id = reservedId ?? (await reserveId(at));
    const c = input.citizen;
    const extra = { names: [c.name], phones: [c.phone] };
    const urgency = input.urgency ?? 'normal';
    const d = computeDeadlines(urgency, at, calendar);
    const place = input.place?.trim() || undefined;
    const area = input.area?.trim() || areaOf(place) || areaOf(input.description);
    const department = input.department?.trim() || undefined;
    const event: Extract<TicketEvent, { type: '受理' }> = {
      type: '受理',
      at: at.toISOString(),
      actor: eventActor(actor),
      data: {
        id,
        ...(input.channelId !== undefined && { channelId: input.channelId }),
        citizenKey: c.key,
        category: input.category.trim(),
        ...(input.topic?.trim() && { topic: input.topic.trim() }),
        ...(department !== undefined && { department }),
        disputed: input.disputed === true || department === undefined,
        urgency,
        description: input.description.trim(),
        publicDescription: scrubText(input.description.trim(), 'remove', extra),
        ...(place !== undefined && { place, publicPlace: scrubText(place, 'remove', extra) }),
        ...(area !== undefined && { area }),
        ...(input.location && { location: { lat: Number(input.location.lat), long: Number(input.location.long) } }),
        attachments: (input.attachments ?? []).filter((a) => a && typeof a.url === 'string'),
        deadlines: { respondBy: d.respondBy.toISOString(), resolveBy: d.resolveBy.toISOString() },
      },
    };
    const contact: ContactRecord = {
      ticketId: id,
      citizen: { key: c.key, ...(c.phone && { phone: c.phone }), ...(c.name && { name: c.name }), reachable: c.reachable === true },
      ...(input.channelId !== undefined && { channelId: input.channelId }),
      ...(input.conversation && { conversation: input.conversation }),
    };
    let t = await tickets.create(event, contact);
    // A clear, known department goes straight out; anything else waits for a dispatcher.
    const known = !taxonomy?.departments?.length || (department !== undefined && taxonomy.departments.includes(department));
    if (department && !event.data.disputed && known) {
      t = await tickets.append(id, () => ({ type: '派单', at: now(), actor: SYSTEM, reason: '按分类自动派单', data: { department } }));
      await notify(ctx, 'dispatched', t);
    }
    return t;
  }

  async function reserveId(at: Date): Promise<string> {
    const day = shanghaiDay(at).replace(/-/g, '');
    const n = await store.nextSeq(`ticket-no:${day}`);
    return `${day}-${String(n).padStart(4, '0')}`;
  }

  async function act(id: string, actor: Actor, make: (t: Ticket) => TicketEvent): Promise<Ticket> {
    return tickets.append(id, (t) => {
      ownDepartment(actor, t);
      return make(t);
    });
  }

  async function due(actor: Actor, at: Date, wanted: DueState): Promise<DueItem[]> {
    allow(actor, STAFF, '查看时限清单');
    const out: DueItem[] = [];
    for (const status of OPEN_STATUSES) {
      for (const t of await tickets.find(actor.role === 'department' ? { status, department: actor.department ?? '' } : { status })) {
        const items: Array<Omit<DueItem, 'ticket' | 'state'>> = [];
        if (t.status === '挂账' && t.hold) items.push({ kind: 'review', dueAt: t.hold.reviewAt });
        else {
          if (!t.respondedAt) items.push({ kind: 'respond', dueAt: t.deadlines.respondBy });
          items.push({ kind: 'resolve', dueAt: t.deadlines.resolveBy });
        }
        for (const item of items) {
          const start = item.kind === 'review' ? t.updatedAt : t.windowStart;
          const state = dueState(at, start, item.dueAt);
          if (state === wanted) out.push({ ...item, state, ticket: staffView(t, actor) });
        }
      }
    }
    return out.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  }

  async function filtered(filter: TicketFilter): Promise<Ticket[]> {
    const f: Record<string, string> = {};
    for (const k of ['status', 'department', 'category', 'area', 'week', 'createdDay'] as const) {
      const v = filter[k];
      if (typeof v === 'string' && v) f[k] = v;
    }
    return (await tickets.find(f)).sort(byNewest);
  }

  return {
    async createTicket(input, actor, { idempotencyKey } = {}) {
      allow(actor, ['agent', 'dispatcher', 'citizen', 'system'], '登记工单');
      checkInput(input);
      if (!idempotencyKey) return create(input, actor);
      const key = `ticket-idem:${idempotencyKey}`;
      return store.withLock(key, 15_000, async () => {
        const seen = await store.getState<{ id: string }>(key);
        if (seen) {
          const existing = await store.getRecord<Ticket>('tickets', seen.value.id);
          if (existing) return existing;
        }
        // The number is reserved before the ticket is written, so a crash in between
        // is retried under the same number rather than making a second ticket.
        const id = seen?.value.id ?? (await reserveId(clock()));
        if (!seen) await store.putState(key, { id }, 0);
        return create(input, actor, id);
      });
    },

    async getTicket(id, actor) {
      allow(actor, STAFF, '查看工单');
      const t = await tickets.get(id);
      ownDepartment(actor, t);
      return view(t, actor, true);
    },

    async history(id, actor) {
      allow(actor, STAFF, '查看工单');
      const t = await tickets.get(id);
      ownDepartment(actor, t);
      const contact = await tickets.contact(id);
      const full = actor.role === 'agent' || actor.role === 'dispatcher' || actor.role === 'admin';
      const extra = { names: [contact?.citizen.name], phones: [contact?.citizen.phone] };
      return (await tickets.events(id)).map((e) => {
        const data = { ...e.data } as Record<string, unknown>;
        delete data.citizenKey;
        if (!full)
          for (const k of ['description', 'place', 'reply'] as const)
            if (typeof data[k] === 'string') data[k] = scrubText(data[k] as string, 'mask', extra);
        const shown = e.actor.role === 'citizen' ? { id: 'citizen', role: 'citizen' as const, name: '市民' } : e.actor;
        return { ...e, actor: shown, data } as TicketEvent;
      });
    },

    async listTickets(filter, actor) {
      allow(actor, STAFF, '查看工单');
      const f = actor.role === 'department' ? { ...filter, department: actor.department ?? '\u0000' } : filter;
      return (await filtered(f)).map((t) => staffView(t, actor));
    },

    async listDisputed(actor) {
      allow(actor, ['dispatcher', 'agent', 'manager'], '查看待派单清单');
      const waiting = [...(await tickets.find({ status: '已受理' })), ...(await tickets.find({ status: '已退单' }))];
      return waiting.sort((a, b) => (a.id < b.id ? -1 : 1)).map((t) => staffView(t, actor));
    },

    async dispatch(id, department, actor, reason) {
      allow(actor, ['dispatcher'], '派单');
      const dept = knownDepartment(ctx, department);
      const t = await act(id, actor, () => ({
        type: '派单',
        at: now(),
        actor: eventActor(actor),
        ...(reason && { reason }),
        data: { department: dept },
      }));
      await notify(ctx, 'dispatched', t);
      return t;
    },

    async redispatch(id, department, actor, reason) {
      allow(actor, ['dispatcher'], '重新派单');
      const dept = knownDepartment(ctx, department);
      const t = await act(id, actor, (cur) => ({
        type: '重新派单',
        at: now(),
        actor: eventActor(actor),
        ...(reason && { reason }),
        data: { department: dept, ...(cur.department !== undefined && { from: cur.department }) },
      }));
      await notify(ctx, 'dispatched', t);
      return t;
    },

    async accept(id, actor) {
      allow(actor, ['department'], '接单');
      return act(id, actor, () => ({ type: '接单', at: now(), actor: eventActor(actor), data: {} }));
    },

    async returnTicket(id, actor, reason) {
      allow(actor, ['department'], '退单');
      const why = requiredText(reason, 'reason', '退单理由', 1000);
      return act(id, actor, () => ({ type: '退单', at: now(), actor: eventActor(actor), reason: why, data: {} }));
    },

    async hold(id, actor, params) {
      allow(actor, ['department'], '挂账');
      const why = requiredText(params?.reason, 'reason', '挂账理由', 1000);
      const reviewAt = parseReviewAt(params?.reviewAt, clock());
      return act(id, actor, () => ({ type: '挂账', at: now(), actor: eventActor(actor), reason: why, data: { reviewAt } }));
    },

    async close(id, actor, reply) {
      allow(actor, ['department'], '办结');
      const text = requiredText(reply, 'reply', '办理结果');
      const contact = await tickets.contact(id);
      const publicReply = scrubText(text, 'remove', { names: [contact?.citizen.name], phones: [contact?.citizen.phone] });
      const t = await act(id, actor, () => ({ type: '办结', at: now(), actor: eventActor(actor), data: { reply: text, publicReply } }));
      try {
        // The survey goes out at once; if the channel fails, the next tick retries.
        await followUpTicket(ctx, t, clock());
      } catch (err) {
        // A sender may defer on purpose (e.g. a person holds the conversation): not a failure.
        const deferred = (err as { code?: string }).code === 'SURVEY_DEFERRED';
        if (deferred) logger?.info({ ticket: id }, 'follow-up deferred by the channel; tick retries');
        else logger?.error({ err, ticket: id }, 'follow-up at close failed; tick retries');
      }
      return tickets.get(id);
    },

    async reopen(id, actor, reason) {
      allow(actor, ['citizen', 'agent', 'dispatcher'], '重开工单');
      if (actor.role === 'citizen') {
        const contact = await tickets.contact(id);
        await tickets.get(id);
        if (!contact || contact.citizen.key !== actor.id) throw forbidden('只有提出诉求的市民本人可以要求重开', 'NOT_YOUR_TICKET');
      }
      const at = clock();
      const t = await tickets.append(id, (cur) => {
        if (actor.role === 'citizen' && !(cur.status === '已回访' && cur.survey && cur.survey.score < 1)) {
          throw conflict('工单已评价为满意，如有新问题请重新提出诉求', 'REOPEN_NOT_ALLOWED');
        }
        const d = computeDeadlines(cur.urgency, at, calendar);
        const who = actor.role === 'citizen' ? { id: actor.id, role: 'citizen' as const, name: '市民' } : eventActor(actor);
        return {
          type: '重开',
          at: at.toISOString(),
          actor: who,
          ...(reason && { reason }),
          data: { deadlines: { respondBy: d.respondBy.toISOString(), resolveBy: d.resolveBy.toISOString() } },
        };
      });
      await notify(ctx, 'reopened', t);
      return t;
    },

    async merge(duplicateId, intoId, actor, reason) {
      allow(actor, ['dispatcher'], '合并工单');
      if (typeof intoId !== 'string' || !intoId) throw badRequest('缺少原工单编号（into）', 'INTO_REQUIRED');
      if (duplicateId === intoId) throw badRequest('工单不能与自己合并', 'SELF_MERGE');
      const original = await tickets.get(intoId);
      if (!canApply(original.status, '并入重复件')) throw illegalTransition(original.status, '并入重复件');
      const t = await tickets.append(duplicateId, () => ({
        type: '合并',
        at: now(),
        actor: eventActor(actor),
        ...(reason && { reason }),
        data: { into: intoId },
      }));
      await tickets.append(intoId, () => ({ type: '并入重复件', at: now(), actor: eventActor(actor), data: { duplicate: duplicateId } }));
      await notify(ctx, 'merged', t);
      return t;
    },

    async archive(id, actor) {
      allow(actor, ['dispatcher', 'manager', 'system'], '归档');
      return act(id, actor, () => ({ type: '归档', at: now(), actor: eventActor(actor), data: {} }));
    },

    recordSurvey: (id, citizenKey, answers) => recordSurvey(ctx, id, citizenKey, answers),
    tick: (at) => tick(ctx, at ?? clock()),
    listOverdue: (actor, at) => due(actor, at ?? clock(), 'overdue'),
    listNearDue: (actor, at) => due(actor, at ?? clock(), 'near'),

    async warnings(week, opts) {
      const w = week ?? isoWeek(new Date(clock().getTime() - 7 * 24 * 3_600_000));
      if (!weekDays(w)) throw badRequest('周次格式应为 YYYY-Www，例如 2026-W48', 'BAD_WEEK');
      return { week: w, departments: weeklyWarnings(await tickets.find({ week: w }), clock(), { ...options.warnings, ...opts }) };
    },

    async rates(by, range = {}) {
      for (const [k, v] of Object.entries(range)) {
        if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw badRequest(`日期格式应为 YYYY-MM-DD（${k}）`, 'BAD_DATE');
      }
      const all = (await tickets.find()).filter((t) => {
        const day = shanghaiDay(new Date(t.createdAt));
        return (!range.from || day >= range.from) && (!range.to || day <= range.to);
      });
      return computeRates(all, by, clock());
    },

    async exportCsv(filter = {}) {
      const list = await filtered(filter);
      const contacts = new Map<string, ContactRecord>();
      for (const t of list) {
        const c = await tickets.contact(t.id);
        if (c) contacts.set(t.id, c);
      }
      return toCsv(ticketRows(list, contacts));
    },

    eraseCitizen: (citizenKey, actor) => eraseCitizen(ctx, citizenKey, actor),

    async listByCitizen(citizenKey) {
      if (!citizenKey) return [];
      return (await tickets.find({ citizen: citizenKey })).sort(byNewest).map(publicView);
    },

    async getForCitizen(id, citizenKey) {
      const t = await store.getRecord<Ticket>('tickets', id);
      if (!t || !citizenKey || t.citizenKey !== citizenKey) return undefined;
      return publicView(t);
    },

    async getPublic(id) {
      const t = await store.getRecord<Ticket>('tickets', id);
      return t ? publicView(t) : undefined;
    },
    findTickets: (filter = {}) => filtered(filter),
    publicView,

    async categories() {
      if (taxonomy?.categories?.length) return taxonomy.categories;
      const seen = new Set((await tickets.find()).map((t) => t.category));
      return [...seen].sort().map((name) => ({ name }));
    },
  };
}
