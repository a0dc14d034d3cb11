/**
 * The console API of the desk, mounted at `/api/desk`. Every route is guarded by
 * `auth.require`; what each role may do on each ticket is decided by the desk itself.
 * Errors are thrown as JiesuError for the app's error handler.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { Auth } from '../app/auth-types.ts';
import { badRequest } from '../app/errors.ts';
import type { Desk, TicketFilter } from './api.ts';
import { actorOf, bodyOf, parseBody, queryString } from './http-util.ts';
import type { RatesBy } from './rates.ts';
import { TICKET_STATUSES } from './ticket-state.ts';
import type { NewTicketInput, Ticket, TicketStatus, UrgencyKind } from './types.ts';
import { staffView } from './views.ts';

/** Options of the desk router. */
export interface DeskRouterOptions {
  desk: Desk;
  auth: Auth;
}

const RATES_BY: readonly RatesBy[] = ['department', 'category', 'area', 'week'];

function filterOf(req: Request): TicketFilter {
  const f: TicketFilter = {};
  const status = queryString(req, 'status');
  if (status !== undefined) {
    if (!TICKET_STATUSES.includes(status as TicketStatus)) throw badRequest(`未知的工单状态：${status}`, 'BAD_STATUS');
    f.status = status as TicketStatus;
  }
  for (const k of ['department', 'category', 'area', 'week', 'createdDay'] as const) {
    const v = queryString(req, k);
    if (v !== undefined) f[k] = v;
  }
  return f;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A stable citizen key for a ticket an agent types in from a phone call (no raw phone in it). */
function phoneKey(phone: string | undefined): string {
  if (!phone) return `agent:${randomUUID()}`;
  return `phone:${createHash('sha256').update(phone.replace(/\D/g, '')).digest('hex').slice(0, 20)}`;
}

function agentInput(b: Record<string, unknown>): NewTicketInput {
  const citizen = (b.citizen && typeof b.citizen === 'object' ? b.citizen : {}) as Record<string, unknown>;
  const phone = str(citizen.phone);
  const name = str(citizen.name);
  const loc = b.location as { lat?: unknown; long?: unknown } | undefined;
  return {
    description: str(b.description) ?? '',
    category: str(b.category) ?? '',
    ...(str(b.topic) && { topic: str(b.topic) }),
    ...(str(b.department) && { department: str(b.department) }),
    disputed: b.disputed === true,
    ...(str(b.urgency) && { urgency: str(b.urgency) as UrgencyKind }),
    ...(str(b.place) && { place: str(b.place) }),
    ...(str(b.area) && { area: str(b.area) }),
    ...(loc && typeof loc.lat === 'number' && typeof loc.long === 'number' && { location: { lat: loc.lat, long: loc.long } }),
    channelId: str(b.channelId) ?? 'phone',
    citizen: { key: str(citizen.key) ?? phoneKey(phone), ...(phone && { phone }), ...(name && { name }), reachable: false },
  };
}

/**
 * Builds the `/api/desk` router.
 * @example app.use('/api/desk', createDeskRouter({ desk, auth }));
 */
export function createDeskRouter({ desk, auth }: DeskRouterOptions): Router {
  const r = Router();
  r.use(...parseBody());
  const staff = auth.require('agent', 'dispatcher', 'department', 'manager');
  const send = (res: Response, t: Ticket) => res.json({ ticket: staffView(t, actorOf(res)) });

  r.get('/tickets', staff, async (req, res) => {
    res.json({ tickets: await desk.listTickets(filterOf(req), actorOf(res)) });
  });

  r.post('/tickets', auth.require('agent', 'dispatcher'), async (req, res) => {
    const b = bodyOf(req);
    const key = str(b.idempotencyKey);
    const t = await desk.createTicket(agentInput(b), actorOf(res), key ? { idempotencyKey: key } : {});
    res.status(201).json({ ticket: staffView(t, actorOf(res)) });
  });

  r.get('/tickets/:id', staff, async (req, res) => {
    const actor = actorOf(res);
    const ticket = await desk.getTicket(String(req.params.id), actor);
    res.json({ ticket, events: await desk.history(ticket.id, actor) });
  });

  const id = (req: Request) => String(req.params.id);
  r.post('/tickets/:id/dispatch', auth.require('dispatcher'), async (req, res) => {
    const b = bodyOf(req);
    send(res, await desk.dispatch(id(req), str(b.department) ?? '', actorOf(res), str(b.reason)));
  });
  r.post('/tickets/:id/redispatch', auth.require('dispatcher'), async (req, res) => {
    const b = bodyOf(req);
    send(res, await desk.redispatch(id(req), str(b.department) ?? '', actorOf(res), str(b.reason)));
  });
  r.post('/tickets/:id/accept', auth.require('department'), async (req, res) => {
    send(res, await desk.accept(id(req), actorOf(res)));
  });
  r.post('/tickets/:id/return', auth.require('department'), async (req, res) => {
    send(res, await desk.returnTicket(id(req), actorOf(res), str(bodyOf(req).reason) ?? ''));
  });
  r.post('/tickets/:id/hold', auth.require('department'), async (req, res) => {
    const b = bodyOf(req);
    send(res, await desk.hold(id(req), actorOf(res), { reason: str(b.reason) ?? '', reviewAt: str(b.reviewAt) ?? '' }));
  });
  r.post('/tickets/:id/close', auth.require('department'), async (req, res) => {
    send(res, await desk.close(id(req), actorOf(res), str(bodyOf(req).reply) ?? ''));
  });
  r.post('/tickets/:id/merge', auth.require('dispatcher'), async (req, res) => {
    const b = bodyOf(req);
    send(res, await desk.merge(id(req), str(b.into) ?? '', actorOf(res), str(b.reason)));
  });
  r.post('/tickets/:id/reopen', auth.require('agent', 'dispatcher'), async (req, res) => {
    send(res, await desk.reopen(id(req), actorOf(res), str(bodyOf(req).reason)));
  });
  r.post('/tickets/:id/archive', auth.require('dispatcher', 'manager'), async (req, res) => {
    send(res, await desk.archive(id(req), actorOf(res)));
  });

  r.get('/disputed', auth.require('dispatcher', 'agent', 'manager'), async (_req, res) => {
    res.json({ tickets: await desk.listDisputed(actorOf(res)) });
  });
  r.get('/overdue', staff, async (_req, res) => {
    res.json({ items: await desk.listOverdue(actorOf(res)) });
  });
  r.get('/near-due', staff, async (_req, res) => {
    res.json({ items: await desk.listNearDue(actorOf(res)) });
  });
  r.get('/warnings', auth.require('manager', 'dispatcher'), async (req, res) => {
    res.json(await desk.warnings(queryString(req, 'week')));
  });
  r.get('/rates', auth.require('manager', 'dispatcher'), async (req, res) => {
    const by = (queryString(req, 'by') ?? 'department') as RatesBy;
    if (!RATES_BY.includes(by)) throw badRequest(`by 只能是 ${RATES_BY.join(' / ')}`, 'BAD_RATES_BY');
    const from = queryString(req, 'from');
    const to = queryString(req, 'to');
    res.json(await desk.rates(by, { ...(from && { from }), ...(to && { to }) }));
  });
  r.get('/export.csv', auth.require('manager'), async (req, res) => {
    const csv = await desk.exportCsv(filterOf(req));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="tickets.csv"');
    res.send(csv);
  });
  return r;
}
