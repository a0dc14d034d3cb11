/**
 * The one contract every Store implementation passes. Each implementation's test file
 * calls `describeStoreContract` with a factory; every call of the factory must return a
 * new instance over the same backing data (same file, same Redis server and prefix).
 * Tests use unique key names, so instances may share data between tests.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Store, StoreConflictError } from './index.ts';

/** Options of the contract suite. */
export interface StoreContractOptions {
  /** Two instances from the factory see the same data (default true; false for memory). */
  sharedData?: boolean;
  /** Two instances from the factory share pub/sub and locks (true for Redis). */
  crossInstance?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tick = () => new Promise((r) => setImmediate(r));

/** Subscribes, and once the subscription is live returns the promise of the first message. */
async function firstMessage(s: Store, channel: string): Promise<{ received: Promise<unknown> }> {
  let deliver!: (m: unknown) => void;
  const received = new Promise<unknown>((r) => {
    deliver = r;
  });
  await s.subscribe(channel, (m) => deliver(m));
  return { received };
}

/** Registers the shared Store contract tests under `describe(name)`. */
export function describeStoreContract(
  name: string,
  makeStore: () => Promise<Store>,
  cleanup?: () => Promise<void>,
  { sharedData = true, crossInstance = false }: StoreContractOptions = {},
): void {
  describe(`Store contract: ${name}`, () => {
    const opened: Store[] = [];
    const open = async () => {
      const s = await makeStore();
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    if (cleanup) afterAll(cleanup);
    // A fresh namespace per test, since instances may share one backing store.
    const ns = () => `t-${randomUUID().slice(0, 8)}:`;

    describe('versioned state', () => {
      it('should create with expected version 0, then count versions up from 1', async () => {
        const s = await open();
        const k = `${ns()}conv`;
        expect(await s.getState(k)).toBeUndefined();
        expect(await s.putState(k, { step: 'a', n: [1, 2] }, 0)).toBe(1);
        expect(await s.getState(k)).toEqual({ value: { step: 'a', n: [1, 2] }, version: 1 });
        expect(await s.putState(k, { step: 'b' }, 1)).toBe(2);
        expect(await s.getState(k)).toEqual({ value: { step: 'b' }, version: 2 });
      });

      it('should reject a stale or premature version with StoreConflictError and keep the value', async () => {
        const s = await open();
        const k = `${ns()}conv`;
        await s.putState(k, 'first', 0);
        const err = await s.putState(k, 'again', 0).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreConflictError);
        expect(err).toMatchObject({ code: 'STORE_CONFLICT', key: k, expected: 0, actual: 1 });
        await expect(s.putState(k, 'ahead', 5)).rejects.toBeInstanceOf(StoreConflictError);
        await expect(s.putState(`${ns()}missing`, 'x', 1)).rejects.toMatchObject({ actual: 0 });
        expect(await s.getState(k)).toEqual({ value: 'first', version: 1 });
      });

      it('should let exactly one of many concurrent writers with the same version win', async () => {
        const s = await open();
        const k = `${ns()}race`;
        await s.putState(k, -1, 0);
        const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => s.putState(k, i, 1)));
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreConflictError);
        const winner = results.findIndex((r) => r.status === 'fulfilled');
        expect(await s.getState(k)).toEqual({ value: winner, version: 2 });
      });

      it('should delete a value so that version 0 creates it again', async () => {
        const s = await open();
        const k = `${ns()}gone`;
        await s.putState(k, 1, 0);
        await s.deleteState(k);
        await s.deleteState(k);
        expect(await s.getState(k)).toBeUndefined();
        expect(await s.putState(k, 2, 0)).toBe(1);
      });
    });

