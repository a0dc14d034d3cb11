/**
 * The web chat widget in headless Chromium against the real app: a citizen opens the demo
 * page, chats, reloads, loses the network, and sends a photo.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../app/server.ts';
import { launchBrowser } from '../../tests/browser.ts';

const W = '#jiesu-webchat'; // the widget's host element; Playwright's CSS pierces its shadow root
const CHINESE = /[\u4e00-\u9fff]/;

interface Bubble {
  who: 'user' | 'bot';
  text: string;
  id: string;
}

/** The chat as a citizen sees it: every bubble in order. */
function bubbles(page: Page): Promise<Bubble[]> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel)?.shadowRoot;
    return Array.from(root?.querySelectorAll('.msg.user, .msg.bot') ?? []).map((m) => ({
      who: m.classList.contains('user') ? ('user' as const) : ('bot' as const),
      text: m.querySelector('.b')?.textContent ?? '',
      id: m.getAttribute('data-id') ?? '',
    }));
  }, W);
}

/** Waits for a bot bubble after the last user bubble that says `text`, and returns it. */
async function replyTo(page: Page, text: string): Promise<string> {
  let reply = '';
  await expect
    .poll(
      async () => {
        const all = await bubbles(page);
        const mine = all.map((b) => b.who === 'user' && b.text === text).lastIndexOf(true);
        reply = mine < 0 ? '' : (all.slice(mine + 1).find((b) => b.who === 'bot')?.text ?? '');
        return reply;
      },
      { timeout: 15_000 },
    )
    .not.toBe('');
  return reply;
}

/** The connection line under the panel title. */
function status(page: Page): Promise<string | null> {
  return page.locator(`${W} [role=status]`).textContent();
}

/** Types a message the way a citizen does: into the box, then Enter. */
async function say(page: Page, text: string): Promise<string> {
  const input = page.locator(`${W} textarea`);
  await input.fill(text);
  await input.press('Enter');
  return replyTo(page, text);
}

/** Every bubble has its own server id: nothing on screen is shown twice. */
async function expectNoDuplicates(page: Page): Promise<Bubble[]> {
  // Ids arrive with the server's answer, so wait until each bubble has one.
  await expect.poll(async () => (await bubbles(page)).filter((b) => !b.id).length).toBe(0);
  const all = await bubbles(page);
  expect(new Set(all.map((b) => b.id)).size).toBe(all.length);
  return all;
}

/** A small solid-colour PNG, made here so the test needs no fixture file. */
function makePng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

