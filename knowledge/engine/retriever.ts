/**
 * BM25F retrieval over articles (questions, title, tags, body) with jieba words, character
 * bigrams and single characters, fused with a linear SVM trained on the articles' listed
 * questions, plus a calibrated confidence that the top article answers the question.
 */
import type { Article } from './article.ts';
import { type ClassifierParams, DEFAULT_CLASSIFIER, trainArticleClassifier } from './classifier.ts';
import { expansionTermsOf, NO_SYNONYMS, type SynonymTable, type Terms, termsOf } from './text.ts';

// === Parameters

/** The article fields that are indexed. */
export type Field = 'questions' | 'title' | 'tags' | 'body';

/** BM25F parameters. */
export interface Bm25Params {
  k1: number;
  b: number;
  /** How much one occurrence in each field counts. */
  fieldWeights: Record<Field, number>;
  /** Weight of a character bigram relative to a jieba word (in the query and the index). */
  bigramWeight: number;
  /** Weight of a single Han character (0 = not indexed). */
  charWeight: number;
  /** Weight of words a question implies through one-way synonym rules. */
  expansionWeight: number;
}

/** The defaults; hit@1 on the eval sets is flat around them (±1 point), so they are not tuned finely. */
export const DEFAULT_BM25: Bm25Params = {
  k1: 1.2,
  b: 0.75,
  fieldWeights: { questions: 3, title: 2.5, tags: 2, body: 0.6 },
  bigramWeight: 0.8,
  charWeight: 0.3,
  expansionWeight: 0.6,
};

/**
 * The confidence model: a logistic function of the match features, fitted so it estimates
 * P(the first hit answers the question); no-fit questions count as wrong.
 */
export interface Calibration {
  bias: number;
  coverage: number;
  questionSim: number;
  margin: number;
  strength: number;
}

/**
 * Fitted on all of `knowledge/eval/*.jsonl` (the "全部数据拟合" line of `jiesu kb eval --cv`,
 * which also shows the leave-one-set-out figures). Refit when articles or eval sets change a lot.
 */
export const DEFAULT_CALIBRATION: Calibration = { bias: -5.014, coverage: 3.39, questionSim: 0.463, margin: 6.418, strength: 6.351 };

// === Results

/** One ranked article. */
export interface SearchHit {
  article: Article;
  /**
   * The BM25F score plus the classifier's vote, in BM25 units (always > 0, unbounded;
   * compare within one query only). Without the classifier, the BM25F score.
   */
  score: number;
}

/** The features the confidence is computed from. */
export interface MatchFeatures {
  /** Top score over the score an ideal article would get for this query. */
  coverage: number;
  /** Best idf-weighted overlap (Jaccard) of the query with one of the top article's questions. */
  questionSim: number;
  /** (top − second) / ideal: the lead over the runner-up (fused scores), as a share of the ideal score. */
  margin: number;
  /** ln(1 + top score) / 5: how much evidence there is at all (not bounded by 1). */
  strength: number;
}

/** What a search returns. */
export interface SearchResult {
  hits: SearchHit[];
  /** Estimated probability that `hits[0]` answers the question, in [0, 1]. */
  confidence: number;
  features: MatchFeatures;
}

/** Options of `createRetriever`. */
export interface RetrieverOptions {
  synonyms?: SynonymTable;
  params?: Partial<Bm25Params>;
  calibration?: Calibration;
  /** The supervised scorer fused with BM25; `{ weight: 0 }` turns it off. */
  classifier?: Partial<ClassifierParams>;
}

/** A built index over a fixed set of articles. */
export interface Retriever {
  readonly articles: readonly Article[];
  /** Ranks articles for a question (best first, at most `limit`, default 5). */
  search(question: string, limit?: number): SearchResult;
}

// === Index

interface Posting {
  doc: number;
  /** tf~/(k1 + tf~): the saturated, length-normalised term frequency in this article. */
  sat: number;
}

