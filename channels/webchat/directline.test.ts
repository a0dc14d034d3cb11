import type { Activity } from 'botframework-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_SECRET, type TestApp } from '../../tests/app.ts';
import { collect, directLine, post } from '../../tests/directline-client.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ JIESU_TOKEN_RATE_LIMIT: '30', JIESU_MAX_BODY_BYTES: '4096', JIESU_MAX_UPLOAD_BYTES: '2048' });
});
afterAll(() => app?.stop());

const bot = (all: Activity[]) => all.filter((a) => a.from?.role === 'bot');
const auth = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });

async function visitor(): Promise<{ conversationId: string; token: string; userId: string }> {
  const res = await fetch(`${app.url}/webchat/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
  const t = (await res.json()) as { conversationId: string; token: string; userId: string };
  await fetch(`${app.url}/v3/directline/conversations`, { method: 'POST', headers: auth(t.token) });
  return t;
}

async function transcriptLength(conversationId: string): Promise<number> {
  return (await app.store.read(`transcript:webchat:${conversationId}`)).length;
}

describe('Direct Line 3.0 with botframework-directlinejs', () => {
  it('should answer a greeting over the WebSocket stream', async () => {
    const client = directLine(app.url, { secret: TEST_SECRET, webSocket: true });
    const got = collect(client);
    await post(client, { type: 'message', from: { id: 'citizen-1', name: '市民' }, text: '你好' });
    const all = await got.until((a) => bot(a).length > 0);
    expect(bot(all)[0]!.text).toContain('您好');
    expect(bot(all)[0]!.suggestedActions?.actions.map((x) => x.title)).toContain('转人工');
    // Direct Line echoes the citizen's own message too, once.
    expect(all.filter((a) => a.text === '你好')).toHaveLength(1);
    client.end();
  });

  it('should answer over polling as well', async () => {
    const client = directLine(app.url, { secret: TEST_SECRET, webSocket: false });
    const got = collect(client);
    await post(client, { type: 'message', from: { id: 'citizen-2', name: '市民' }, text: '帮助' });
    const all = await got.until((a) => bot(a).length > 0);
    expect(bot(all)[0]!.text).toContain('查询工单进度');
    client.end();
  });

  it('should replay nothing twice and lose nothing on reconnect with a watermark', async () => {
    const first = directLine(app.url, { secret: TEST_SECRET, webSocket: true });
    const got1 = collect(first);
    await post(first, { type: 'message', from: { id: 'citizen-3', name: '市民' }, text: '你好' });
    await got1.until((a) => bot(a).length === 1);
    const conversationId = first.conversationId!;
    const watermark = first.watermark!;
    const seenIds = got1.seen.map((a) => a.id);
    first.end();

    // While disconnected, the bot says something (as a follow-up would).
    const ref = {
      channelId: 'webchat',
      conversation: { id: conversationId } as Activity['conversation'],
      user: { id: 'citizen-3', name: '市民' },
    };
    await app.runtime.continueConversation(ref, (ctx) => ctx.reply('这是断线期间的消息'));

    const second = directLine(app.url, { secret: TEST_SECRET, webSocket: true, conversationId, watermark });
    const got2 = collect(second);
    await got2.until((a) => a.some((x) => x.text === '这是断线期间的消息'));
    await post(second, { type: 'message', from: { id: 'citizen-3', name: '市民' }, text: '谢谢' });
    const all = await got2.until((a) => a.some((x) => x.text?.includes('不客气')));
    expect(all.filter((a) => seenIds.includes(a.id))).toEqual([]);
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    second.end();
  });
});

describe('Direct Line bad input', () => {
  it('should refuse to start a conversation without credentials', async () => {
    const res = await fetch(`${app.url}/v3/directline/conversations`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MISSING_CREDENTIALS');
  });

  it('should answer 401 for a wrong secret and 403 for another conversation', async () => {
    const a = await visitor();
    const b = await visitor();
    const wrong = await fetch(`${app.url}/v3/directline/conversations/${a.conversationId}/activities`, { headers: auth('not-a-token') });
    expect(wrong.status).toBe(401);
    const other = await fetch(`${app.url}/v3/directline/conversations/${a.conversationId}/activities`, { headers: auth(b.token) });
    expect(other.status).toBe(403);
  });

  it('should answer 404 for an unknown conversation', async () => {
    const res = await fetch(`${app.url}/v3/directline/conversations/dl_nope/activities`, { headers: auth(TEST_SECRET) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('会话不存在');
  });

  it('should refuse malformed, empty and oversized activities and keep nothing of them', async () => {
    const v = await visitor();
    const url = `${app.url}/v3/directline/conversations/${v.conversationId}/activities`;
    const malformed = await fetch(url, { method: 'POST', headers: auth(v.token), body: '{"type":"message",' });
    expect(malformed.status).toBe(400);
    const empty = await fetch(url, { method: 'POST', headers: auth(v.token), body: JSON.stringify({ type: 'message', text: '  ' }) });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe('EMPTY_ACTIVITY');
    const big = await fetch(url, {
      method: 'POST',
      headers: auth(v.token),
      body: JSON.stringify({ type: 'message', text: '长'.repeat(3000) }),
    });
    expect(big.status).toBe(413);
    expect(await transcriptLength(v.conversationId)).toBe(0);
  });

  it('should answer a re-delivered activity once', async () => {
    const v = await visitor();
    const url = `${app.url}/v3/directline/conversations/${v.conversationId}/activities`;
    const body = JSON.stringify({ type: 'message', text: '你好', channelData: { clientActivityId: 'same-1' } });
    const [r1, r2] = await Promise.all([
      fetch(url, { method: 'POST', headers: auth(v.token), body }),
      fetch(url, { method: 'POST', headers: auth(v.token), body }),
    ]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    const log = (await (await fetch(url, { headers: auth(v.token) })).json()) as { activities: Activity[] };
    expect(log.activities.filter((a) => a.from.role === 'bot')).toHaveLength(1);
    expect(log.activities.filter((a) => a.text === '你好')).toHaveLength(1);
  });

  it('should accept a photo, refuse a fake one and a too large one', async () => {
    const v = await visitor();
    const url = `${app.url}/v3/directline/conversations/${v.conversationId}/upload?userId=${v.userId}`;
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6f1a00000000049454e44ae426082',
      'hex',
    );
    const form = (data: Buffer, type: string) => {
      const f = new FormData();
      f.append('file', new Blob([new Uint8Array(data)], { type }), 'photo.png');
      return f;
    };
    const ok = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${v.token}` }, body: form(png, 'image/png') });
    expect(ok.status).toBe(200);
    const fake = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${v.token}` },
      body: form(Buffer.from('not an image'), 'image/png'),
    });
    expect(fake.status).toBe(400);
    const huge = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${v.token}` },
      body: form(Buffer.concat([png, Buffer.alloc(4096)]), 'image/png'),
    });
    expect(huge.status).toBe(413);
    const log = (await (
      await fetch(`${app.url}/v3/directline/conversations/${v.conversationId}/activities`, { headers: auth(v.token) })
    ).json()) as { activities: Activity[] };
    const photos = log.activities.filter((a) => a.attachments?.length);
    expect(photos).toHaveLength(1);
    const file = await fetch(photos[0]!.attachments![0]!.contentUrl!);
    expect(file.headers.get('content-type')).toBe('image/png');
  });

  it('should renew a returning visitor into the same conversation and rate-limit token requests', async () => {
    const v = await visitor();
    const renewed = await fetch(`${app.url}/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: v.token }),
    });
    expect(((await renewed.json()) as { conversationId: string }).conversationId).toBe(v.conversationId);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await fetch(`${app.url}/webchat/token`, { method: 'POST' })).status);
    expect(statuses).toContain(429);
  });
});
