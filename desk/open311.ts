/**
 * Open311 GeoReport v2 (JSON), mounted at `/open311/v2`: categories as services, tickets
 * as service requests. Public: no contact, no conversation, descriptions scrubbed of
 * phones, ID numbers and the contact's name. Errors follow the spec: `[{code, description}]`.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { JiesuError } from '../app/errors.ts';
import type { TaxonomyCategory } from './context.ts';
import { shanghaiIso } from './deadlines.ts';
import type { Desk } from './api.ts';
import { bodyOf, parseBody, queryString } from './http-util.ts';
import { CLOSED_STATUSES } from './ticket-state.ts';
import type { Actor, DeskLog, PublicTicket } from './types.ts';

/** Options of the Open311 router. */
export interface Open311RouterOptions {
  desk: Desk;
  /** Keys allowed to POST requests. */
  apiKeys: string[];
  /** The clock for the default 90-day window (default: real time). */
  clock?: () => Date;
  /** Where unexpected errors are logged. */
  log?: DeskLog;
}

const MAX_RESULTS = 1000;
const DEFAULT_WINDOW_MS = 90 * 24 * 3_600_000;
const OPEN311_ACTOR: Actor = { id: 'open311', role: 'system', name: 'Open311' };

/** A GeoReport error: rendered as `[{code, description}]` with `status`. */
const geoError = (status: number, description: string) => new JiesuError('OPEN311', description, status);

const codeOf = (c: TaxonomyCategory) => c.code ?? c.name;

function statusNotes(t: PublicTicket): string {
  if (t.mergedInto) return `已与工单 ${t.mergedInto} 合并办理`;
  if (t.reply) return t.reply;
  switch (t.status) {
    case '已受理':
      return '已受理，正在确定承办单位';
    case '已派单':
      return `已派至${t.department ?? '承办单位'}`;
    case '已退单':
      return '承办单位退回，正在重新派单';
    case '挂账':
      return '暂时无法办结，已列入挂账，定期复查';
    default:
      return t.status;
  }
}

