/**
 * Where tickets live in the Store: the event log `ticket:<id>:events` (the truth), the
 * projection record in `tickets` (for queries; rewritten after each event under the
 * ticket's lock, so it always equals the fold), and the contact in `ticket_contacts`.
 */
import { notFound } from '../app/errors.ts';
import type { RecordFilter, Store } from '../store/types.ts';
import { isoWeek, shanghaiDay } from './deadlines.ts';
import { applyEvent, fold } from './ticket-state.ts';
import type { CitizenContact, ConversationRef, Ticket, TicketEvent } from './types.ts';

/** The record collection of ticket projections. */
export const TICKETS = 'tickets';
/** The record collection of citizens' contacts (personal data, apart from tickets). */
export const CONTACTS = 'ticket_contacts';
const LOCK_TTL_MS = 15_000;

/** The contact record of one ticket. */
export interface ContactRecord {
  ticketId: string;
  citizen: CitizenContact;
  channelId?: string;
  conversation?: ConversationRef;
}

/** The event stream name of a ticket. */
export const eventStream = (id: string) => `ticket:${id}:events`;

/** The index values a projection is filed under (absent values are not indexed). */
export function indexOf(t: Ticket): RecordFilter {
  const idx: RecordFilter = {
    status: t.status,
    category: t.category,
    week: isoWeek(new Date(t.createdAt)),
    createdDay: shanghaiDay(new Date(t.createdAt)),
  };
  if (t.department) idx.department = t.department;
  if (t.citizenKey) idx.citizen = t.citizenKey;
  if (t.area) idx.area = t.area;
  return idx;
}

/** Reads, appends to and projects ticket streams. */
export interface TicketLog {
  /** Reads the events of a ticket (empty when unknown). */
  events(id: string): Promise<TicketEvent[]>;
  /** Reads the projection; 404 `TICKET_NOT_FOUND` when unknown. */
  get(id: string): Promise<Ticket>;
  /** Finds projections by index values. */
  find(filter?: RecordFilter): Promise<Ticket[]>;
  /** Writes the first event and the contact of a new ticket. */
  create(event: Extract<TicketEvent, { type: '受理' }>, contact: ContactRecord): Promise<Ticket>;
  /**
   * Under the ticket's lock: folds the current events, lets `make` build the next event
   * (it may throw to refuse), checks the transition, appends and reprojects.
   */
  append(id: string, make: (t: Ticket) => TicketEvent | Promise<TicketEvent>): Promise<Ticket>;
  /**
   * Under the ticket's lock: runs `rewrite` (which may rewrite the stream in place), then
   * refolds, appends the event it returns (if any) and reprojects. Used for erasure.
   */
  rewriteThenAppend(id: string, rewrite: (t: Ticket) => Promise<TicketEvent | undefined>): Promise<Ticket>;
  contact(id: string): Promise<ContactRecord | undefined>;
  deleteContact(id: string): Promise<void>;
}

/** A ticket log over a Store. */
export function createTicketLog(store: Store): TicketLog {
  const events = async (id: string) => (await store.read<TicketEvent>(eventStream(id))).map((e) => e.item);
  const project = async (t: Ticket) => store.putRecord(TICKETS, t.id, t, indexOf(t));
  const lock = <T>(id: string, fn: () => Promise<T>) => store.withLock(`ticket:${id}`, LOCK_TTL_MS, fn);

  return {
    events,
    async get(id) {
      const t = await store.getRecord<Ticket>(TICKETS, id);
      if (!t) throw notFound(`没有编号为 ${id} 的工单`, 'TICKET_NOT_FOUND');
      return t;
    },
    async find(filter = {}) {
      return (await store.findRecords<Ticket>(TICKETS, filter)).map((r) => r.doc);
    },
    async create(event, contact) {
      const id = event.data.id;
      return lock(id, async () => {
        const t = applyEvent(undefined, event);
        // Contact first: a ticket must never exist without the way back to its citizen.
        await store.putRecord(CONTACTS, id, contact, { citizen: contact.citizen.key });
        await store.append(eventStream(id), event);
        await project(t);
        return t;
      });
    },
    async append(id, make) {
      return lock(id, async () => {
        const current = fold(await events(id));
        if (!current) throw notFound(`没有编号为 ${id} 的工单`, 'TICKET_NOT_FOUND');
        const event = await make(current);
        const next = applyEvent(current, event);
        await store.append(eventStream(id), event);
        await project(next);
        return next;
      });
    },
    async rewriteThenAppend(id, rewrite) {
      return lock(id, async () => {
        const before = fold(await events(id));
        if (!before) throw notFound(`没有编号为 ${id} 的工单`, 'TICKET_NOT_FOUND');
        const event = await rewrite(before);
        let t = fold(await events(id)) as Ticket;
        if (event) {
          t = applyEvent(t, event);
          await store.append(eventStream(id), event);
        }
        await project(t);
        return t;
      });
    },
    contact: (id) => store.getRecord<ContactRecord>(CONTACTS, id),
    deleteContact: (id) => store.deleteRecord(CONTACTS, id),
  };
}
