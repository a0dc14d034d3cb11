import { afterEach, describe, expect, it } from 'vitest';
import { createAuth, createAuthRouter } from './auth/index.ts';
import { createDeskRouter, createOpen311Router } from './index.ts';
import { complaint, DEPT, makeDesk, serve } from './test-kit.ts';

const KEY = 'webchat:visitor-1';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start() {
  const setup = makeDesk('2026-11-23T02:00:00.000Z');
  // Real time for sessions: the desk's clock jumps days ahead, past the 12 h session life.
  const auth = createAuth({ store: setup.store });
  const users = {
    agent: { role: 'agent' },
    dispatcher: { role: 'dispatcher' },
    manager: { role: 'manager' },
    env: { role: 'department', department: DEPT.env },
    city: { role: 'department', department: DEPT.city },
  } as const;
  const server = await serve([
    ['/api/auth', createAuthRouter({ auth })],
    ['/api/desk', createDeskRouter({ desk: setup.desk, auth })],
    ['/open311/v2', createOpen311Router({ desk: setup.desk, apiKeys: ['k-123'], clock: setup.time.clock })],
  ]);
  closers.push(server.close);
  const tokens: Record<string, string> = {};
  for (const [username, u] of Object.entries(users)) {
    await auth.addUser({ username, password: `pw-${username}-123`, ...u });
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: `pw-${username}-123` }),
    });
    tokens[username] = ((await res.json()) as { token: string }).token;
  }
  const call = async (who: keyof typeof users | undefined, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(who && { authorization: `Bearer ${tokens[who]}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    // ignoreBOM keeps the BOM in the text, so the CSV test can see it.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    return {
      status: res.status,
      text,
      headers: res.headers,
      json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined,
    };
  };
  return { ...setup, url: server.url, call };
}

describe('the done-when scenario', () => {
  it('should show a complaint in Open311 with category and department but no phone, and follow it up once closed', async () => {
    const { desk, call, sender } = await start();
    const t = await desk.createTicket(complaint(), { id: KEY, role: 'citizen', name: '市民' }, { idempotencyKey: 'intake:conv-1:1' });
    const single = await call(undefined, 'GET', `/open311/v2/requests/${t.id}.json`);
    expect(single.status).toBe(200);
    expect(single.json).toEqual([
      expect.objectContaining({
        service_request_id: t.id,
        status: 'open',
        service_name: '环境保护',
        service_code: 'env',
        agency_responsible: DEPT.env,
        description: '我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼',
        address: '朝阳区花家地北里3号楼',
        requested_datetime: '2026-11-23T10:00:00+08:00',
        expected_datetime: '2026-11-30T23:59:59+08:00',
      }),
    ]);
    const list = await call(undefined, 'GET', '/open311/v2/requests.json');
    for (const body of [single.text, list.text]) {
      expect(body).not.toMatch(/1391234|5678|王小明|visitor-1|conv-1/);
    }
    expect(sender.sent).toEqual([]);
    expect((await call('env', 'POST', `/api/desk/tickets/${t.id}/accept`)).status).toBe(200);
    const closed = await call('env', 'POST', `/api/desk/tickets/${t.id}/close`, { reply: '已责令烧烤店加装油烟净化设备，经复查已达标。' });
    expect(closed.status).toBe(200);
    expect(sender.sent.map((s) => [s.ticket.id, s.attempt, s.ticket.reply])).toEqual([
      [t.id, 1, '已责令烧烤店加装油烟净化设备，经复查已达标。'],
    ]);
    expect((await call(undefined, 'GET', `/open311/v2/requests/${t.id}.json`)).json[0]).toMatchObject({
      status: 'closed',
      status_notes: '已责令烧烤店加装油烟净化设备，经复查已达标。',
    });
  });
});

describe('the desk API', () => {
  it('should answer 401 without a token and 403 for a role that may not', async () => {
    const { call } = await start();
    expect((await call(undefined, 'GET', '/api/desk/tickets')).json).toEqual({ error: { code: 'UNAUTHORIZED', message: '请先登录' } });
    expect((await call('env', 'GET', '/api/desk/rates')).status).toBe(403);
    expect((await call('agent', 'GET', '/api/desk/export.csv')).status).toBe(403);
  });

  it('should let agents create tickets and show the contact whole to them but masked to the department', async () => {
    const { call } = await start();
    const created = await call('agent', 'POST', '/api/desk/tickets', {
      description: '小区门口井盖缺失，很危险',
      category: '环境保护',
      department: DEPT.env,
      urgency: 'emergency',
      place: '朝阳区望京西园三区',
      citizen: { phone: '13800138000', name: '李四' },
    });
    expect(created.status).toBe(201);
    const id = created.json.ticket.id as string;
    expect(created.json.ticket).toMatchObject({ status: '已派单', urgency: 'emergency', channelId: 'phone', area: '朝阳区' });
    expect(created.text).not.toContain('citizenKey');
    const forAgent = await call('agent', 'GET', `/api/desk/tickets/${id}`);
    expect(forAgent.json.ticket.contact).toMatchObject({ phone: '13800138000', name: '李四', masked: false });
    expect(forAgent.json.events.map((e: { type: string }) => e.type)).toEqual(['受理', '派单']);
    const forDept = await call('env', 'GET', `/api/desk/tickets/${id}`);
    expect(forDept.json.ticket.contact).toMatchObject({ phone: '138****8000', name: '李*', masked: true });
    expect(forDept.text).not.toContain('13800138000');
    const bad = await call('agent', 'POST', '/api/desk/tickets', { category: '环境保护', citizen: {} });
    expect(bad.json).toEqual({ error: { code: 'DESCRIPTION_REQUIRED', message: '缺少诉求内容（description）' } });
  });

  it("should answer 404 for an unknown ticket, 403 for another department's, 409 with the reason for an illegal step, 400 for a close without reply", async () => {
    const { call, desk } = await start();
    const t = await desk.createTicket(complaint(), { id: KEY, role: 'citizen', name: '市民' });
    expect((await call('env', 'GET', '/api/desk/tickets/20990101-0001')).status).toBe(404);
    const other = await call('city', 'POST', `/api/desk/tickets/${t.id}/accept`);
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('NOT_YOUR_DEPARTMENT');
    expect((await call('city', 'GET', `/api/desk/tickets/${t.id}`)).status).toBe(403);
    expect((await call('city', 'GET', '/api/desk/tickets')).json.tickets).toEqual([]);
    const noReply = await call('env', 'POST', `/api/desk/tickets/${t.id}/close`, {});
    expect(noReply.json).toEqual({ error: { code: 'REPLY_REQUIRED', message: '缺少办理结果（reply）' } });
    expect((await call('env', 'POST', `/api/desk/tickets/${t.id}/close`, { reply: '已处理' })).status).toBe(200);
    const again = await call('dispatcher', 'POST', `/api/desk/tickets/${t.id}/dispatch`, { department: DEPT.city });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ error: { code: 'ILLEGAL_TRANSITION', message: '工单当前状态为「已办结」，不能「派单」' } });
    const { url } = await start();
    const badJson = await fetch(`${url}/api/desk/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
      body: '{',
    });
    expect(badJson.status).toBe(400);
  });

  it('should serve the dispatcher list, return and redispatch, and the lists by deadline', async () => {
    const { call, desk, time } = await start();
    const t = await desk.createTicket(complaint(), { id: KEY, role: 'citizen', name: '市民' });
    const ret = await call('env', 'POST', `/api/desk/tickets/${t.id}/return`, { reason: '占道经营属城管' });
    expect(ret.json.ticket).toMatchObject({ status: '已退单', lastReturn: { reason: '占道经营属城管' } });
    expect((await call('dispatcher', 'GET', '/api/desk/disputed')).json.tickets.map((x: { id: string }) => x.id)).toEqual([t.id]);
    expect(
      (await call('dispatcher', 'POST', `/api/desk/tickets/${t.id}/redispatch`, { department: DEPT.city, reason: '城管执法' })).json.ticket
        .department,
    ).toBe(DEPT.city);
    time.advance(25 * 3_600_000);
    const overdue = await call('city', 'GET', '/api/desk/overdue');
    expect(overdue.json.items.map((i: { ticket: { id: string }; kind: string }) => [i.ticket.id, i.kind])).toEqual([[t.id, 'respond']]);
    expect((await call('env', 'GET', '/api/desk/overdue')).json.items).toEqual([]);
    expect((await call('manager', 'GET', '/api/desk/near-due')).status).toBe(200);
  });

  it('should serve rates, warnings and a masked CSV to the manager', async () => {
    const { call, desk } = await start();
    await desk.createTicket(complaint(), { id: KEY, role: 'citizen', name: '市民' });
    const rates = await call('manager', 'GET', '/api/desk/rates?by=area&from=2026-11-01&to=2026-11-30');
    expect(rates.json).toMatchObject({ by: 'area', rows: [{ key: '朝阳区', tickets: 1 }] });
    expect((await call('manager', 'GET', '/api/desk/rates?by=mood')).status).toBe(400);
    expect((await call('manager', 'GET', '/api/desk/warnings?week=2026-W48')).json).toEqual({ week: '2026-W48', departments: [] });
    const csv = await call('manager', 'GET', '/api/desk/export.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    expect(csv.text.startsWith('\uFEFF工单编号,')).toBe(true);
    expect(csv.text.split('\r\n')[1]).toContain('139****5678');
    expect(csv.text).not.toContain('13912345678');
  });
});
