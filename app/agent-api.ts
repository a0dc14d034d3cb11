import type { Activity, ConversationReference } from 'botframework-schema';
import express, { Router } from 'express';
import { type BotRuntime, HANDOFF_QUEUE, type HandoffItem, readConversation, type Transcript } from '../bot/index.ts';
import type { AuthService } from '../desk/auth/index.ts';
import type { Store } from '../store/types.ts';
import { principalOf } from './auth-types.ts';
import { badRequest, conflict, notFound } from './errors.ts';
import { maskText } from './privacy.ts';

/** Options of the agent API. */
export interface AgentApiOptions {
  store: Store;
  runtime: BotRuntime;
  transcript: Transcript;
  auth: AuthService;
  clock: () => Date;
}

const KEY = /^([a-z0-9-]{1,32}):(.{1,200})$/;
const MAX_REPLY = 2000;

/**
 * The agents' side of handoff (转人工), under `/api/agent`: the queue of conversations
 * waiting for a person, a conversation's transcript and the bot's guess, taking one over,
 * replying through the citizen's own channel, and handing it back to the bot. Handing back
 * never starts a survey: only a closed ticket does.
 */
export function createAgentRouter({ store, runtime, transcript, auth, clock }: AgentApiOptions): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));
  const agents = auth.require('agent', 'dispatcher');

  function parseKey(raw: string): { channelId: string; conversationId: string; key: string } {
    const m = KEY.exec(raw);
    if (!m) throw badRequest('会话标识应为 渠道:会话号', 'BAD_CONVERSATION_KEY');
    return { channelId: m[1]!, conversationId: m[2]!, key: raw };
  }

  async function referenceOf(channelId: string, conversationId: string): Promise<Partial<ConversationReference>> {
    const data = await readConversation(store, {
      channelId,
      conversation: { id: conversationId } as ConversationReference['conversation'],
    });
    const ref = data?.reference as Partial<ConversationReference> | undefined;
    if (!data || !ref) throw notFound('会话不存在', 'CONVERSATION_NOT_FOUND');
    return ref;
  }

  /** Runs logic in the conversation, speaking as the agent. */
  function asAgent(ref: Partial<ConversationReference>, name: string, logic: Parameters<BotRuntime['continueConversation']>[1]) {
    return runtime.continueConversation({ ...ref, bot: { id: 'agent', name: `人工客服（${name}）`, role: 'bot' } }, logic);
  }

  router.get('/queue', agents, async (_req, res) => {
    const queue = await store.listQueue<HandoffItem>(HANDOFF_QUEUE);
    res.json({
      waiting: queue.map(({ id, doc }) => ({
        conversation: id,
        channelId: doc.reference.channelId,
        since: doc.since,
        reason: doc.reason,
        lastText: doc.lastText && maskText(doc.lastText),
        guess: doc.guess,
        draft: doc.draft && { description: doc.draft.description && maskText(doc.draft.description), place: doc.draft.place },
      })),
    });
  });

  router.get('/conversations/:key', agents, async (req, res) => {
    const { channelId, conversationId, key } = parseKey(String(req.params.key));
    const data = await readConversation(store, {
      channelId,
      conversation: { id: conversationId } as ConversationReference['conversation'],
    });
    if (!data) throw notFound('会话不存在', 'CONVERSATION_NOT_FOUND');
    const entries = await transcript.read(channelId, conversationId);
    res.json({
      conversation: key,
      handoff: data.handoff ?? null,
      transcript: entries.map(({ seq, item }) => ({
        seq,
        from: item.from?.role === 'bot' ? (item.from.name ?? '接诉小助手') : '市民',
        text: item.text,
        attachments: item.attachments?.map((a) => a.contentUrl),
        timestamp: item.timestamp,
      })),
    });
  });

  router.post('/conversations/:key/take', agents, async (req, res) => {
    const { channelId, conversationId, key } = parseKey(String(req.params.key));
    const me = principalOf(res);
    const ref = await referenceOf(channelId, conversationId);
    await asAgent(ref, me.name, async (ctx) => {
      const h = ctx.conversation.handoff;
      if (h?.status === 'agent' && h.agentId !== me.id) throw conflict('该会话已由其他坐席接入', 'ALREADY_TAKEN');
      ctx.conversation.handoff = { status: 'agent', since: clock().toISOString(), agentId: me.id, reason: h?.reason };
      await ctx.reply(`您好，我是人工客服${me.name}，接下来由我为您服务。请问有什么可以帮您？`);
    });
    await store.removeFromQueue(HANDOFF_QUEUE, key);
    res.json({ conversation: key, status: 'agent', agentId: me.id });
  });

  router.post('/conversations/:key/reply', agents, async (req, res) => {
    const { channelId, conversationId, key } = parseKey(String(req.params.key));
    const me = principalOf(res);
    const text = typeof req.body?.text === 'string' ? req.body.text.trim() : '';
    if (!text) throw badRequest('回复内容不能为空', 'EMPTY_REPLY');
    if (text.length > MAX_REPLY) throw badRequest(`回复过长：最多 ${MAX_REPLY} 字`, 'REPLY_TOO_LONG');
    const ref = await referenceOf(channelId, conversationId);
    let sent: Activity[] = [];
    sent = await asAgent(ref, me.name, async (ctx) => {
      const h = ctx.conversation.handoff;
      if (h?.status !== 'agent' || h.agentId !== me.id) throw conflict('请先接入该会话再回复', 'NOT_TAKEN');
      await ctx.reply(text);
    });
    res.json({ conversation: key, id: sent[0]?.id });
  });

  router.post('/conversations/:key/release', agents, async (req, res) => {
    const { channelId, conversationId, key } = parseKey(String(req.params.key));
    const me = principalOf(res);
    const ref = await referenceOf(channelId, conversationId);
    await asAgent(ref, me.name, async (ctx) => {
      const h = ctx.conversation.handoff;
      if (!h) throw conflict('该会话不在人工服务中', 'NOT_IN_HANDOFF');
      if (h.status === 'agent' && h.agentId !== me.id) throw conflict('该会话由其他坐席负责', 'ALREADY_TAKEN');
      delete ctx.conversation.handoff;
      // Back to the bot: a plain note, never a survey.
      await ctx.reply('本次人工服务已结束，感谢您的耐心。如还有问题，可以继续向我（接诉小助手）提问。');
    });
    await store.removeFromQueue(HANDOFF_QUEUE, key);
    res.json({ conversation: key, status: 'bot' });
  });

  return router;
}
