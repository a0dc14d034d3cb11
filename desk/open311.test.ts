import { afterEach, describe, expect, it } from 'vitest';
import { createOpen311Router } from './index.ts';
import { actors, complaint, DEPT, makeDesk, serve } from './test-kit.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start() {
  const setup = makeDesk('2026-11-23T02:00:00.000Z');
  const server = await serve([
    ['/open311/v2', createOpen311Router({ desk: setup.desk, apiKeys: ['k-123', 'k-456'], clock: setup.time.clock })],
  ]);
  closers.push(server.close);
  const get = async (path: string) => {
    const res = await fetch(`${server.url}/open311/v2${path}`);
    return { status: res.status, json: (await res.json()) as Array<Record<string, unknown>> };
  };
  const post = async (fields: Record<string, string>, form = false) => {
    const res = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: form ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
    });
    return { status: res.status, text: await res.clone().text(), json: (await res.json()) as Array<Record<string, unknown>> };
  };
  return { ...setup, get, post };
}

describe('Open311 GeoReport v2', () => {
  it('should list the categories as services', async () => {
    const { get } = await start();
    const { status, json } = await get('/services.json');
    expect(status).toBe(200);
    expect(json).toEqual([
      {
        service_code: 'env',
        service_name: '环境保护',
        description: '环境保护',
        metadata: false,
        type: 'realtime',
        keywords: '油烟,噪音',
        group: '城市管理',
      },
      {
        service_code: 'city',
        service_name: '城乡建设',
        description: '城乡建设',
        metadata: false,
        type: 'realtime',
        keywords: '',
        group: '城乡建设',
      },
      {
        service_code: 'labour',
        service_name: '劳动和社会保障',
        description: '劳动和社会保障',
        metadata: false,
        type: 'realtime',
        keywords: '',
        group: '劳动和社会保障',
      },
    ]);
  });

  it("should give every field of a service request, and 404 in the spec's error format for an unknown id", async () => {
    const { get, desk } = await start();
    const t = await desk.createTicket(
      complaint({
        location: { lat: 39.98, long: 116.47 },
        attachments: [{ url: 'https://example.org/p/1.jpg', contentType: 'image/jpeg' }],
      }),
      actors.agent,
    );
    const { json } = await get(`/requests/${t.id}.json`);
    expect(json).toEqual([
      {
        service_request_id: t.id,
        status: 'open',
        status_notes: `已派至${DEPT.env}`,
        service_name: '环境保护',
        service_code: 'env',
        description: '我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼',
        agency_responsible: DEPT.env,
        service_notice: '应于 2026-11-30 23:59 前办结',
        requested_datetime: '2026-11-23T10:00:00+08:00',
        updated_datetime: '2026-11-23T10:00:00+08:00',
        expected_datetime: '2026-11-30T23:59:59+08:00',
        address: '朝阳区花家地北里3号楼',
        address_id: null,
        zipcode: null,
        lat: 39.98,
        long: 116.47,
        media_url: 'https://example.org/p/1.jpg',
      },
    ]);
    expect(await get('/requests/20260101-0404.json')).toEqual({
      status: 404,
      json: [{ code: 404, description: 'service_request_id 20260101-0404 not found' }],
    });
  });

  it('should filter requests by id, service code, status and date, with a 90-day default window', async () => {
    const { get, desk, time } = await start();
    const old = await desk.createTicket(complaint(), actors.agent);
    time.advance(100 * 24 * 3_600_000);
    const env = await desk.createTicket(complaint(), actors.agent);
    const city = await desk.createTicket(complaint({ category: '城乡建设', department: DEPT.city, description: '路灯不亮' }), actors.agent);
    await desk.close(city.id, actors.city, '已修复');
    const ids = async (q: string) => (await get(`/requests.json${q}`)).json.map((r) => r.service_request_id);
    expect(await ids('')).toEqual([city.id, env.id]);
    expect(await ids('?service_code=city')).toEqual([city.id]);
    expect(await ids('?status=open')).toEqual([env.id]);
    expect(await ids('?status=closed')).toEqual([city.id]);
    expect(await ids('?start_date=2026-11-01T00:00:00%2B08:00&end_date=2026-11-30T00:00:00%2B08:00')).toEqual([old.id]);
    expect(await ids(`?service_request_id=${old.id},${city.id}&status=open`)).toEqual([city.id, old.id]);
    expect((await get('/requests.json?start_date=yesterday')).status).toBe(400);
    expect((await get('/requests.json?status=pending')).json).toEqual([{ code: 400, description: 'status must be open or closed' }]);
  });

  it('should refuse a POST without api_key (401) or with a wrong one (403)', async () => {
    const { post, desk } = await start();
    const fields = { service_code: 'env', address_string: '朝阳区', description: '油烟' };
    expect(await post(fields)).toMatchObject({ status: 401, json: [{ code: 401, description: 'api_key is required' }] });
    expect(await post({ ...fields, api_key: 'nope' })).toMatchObject({
      status: 403,
      json: [{ code: 403, description: 'api_key is not valid' }],
    });
    expect(await desk.findTickets()).toEqual([]);
  });

  it('should name the missing or bad field of a POST', async () => {
    const { post, desk } = await start();
    const base = { api_key: 'k-123', service_code: 'env', address_string: '朝阳区花家地', description: '油烟' };
    expect((await post({ ...base, service_code: '' })).json).toEqual([{ code: 400, description: 'service_code is required' }]);
    expect((await post({ ...base, service_code: 'nope' })).json).toEqual([
      { code: 400, description: 'service_code nope is not a known service' },
    ]);
    expect((await post({ ...base, address_string: '' })).json).toEqual([
      { code: 400, description: 'a location is required: lat and long, address_string or address_id' },
    ]);
    expect((await post({ ...base, address_string: '', lat: '91', long: '116' })).json).toEqual([
      { code: 400, description: 'lat and long must be valid WGS-84 coordinates' },
    ]);
    expect((await post({ ...base, description: '' })).json).toEqual([{ code: 400, description: 'description is required' }]);
    expect(await desk.findTickets()).toEqual([]);
  });

  it("should create a ticket from a POST (JSON or form) and never show the caller's personal data", async () => {
    const { post, get } = await start();
    const created = await post(
      {
        api_key: 'k-456',
        service_code: 'env',
        lat: '39.98',
        long: '116.47',
        address_string: '朝阳区花家地北里3号楼',
        description: '我是张伟，楼下烧烤店油烟太大，电话13912345678，身份证110101199003071234',
        first_name: '伟',
        last_name: '张',
        phone: '13912345678',
        email: 'zhangwei@example.org',
        account_id: 'acct-7',
      },
      true,
    );
    expect(created.status).toBe(200);
    const id = created.json[0]?.service_request_id as string;
    expect(created.json).toEqual([{ service_request_id: id, service_notice: '应于 2026-11-30 23:59 前办结', account_id: 'acct-7' }]);
    const [req] = (await get(`/requests/${id}.json`)).json;
    expect(req).toMatchObject({
      service_code: 'env',
      agency_responsible: DEPT.env,
      lat: 39.98,
      long: 116.47,
      description: '我是，楼下烧烤店油烟太大',
    });
    const everything = JSON.stringify([(await get('/requests.json')).json, req]);
    for (const personal of ['13912345678', '5678', '张伟', 'zhangwei', '110101199003071234', 'acct-7'])
      expect(everything).not.toContain(personal);
    const json = await post({ api_key: 'k-123', service_code: 'labour', address_id: 'B-12', description: '拖欠工资' });
    expect(json.status).toBe(200);
    // A category without a department waits for the dispatcher.
    expect((await get(`/requests/${json.json[0]?.service_request_id}.json`)).json[0]).toMatchObject({
      agency_responsible: null,
      status_notes: '已受理，正在确定承办单位',
    });
  });

  it('should answer unknown paths with a GeoReport 404', async () => {
    const { get } = await start();
    expect(await get('/discovery.xml')).toEqual({ status: 404, json: [{ code: 404, description: 'not found' }] });
  });
});
