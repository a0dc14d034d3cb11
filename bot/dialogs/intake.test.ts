import { describe, expect, it } from 'vitest';
import { AGENT, buttons, createBotKit, texts } from './test-kit.ts';

const COMPLAINT = '我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼，电话13912345678';

describe('ticket intake', () => {
  it('should go straight to the summary when the complaint names the place and phone, and file it on 确认提交', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u1');

    const [summary, ...more] = await c.say(COMPLAINT);
    expect(more).toEqual([]);
    expect(summary!.text).toContain('问题：楼下烧烤店油烟太大');
    expect(summary!.text).toContain('地点：朝阳区花家地北里3号楼');
    expect(summary!.text).toContain('电话：139****5678');
    expect(summary!.text).not.toContain('13912345678');
    expect(summary!.text).toContain('承办单位：区生态环境局');
    expect(buttons(summary)).toEqual(['确认提交', '修改', '取消']);

    const [done] = await c.say('确认提交');
    const number = /工单号：(\d{8}-\d{4})/.exec(done!.text ?? '')?.[1];
    expect(number).toBe('20261127-0001');
    expect(done!.text).toContain('承办单位：区生态环境局');
    // Created Friday 27 Nov 10:00 Beijing: 5 working days → Friday 4 Dec, end of day.
    expect(done!.text).toContain('12月4日 23:59前答复办理结果');

    const t = await kit.desk.getTicket(number!, AGENT);
    expect(t).toMatchObject({
      description: '楼下烧烤店油烟太大，朝阳区花家地北里3号楼，电话13912345678',
      place: '朝阳区花家地北里3号楼',
      category: '环境保护',
      topic: '油烟污染',
      department: '区生态环境局',
      status: '已派单',
      urgency: 'normal',
      channelId: 'test',
    });
    expect(t.contact).toMatchObject({ phone: '13912345678', reachable: true });
    expect(await kit.desk.listByCitizen('test:u1')).toHaveLength(1);
  });

  it('should ask what, then where, then for a phone, accept a declined phone, and file the ticket', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u2');

    expect(texts(await c.say('我要投诉'))).toEqual([expect.stringContaining('遇到了什么问题')]);
    const [where] = await c.say('小区门口的路灯坏了一个多月了，晚上很黑');
    expect(where!.text).toBe('请问具体在哪里？可以说区、街道、小区和楼号，也可以发送位置。');
    const [phone] = await c.say('海淀区学院路街道清华东路17号院');
    expect(phone!.text).toContain('方便留个联系电话吗？');
    expect(buttons(phone)).toEqual(['不方便留']);
    const [summary] = await c.say('不方便留');
    expect(summary!.text).toContain('不留电话也可以受理');
    expect(summary!.text).toContain('电话：未留');
    expect(summary!.text).toContain('地点：海淀区学院路街道清华东路17号院');

    const [done] = await c.say('确认提交');
    const number = /工单号：(\S+?)。/.exec(done!.text ?? '')?.[1];
    const t = await kit.desk.getTicket(number!, AGENT);
    expect(t.description).toBe('小区门口的路灯坏了一个多月了，晚上很黑');
    expect(t.place).toBe('海淀区学院路街道清华东路17号院');
    // A declined phone: no phone on the contact; the citizen stays reachable on their channel.
    expect(t.contact?.phone).toBeUndefined();
    expect(t.contact?.reachable).toBe(true);
  });

  it('should ask again once for a mistyped phone, then take a valid one', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u3');
    await c.say('我要投诉');
    await c.say('楼道里的灯坏了');
    await c.say('西城区月坛街道三里河一区5号楼');
    const [again] = await c.say('1391234');
    expect(again!.text).toContain('这个号码好像不太对');
    const [summary] = await c.say('010-68001234');
    expect(summary!.text).toContain('电话：010****1234');
    await c.say('确认提交');
    const [t] = await kit.desk.findTickets();
    expect((await kit.desk.getTicket(t!.id, AGENT)).contact?.phone).toBe('010-68001234');
  });

  it('should create no ticket when the citizen cancels mid-way', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u4');
    await c.say('我要投诉');
    await c.say('小区里有人私搭乱建');
    const [bye] = await c.say('取消');
    expect(bye!.text).toContain('已取消');
    expect(await kit.desk.findTickets()).toEqual([]);
    // The conversation is free again: a greeting gets the welcome.
    expect((await c.say('你好'))[0]!.text).toContain('接诉小助手');
  });

  it('should take a photo sent during the intake onto the ticket', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u5');
    await c.say('我要投诉：小区门口垃圾堆满了没人清运');
    const photo = { attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://files.example/trash.jpg', name: 'trash.jpg' }] };
    const [ack] = await c.say('', photo);
    expect(ack!.text).toContain('已收到照片，共1张');
    expect(ack!.text).toContain('请问具体在哪里');
    await c.say('丰台区右安门街道翠林小区');
    const [summary] = await c.say('13800001111');
    expect(summary!.text).toContain('照片：1张');
    await c.say('确认提交');
    const [t] = await kit.desk.findTickets();
    expect(t!.attachments).toEqual([{ url: 'https://files.example/trash.jpg', contentType: 'image/jpeg', name: 'trash.jpg' }]);
  });

  it('should take a shared location as the place', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u5b');
    await c.say('我要投诉：路边井盖丢了，很危险');
    const [phone] = await c.say('', {
      entities: [{ type: 'GeoCoordinates', latitude: 39.9087, longitude: 116.3975, name: '天安门广场东侧' }],
    });
    expect(phone!.text).toContain('联系电话');
    await c.say('不方便留');
    await c.say('确认提交');
    const [t] = await kit.desk.findTickets();
    expect(t!.location).toEqual({ lat: 39.9087, long: 116.3975 });
    expect(t!.place).toBe('天安门广场东侧');
  });

  it('should file one ticket when 确认提交 arrives twice at once', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u6');
    await c.say(COMPLAINT);
    const [first, second] = await Promise.all([c.send('确认提交'), c.send('确认提交')]);
    expect(await kit.desk.findTickets()).toHaveLength(1);
    const all = texts([...first!, ...second!]).join('\n');
    expect(all).toContain('已为您提交工单');
    expect(all).toContain('无需重复提交');
  });

  it('should let the citizen change one part from the summary and show it again', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u7');
    await c.say(COMPLAINT);
    const [which] = await c.say('修改');
    expect(buttons(which)).toEqual(['问题描述', '地点', '电话']);
    const [ask] = await c.say('地点');
    expect(ask!.text).toContain('请问具体在哪里');
    const [summary] = await c.say('朝阳区花家地北里5号楼');
    expect(summary!.text).toContain('地点：朝阳区花家地北里5号楼');
    expect(summary!.text).toContain('电话：139****5678');
    await c.say('确认提交');
    const [t] = await kit.desk.findTickets();
    expect(t!.place).toBe('朝阳区花家地北里5号楼');
  });

  it('should give the emergency advice first, then take the report as urgent', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u8');
    const [advice, next] = await c.say('电梯里困人了');
    expect(advice!.text).toMatch(/^情况紧急，请立即拨打119/);
    expect(next!.text).toContain('请问具体在哪里');
    await c.say('东城区和平里街道和平里七区12号楼');
    const [summary] = await c.say('13711112222');
    expect(summary!.text).toContain('紧急程度：紧急');
    const [done] = await c.say('确认提交');
    // Emergencies are answered within the hour.
    expect(done!.text).toContain('11月27日 11:00前响应');
    const [t] = await kit.desk.findTickets();
    expect(t!.urgency).toBe('emergency');
  });

  it('should give the emergency advice even in the middle of an intake', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u9');
    await c.say('我要投诉');
    const [advice, next] = await c.say('楼下着火了');
    expect(advice!.text).toContain('119');
    expect(next!.text).toContain('请问具体在哪里');
  });
  it('should point out an open ticket on the same matter and file nothing when the citizen says it is the same', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('u-repeat');
    await c.say(COMPLAINT);
    const [done] = await c.say('确认提交');
    const first = /工单号：(\d{8}-\d{4})/.exec(done!.text ?? '')![1]!;

    const [summary] = await c.say('我要投诉：楼下烧烤店油烟还是很大，朝阳区花家地北里3号楼，电话13912345678');
    expect(summary!.text).toContain(`工单号${first}`);
    expect(buttons(summary)).toEqual(['确认提交', '是同一件事', '修改']);
    const [same] = await c.say('是同一件事');
    expect(same!.text).toContain('不再重复提交');
    expect(await kit.desk.listByCitizen('test:u-repeat')).toHaveLength(1);

    // A different matter is not a repeat.
    let [other] = await c.say('我要投诉：小区门口的路灯坏了一个多月了');
    if (buttons(other).includes('没有具体地点')) [other] = await c.say('海淀区学院路街道清华东路17号院');
    if (buttons(other).includes('不方便留')) [other] = await c.say('不方便留');
    expect(other!.text).toContain('请核对您的诉求');
    expect(other!.text).not.toContain('反映过类似问题');
    expect(buttons(other)).toEqual(['确认提交', '修改', '取消']);
  });
});
