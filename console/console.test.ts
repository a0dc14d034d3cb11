/**
 * The staff console in headless Chromium against the real app: an agent takes a waiting
 * chat and answers the citizen; a department handler accepts and closes a ticket, and the
 * citizen gets the follow-up survey; a manager reads the rates and exports the CSV.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../tests/app.ts';
import { launchBrowser } from '../tests/browser.ts';
import { buttons, citizen, staff, texts } from '../tests/chat.ts';

const ADMIN = { username: 'admin', password: 'admin-password-123' };
const HANDLER = { username: 'wang', password: 'handler-password-123', name: '王办理' };

let app: TestApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ JIESU_ADMIN_USER: ADMIN.username, JIESU_ADMIN_PASSWORD: ADMIN.password });
  browser = await launchBrowser();
  page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Logs in on the console page as a user would. */
async function login(p: Page, user: { username: string; password: string }): Promise<void> {
  await p.getByLabel('用户名').fill(user.username);
  await p.getByLabel('密码').fill(user.password);
  await p.getByRole('button', { name: '登录', exact: true }).click();
}

/** What the user sees of an element: rendered text only, hidden parts left out. */
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text a user reads, which is the point here
const shown = (locator: Locator) => locator.innerText();
const text = (selector: string) => shown(page.locator(selector));