    describe('logs', () => {
      it('should number entries 1..n and read after a seq with a limit', async () => {
        const s = await open();
        const st = `${ns()}transcript`;
        for (const text of ['你好', '我要投诉', '谢谢']) await s.append(st, { text });
        expect(await s.read(st)).toEqual([
          { seq: 1, item: { text: '你好' } },
          { seq: 2, item: { text: '我要投诉' } },
          { seq: 3, item: { text: '谢谢' } },
        ]);
        expect((await s.read(st, 1)).map((e) => e.seq)).toEqual([2, 3]);
        expect((await s.read(st, 1, 1)).map((e) => e.seq)).toEqual([2]);
        expect(await s.read(st, 3)).toEqual([]);
        expect(await s.read(`${ns()}empty`)).toEqual([]);
      });

      it('should give 100 concurrent appends the seqs 1..100 with no gap', async () => {
        const s = await open();
        const st = `${ns()}busy`;
        const seqs = await Promise.all(Array.from({ length: 100 }, (_, i) => s.append(st, i)));
        expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
        const entries = await s.read<number>(st);
        expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
        // Each append's returned seq points at its own item.
        for (const [i, seq] of seqs.entries()) expect(entries[seq - 1]?.item).toBe(i);
      });

      it('should rewrite entries in place, keep seqs, and report how many changed', async () => {
        const s = await open();
        const st = `${ns()}pii`;
        await s.append(st, { text: '我的电话13812345678' });
        await s.append(st, { text: '好的' });
        const changed = await s.rewrite<{ text: string }>(st, (item) => ({ text: item.text.replace(/1\d{10}/g, '***') }));
        expect(changed).toBe(1);
        expect(await s.read(st)).toEqual([
          { seq: 1, item: { text: '我的电话***' } },
          { seq: 2, item: { text: '好的' } },
        ]);
        expect(await s.append(st, { text: '再见' })).toBe(3);
        expect(await s.rewrite(`${ns()}none`, (x) => x)).toBe(0);
      });

      it('should leave the stream untouched when the rewrite function throws', async () => {
        const s = await open();
        const st = `${ns()}pii`;
        await s.append(st, 'a');
        await s.append(st, 'b');
        const failing = (item: string, seq: number) => {
          if (seq === 2) throw new Error('bad entry');
          return `${item}!`;
        };
        await expect(s.rewrite(st, failing)).rejects.toThrow('bad entry');
        expect((await s.read<string>(st)).map((e) => e.item)).toEqual(['a', 'b']);
      });

      it('should list stream names by prefix, sorted', async () => {
        const s = await open();
        const p = ns();
        await s.append(`${p}conv:b`, 1);
        await s.append(`${p}conv:a`, 1);
        await s.append(`${p}conv:a`, 2);
        await s.append(`${p}ticket:1`, 1);
        expect(await s.streams(`${p}conv:`)).toEqual([`${p}conv:a`, `${p}conv:b`]);
        expect(await s.streams(p)).toEqual([`${p}conv:a`, `${p}conv:b`, `${p}ticket:1`]);
        expect(await s.streams(`${p}nothing`)).toEqual([]);
      });
    });

