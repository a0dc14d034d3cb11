import { randomUUID } from 'node:crypto';
import type { Activity, ChannelAccount, ConversationReference } from 'botframework-schema';
import type { Logger } from 'pino';
import type { Store } from '../store/types.ts';
import { compose } from './compose.ts';
import type { BotTurnContext } from './dialog.ts';
import { conversationState, type DedupeFlavor, dedupe, handoffGate, recordTranscript } from './middleware.ts';
import type { Transcript } from './transcript.ts';
import type { Button, ChannelSender, Middleware, Reply, TurnContext } from './types.ts';

/** The bot's own account on every channel. */
export const BOT_ACCOUNT: ChannelAccount = { id: 'jiesu', name: '接诉小助手', role: 'bot' };

/** What happened to one inbound activity. */
export interface TurnOutcome {
  duplicate: boolean;
  responses: Activity[];
}

/** Runs turns: inbound activities through the pipeline, and proactive messages. */
export interface BotRuntime {
  /** Runs one inbound activity through dedupe → transcript → state → handoff gate → bot. */
  processActivity(activity: Activity): Promise<TurnOutcome>;
  /** Runs `logic` in an existing conversation (follow-ups, agent replies), in turn order. */
  continueConversation(reference: Partial<ConversationReference>, logic: (ctx: BotTurnContext) => Promise<void>): Promise<Activity[]>;
  /** Resolves when no turn is in flight (for graceful shutdown). */
  idle(): Promise<void>;
}

/** Options of the runtime: where things are kept, who delivers, and the bot itself. */
export interface BotRuntimeOptions {
  store: Store;
  transcript: Transcript;
  log: Logger;
  senders: ChannelSender[];
  /** The bot: runs when no earlier stage ended the turn. */
  bot: Middleware<BotTurnContext>;
  /** Said when a turn fails, so the citizen is never left without an answer. */
  errorText?: string;
  /** Emergency advice for a text, said even while a person holds the conversation. */
  emergencyAdvice?: (text: string) => string | undefined;
}

/** Turns a button list into Bot Framework suggested actions. */
export function suggestedActions(buttons: Array<string | Button>): Activity['suggestedActions'] {
  return {
    to: [],
    actions: buttons.map((b) => {
      const { title, value } = typeof b === 'string' ? { title: b, value: b } : b;
      return { type: 'imBack', title, value: value ?? title };
    }),
  };
}

/** Creates the bot runtime. */
export function createBotRuntime(opts: BotRuntimeOptions): BotRuntime {
  const { store, transcript, log, bot } = opts;
  const senders = new Map(opts.senders.map((s) => [s.channelId, s]));
  const errorText = opts.errorText ?? '抱歉，系统暂时出了点问题，请稍后再试；紧急情况请直接拨打110、119或120。';
  const inflight = new Set<Promise<unknown>>();

  const inbound = compose<BotTurnContext & DedupeFlavor>(
    dedupe({ store }),
    recordTranscript({ transcript }),
    conversationState({ store }),
    handoffGate({ store, emergencyAdvice: opts.emergencyAdvice }),
    bot,
  );
  const proactive = compose<BotTurnContext>(conversationState({ store }));

  function referenceOf(a: Partial<Activity>): Partial<ConversationReference> {
    return {
      activityId: a.id,
      user: a.from,
      bot: a.recipient ?? BOT_ACCOUNT,
      conversation: a.conversation,
      channelId: a.channelId,
      locale: a.locale ?? 'zh-CN',
      serviceUrl: a.serviceUrl ?? '',
    };
  }

  function makeContext(activity: Activity, reference: Partial<ConversationReference>): BotTurnContext & DedupeFlavor {
    const responses: Activity[] = [];
    const turnLog = log.child({ channel: reference.channelId, conversation: reference.conversation?.id });
    const send = async (...replies: Reply[]): Promise<void> => {
      const out = replies.map(
        (r) =>
          ({
            type: 'message',
            locale: 'zh-CN',
            ...r,
            id: randomUUID(),
            timestamp: new Date(),
            channelId: reference.channelId,
            conversation: reference.conversation,
            from: reference.bot ?? BOT_ACCOUNT,
            recipient: reference.user,
            replyToId: activity.type === 'message' ? activity.id : undefined,
            serviceUrl: reference.serviceUrl,
          }) as Activity,
      );
      await transcript.append(reference, out);
      const sender = senders.get(reference.channelId ?? '');
      if (sender) await sender.deliver(reference, out);
      else turnLog.warn('no sender for channel; reply kept in transcript only');
      responses.push(...out);
    };
    const ctx: TurnContext = {
      activity,
      reference,
      responses,
      log: turnLog,
      send,
      reply: (text, buttons) => send(buttons?.length ? { text, suggestedActions: suggestedActions(buttons) } : { text }),
    };
    return ctx as BotTurnContext & DedupeFlavor;
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inflight.add(p);
    p.finally(() => inflight.delete(p)).catch(() => {});
    return p;
  }

  function lockKey(ref: Partial<ConversationReference>): string {
    return `turn:${ref.channelId}:${ref.conversation?.id}`;
  }

  return {
    processActivity(activity) {
      const reference = referenceOf(activity);
      return track(
        store.withLock(lockKey(reference), 30_000, async () => {
          const ctx = makeContext(activity, reference);
          try {
            await inbound(ctx);
          } catch (err) {
            ctx.log.error({ err }, 'turn failed');
            // Answer even when the bot failed, unless the failure was in delivering itself.
            await ctx.reply(errorText).catch((e: unknown) => ctx.log.error({ err: e }, 'error reply failed'));
          }
          return { duplicate: ctx.duplicate === true, responses: ctx.responses };
        }),
      );
    },
    continueConversation(reference, logic) {
      const event = {
        type: 'event',
        name: 'continueConversation',
        id: randomUUID(),
        channelId: reference.channelId,
        conversation: reference.conversation,
        from: reference.user,
        recipient: reference.bot ?? BOT_ACCOUNT,
        serviceUrl: reference.serviceUrl,
        timestamp: new Date(),
      } as Activity;
      return track(
        store.withLock(lockKey(reference), 30_000, async () => {
          const ctx = makeContext(event, { ...reference, bot: reference.bot ?? BOT_ACCOUNT });
          await proactive(ctx, () => logic(ctx));
          return ctx.responses;
        }),
      );
    },
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
