import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/index.ts';
import { type CliIo, createKnowledgeBase, kbCommand } from './index.ts';

const FIXTURES = new URL('./engine/fixtures/articles', import.meta.url).pathname;

/** A writable stream that hands each chunk to `take`. */
const sink = (take: (s: string) => void) =>
  new Writable({
    write(chunk, _enc, done) {
      take(String(chunk));
      done();
    },
  });

function io(env: Record<string, string | undefined> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdin: Readable.from([]),
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env,
    out: () => out,
    err: () => err,
  };
}

const line = (q: string, ids: string[]) => JSON.stringify({ q, ids });

describe('jiesu kb', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-cli-'));
    writeFileSync(
      join(dir, 'good.jsonl'),
      [
        line('网上买的衣服不喜欢能退吗', ['consumer-online-7day-return']),
        line('老板不发工资找谁', ['labor-wage-arrears']),
        line('房东不退押金怎么办', ['housing-rental-deposit']),
        line('彩票怎么兑奖', []),
      ].join('\n'),
    );
    writeFileSync(join(dir, 'unknown.jsonl'), line('押金不退', ['no-such-article']));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should print hit@1, hit@3, MRR and the no-fit false-answer rate, and pass', async () => {
    const t = io();
    const code = await kbCommand(['kb', 'eval', '--data', join(dir, 'good.jsonl')], t, { articlesDir: FIXTURES });
    expect(code).toBe(0);
    const out = t.out();
    expect(out).toContain('8 篇文章');
    expect(out).toMatch(/hit@1\s+hit@3\s+MRR/);
    expect(out).toMatch(/good\.jsonl\s+3\s+1\s+100\.0%\s+100\.0%\s+1\.000/);
    expect(out).toContain('无对应误答');
    expect(out).toContain('通过');
  });

  it('should fail when an eval item names an article that does not exist', async () => {
    const t = io();
    const code = await kbCommand(['eval', '--data', join(dir, 'unknown.jsonl')], t, { articlesDir: FIXTURES });
    expect(code).toBe(1);
    expect(t.err()).toContain('unknown.jsonl:1: 未知文章 no-such-article');
  });

  it('should pass on the shipped articles and eval sets, with cross-validated figures', async () => {
    const t = io();
    const code = await kbCommand(['eval', '--cv', '--misses', '0'], t);
    expect(t.err()).toBe('');
    expect(code).toBe(0);
    expect(t.out()).toContain('part-a.jsonl');
    expect(t.out()).toContain('part-b.jsonl');
    expect(t.out()).toContain('交叉验证');
  });

  it('should list the most frequent gaps from the store', async () => {
    const store = createMemoryStore();
    const kb = await createKnowledgeBase({ dir: FIXTURES, store, clock: () => new Date('2026-12-01T08:00:00Z') });
    for (const q of ['共享单车乱停谁管', '共享单车乱停谁管？', '公交车改线了']) await kb.recordGap({ question: q, kind: 'none' });
    await kb.close();
    const t = io();
    const code = await kbCommand(['gaps', '--limit', '5'], t, { articlesDir: FIXTURES, makeStore: async () => store });
    expect(code).toBe(0);
    const rows = t.out().trim().split('\n');
    expect(rows[1]).toMatch(/^\s+2\s+2026-12-01 08:00:00.*共享单车乱停谁管/);
    expect(rows[2]).toMatch(/^\s+1\s.*公交车改线了/);
  });

  it('should explain what is needed when gaps have no store, and reject bad usage', async () => {
    const t = io();
    expect(await kbCommand(['gaps'], t, { articlesDir: FIXTURES })).toBe(2);
    expect(t.err()).toContain('存储');
    expect(await kbCommand(['eval', '--data'], io(), { articlesDir: FIXTURES })).toBe(2);
    expect(await kbCommand(['frobnicate'], io())).toBe(2);
  });

  it('should check the articles and show a search', async () => {
    const t = io();
    expect(await kbCommand(['check'], t, { articlesDir: FIXTURES })).toBe(0);
    expect(t.out()).toContain('8 篇文章，全部通过校验');
    const s = io();
    expect(await kbCommand(['search', '房东不退押金'], s, { articlesDir: FIXTURES })).toBe(0);
    expect(s.out()).toMatch(/^answer\s+置信度/);
    expect(s.out()).toContain('housing-rental-deposit');
  });
});
