import { describe, expect, it } from 'vitest';
import { AGENT, buttons, createBotKit } from './dialogs/test-kit.ts';
import { ERASED_TEXT, eraseCitizenData } from './index.ts';

const PHONE = '13912345678';

describe('erasure of personal data', () => {
  it('should ask first, then remove the phone from the desk and the transcript, keeping the anonymous ticket', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('e1');
    await c.say(`我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼，电话${PHONE}`);
    await c.say('', { attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://files.example/smoke.jpg' }] });
    await c.say('确认提交');
    const [ticket] = await kit.desk.findTickets();

    const [ask] = await c.say('删除我的个人信息');
    expect(ask!.text).toContain('确认要删除您的个人信息吗');
    expect(buttons(ask)).toEqual(['确认删除', '取消']);
    const [done] = await c.say('确认删除');
    expect(done!.text).toBe('已删除您的个人信息（涉及1件工单）。我们仅保留不含个人信息的匿名统计数据，如问题类别、办理时长和满意度。');

    // The desk: no contact, no phone in the words; category and department stay.
    const t = await kit.desk.getTicket(ticket!.id, AGENT);
    expect(t.contact).toBeUndefined();
    expect(JSON.stringify(t)).not.toContain(PHONE);
    expect(t).toMatchObject({ category: '环境保护', department: '区生态环境局', erased: true });
    expect(await kit.desk.listByCitizen('test:e1')).toEqual([]);

    // The transcript: the citizen's words and photo gone, the bot's echo of the phone masked.
    const log = (await kit.transcript.read('test', c.conversationId)).map((e) => e.item);
    expect(JSON.stringify(log)).not.toContain(PHONE);
    expect(JSON.stringify(log)).not.toContain('smoke.jpg');
    expect(JSON.stringify(log)).not.toContain('张三');
    const mine = log.filter((a) => a.from?.id === 'e1');
    expect(mine.filter((a) => a.text).every((a) => a.text === ERASED_TEXT)).toBe(true);
    const summary = log.find((a) => a.text?.startsWith('请核对您的诉求'));
    expect(summary!.text).toContain(`问题：${ERASED_TEXT}`);
    expect(summary!.text).toContain('电话：139****5678');

    // The conversation remembers only that it was erased.
    const state = await kit.store.getState<Record<string, unknown>>(`conversation:test:${c.conversationId}`);
    expect(Object.keys(state!.value)).toEqual(['erasedAt']);
  });

  it('should change nothing when the citizen does not confirm', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('e2');
    await c.say(`我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼，电话${PHONE}`);
    await c.say('确认提交');
    await c.say('注销');
    const [kept] = await c.say('取消');
    expect(kept!.text).toContain('已取消删除');
    const [t] = await kit.desk.findTickets();
    expect((await kit.desk.getTicket(t!.id, AGENT)).contact?.phone).toBe(PHONE);
    expect(JSON.stringify(await kit.transcript.read('test', c.conversationId))).toContain(PHONE);
  });

  it('should erase outside a turn too (for a channel unsubscribe)', async () => {
    const kit = await createBotKit();
    const c = kit.citizen('e3');
    await c.say(`我要投诉：楼下烧烤店油烟太大，朝阳区花家地北里3号楼，电话${PHONE}`);
    await c.say('确认提交');
    const ref = {
      channelId: 'test',
      conversation: { id: c.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'e3', name: '张三' },
    };
    const result = await eraseCitizenData({ store: kit.store, desk: kit.desk, ref, citizenKey: 'test:e3' });
    expect(result.tickets).toBe(1);
    expect(result.transcriptEntries).toBeGreaterThan(0);
    expect(JSON.stringify(await kit.transcript.read('test', c.conversationId))).not.toContain(PHONE);
  });
});
