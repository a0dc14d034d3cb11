/**
 * Handoff request (转人工): queues the conversation for a person with what an agent needs at
 * a glance (the last words, the bot's guess at the category, an unfinished intake), and
 * tells the citizen how to leave the queue. From then on the handoff gate keeps the bot quiet.
 */
import type { BotTurnContext } from '../dialog.ts';
import { TEXTS } from '../texts.ts';
import { memory, type SurveyArgs } from './common.ts';
import { INTAKE, type IntakeData } from './intake.ts';
import type { BotServices } from './ports.ts';
import { SURVEY } from './survey.ts';

/** The store queue agents take conversations from. */
export const HANDOFF_QUEUE = 'handoff';

/** What an agent sees of a queued conversation. */
export interface HandoffItem {
  reference: BotTurnContext['reference'];
  since: string;
  reason: string;
  /** The citizen's last message that was not a button. */
  lastText?: string;
  /** The bot's guess at the category (一级分类) of that message. */
  guess?: string;
  /** An intake left unfinished: what the citizen had said so far. */
  draft?: { description?: string; place?: string };
}

/** Puts the conversation in the agents' queue and tells the citizen. */
export async function requestHandoff(ctx: BotTurnContext, services: BotServices, reason = '市民要求转人工'): Promise<void> {
  const { clock, nlp, store } = services;
  const m = memory(ctx);
  const since = clock().toISOString();
  let draft: HandoffItem['draft'];
  const open = ctx.conversation.dialog;
  if (open?.id === INTAKE) {
    const d = open.data as unknown as IntakeData;
    draft = { ...(d.description && { description: d.description }), ...(d.place && { place: d.place }) };
  }
  if (open?.id === SURVEY) {
    // The survey waits until the bot has the conversation again (asked after the next dialog).
    const { misses: _m, ...args } = open.data as unknown as SurveyArgs & { misses?: number };
    m.pendingSurveys = [{ ...args, resumed: true }, ...(m.pendingSurveys ?? [])];
  }
  // The agent takes over from here; a half-done intake would only confuse a later turn.
  delete ctx.conversation.dialog;
  const lastText = m.lastText;
  const guess = lastText ? nlp.analyze(lastText).label : undefined;
  ctx.conversation.handoff = { status: 'queued', since, reason };
  const item: HandoffItem = {
    reference: ctx.reference,
    since,
    reason,
    ...(lastText && { lastText }),
    ...(guess && { guess }),
    ...(draft && { draft }),
  };
  await store.enqueue(HANDOFF_QUEUE, `${ctx.activity.channelId}:${ctx.activity.conversation.id}`, item);
  await ctx.reply(TEXTS.handoffQueued, ['取消']);
}