    describe('claims and counters', () => {
      it('should grant a claim once, refuse repeats, and grant it again after expiry', async () => {
        const s = await open();
        const k = `${ns()}wechat:msg:1`;
        expect(await s.claim(k, 50)).toBe(true);
        expect(await s.claim(k, 50)).toBe(false);
        expect(await s.claim(`${ns()}other`, 50)).toBe(true);
        await sleep(120);
        expect(await s.claim(k, 10_000)).toBe(true);
        expect(await s.claim(k, 10_000)).toBe(false);
      });

      it('should grant exactly one of many concurrent claims', async () => {
        const s = await open();
        const k = `${ns()}tg:update:7`;
        const results = await Promise.all(Array.from({ length: 20 }, () => s.claim(k, 10_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('should hand out 1..50 to 50 concurrent nextSeq calls', async () => {
        const s = await open();
        const name = `${ns()}ticket-no`;
        const got = await Promise.all(Array.from({ length: 50 }, () => s.nextSeq(name)));
        expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(await s.nextSeq(`${ns()}fresh`)).toBe(1);
      });
    });

    describe('queues', () => {
      it('should keep FIFO order, refuse a duplicate id, list, remove and dequeue', async () => {
        const s = await open();
        const q = `${ns()}agents`;
        expect(await s.enqueue(q, 'c1', { who: '张先生' })).toBe(true);
        expect(await s.enqueue(q, 'c2', { who: '李女士' })).toBe(true);
        expect(await s.enqueue(q, 'c3', { who: '王先生' })).toBe(true);
        expect(await s.enqueue(q, 'c1', { who: 'dup' })).toBe(false);
        expect(await s.listQueue(q)).toEqual([
          { id: 'c1', doc: { who: '张先生' } },
          { id: 'c2', doc: { who: '李女士' } },
          { id: 'c3', doc: { who: '王先生' } },
        ]);
        expect(await s.removeFromQueue(q, 'c2')).toBe(true);
        expect(await s.removeFromQueue(q, 'c2')).toBe(false);
        expect(await s.dequeue(q)).toEqual({ id: 'c1', doc: { who: '张先生' } });
        // Once out of the queue, the same id may come back, at the tail.
        expect(await s.enqueue(q, 'c1', { who: '张先生' })).toBe(true);
        expect((await s.listQueue(q)).map((e) => e.id)).toEqual(['c3', 'c1']);
        expect((await s.dequeue(q))?.id).toBe('c3');
        expect((await s.dequeue(q))?.id).toBe('c1');
        expect(await s.dequeue(q)).toBeUndefined();
        expect(await s.listQueue(q)).toEqual([]);
      });

      it('should hand each queued item to exactly one of many concurrent dequeuers', async () => {
        const s = await open();
        const q = `${ns()}jobs`;
        for (let i = 0; i < 20; i++) await s.enqueue(q, `j${i}`, i);
        const got = await Promise.all(Array.from({ length: 30 }, () => s.dequeue<number>(q)));
        const ids = got.filter((g) => g !== undefined).map((g) => g.id);
        expect(ids).toHaveLength(20);
        expect(new Set(ids).size).toBe(20);
      });
    });

    describe('records', () => {
      it('should put, get and find records by one or two index fields, by id order', async () => {
        const s = await open();
        const c = `${ns()}tickets`;
        await s.putRecord(c, 'T3', { title: '噪音' }, { status: 'open', dept: '城管' });
        await s.putRecord(c, 'T1', { title: '退货' }, { status: 'open', dept: '市场监管' });
        await s.putRecord(c, 'T2', { title: '押金' }, { status: 'closed', dept: '市场监管' });
        expect(await s.getRecord(c, 'T1')).toEqual({ title: '退货' });
        expect(await s.getRecord(c, 'nope')).toBeUndefined();
        expect((await s.findRecords(c)).map((r) => r.id)).toEqual(['T1', 'T2', 'T3']);
        expect(await s.findRecords(c, { status: 'open' })).toEqual([
          { id: 'T1', doc: { title: '退货' } },
          { id: 'T3', doc: { title: '噪音' } },
        ]);
        expect((await s.findRecords(c, { status: 'open', dept: '市场监管' })).map((r) => r.id)).toEqual(['T1']);
        expect(await s.findRecords(c, { status: 'open', dept: '教育' })).toEqual([]);
        expect(await s.findRecords(c, { unindexed: 'x' })).toEqual([]);
        expect(await s.findRecords(`${ns()}empty`)).toEqual([]);
      });

      it('should move index entries when a record is put again', async () => {
        const s = await open();
        const c = `${ns()}tickets`;
        await s.putRecord(c, 'T1', { v: 1 }, { status: 'open', dept: 'a' });
        await s.putRecord(c, 'T1', { v: 2 }, { status: 'closed' });
        expect(await s.findRecords(c, { status: 'open' })).toEqual([]);
        expect(await s.findRecords(c, { dept: 'a' })).toEqual([]);
        expect(await s.findRecords(c, { status: 'closed' })).toEqual([{ id: 'T1', doc: { v: 2 } }]);
      });

      it('should delete a record and its index entries', async () => {
        const s = await open();
        const c = `${ns()}users`;
        await s.putRecord(c, 'u1', { name: 'x' }, { role: 'agent' });
        await s.putRecord(c, 'u2', { name: 'y' }, { role: 'agent' });
        await s.deleteRecord(c, 'u1');
        await s.deleteRecord(c, 'u1');
        expect(await s.getRecord(c, 'u1')).toBeUndefined();
        expect((await s.findRecords(c, { role: 'agent' })).map((r) => r.id)).toEqual(['u2']);
        expect((await s.findRecords(c)).map((r) => r.id)).toEqual(['u2']);
      });

      it('should keep collections apart even when names share a prefix', async () => {
        const s = await open();
        const c = `${ns()}a`;
        await s.putRecord(c, 'x', 1, { f: 'v' });
        await s.putRecord(`${c}:b`, 'y', 2, { f: 'v' });
        expect(await s.findRecords(c, { f: 'v' })).toEqual([{ id: 'x', doc: 1 }]);
        expect(await s.findRecords(`${c}:b`)).toEqual([{ id: 'y', doc: 2 }]);
      });
    });

    describe('pub/sub', () => {
      it('should deliver a published message to a subscriber, and stop after unsubscribe', async () => {
        const s = await open();
        const ch = `${ns()}ticket-updates`;
        const seen: unknown[] = [];
        let wake: () => void = () => {};
        const unsubscribe = await s.subscribe(ch, (m) => {
          seen.push(m);
          wake();
        });
        const first = new Promise<void>((r) => (wake = r));
        await s.publish(ch, { ticket: 'T1', status: '已受理' });
        await first;
        expect(seen).toEqual([{ ticket: 'T1', status: '已受理' }]);

        await unsubscribe();
        // A second subscriber proves delivery happened: messages on one channel arrive in order.
        const witness = await firstMessage(s, ch);
        await s.publish(ch, 'after');
        expect(await witness.received).toBe('after');
        expect(seen).toHaveLength(1);
      });

      it('should keep channels apart', async () => {
        const s = await open();
        const p = ns();
        const other: unknown[] = [];
        await s.subscribe(`${p}b`, (m) => other.push(m));
        const { received } = await firstMessage(s, `${p}a`);
        await s.publish(`${p}a`, 1);
        expect(await received).toBe(1);
        expect(other).toEqual([]);
      });

      if (crossInstance) {
        it('should deliver a message published on one instance to a subscriber on another', async () => {
          const a = await open();
          const b = await open();
          const ch = `${ns()}live`;
          const { received } = await firstMessage(b, ch);
          await a.publish(ch, { hello: '世界' });
          expect(await received).toEqual({ hello: '世界' });
        });
      }
    });

    describe('locks', () => {
      const counterUnderLock = async (s: Store, counter: string) => {
        await s.withLock(`lock-${counter}`, 10_000, async () => {
          const cur = await s.getState<number>(counter);
          await tick(); // give any other holder the chance to interleave
          await s.putState(counter, (cur?.value ?? 0) + 1, cur?.version ?? 0);
        });
      };

      it('should serialise 50 concurrent read-modify-writes so the counter ends at 50', async () => {
        const s = await open();
        const counter = `${ns()}counter`;
        await Promise.all(Array.from({ length: 50 }, () => counterUnderLock(s, counter)));
        expect(await s.getState(counter)).toEqual({ value: 50, version: 50 });
      });

      it('should run waiters in arrival order and return what fn returns', async () => {
        const s = await open();
        const key = `${ns()}conv`;
        const order: number[] = [];
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            s.withLock(key, 10_000, async () => {
              await tick();
              order.push(i);
              return i * 2;
            }),
          ),
        );
        expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
        expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
      });

      it('should release the lock when fn throws', async () => {
        const s = await open();
        const key = `${ns()}boom`;
        await expect(s.withLock(key, 10_000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
        expect(await s.withLock(key, 10_000, async () => 'next')).toBe('next');
      });

      if (crossInstance) {
        it('should exclude holders on two instances (counter ends at 50)', async () => {
          const a = await open();
          const b = await open();
          const counter = `${ns()}counter`;
          await Promise.all(Array.from({ length: 50 }, (_, i) => counterUnderLock(i % 2 ? a : b, counter)));
          expect(await a.getState(counter)).toEqual({ value: 50, version: 50 });
        });
      }
    });

    describe('lifecycle', () => {
      it('should answer ping while open and refuse after close', async () => {
        const s = await makeStore();
        await expect(s.ping()).resolves.toBeUndefined();
        await s.close();
        await expect(s.ping()).rejects.toThrow();
        await s.close(); // closing twice is harmless
      });

      if (sharedData) {
        it('should see data written by another instance', async () => {
          const a = await open();
          const b = await open();
          const k = `${ns()}shared`;
          await a.putState(k, 'x', 0);
          await a.append(k, 'e');
          expect(await b.getState(k)).toEqual({ value: 'x', version: 1 });
          expect(await b.read(k)).toEqual([{ seq: 1, item: 'e' }]);
        });
      }
    });
  });
}