/** Weighted query terms: unique terms, bigrams and characters down-weighted, expansions lower still. */
function weightedTerms(text: string, synonyms: SynonymTable, p: Bm25Params, expand = false): Map<string, number> {
  const out = new Map<string, number>();
  const add = ({ words, bigrams, chars }: Terms, scale: number) => {
    for (const w of words) if (!out.has(w)) out.set(w, scale);
    for (const b of bigrams) if (!out.has(b)) out.set(b, scale * p.bigramWeight);
    if (p.charWeight > 0) for (const c of chars) if (!out.has(c)) out.set(c, scale * p.charWeight);
  };
  add(termsOf(text, synonyms), 1);
  if (expand) add(expansionTermsOf(text, synonyms), p.expansionWeight);
  return out;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Builds the index. Creation is where all the work is; `search` only walks the postings of
 * the query's terms.
 */
export function createRetriever(
  articles: readonly Article[],
  { synonyms = NO_SYNONYMS, params = {}, calibration = DEFAULT_CALIBRATION, classifier = {} }: RetrieverOptions = {},
): Retriever {
  const p: Bm25Params = { ...DEFAULT_BM25, ...params, fieldWeights: { ...DEFAULT_BM25.fieldWeights, ...params.fieldWeights } };
  const fields: Field[] = ['questions', 'title', 'tags', 'body'];
  const fieldText = (a: Article, f: Field): string =>
    f === 'questions' ? a.questions.join('。') : f === 'tags' ? a.tags.join('。') : f === 'title' ? a.title : a.body;

  // Per field: term frequencies and lengths (bigrams counted at their weight).
  const tfs = fields.map(() => [] as Map<string, number>[]);
  const lens = fields.map(() => [] as number[]);
  fields.forEach((f, fi) => {
    for (const a of articles) {
      const { words, bigrams, chars } = termsOf(fieldText(a, f), synonyms);
      const tf = new Map<string, number>();
      for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
      for (const b of bigrams) tf.set(b, (tf.get(b) ?? 0) + 1);
      if (p.charWeight > 0) for (const c of chars) tf.set(c, (tf.get(c) ?? 0) + 1);
      tfs[fi]!.push(tf);
      lens[fi]!.push(words.length + bigrams.length * p.bigramWeight + (p.charWeight > 0 ? chars.length * p.charWeight : 0));
    }
  });
  const avg = lens.map((l) => Math.max(1e-9, l.reduce((s, x) => s + x, 0) / Math.max(1, l.length)));

  const postings = new Map<string, Posting[]>();
  articles.forEach((_, d) => {
    const combined = new Map<string, number>();
    fields.forEach((f, fi) => {
      const norm = 1 - p.b + (p.b * lens[fi]![d]!) / avg[fi]!;
      for (const [t, n] of tfs[fi]![d]!) combined.set(t, (combined.get(t) ?? 0) + (p.fieldWeights[f] * n) / norm);
    });
    for (const [t, tf] of combined) {
      const list = postings.get(t) ?? [];
      if (list.length === 0) postings.set(t, list);
      list.push({ doc: d, sat: tf / (p.k1 + tf) });
    }
  });

  const n = articles.length;
  const idfOf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const idf = new Map<string, number>();
  for (const [t, list] of postings) idf.set(t, idfOf(list.length));
  const unseenIdf = idfOf(0);

  // Each listed question as a weighted term set, for the near-duplicate feature.
  const questionTerms = articles.map((a) => a.questions.map((q) => weightedTerms(q, synonyms, p)));

  /** idf-weighted Jaccard of the query with the closest question of article d. */
  const questionSim = (query: Map<string, number>, d: number): number => {
    let best = 0;
    for (const qt of questionTerms[d]!) {
      let inter = 0;
      let union = 0;
      for (const [t, w] of query) {
        const i = (idf.get(t) ?? unseenIdf) * w;
        union += i;
        if (qt.has(t)) inter += i;
      }
      for (const [t, w] of qt) if (!query.has(t)) union += (idf.get(t) ?? unseenIdf) * w;
      if (union > 0) best = Math.max(best, inter / union);
    }
    return best;
  };

  // The classifier's vote: weight × (1 + margin), floored at 0 so a hit's score stays positive
  // (the answer rule and the embedding stage divide by it); articles the SVM rejects outright
  // (margin < −1) all get 0 and keep their BM25 order.
  const vote = { ...DEFAULT_CLASSIFIER, ...classifier }.weight;
  const svm = vote > 0 && n > 1 ? trainArticleClassifier(articles, synonyms, classifier) : undefined;

  const scores = new Float64Array(n);
  const fused = new Float64Array(n);
  return {
    articles,
    search(question, limit = 5) {
      const query = weightedTerms(question, synonyms, p, true);
      scores.fill(0);
      let ideal = 0;
      for (const [t, w] of query) {
        const list = postings.get(t);
        const i = idf.get(t) ?? unseenIdf;
        ideal += w * i;
        if (!list) continue;
        for (const { doc, sat } of list) scores[doc]! += w * i * sat;
      }
      // Only articles sharing a term with the question are candidates; the vote reorders them.
      const order: number[] = [];
      const margins = svm?.score(question);
      for (let d = 0; d < n; d++) {
        if (scores[d]! <= 0) continue;
        order.push(d);
        fused[d] = scores[d]! + (margins ? vote * ideal * Math.max(0, 1 + margins[d]!) : 0);
      }
      order.sort((a, b) => fused[b]! - fused[a]! || a - b);
      const hits = order.slice(0, limit).map((d) => ({ article: articles[d]!, score: fused[d]! }));
      const top = order[0] === undefined ? 0 : scores[order[0]]!;
      const lead = order[0] === undefined ? 0 : fused[order[0]]! - (order[1] === undefined ? 0 : fused[order[1]]!);
      const features: MatchFeatures = {
        coverage: ideal > 0 ? top / ideal : 0,
        questionSim: order[0] === undefined ? 0 : questionSim(query, order[0]),
        margin: ideal > 0 ? lead / ideal : 0,
        strength: Math.log1p(top) / 5,
      };
      const confidence =
        top > 0
          ? sigmoid(
              calibration.bias +
                calibration.coverage * features.coverage +
                calibration.questionSim * features.questionSim +
                calibration.margin * features.margin +
                calibration.strength * features.strength,
            )
          : 0;
      return { hits, confidence, features };
    },
  };
}
