import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../tests/app.ts';
import { buttons, citizen, staff, texts } from '../tests/chat.ts';

let app: TestApp;
const ADMIN = { username: 'admin', password: 'admin-password-123' };

beforeAll(async () => {
  app = await startTestApp({ JIESU_ADMIN_USER: ADMIN.username, JIESU_ADMIN_PASSWORD: ADMIN.password });
});
afterAll(() => app?.stop());

interface QueueBody {
  waiting: Array<{ conversation: string; lastText?: string; reason: string }>;
}

describe('handoff to a person', () => {
  it('should queue the citizen, let an agent take over and reply in the same chat, and hand back to the bot without a survey', async () => {
    const api = await staff(app.url, ADMIN);
    const c = citizen(app.url, 'handoff-1');
    await c.say('我家楼道的灯坏了，电话13812345678');
    const queued = await c.say('转人工');
    expect(texts(queued)).toContain('人工');
    expect(buttons(queued)).toContain('取消');

    const queue = (await (await api('GET', '/api/agent/queue')).json()) as QueueBody;
    const mine = queue.waiting.find((w) => w.conversation.endsWith(c.client.conversationId!));
    expect(mine).toBeDefined();
    // The agent sees what the citizen said, with the phone masked.
    expect(JSON.stringify(queue)).not.toContain('13812345678');
    const key = encodeURIComponent(mine!.conversation);

    // Replying before taking over is refused.
    expect((await api('POST', `/api/agent/conversations/${key}/reply`, { text: '您好' })).status).toBe(409);
    expect((await api('POST', `/api/agent/conversations/${key}/take`)).status).toBe(200);
    expect(texts(await c.next())).toContain('人工客服');

    // While the agent holds it, the bot says nothing; the agent sees the message.
    await c.sayOnly('灯在三楼，已经坏了一周');
    const conv = (await (await api('GET', `/api/agent/conversations/${key}`)).json()) as {
      transcript: Array<{ from: string; text?: string }>;
    };
    expect(conv.transcript.at(-1)).toMatchObject({ from: '市民', text: '灯在三楼，已经坏了一周' });

    expect((await api('POST', `/api/agent/conversations/${key}/reply`, { text: '好的，我这就帮您登记报修。' })).status).toBe(200);
    const reply = await c.next();
    expect(texts(reply)).toBe('好的，我这就帮您登记报修。');
    expect(reply[0]!.from.name).toContain('人工客服');

    expect((await api('POST', `/api/agent/conversations/${key}/release`)).status).toBe(200);
    const back = texts(await c.next());
    expect(back).toContain('人工服务已结束');
    expect(back).not.toContain('满意');

    // The bot answers again.
    expect(texts(await c.say('你好'))).toContain('您好');
    const after = (await (await api('GET', '/api/agent/queue')).json()) as QueueBody;
    expect(after.waiting.find((w) => w.conversation === mine!.conversation)).toBeUndefined();
    c.client.end();
  });

  it('should refuse the agent API without credentials and answer 404 for an unknown conversation', async () => {
    expect((await fetch(`${app.url}/api/agent/queue`)).status).toBe(401);
    const api = await staff(app.url, ADMIN);
    expect((await api('POST', '/api/agent/conversations/webchat%3Adl_nope/take')).status).toBe(404);
    expect((await api('POST', '/api/agent/conversations/nonsense/take')).status).toBe(400);
  });
});
