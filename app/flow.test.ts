/**
 * The whole product through its public doors: a citizen in the web chat (Microsoft's Direct
 * Line client), staff through the desk API, the public through Open311.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../tests/app.ts';
import { buttons, citizen as chatCitizen, staff as staffApi, texts } from '../tests/chat.ts';

let app: TestApp;
const ADMIN = { username: 'admin', password: 'admin-password-123' };
const OPEN311_KEY = 'open311-key-for-tests';

beforeAll(async () => {
  app = await startTestApp({ JIESU_ADMIN_USER: ADMIN.username, JIESU_ADMIN_PASSWORD: ADMIN.password, JIESU_OPEN311_API_KEYS: OPEN311_KEY });
});
afterAll(() => app?.stop());

const citizen = (id: string) => chatCitizen(app.url, id);
const staff = () => staffApi(app.url, ADMIN);

describe('knowledge answers in the web chat', () => {
  it('should answer an online purchase return with the seven-day rule and its article', async () => {
    const c = citizen('kb-1');
    const reply = await c.say('网上买的衣服不喜欢能退吗');
    expect(texts(reply)).toMatch(/七日|七天/);
    expect(texts(reply)).toContain('依据：《中华人民共和国消费者权益保护法》第二十五条');
    expect(buttons(reply)).toEqual(expect.arrayContaining(['解决了', '还有问题', '我要投诉', '转人工']));
    c.client.end();
  });

  it('should explain why a purchase in a mall is not covered', async () => {
    const c = citizen('kb-2');
    const reply = await c.say('在商场买的鞋能七天无理由退吗');
    expect(texts(reply)).toMatch(/实体店|商场/);
    expect(texts(reply)).toMatch(/不适用|不属于|并不/);
    c.client.end();
  });
});

describe('a complaint becomes a ticket, is handled, and followed up in the same chat', () => {
  it('should take the ticket, publish it on Open311 without personal data, and ask the survey after closing', async () => {
    const c = citizen('flow-1');
    const summary = await c.say('我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼，电话13912345678');
    expect(texts(summary)).toContain('花家地北里3号楼');
    expect(texts(summary)).toContain('139****5678');
    expect(buttons(summary)).toContain('确认提交');

    const created = await c.say('确认提交');
    const number = /\d{8}-\d{4}/.exec(texts(created))?.[0];
    expect(number, texts(created)).toBeDefined();

    // Open311: category and department, no phone anywhere.
    const pub = await fetch(`${app.url}/open311/v2/requests/${number}.json`);
    expect(pub.status).toBe(200);
    const raw = await pub.text();
    expect(raw).not.toContain('13912345678');
    expect(raw).not.toContain('5678');
    const [req] = JSON.parse(raw) as Array<{ service_name: string; agency_responsible: string; status: string; expected_datetime: string }>;
    // 油烟 is filed under 城乡建设 or 环境保护 in the hotline's own data; either way it goes to
    // the body that enforces against cooking fumes.
    expect(['城乡建设', '环境保护']).toContain(req!.service_name);
    expect(req!.agency_responsible).toMatch(/城市管理|生态环境/);
    expect(req!.status).toBe('open');
    expect(req!.expected_datetime).toBeTruthy();

    // The department handles it; closing needs the reply (办理结果).
    const api = await staff();
    const { ticket } = (await (await api('GET', `/api/desk/tickets/${number}`)).json()) as {
      ticket: { status: string; department?: string };
    };
    if (ticket.status === '已受理')
      expect((await api('POST', `/api/desk/tickets/${number}/dispatch`, { department: ticket.department })).status).toBe(200);
    expect((await api('POST', `/api/desk/tickets/${number}/accept`, {})).status).toBe(200);
    expect((await api('POST', `/api/desk/tickets/${number}/close`, {})).status).toBe(400);
    expect(
      (await api('POST', `/api/desk/tickets/${number}/close`, { reply: '经现场检查，该烧烤店已安装油烟净化设施并正常使用。' })).status,
    ).toBe(200);

    // The follow-up reaches the same chat.
    const survey = await c.next();
    expect(texts(survey)).toContain(number!);
    expect(texts(survey)).toContain('油烟净化设施');
    expect(texts(survey)).toContain('问题解决了吗');
    const q2 = await c.say('已解决');
    expect(texts(q2)).toContain('满意');
    const thanks = await c.say('满意');
    expect(texts(thanks)).toMatch(/感谢|谢谢/);

    const { ticket: after } = (await (await api('GET', `/api/desk/tickets/${number}`)).json()) as {
      ticket: { status: string; survey?: { score: number } };
    };
    expect(after.status).toBe('已回访');
    expect(after.survey?.score).toBe(1);
    const closed = (
      JSON.parse(await (await fetch(`${app.url}/open311/v2/requests/${number}.json`)).text()) as Array<{ status: string }>
    )[0];
    expect(closed!.status).toBe('closed');
    c.client.end();
  });

  it('should let the citizen look up their own ticket and not another one', async () => {
    const c = citizen('flow-2');
    await c.say('我要投诉：小区门口的路灯坏了一个月了，海淀区学院路20号院');
    const step = await c.say('不方便留');
    expect(buttons(step)).toContain('确认提交');
    const created = await c.say('确认提交');
    const number = /\d{8}-\d{4}/.exec(texts(created))![0];
    const mine = await c.say('查进度');
    expect(texts(mine)).toContain(number);
    const other = citizen('flow-3');
    const lookup = await other.say(`帮我查一下${number}`);
    expect(texts(lookup)).toContain('没有找到');
    c.client.end();
    other.client.end();
  });
});

describe('hot issues for managers', () => {
  it('should list a problem that several citizens reported at one place, and nothing reported once', async () => {
    const api = await staff();
    const file = (key: string, place: string, description: string) =>
      api('POST', '/api/desk/tickets', { description, category: '环境保护', topic: '噪声', place, citizen: { key } });
    for (const [i, who] of ['hot-a', 'hot-b', 'hot-c'].entries()) {
      const res = await file(who, '朝阳区望京街道花家地社区5号楼', `楼下酒吧每晚噪音很大（第${i + 1}位市民）`);
      expect(res.status).toBe(201);
    }
    await file('hot-d', '海淀区学院路街道清华东路17号院', '路口施工噪音大');
    const res = await api('GET', '/api/desk/hot-issues?min=3');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { issues: Array<{ place: string; citizens: number; tickets: Array<{ id: string }> }> };
    expect(body.issues).toHaveLength(1);
    expect(body.issues[0]!.citizens).toBe(3);
    expect(body.issues[0]!.place).toContain('花家地');
    expect(body.issues[0]!.tickets).toHaveLength(3);
    expect((await fetch(`${app.url}/api/desk/hot-issues`)).status).toBe(401);
    expect((await api('GET', '/api/desk/hot-issues?days=0')).status).toBe(400);
  });
});
