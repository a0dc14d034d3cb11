/**
 * Knowledge-base retrieval time per question (p50/p99, µs) over the shipped articles and the
 * eval questions, beside a naive baseline measured in the same run: character-bigram Jaccard
 * against every listed question (precomputed sets, no index). Also prints hit@1 of each, and
 * of BM25 without the SVM, so speed is not bought with quality; and the index build time with
 * and without the SVM (paid at load and on every article edit). A few seconds.
 * Run: `npm run bench knowledge`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createKnowledgeBase,
  createRetriever,
  DEFAULT_ARTICLES_DIR,
  DEFAULT_SYNONYMS_FILE,
  type EvalItem,
  loadArticleFiles,
  loadSynonyms,
  readEvalFile,
} from '../knowledge/index.ts';

const ROUNDS = 5;

const bigrams = (s: string): Set<string> => {
  const t = s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
  return out;
};

/** Times each call of `fn` over the questions, ROUNDS times; returns per-call µs, sorted. */
function time(questions: readonly string[], fn: (q: string) => unknown): number[] {
  const out: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of questions) {
      const t0 = performance.now();
      fn(q);
      out.push((performance.now() - t0) * 1000);
    }
  }
  return out.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export default async function knowledgeBench(): Promise<void> {
  const evalDir = join(DEFAULT_ARTICLES_DIR, '..', 'eval');
  const items: EvalItem[] = readdirSync(evalDir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readEvalFile(join(evalDir, f)));
  const questions = items.map((i) => i.q);
  const articles = loadArticleFiles(DEFAULT_ARTICLES_DIR);
  const synonyms = loadSynonyms(DEFAULT_SYNONYMS_FILE);

  createRetriever(articles.slice(0, 2), { synonyms }); // load jieba before timing builds
  const t0 = performance.now();
  const retriever = createRetriever(articles, { synonyms });
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const bm25Only = createRetriever(articles, { synonyms, classifier: { weight: 0 } });
  const bm25BuildMs = performance.now() - t1;

  // Baseline: the best question of each article by bigram Jaccard, scanning everything.
  const sets = articles.map((a) => [a.title, ...a.questions].map(bigrams));
  const naive = (q: string): number => {
    const qs = bigrams(q);
    let best = -1;
    let bestScore = 0;
    sets.forEach((list, d) => {
      for (const s of list) {
        let inter = 0;
        for (const x of qs) if (s.has(x)) inter++;
        const j = inter / (qs.size + s.size - inter || 1);
        if (j > bestScore) {
          bestScore = j;
          best = d;
        }
      }
    });
    return best;
  };

  // Warm up jieba and the JIT before timing.
  for (const q of questions.slice(0, 50)) {
    retriever.search(q);
    bm25Only.search(q);
    naive(q);
  }
  const ours = time(questions, (q) => retriever.search(q));
  const plain = time(questions, (q) => bm25Only.search(q));
  const base = time(questions, naive);

  const kb = await createKnowledgeBase({ dir: DEFAULT_ARTICLES_DIR, synonyms });
  const answerTimes: number[] = [];
  for (const q of questions) {
    const t = performance.now();
    await kb.answer(q);
    answerTimes.push((performance.now() - t) * 1000);
  }
  answerTimes.sort((a, b) => a - b);

  const answerable = items.filter((i) => i.ids.length > 0);
  const hit = (top: (q: string) => string | undefined) =>
    answerable.filter((i) => i.ids.includes(top(i.q) ?? '')).length / answerable.length;
  const oursHit = hit((q) => retriever.search(q).hits[0]?.article.id);
  const plainHit = hit((q) => bm25Only.search(q).hits[0]?.article.id);
  const baseHit = hit((q) => articles[naive(q)]?.id);

  console.log(
    `${articles.length} articles, ${questions.length} questions × ${ROUNDS}; index built in ${buildMs.toFixed(1)} ms (BM25 alone ${bm25BuildMs.toFixed(1)} ms)`,
  );
  console.log('                          p50 µs   p99 µs   hit@1');
  const row = (name: string, t: number[], h?: number) =>
    console.log(
      `${name.padEnd(24)}${pct(t, 0.5).toFixed(1).padStart(8)} ${pct(t, 0.99).toFixed(1).padStart(8)}   ${h === undefined ? '' : `${(h * 100).toFixed(1)}%`}`,
    );
  row('BM25F+SVM search', ours, oursHit);
  row('BM25F alone search', plain, plainHit);
  row('kb.answer (end to end)', answerTimes);
  row('naive bigram scan', base, baseHit);
  console.log(`ratio p50 BM25F+SVM / naive: ${(pct(ours, 0.5) / pct(base, 0.5)).toFixed(2)}`);
}
