import type { Activity } from 'botframework-schema';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../store/index.ts';
import { compose } from './compose.ts';
import type { BotTurnContext } from './dialog.ts';
import { createBotRuntime } from './runtime.ts';
import { createTranscript } from './transcript.ts';
import type { ChannelSender, Middleware, TurnContext } from './types.ts';

const silent = pino({ level: 'silent' });

function message(conversation: string, id: string, text: string): Activity {
  return {
    type: 'message',
    id,
    channelId: 'test',
    conversation: { id: conversation },
    from: { id: `user-${conversation}`, name: '市民' },
    recipient: { id: 'jiesu', name: '接诉小助手' },
    text,
  } as Activity;
}

function setup(bot: Middleware<BotTurnContext>, emergencyAdvice?: (text: string) => string | undefined) {
  const store = createMemoryStore();
  const delivered: Activity[] = [];
  const sender: ChannelSender = { channelId: 'test', deliver: async (_ref, acts) => void delivered.push(...acts) };
  const transcript = createTranscript(store);
  const runtime = createBotRuntime({ store, transcript, log: silent, senders: [sender], bot, emergencyAdvice });
  return { store, runtime, delivered, transcript };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('compose', () => {
  it('should run middleware in order, with work after next()', async () => {
    const order: string[] = [];
    const run = compose<TurnContext>(
      async (_c, next) => {
        order.push('a');
        await next();
        order.push('a-after');
      },
      async (_c, next) => {
        order.push('b');
        await next();
      },
    );
    await run({} as TurnContext, async () => void order.push('last'));
    expect(order).toEqual(['a', 'b', 'last', 'a-after']);
  });

  it('should refuse next() called twice', async () => {
    const run = compose<TurnContext>(async (_c, next) => {
      await next();
      await next();
    });
    await expect(run({} as TurnContext)).rejects.toThrow('next() called more than once');
  });
});

describe('bot runtime', () => {
  it('should run turns of one conversation one at a time, in arrival order', async () => {
    const events: string[] = [];
    const { runtime } = setup(async (ctx) => {
      events.push(`start ${ctx.activity.text}`);
      await sleep(ctx.activity.text === '1' ? 40 : 5); // the first turn is the slowest
      events.push(`end ${ctx.activity.text}`);
      await ctx.reply(`echo ${ctx.activity.text}`);
    });
    await Promise.all(['1', '2', '3'].map((t) => runtime.processActivity(message('c1', `m${t}`, t))));
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('should run different conversations in parallel', async () => {
    let running = 0;
    let most = 0;
    const { runtime } = setup(async () => {
      running++;
      most = Math.max(most, running);
      await sleep(20);
      running--;
    });
    await Promise.all(['a', 'b', 'c'].map((c) => runtime.processActivity(message(c, `${c}-1`, 'hi'))));
    expect(most).toBe(3);
  });

  it('should answer a duplicate delivery once', async () => {
    const { runtime, delivered } = setup(async (ctx) => ctx.reply('收到'));
    const outcomes = await Promise.all([1, 2, 3].map(() => runtime.processActivity(message('c1', 'same', '你好'))));
    expect(outcomes.filter((o) => o.duplicate)).toHaveLength(2);
    expect(delivered.map((a) => a.text)).toEqual(['收到']);
  });

  it('should keep conversation data between turns', async () => {
    const { runtime, delivered } = setup(async (ctx) => {
      const n = ((ctx.conversation.count as number | undefined) ?? 0) + 1;
      ctx.conversation.count = n;
      await ctx.reply(`第${n}次`);
    });
    for (const id of ['x1', 'x2', 'x3']) await runtime.processActivity(message('c1', id, 'hi'));
    expect(delivered.map((a) => a.text)).toEqual(['第1次', '第2次', '第3次']);
  });

  it('should record both sides in the transcript, addressed to the citizen', async () => {
    const { runtime, transcript } = setup(async (ctx) => ctx.reply('您好', ['转人工']));
    await runtime.processActivity(message('c1', 'm1', '你好'));
    const log = await transcript.read('test', 'c1');
    expect(log.map((e) => e.item.text)).toEqual(['你好', '您好']);
    expect(log[1]!.item.recipient.id).toBe('user-c1');
    expect(log[1]!.item.suggestedActions?.actions[0]?.value).toBe('转人工');
  });

  it('should still answer the citizen when the bot fails', async () => {
    const { runtime, delivered } = setup(async () => {
      throw new Error('boom');
    });
    await runtime.processActivity(message('c1', 'm1', '你好'));
    expect(delivered[0]!.text).toContain('请稍后再试');
  });

  it('should keep the bot quiet while a person holds the conversation', async () => {
    const { runtime, delivered, store } = setup(async (ctx) => {
      if (ctx.activity.text === '转人工') {
        ctx.conversation.handoff = { status: 'queued', since: new Date().toISOString() };
        await ctx.reply('正在为您转接人工');
      } else await ctx.reply('机器人回复');
    });
    const inbox: unknown[] = [];
    await store.subscribe('agent-inbox', (m) => inbox.push(m));
    await runtime.processActivity(message('c1', 'm1', '转人工'));
    await runtime.processActivity(message('c1', 'm2', '我家楼道灯坏了'));
    expect(delivered.map((a) => a.text)).toEqual(['正在为您转接人工']);
    await vi.waitFor(() => expect(inbox).toHaveLength(1));
    await runtime.processActivity(message('c1', 'm3', '取消'));
    await runtime.processActivity(message('c1', 'm4', '你好'));
    expect(delivered.map((a) => a.text).slice(1)).toEqual([expect.stringContaining('已为您取消转人工'), '机器人回复']);
  });

  it('should give emergency advice at once even while waiting for a person', async () => {
    const { runtime, delivered } = setup(
      async (ctx) => {
        ctx.conversation.handoff = { status: 'queued', since: new Date().toISOString() };
        await ctx.reply('正在为您转接人工');
      },
      (text) => (text.includes('着火') ? '请立即拨打119' : undefined),
    );
    await runtime.processActivity(message('c1', 'm1', '转人工'));
    await runtime.processActivity(message('c1', 'm2', '楼道里着火了'));
    await runtime.processActivity(message('c1', 'm3', '还要等多久'));
    expect(delivered.map((a) => a.text)).toEqual(['正在为您转接人工', '请立即拨打119']);
  });

  it('should send proactive messages in turn order and wait for turns in flight when idle', async () => {
    const { runtime, delivered } = setup(async (ctx) => {
      await sleep(30);
      await ctx.reply('turn');
    });
    const ref = {
      channelId: 'test',
      conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'user-c1', name: '市民' },
    };
    const turn = runtime.processActivity(message('c1', 'm1', 'hi'));
    const later = runtime.continueConversation(ref, (ctx) => ctx.reply('proactive'));
    await runtime.idle();
    await Promise.all([turn, later]);
    expect(delivered.map((a) => a.text)).toEqual(['turn', 'proactive']);
  });
});
