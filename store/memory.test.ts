import { describe, expect, it } from 'vitest';
import { describeStoreContract } from './contract.ts';
import { createMemoryStore } from './index.ts';

describeStoreContract('memory', async () => createMemoryStore(), undefined, { sharedData: false });

describe('createMemoryStore', () => {
  it('should expire claims by the injected clock', async () => {
    let t = 1_000;
    const store = createMemoryStore({ now: () => t });
    expect(await store.claim('k', 100)).toBe(true);
    t += 99;
    expect(await store.claim('k', 100)).toBe(false);
    t += 1;
    expect(await store.claim('k', 100)).toBe(true);
  });

  it('should hand out copies, so a caller mutating a value does not change the store', async () => {
    const store = createMemoryStore();
    const doc = { tags: ['a'] };
    await store.putRecord('c', 'x', doc);
    doc.tags.push('b');
    const got = await store.getRecord<{ tags: string[] }>('c', 'x');
    got?.tags.push('c');
    expect(await store.getRecord('c', 'x')).toEqual({ tags: ['a'] });
  });

  it('should refuse undefined as a value', async () => {
    const store = createMemoryStore();
    await expect(store.putState('k', undefined, 0)).rejects.toThrow(TypeError);
    expect(await store.getState('k')).toBeUndefined();
  });
});
