/**
 * What each audience sees of a ticket: the public view (no personal data at all), the
 * staff view (contact whole or masked by role), and the district of a place.
 */
import type { ContactRecord } from './ticket-log.ts';
import { maskName, maskPhone, scrubText } from '../app/privacy.ts';
import type { Actor, ActorRole, ContactView, PublicTicket, StaffTicket, Ticket } from './types.ts';

/** Roles that see a citizen's contact and words unmasked. */
export const FULL_CONTACT_ROLES: readonly ActorRole[] = ['agent', 'dispatcher', 'admin'];

/** The ticket as anyone may see it: scrubbed texts, no citizen, no conversation. */
export function publicView(t: Ticket): PublicTicket {
  // Scrubbed again at output: the stored public texts are clean, this guards old records.
  const clean = (s: string) => scrubText(s, 'remove');
  const place = t.publicPlace ?? (t.place !== undefined ? clean(t.place) : undefined);
  const reply = t.publicReply ?? (t.reply !== undefined ? clean(t.reply) : undefined);
  return {
    id: t.id,
    status: t.status,
    category: t.category,
    ...(t.topic !== undefined && { topic: t.topic }),
    ...(t.department !== undefined && { department: t.department }),
    urgency: t.urgency,
    description: clean(t.publicDescription),
    ...(place !== undefined && { place: clean(place) }),
    ...(t.area !== undefined && { area: t.area }),
    ...(t.location !== undefined && { location: t.location }),
    attachments: t.attachments,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    deadlines: t.deadlines,
    ...(t.closedAt !== undefined && { closedAt: t.closedAt }),
    ...(reply !== undefined && { reply: clean(reply) }),
    ...(t.mergedInto !== undefined && { mergedInto: t.mergedInto }),
  };
}

/** The contact as `role` may see it. */
export function contactView(c: ContactRecord | undefined, role: ActorRole): ContactView | undefined {
  if (!c) return undefined;
  const full = FULL_CONTACT_ROLES.includes(role);
  const { key, phone, name, reachable } = c.citizen;
  if (full) return { key, ...(phone !== undefined && { phone }), ...(name !== undefined && { name }), reachable, masked: false };
  return {
    ...(phone !== undefined && { phone: maskPhone(phone) }),
    ...(name !== undefined && { name: maskName(name) }),
    reachable,
    masked: true,
  };
}

/** The ticket as a staff member sees it: no citizen key; texts masked unless the role needs them. */
export function staffView(t: Ticket, actor: Actor, contact?: ContactRecord): StaffTicket {
  const { citizenKey: _omit, ...rest } = t;
  const full = FULL_CONTACT_ROLES.includes(actor.role);
  const names = [contact?.citizen.name];
  const phones = [contact?.citizen.phone];
  const mask = (s: string) => (full ? s : scrubText(s, 'mask', { names, phones }));
  const view: StaffTicket = {
    ...rest,
    description: mask(t.description),
    ...(t.place !== undefined && { place: mask(t.place) }),
    ...(t.reply !== undefined && { reply: mask(t.reply) }),
  };
  const c = contactView(contact, actor.role);
  if (c) view.contact = c;
  return view;
}

const AREA_RE = /(?:^|[市省])((?:(?![市省区县])[\p{Script=Han}A-Za-z0-9]){1,5}?[区县旗])/u;

/** The district (区/县) named in a place, e.g. 朝阳区 from 北京市朝阳区花家地北里3号楼. */
export function areaOf(place: string | undefined): string | undefined {
  if (!place) return undefined;
  return AREA_RE.exec(place)?.[1];
}