/** One ticket as a GeoReport service request. */
function serviceRequest(t: PublicTicket, categories: readonly TaxonomyCategory[]) {
  const closed = CLOSED_STATUSES.includes(t.status);
  const cat = categories.find((c) => c.name === t.category);
  const media = t.attachments.find((a) => !a.contentType || a.contentType.startsWith('image/'));
  return {
    service_request_id: t.id,
    status: closed ? 'closed' : 'open',
    status_notes: statusNotes(t),
    service_name: t.category,
    service_code: cat ? codeOf(cat) : t.category,
    description: t.description,
    agency_responsible: t.department ?? null,
    service_notice: closed ? null : `应于 ${shanghaiIso(t.deadlines.resolveBy).slice(0, 16).replace('T', ' ')} 前办结`,
    requested_datetime: shanghaiIso(t.createdAt),
    updated_datetime: shanghaiIso(t.updatedAt),
    expected_datetime: shanghaiIso(t.deadlines.resolveBy),
    address: t.place ?? null,
    address_id: null,
    zipcode: null,
    lat: t.location?.lat ?? null,
    long: t.location?.long ?? null,
    media_url: media?.url ?? null,
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares an API key against the allowed ones in constant time per key. */
function keyAllowed(given: string, allowed: readonly Buffer[]): boolean {
  const g = digest(given);
  let ok = false;
  for (const k of allowed) ok = timingSafeEqual(g, k) || ok;
  return ok;
}

function parseDate(req: Request, name: string): number | undefined {
  const v = queryString(req, name);
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw geoError(400, `${name} must be a W3C date-time, e.g. 2026-09-30T00:00:00+08:00`);
  return t;
}

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * Builds the GeoReport v2 router.
 * @example app.use('/open311/v2', createOpen311Router({ desk, apiKeys: ['…'] }));
 */
export function createOpen311Router({ desk, apiKeys, clock = () => new Date(), log }: Open311RouterOptions): Router {
  const allowed = apiKeys.filter(Boolean).map(digest);
  const r = Router();

  r.get('/services.json', async (_req, res) => {
    const cats = await desk.categories();
    res.json(
      cats.map((c) => ({
        service_code: codeOf(c),
        service_name: c.name,
        description: c.description ?? c.name,
        metadata: false,
        type: 'realtime',
        keywords: (c.keywords ?? []).join(','),
        group: c.group ?? c.name,
      })),
    );
  });

  r.get('/requests.json', async (req, res) => {
    const cats = await desk.categories();
    const ids = list(queryString(req, 'service_request_id'));
    let tickets = await desk.findTickets();
    if (ids.length > 0) {
      // The spec: with service_request_id, every other parameter is ignored.
      tickets = tickets.filter((t) => ids.includes(t.id));
    } else {
      const codes = list(queryString(req, 'service_code'));
      const statuses = list(queryString(req, 'status'));
      for (const s of statuses) if (s !== 'open' && s !== 'closed') throw geoError(400, 'status must be open or closed');
      let start = parseDate(req, 'start_date');
      let end = parseDate(req, 'end_date');
      if (start === undefined && end === undefined) {
        end = clock().getTime();
        start = end - DEFAULT_WINDOW_MS;
      }
      tickets = tickets.filter((t) => {
        const at = Date.parse(t.createdAt);
        const cat = cats.find((c) => c.name === t.category);
        const code = cat ? codeOf(cat) : t.category;
        const status = CLOSED_STATUSES.includes(t.status) ? 'closed' : 'open';
        return (
          (codes.length === 0 || codes.includes(code)) &&
          (statuses.length === 0 || statuses.includes(status)) &&
          (start === undefined || at >= start) &&
          (end === undefined || at <= end)
        );
      });
    }
    res.json(tickets.slice(0, MAX_RESULTS).map((t) => serviceRequest(desk.publicView(t), cats)));
  });

  r.get('/requests/:id.json', async (req, res) => {
    const t = await desk.getPublic(String(req.params.id));
    if (!t) throw geoError(404, `service_request_id ${String(req.params.id)} not found`);
    res.json([serviceRequest(t, await desk.categories())]);
  });

  r.post('/requests.json', ...parseBody(), async (req, res) => {
    const b = bodyOf(req);
    const key = text(b.api_key);
    if (!key) throw geoError(401, 'api_key is required');
    if (!keyAllowed(key, allowed)) throw geoError(403, 'api_key is not valid');
    const code = text(b.service_code);
    if (!code) throw geoError(400, 'service_code is required');
    const cat = (await desk.categories()).find((c) => codeOf(c) === code);
    if (!cat) throw geoError(400, `service_code ${code} is not a known service`);
    const lat = b.lat === undefined || b.lat === '' ? undefined : Number(b.lat);
    const long = b.long === undefined || b.long === '' ? undefined : Number(b.long);
    const address = text(b.address_string) ?? text(b.address_id);
    const hasPoint = lat !== undefined && long !== undefined;
    if (hasPoint && (!Number.isFinite(lat) || !Number.isFinite(long) || Math.abs(lat) > 90 || Math.abs(long) > 180)) {
      throw geoError(400, 'lat and long must be valid WGS-84 coordinates');
    }
    if (!hasPoint && !address) throw geoError(400, 'a location is required: lat and long, address_string or address_id');
    const description = text(b.description);
    if (!description) throw geoError(400, 'description is required');
    if (description.length > 4000) throw geoError(400, 'description must be at most 4000 characters');
    const phone = text(b.phone);
    const name = [text(b.last_name), text(b.first_name)].filter(Boolean).join('') || undefined;
    const account = text(b.account_id);
    const who = account ?? text(b.device_id) ?? text(b.email) ?? phone;
    const mediaUrl = text(b.media_url);
    const t = await desk.createTicket(
      {
        description,
        category: cat.name,
        ...(cat.department && { department: cat.department }),
        ...(address && { place: address }),
        ...(hasPoint && { location: { lat: lat as number, long: long as number } }),
        ...(mediaUrl && { attachments: [{ url: mediaUrl }] }),
        channelId: 'open311',
        citizen: {
          // Hashed: the key is an index value and must not carry an email or phone.
          key: `open311:${who ? createHash('sha256').update(who).digest('hex').slice(0, 20) : randomUUID()}`,
          ...(phone && { phone }),
          ...(name && { name }),
          reachable: false,
        },
      },
      OPEN311_ACTOR,
    );
    const pub = desk.publicView(t);
    res.json([
      {
        service_request_id: t.id,
        service_notice: `应于 ${shanghaiIso(pub.deadlines.resolveBy).slice(0, 16).replace('T', ' ')} 前办结`,
        account_id: account ?? null,
      },
    ]);
  });

  r.use((_req: Request, res: Response) => {
    res.status(404).json([{ code: 404, description: 'not found' }]);
  });
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof JiesuError ? err.status : 500;
    if (status >= 500) log?.error({ err }, 'open311 request failed');
    const description = err instanceof JiesuError ? err.message : 'internal error';
    res.status(status).json([{ code: status, description }]);
  });
  return r;
}
