import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Activity } from 'botframework-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_SECRET, type TestApp } from '../tests/app.ts';
import { collect, directLine, post } from '../tests/directline-client.ts';
import { type RedisServerHandle, startRedisServer } from '../tests/redis-server.ts';
import { main } from './cli.ts';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { maskText } from './privacy.ts';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('configuration', () => {
  it('should use the embedded defaults', () => {
    const c = loadConfig({}, '/srv/jiesu');
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('/srv/jiesu/data');
    expect(c.redisUrl).toBeUndefined();
    expect(c.modelPath).toBe('/srv/jiesu/data/model/classifier.bin');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ JIESU_DIRECTLINE_SECRET: 'short' }, 'JIESU_DIRECTLINE_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JIESU_ADMIN_USER: 'admin' }, 'JIESU_ADMIN_PASSWORD'],
  ])('should name the bad variable in %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}:`));
  });

  it('should document every variable in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const v of CONFIG_VARIABLES) expect(readme).toContain(`\`${v.name}\``);
  });

  it('should stop the CLI with a message naming the variable', async () => {
    const err = sink();
    const out = sink();
    const code = await main(['start'], { stdin: process.stdin, stdout: out.stream, stderr: err.stream, env: { PORT: 'x' } });
    expect(code).toBe(78);
    expect(err.text()).toContain('PORT');
  });
});

describe('logs', () => {
  it('should mask phone numbers in messages and objects', () => {
    const out = sink();
    const log = createLogger('info', out.stream);
    log.info({ text: '我的电话13912345678', nested: { tel: '010-62345678' } }, '来电 13812345678');
    const line = JSON.parse(out.text()) as Record<string, unknown>;
    expect(out.text()).not.toContain('13912345678');
    expect(out.text()).not.toContain('13812345678');
    expect(line.msg).toBe('来电 138****5678');
    expect((line as { text: string }).text).toBe('我的电话139****5678');
  });

  it('should mask ID-card numbers and leave order numbers alone', () => {
    expect(maskText('身份证110105199001011234')).toBe('身份证110***********1234');
    expect(maskText('订单号 202611271234567890123')).toBe('订单号 202611271234567890123');
  });
});

describe('health', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());

  it('should answer /healthz and /readyz, and serve the widget', async () => {
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${app.url}/readyz`)).json()).toEqual({ status: 'ready', store: 'sqlite' });
    const widget = await fetch(`${app.url}/widget.js`);
    expect(widget.status).toBe(200);
    const page = await fetch(`${app.url}/`);
    expect(await page.text()).toContain('widget.js');
  });

  it('should answer an unknown route with a JSON 404', async () => {
    const res = await fetch(`${app.url}/no/such/route`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe('graceful shutdown', () => {
  it('should finish a turn in flight before closing the store', async () => {
    const app = await startTestApp();
    const ref = { channelId: 'webchat', conversation: { id: 'dl_shutdown', isGroup: false, conversationType: 'personal', name: '' } };
    let finished = false;
    const turn = app.runtime.continueConversation(ref, async (ctx) => {
      await new Promise((r) => setTimeout(r, 300));
      await ctx.reply('办理结果已送达');
      finished = true;
    });
    await new Promise((r) => setTimeout(r, 20)); // the turn has started
    await app.close();
    expect(finished).toBe(true);
    await expect(turn).resolves.toHaveLength(1);
    await app.stop();
  });
});

describe('two instances sharing Redis', () => {
  let redis: RedisServerHandle;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    redis = await startRedisServer();
    a = await startTestApp({ REDIS_URL: redis.url });
    b = await startTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.stop();
  });

  it('should push a reply made on one instance to a stream open on the other', async () => {
    const client = directLine(b.url, { secret: TEST_SECRET, webSocket: true });
    const got = collect(client);
    // Start the conversation on B (the stream is B's), then talk through A's REST door.
    await post(client, { type: 'message', from: { id: 'citizen-x', name: '市民' }, text: '你好' });
    await got.until((all) => all.some((x) => x.from?.role === 'bot'));
    const headers = { authorization: `Bearer ${TEST_SECRET}`, 'content-type': 'application/json' };
    await fetch(`${a.url}/v3/directline/conversations/${client.conversationId}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', from: { id: 'citizen-x' }, text: '谢谢' }),
    });
    const all = await got.until((seen) => seen.some((x) => x.text?.includes('不客气')));
    expect(all.filter((x) => x.text === '谢谢')).toHaveLength(1);
    client.end();
  });

  it('should serve one conversation from either instance, in order, without duplicates', async () => {
    expect(await (await fetch(`${a.url}/readyz`)).json()).toEqual({ status: 'ready', store: 'redis' });
    const headers = { authorization: `Bearer ${TEST_SECRET}`, 'content-type': 'application/json' };
    const conv = (await (await fetch(`${a.url}/v3/directline/conversations`, { method: 'POST', headers })).json()) as {
      conversationId: string;
    };
    const post = (base: string, text: string) =>
      fetch(`${base}/v3/directline/conversations/${conv.conversationId}/activities`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'message', from: { id: 'citizen' }, text }),
      });
    // The same message delivered to both instances at once is answered once.
    const body = JSON.stringify({ type: 'message', from: { id: 'citizen' }, text: '你好', channelData: { clientActivityId: 'dup' } });
    await Promise.all(
      [a.url, b.url].map((u) =>
        fetch(`${u}/v3/directline/conversations/${conv.conversationId}/activities`, { method: 'POST', headers, body }),
      ),
    );
    await post(b.url, '帮助');
    await post(a.url, '谢谢');
    const log = (await (await fetch(`${b.url}/v3/directline/conversations/${conv.conversationId}/activities`, { headers })).json()) as {
      activities: Activity[];
    };
    const texts = log.activities.map((x) => x.text ?? '');
    expect(texts.filter((t) => t === '你好')).toHaveLength(1);
    expect(texts).toHaveLength(6);
    // Each answer follows its question.
    expect(texts[1]).toContain('您好');
    expect(texts[3]).toContain('查询工单进度');
    expect(texts[5]).toContain('不客气');
  });
});
