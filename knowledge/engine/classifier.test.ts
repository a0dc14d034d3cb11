import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createRetriever,
  DEFAULT_ARTICLES_DIR,
  DEFAULT_SYNONYMS_FILE,
  DEFAULT_THRESHOLDS,
  evaluate,
  loadArticleFiles,
  loadSynonyms,
  readEvalFile,
} from '../index.ts';

const articles = loadArticleFiles(DEFAULT_ARTICLES_DIR);
const synonyms = loadSynonyms(DEFAULT_SYNONYMS_FILE);
const fused = createRetriever(articles, { synonyms });
const bm25Only = createRetriever(articles, { synonyms, classifier: { weight: 0 } });

describe('the classifier fused with BM25', () => {
  it('should keep every hit score positive and the hits best first', () => {
    for (const q of ['网上买的衣服不喜欢能退吗', '公司拖欠工资怎么办', '楼下饭馆油烟归哪个部门管', '明天会下雨吗']) {
      const { hits } = fused.search(q, 10);
      for (const [i, h] of hits.entries()) {
        expect(h.score).toBeGreaterThan(0);
        if (i > 0) expect(h.score).toBeLessThanOrEqual(hits[i - 1]!.score);
      }
    }
  });

  it('should train on one article without failing, and rank it for its own question', () => {
    const one = createRetriever(articles.slice(0, 1), { synonyms });
    expect(one.search(articles[0]!.questions[0]!).hits[0]?.article.id).toBe(articles[0]!.id);
  });

  it('should rank the eval questions better than BM25 alone, and answer no no-fit question', async () => {
    const evalDir = join(DEFAULT_ARTICLES_DIR, '..', 'eval');
    const items = readdirSync(evalDir)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => readEvalFile(join(evalDir, f)));
    const withSvm = await evaluate((q) => fused.search(q), items, DEFAULT_THRESHOLDS);
    const without = await evaluate((q) => bm25Only.search(q), items, DEFAULT_THRESHOLDS);
    expect(withSvm.hit1).toBeGreaterThan(without.hit1);
    expect(withSvm.hit1).toBeGreaterThanOrEqual(0.88);
    expect(withSvm.falseAnswerNoFit).toBe(0);
    expect(withSvm.answeredWrong).toBeLessThanOrEqual(0.02);
  });
});
