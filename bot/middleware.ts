import type { ConversationReference } from 'botframework-schema';
import type { Store } from '../store/types.ts';
import type { BotTurnContext, ConversationData } from './dialog.ts';
import type { Transcript } from './transcript.ts';
import type { Middleware, TurnContext } from './types.ts';

// === Dedupe

/** Dedupe flavor: set when the inbound activity was seen before. */
export interface DedupeFlavor {
  duplicate?: boolean;
}

/** The key under which an inbound activity is claimed once. */
export function dedupeKey(ctx: TurnContext): string {
  const a = ctx.activity;
  return `dedupe:${a.channelId}:${a.conversation?.id}:${a.id}`;
}

/**
 * Drops repeats of an activity already seen (WeChat retries a message three times, Telegram
 * re-sends updates, a browser may re-POST). The claim is atomic, so a retry that arrives
 * while the first delivery is still being handled is dropped too.
 */
export function dedupe({ store, ttlMs = 24 * 3600_000 }: { store: Store; ttlMs?: number }): Middleware<TurnContext & DedupeFlavor> {
  return async function dedupe(ctx, next) {
    if (!ctx.activity.id) return next();
    if (!(await store.claim(dedupeKey(ctx), ttlMs))) {
      ctx.duplicate = true;
      ctx.log.debug({ activityId: ctx.activity.id }, 'duplicate activity dropped');
      return;
    }
    await next();
  };
}

// === Transcript

/** Appends each inbound activity to the conversation's transcript before the bot sees it. */
export function recordTranscript({ transcript }: { transcript: Transcript }): Middleware {
  return async function recordTranscript(ctx, next) {
    await transcript.append(ctx.reference, [ctx.activity]);
    await next();
  };
}

// === Conversation state

/** The state key of a conversation's saved data. */
export function conversationKey(channelId: string, conversationId: string): string {
  return `conversation:${channelId}:${conversationId}`;
}

/** Reads the saved data of a conversation (undefined when it never talked). */
export async function readConversation(store: Store, ref: Partial<ConversationReference>): Promise<ConversationData | undefined> {
  const got = await store.getState<ConversationData>(conversationKey(ref.channelId ?? '', ref.conversation?.id ?? ''));
  return got?.value;
}

/**
 * Loads the conversation's saved data into `ctx.conversation` and saves it after the turn
 * when it changed. Turns of one conversation run under a lock, so the version check only
 * fails if that lock was lost (then the turn errors rather than overwriting silently).
 */
export function conversationState({ store }: { store: Store }): Middleware<BotTurnContext> {
  return async function conversationState(ctx, next) {
    const key = conversationKey(ctx.activity.channelId, ctx.activity.conversation.id);
    const got = await store.getState<ConversationData>(key);
    const before = JSON.stringify(got?.value ?? {});
    ctx.conversation = got ? structuredClone(got.value) : {};
    ctx.conversation.reference = ctx.reference;
    await next();
    const after = JSON.stringify(ctx.conversation);
    if (after !== before) await store.putState(key, ctx.conversation, got?.version ?? 0);
  };
}

// === Handoff gate

/** Handoff flavor: set when a person, not the bot, handles this turn. */
export interface HandoffFlavor {
  heldByAgent?: boolean;
}

/** The pub/sub channel the agent console listens on for citizens' messages. */
export const AGENT_INBOX = 'agent-inbox';

/**
 * While a person holds the conversation (or it waits for one), the bot stays quiet: the
 * message goes to the agents' inbox instead. The citizen can still leave the queue by
 * saying so; everything else is for the agent — except that an emergency never waits for
 * a person: `emergencyAdvice` (call 119 now …) is said at once, and the agent sees it too.
 */
export function handoffGate({
  store,
  emergencyAdvice = () => undefined,
}: {
  store: Store;
  emergencyAdvice?: (text: string) => string | undefined;
}): Middleware<BotTurnContext & HandoffFlavor> {
  return async function handoffGate(ctx, next) {
    const handoff = ctx.conversation.handoff;
    if (!handoff || ctx.activity.type !== 'message') return next();
    const text = (ctx.activity.text ?? '').trim();
    if (handoff.status === 'queued' && /^(取消|不用了|不等了|回到机器人|返回机器人|退出人工)/.test(text)) {
      delete ctx.conversation.handoff;
      await store.removeFromQueue('handoff', `${ctx.activity.channelId}:${ctx.activity.conversation.id}`);
      await ctx.reply('好的，已为您取消转人工。您可以继续向我提问，或发送"我要投诉"反映问题。');
      return;
    }
    ctx.heldByAgent = true;
    const advice = text ? emergencyAdvice(text) : undefined;
    if (advice) await ctx.reply(advice);
    await store.publish(AGENT_INBOX, {
      conversationKey: `${ctx.activity.channelId}:${ctx.activity.conversation.id}`,
      activityId: ctx.activity.id,
    });
  };
}
