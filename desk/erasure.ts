/**
 * Erasure (删除个人信息): a citizen's request, or WeChat's unsubscribe, removes their contact
 * and scrubs their phone, name and ID numbers from their tickets' descriptions and events,
 * while category, department, dates, status and survey scores stay for the statistics.
 */
import { forbidden } from '../app/errors.ts';
import { allow, type DeskContext, eventActor } from './context.ts';
import { CONTACTS, eventStream } from './ticket-log.ts';
import { mapStrings, scrubText } from '../app/privacy.ts';
import type { Actor, TicketEvent } from './types.ts';

/** The id that replaces a citizen's key in erased events. */
export const ERASED_CITIZEN = 'citizen:erased';

/** What an erasure did. */
export interface ErasureResult {
  /** Tickets whose personal data was removed. */
  tickets: number;
}

/** Removes a citizen's personal data from all their tickets. */
export async function eraseCitizen(ctx: DeskContext, citizenKey: string, actor: Actor): Promise<ErasureResult> {
  allow(actor, ['agent', 'system', 'citizen'], '删除市民个人信息');
  if (actor.role === 'citizen' && actor.id !== citizenKey) throw forbidden('只能删除本人的个人信息', 'NOT_YOUR_DATA');
  const ids = new Set([
    ...(await ctx.log.find({ citizen: citizenKey })).map((t) => t.id),
    ...(await ctx.store.findRecords(CONTACTS, { citizen: citizenKey })).map((r) => r.id),
  ]);
  // The erasure event itself must not name the citizen it erased.
  const by = actor.role === 'citizen' ? { id: ERASED_CITIZEN, role: 'citizen' as const, name: '市民' } : eventActor(actor);
  for (const id of ids) {
    await ctx.log.rewriteThenAppend(id, async () => {
      const contact = await ctx.log.contact(id);
      const extra = { names: [contact?.citizen.name], phones: [contact?.citizen.phone] };
      await ctx.store.rewrite<TicketEvent>(eventStream(id), (e) => {
        const scrubbed = mapStrings(e, (s) => scrubText(s, 'erase', extra));
        const data = { ...scrubbed.data } as Record<string, unknown>;
        if (e.type === '受理') delete data.citizenKey;
        const actorOut = e.actor.role === 'citizen' ? { ...scrubbed.actor, id: ERASED_CITIZEN } : scrubbed.actor;
        return { ...scrubbed, actor: actorOut, data } as TicketEvent;
      });
      await ctx.log.deleteContact(id);
      return { type: '个人信息已删除', at: ctx.clock().toISOString(), actor: by, data: {} };
    });
  }
  ctx.logger?.info({ tickets: ids.size }, 'citizen personal data erased');
  return { tickets: ids.size };
}
