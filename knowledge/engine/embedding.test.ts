import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Article, createEmbeddingReranker, createKnowledgeBase, createLocalEmbedder } from '../index.ts';
import { writeTinyEmbeddingModel } from './fixtures/tiny-model.ts';

// Two directions: vaccine words and deposit words; everything else points a third way.
const VACCINE = new Set([...'疫苗针']);
const DEPOSIT = new Set([...'押金']);
const vector = (t: string): number[] =>
  VACCINE.has(t) ? [1, 0, 0, 0] : DEPOSIT.has(t) ? [0, 1, 0, 0] : t.startsWith('[') ? [0, 0, 0, 0.01] : [0, 0, 1, 0];

const article = (id: string, title: string, questions: string[]): Article => ({
  id,
  title,
  questions,
  tags: [],
  category: '卫生计生',
  department: '区卫生健康委员会',
  legal_basis: [],
  reviewed: '2026-11-27',
  body: `${title}的回答。`,
  source: 'file',
});
const ARTICLES = [article('a-deposit', '押金怎么退', ['押金怎么退', '退押金要多久']), article('b-vaccine', '疫苗怎么打', ['疫苗怎么打'])];

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('embedding stage with a local model', () => {
  let root: string;
  let modelDir: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kb-embedding-'));
    modelDir = join(root, 'test-org', 'tiny-bert');
    writeTinyEmbeddingModel(modelDir, [...'疫苗针押金怎么退打要多久的回答'], vector);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  it('should embed texts from the local folder without any network request', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const embedder = await createLocalEmbedder({ modelDir });
    const [vaccine, shot, deposit] = await embedder.embed(['疫苗', '打针', '押金']);
    expect(vaccine).toHaveLength(4);
    expect(cos(vaccine!, vaccine!)).toBeCloseTo(1, 5);
    expect(cos(vaccine!, deposit!)).toBeLessThan(0.01);
    expect(cos(vaccine!, shot!)).toBeGreaterThan(0.6);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('should fail clearly, not download, when a model file is missing', async () => {
    const broken = join(root, 'test-org', 'broken');
    writeTinyEmbeddingModel(broken, [...'疫苗'], vector);
    unlinkSync(join(broken, 'tokenizer.json'));
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(createLocalEmbedder({ modelDir: broken })).rejects.toThrow(/allowRemoteModels=false|local/);
    await expect(createLocalEmbedder({ modelDir: join(root, 'nowhere') })).rejects.toThrow(/config\.json/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('should re-rank the BM25 candidates by closeness in meaning', async () => {
    const reranker = await createEmbeddingReranker({ modelDir, weight: 1 });
    const kb = await createKnowledgeBase({ articles: ARTICLES, reranker });
    const plain = await createKnowledgeBase({ articles: ARTICLES });
    // Mostly about vaccines in meaning, while the deposit article repeats its words more.
    const q = '退押金疫苗针针针';
    expect((await plain.search(q)).hits.map((h) => h.article.id)).toEqual(['a-deposit', 'b-vaccine']);
    expect((await kb.search(q)).hits.map((h) => h.article.id)).toEqual(['b-vaccine', 'a-deposit']);
    expect((await kb.search('押金押金疫苗')).hits[0]!.article.id).toBe('a-deposit');
  });

  it('should keep the BM25 order when the cosine has no say', async () => {
    const reranker = await createEmbeddingReranker({ modelDir, weight: 0 });
    const kb = await createKnowledgeBase({ articles: ARTICLES, reranker });
    const plain = await createKnowledgeBase({ articles: ARTICLES });
    const q = '退押金疫苗针针针';
    expect(await kb.search(q)).toEqual(await plain.search(q));
  });
});