describe('the staff console', () => {
  it('should serve the page uncached, and redirect /console to it', async () => {
    const res = await page.goto(`${app.url}/console/`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['cache-control']).toBe('no-store');
    await expect.poll(() => page.getByRole('heading', { name: '12345 接诉工作台' }).isVisible()).toBe(true);
    const bare = await fetch(`${app.url}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('should let an agent take a waiting chat, answer in the citizen’s own chat, and hand it back', async () => {
    const c = citizen(app.url, 'console-handoff');
    expect(texts(await c.say('转人工'))).toContain('人工');

    await login(page, ADMIN);
    await expect.poll(() => text('#who')).toContain('管理员');
    const waiting = page.locator('#queue li');
    await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(1);
    expect(await shown(waiting)).toContain('网页咨询');
    await waiting.click();
    await expect.poll(() => text('#conv-state')).toBe('等待人工接入');
    await expect.poll(() => page.locator('#transcript .msg.citizen').allInnerTexts()).toEqual([expect.stringContaining('转人工')]);

    await page.getByRole('button', { name: '接入' }).click();
    expect(texts(await c.next())).toContain('人工客服');
    await expect.poll(() => text('#conv-state')).toBe('由我接入');
    await expect.poll(() => page.getByText('暂无等待人工的会话').isVisible()).toBe(true);

    const answer = '您好，我是人工客服，请问油烟是从哪家店排出的？';
    await page.getByLabel('回复市民').fill(answer);
    await page.getByLabel('回复市民').press('Enter');
    expect(texts(await c.next())).toBe(answer);
    expect(await page.getByLabel('回复市民').inputValue()).toBe('');
    await expect.poll(() => shown(page.locator('#transcript .msg.agent .b').last())).toBe(answer);

    // The citizen's words arrive on screen as plain text, markup and all.
    await c.sayOnly('<b>楼下的烧烤店</b>');
    await expect.poll(() => shown(page.locator('#transcript .msg.citizen .b').last()), { timeout: 10_000 }).toBe('<b>楼下的烧烤店</b>');
    expect(await page.locator('#transcript b').count()).toBe(0);

    await page.getByRole('button', { name: '结束人工' }).click();
    expect(texts(await c.next())).toContain('人工服务已结束');
    await expect.poll(() => text('#conv-state')).toBe('机器人服务中');
    expect(await page.getByLabel('回复市民').isVisible()).toBe(false);
    c.client.end();
  });

  it('should let the department accept and close its ticket, refuse an empty reply, and survey the citizen', async () => {
    const c = citizen(app.url, 'console-ticket');
    await c.say('我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼');
    expect(buttons(await c.say('不方便留'))).toContain('确认提交');
    const number = /\d{8}-\d{4}/.exec(texts(await c.say('确认提交')))?.[0];
    expect(number).toBeDefined();

    const api = await staff(app.url, ADMIN);
    const { ticket } = (await (await api('GET', `/api/desk/tickets/${number}`)).json()) as { ticket: { department?: string } };
    expect(ticket.department).toBeTruthy();
    const created = await api('POST', '/api/auth/users', { ...HANDLER, role: 'department', department: ticket.department });
    expect(created.status).toBe(201);

    // The admin signs out; the handler signs in on the same browser and sees only 工单.
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect.poll(() => page.getByLabel('用户名').isVisible()).toBe(true);
    await login(page, HANDLER);
    await expect.poll(() => text('#who')).toBe(`王办理（承办单位 · ${ticket.department}）`);
    expect(await page.getByRole('button', { name: '人工会话' }).isVisible()).toBe(false);
    expect(await page.locator('#transcript .msg').count()).toBe(0);

    const row = page.locator('#tickets tr', { hasText: number! });
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await shown(row)).toContain('已派单');
    await row.click();
    await expect.poll(() => text('#ticket-title')).toBe(`工单 ${number}`);
    await expect.poll(() => text('#ticket-fields')).toContain('楼下烧烤店油烟太大');

    await page.getByRole('button', { name: '接单', exact: true }).click();
    await expect.poll(() => text('#notice')).toBe(`工单 ${number} 已接单`);
    // The notice comes first; the detail re-renders when the ticket is read again.
    await expect.poll(() => text('#ticket-fields')).toContain('办理中');
    await expect.poll(() => text('#history')).toContain(`王办理（承办单位 · ${ticket.department}）`);

    await page.getByRole('button', { name: '办结', exact: true }).click();
    await page.getByRole('button', { name: '确认办结' }).click();
    await expect.poll(() => text('#ticket-error')).toContain('缺少办理结果');
    expect(await text('#ticket-fields')).toContain('办理中');

    const reply = '经现场核查，已责令该烧烤店安装油烟净化设施并正常使用。';
    await page.getByLabel('办理结果').fill(reply);
    await page.getByRole('button', { name: '确认办结' }).click();
    await expect.poll(() => text('#notice')).toBe(`工单 ${number} 已办结`);
    await expect.poll(() => text('#ticket-fields')).toContain('已办结');
    await expect.poll(() => text('#history')).toContain(reply);
    expect(await text('#ticket-error')).toBe('');
    await expect.poll(() => page.getByRole('button', { name: '办结', exact: true }).count()).toBe(0);

    const survey = texts(await c.next());
    expect(survey).toContain(reply);
    expect(survey).toContain('问题解决了吗');
    c.client.end();
  });

  it('should show a manager the rates by department, and download the CSV with the token', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await login(page, ADMIN);
    await page.getByRole('button', { name: '统计' }).click();
    const total = page.locator('#rates tr.total');
    await expect.poll(() => total.isVisible()).toBe(true);
    expect((await shown(total)).split('\t').slice(0, 2)).toEqual(['合计', '1']);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出工单 CSV/ }).click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8');
    expect(csv).toContain('花家地北里3号楼');
  });

  it('should send a stale session back to the login, and slow down repeated wrong passwords', async () => {
    await page.evaluate(() => sessionStorage.setItem('jiesu.console.token', 'not-a-valid-token'));
    await page.reload();
    await expect.poll(() => text('#login-error')).toBe('登录已失效，请重新登录');

    const attempt = async (password: string) => {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await login(page, { username: 'nobody', password });
      return (await answered).status();
    };
    for (let i = 0; i < 5; i++) {
      expect(await attempt(`wrong-${i}`)).toBe(401);
      await expect.poll(() => text('#login-error')).toBe('用户名或密码不正确');
    }
    expect(await attempt('wrong-again')).toBe(429);
    await expect.poll(() => text('#login-error')).toBe('尝试过于频繁，请稍后再试');
  });

  it('should raise no script errors along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