describe('web chat widget in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const pageErrors: string[] = [];
  // The server's clock, moved forward by the token test.
  let skewMs = 0;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jiesu-webchat-'));
    server = await startServer({
      port: 0,
      dataDir,
      clock: () => Date.now() + skewMs,
      logDestination: new Writable({ write: (_chunk, _enc, done) => done() }),
    });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${server.url}/`);
  }, 120_000); // the app trains its classifier at start when no model file is there

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("should show the bot's reply on screen when a citizen types a message", async () => {
    await expect.poll(() => page.locator('h1').textContent()).toBe('12345 市民服务热线 · 在线咨询演示');
    await page.getByRole('button', { name: '在线咨询' }).click();
    await expect.poll(() => page.locator(`${W} h2`).textContent()).toBe('12345 接诉小助手');
    // Focus lands in the message box, so the citizen can type straight away.
    expect(await page.locator(`${W} textarea`).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe('已连接');

    const reply = await say(page, '你好');
    expect(reply).toMatch(CHINESE);
    const all = await expectNoDuplicates(page);
    expect(all.filter((b) => b.who === 'user' && b.text === '你好')).toHaveLength(1);
  }, 30_000);

  it('should send a quick reply when tapped and show the answer', async () => {
    const buttons = page.locator(`${W} .qr button`);
    // The greeting may or may not offer quick replies; when it does, they must work.
    if ((await buttons.count()) === 0) return;
    const usersBefore = (await bubbles(page)).filter((b) => b.who === 'user').length;
    await buttons.first().click();
    await expect.poll(async () => (await bubbles(page)).filter((b) => b.who === 'user').length).toBe(usersBefore + 1);
    const sent = (await bubbles(page)).filter((b) => b.who === 'user').at(-1)!.text;
    expect(sent).not.toBe('');
    expect(await replyTo(page, sent)).toMatch(CHINESE);
    await expectNoDuplicates(page);
  }, 30_000);

  it('should put a new line on Shift+Enter, and show markup as plain text', async () => {
    const input = page.locator(`${W} textarea`);
    const count = (await bubbles(page)).length;
    await input.fill('<b>噪音</b>');
    await input.press('Shift+Enter');
    await input.pressSequentially('<img src=x>');
    expect(await input.inputValue()).toBe('<b>噪音</b>\n<img src=x>');
    expect((await bubbles(page)).length).toBe(count);

    await input.press('Enter');
    expect(await replyTo(page, '<b>噪音</b>\n<img src=x>')).toMatch(CHINESE);
    expect(await page.locator(`${W} .log b, ${W} .log img`).count()).toBe(0);
  }, 30_000);

  it('should keep the whole history, shown once, after a reload', async () => {
    const before = await expectNoDuplicates(page);
    await page.reload();
    // The panel was open, so it opens again with the same conversation.
    await expect.poll(async () => (await bubbles(page)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(before.length);
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe('已连接');
    // A new exchange proves the live stream is flowing; by then any replayed duplicate would show.
    expect(await say(page, '请问热线几点上班')).toMatch(CHINESE);
    const after = await expectNoDuplicates(page);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.filter((b) => b.text === '请问热线几点上班')).toHaveLength(1);
  }, 30_000);

  it('should reconnect after the network drops and repeat nothing', async () => {
    const before = await expectNoDuplicates(page);
    await context.setOffline(true);
    await expect.poll(() => status(page)).toBe('网络已断开，正在重连…');
    await context.setOffline(false);
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('已连接');
    expect(await say(page, '谢谢')).toMatch(CHINESE);
    const after = await expectNoDuplicates(page);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.filter((b) => b.text === '谢谢')).toHaveLength(1);
  }, 40_000);

  it('should show a photo the citizen uploads, and keep it after a reload', async () => {
    const png = makePng(8, 6, [200, 16, 46]);
    await page.locator(`${W} input[type=file]`).setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
    const photo = page.locator(`${W} .msg.user img`).last();
    await photo.waitFor({ state: 'visible' });
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);
    await expectNoDuplicates(page);

    // After a reload the photo comes from the server, not from the browser's memory.
    await page.reload();
    const saved = page.locator(`${W} .msg.user img`);
    await expect.poll(() => saved.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => saved.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);
  }, 30_000);

  it('should renew an expired token by itself and stay in the same conversation', async () => {
    const before = await expectNoDuplicates(page);
    skewMs = 3 * 3600_000; // the visitor's token (30 min) has long expired
    expect(await say(page, '你好')).toMatch(CHINESE);
    const after = await expectNoDuplicates(page);
    expect(after.slice(0, before.length)).toEqual(before);
  }, 30_000);

  /** A fresh visitor in a context of their own. */
  async function visitor(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; tab: Page }> {
    const ctx = await browser.newContext({ locale: 'zh-CN', ...options });
    const tab = await ctx.newPage();
    tab.on('pageerror', (err) => pageErrors.push(err.message));
    return { context: ctx, tab };
  }

  it('should fall back to polling when WebSocket is blocked', async () => {
    const { context: blocked, tab } = await visitor();
    // A network that refuses WebSocket: every streamUrl points at a closed port.
    await blocked.route(
      (url) => /\/v3\/directline\/conversations\/[^/]+$/.test(url.pathname),
      async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as Record<string, unknown>;
        await route.fulfill({ response, json: { ...body, streamUrl: 'ws://127.0.0.1:9/blocked' } });
      },
    );
    try {
      await tab.goto(`${server.url}/`);
      await tab.getByRole('button', { name: '在线咨询' }).click();
      await expect.poll(() => status(tab), { timeout: 15_000 }).toBe('已连接');
      expect(await say(tab, '你好')).toMatch(CHINESE);
      await expectNoDuplicates(tab);
    } finally {
      await blocked.close();
    }
  }, 30_000);

  it("should send the citizen's location where the browser allows it, and say so politely where not", async () => {
    const { context: located, tab } = await visitor({
      geolocation: { latitude: 39.9042, longitude: 116.4074 },
      permissions: ['geolocation'],
    });
    try {
      await tab.goto(`${server.url}/`);
      await tab.getByRole('button', { name: '在线咨询' }).click();
      await expect.poll(() => status(tab), { timeout: 10_000 }).toBe('已连接');
      const posted = tab.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/activities'));
      await tab.getByRole('button', { name: '发送我的位置' }).click();
      expect((await posted).postDataJSON()).toMatchObject({
        type: 'message',
        text: '我的位置',
        entities: [{ type: 'GeoCoordinates', latitude: 39.9042, longitude: 116.4074 }],
      });
      expect(await replyTo(tab, '我的位置')).toMatch(CHINESE);

      await located.clearPermissions();
      await tab.getByRole('button', { name: '发送我的位置' }).click();
      const notes = () => tab.locator(`${W} .msg.sys`).allTextContents();
      await expect.poll(async () => (await notes()).some((t) => t.includes('位置')), { timeout: 20_000 }).toBe(true);
    } finally {
      await located.close();
    }
  }, 40_000);

  it('should lose no reply while the stream is down, and show each message once', async () => {
    // A second visitor whose stream runs through a proxy the test controls: it can deliver
    // each frame twice, or silently lose frames and then drop the connection.
    const { context: proxied, tab } = await visitor();
    let deliver: 'normal' | 'twice' | 'lose' = 'normal';
    const lost: string[] = [];
    const streams = new Set<WebSocketRoute>();
    await proxied.routeWebSocket(
      () => true,
      (ws) => {
        const upstream = ws.connectToServer();
        streams.add(ws);
        ws.onMessage((m) => upstream.send(m));
        upstream.onMessage((m) => {
          if (deliver === 'lose') return void lost.push(String(m));
          ws.send(m);
          if (deliver === 'twice') ws.send(m);
        });
        ws.onClose(() => {
          streams.delete(ws);
          void upstream.close();
        });
        upstream.onClose(() => {
          streams.delete(ws);
          void ws.close();
        });
      },
    );
    try {
      await tab.goto(`${server.url}/`);
      await tab.getByRole('button', { name: '在线咨询' }).click();
      await expect.poll(() => status(tab), { timeout: 10_000 }).toBe('已连接');

      deliver = 'twice';
      expect(await say(tab, '你好')).toMatch(CHINESE);
      await expectNoDuplicates(tab);

      deliver = 'lose';
      const question = '请问怎么查询工单进度';
      await tab.locator(`${W} textarea`).fill(question);
      await tab.locator(`${W} textarea`).press('Enter');
      // Wait until the bot's answer has been lost on the way, then cut the connection.
      const botMessageLost = () =>
        lost.some((frame) => {
          const activities = frame ? (JSON.parse(frame) as { activities?: { type: string; from?: { role?: string } }[] }).activities : [];
          return (activities ?? []).some((a) => a.type === 'message' && a.from?.role === 'bot');
        });
      await expect.poll(botMessageLost, { timeout: 15_000 }).toBe(true);
      deliver = 'normal';
      for (const ws of streams) await ws.close();

      // The widget reconnects by itself from its watermark and the answer shows up once.
      expect(await replyTo(tab, question)).toMatch(CHINESE);
      await expect.poll(() => status(tab), { timeout: 15_000 }).toBe('已连接');
      const all = await expectNoDuplicates(tab);
      expect(all.filter((b) => b.text === question)).toHaveLength(1);
    } finally {
      await proxied.close();
    }
  }, 40_000);

  it('should raise no script errors along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
