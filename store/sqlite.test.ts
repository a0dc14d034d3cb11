import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStoreContract } from './contract.ts';
import { createSqliteStore } from './index.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-sqlite-'));

describeStoreContract('sqlite', async () => createSqliteStore({ dataDir }));

describe('createSqliteStore', () => {
  const dirs: string[] = [dataDir];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiesu-sqlite-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('should keep everything across close and reopen', async () => {
    const dir = freshDir();
    const first = createSqliteStore({ dataDir: dir });
    await first.putState('conv:1', { step: 'intake' }, 0);
    await first.append('transcript:1', '你好');
    await first.append('transcript:1', '我要投诉');
    await first.claim('wechat:msg:9', 60_000);
    await first.nextSeq('ticket');
    await first.enqueue('agents', 'conv:1', { since: 'now' });
    await first.enqueue('agents', 'conv:2', { since: 'later' });
    await first.putRecord('tickets', 'T1', { title: '噪音' }, { status: 'open' });
    await first.close();

    const again = createSqliteStore({ dataDir: dir });
    expect(again.kind).toBe('sqlite');
    expect(await again.getState('conv:1')).toEqual({ value: { step: 'intake' }, version: 1 });
    expect(await again.read('transcript:1')).toEqual([
      { seq: 1, item: '你好' },
      { seq: 2, item: '我要投诉' },
    ]);
    expect(await again.append('transcript:1', '谢谢')).toBe(3);
    expect(await again.streams('transcript:')).toEqual(['transcript:1']);
    expect(await again.claim('wechat:msg:9', 60_000)).toBe(false);
    expect(await again.nextSeq('ticket')).toBe(2);
    expect((await again.listQueue('agents')).map((e) => e.id)).toEqual(['conv:1', 'conv:2']);
    expect(await again.findRecords('tickets', { status: 'open' })).toEqual([{ id: 'T1', doc: { title: '噪音' } }]);
    await again.close();
  });

  it('should create the data folder when it is missing', async () => {
    const dir = join(freshDir(), 'nested', 'data');
    const store = createSqliteStore({ dataDir: dir });
    await store.ping();
    await store.close();
    const reopened = createSqliteStore({ dataDir: dir });
    await reopened.ping();
    await reopened.close();
  });

  it('should expire claims by the injected clock', async () => {
    let t = 5_000;
    const store = createSqliteStore({ dataDir: freshDir(), now: () => t });
    expect(await store.claim('k', 100)).toBe(true);
    t += 99;
    expect(await store.claim('k', 100)).toBe(false);
    t += 1;
    expect(await store.claim('k', 100)).toBe(true);
    await store.close();
  });

  it('should treat a stream name with LIKE or GLOB characters literally in streams()', async () => {
    const store = createSqliteStore({ dataDir: freshDir() });
    await store.append('a%_*[x]:1', 1);
    await store.append('ab:1', 1);
    expect(await store.streams('a%_*[')).toEqual(['a%_*[x]:1']);
    expect(await store.streams('a')).toEqual(['a%_*[x]:1', 'ab:1']);
    await store.close();
  });
});
