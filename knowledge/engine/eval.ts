/**
 * Evaluation of the knowledge base on labelled questions (`knowledge/eval/*.jsonl`), and the
 * cross-validated fit of the confidence model and its thresholds.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { decide, type Thresholds } from './answer.ts';
import type { Article } from './article.ts';
import type { ClassifierParams } from './classifier.ts';
import { type Bm25Params, type Calibration, createRetriever, type MatchFeatures, type SearchResult } from './retriever.ts';
import type { SynonymTable } from './text.ts';

/** One labelled question; `ids: []` means no article answers it (a no-fit question). */
export interface EvalItem {
  q: string;
  ids: string[];
  note?: string;
  /** file:line, for reports. */
  where: string;
}

/** Reads a JSONL eval file; throws naming the line on a malformed one. */
export function readEvalFile(path: string): EvalItem[] {
  const name = basename(path);
  const out: EvalItem[] = [];
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${name}:${i + 1}`;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new Error(`${where}: not valid JSON`);
      }
      const { q, ids, note } = (raw ?? {}) as Record<string, unknown>;
      if (typeof q !== 'string' || !q.trim()) throw new Error(`${where}: "q" must be a non-empty string`);
      if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) throw new Error(`${where}: "ids" must be a list of article ids`);
      out.push({ q, ids: ids as string[], ...(typeof note === 'string' ? { note } : {}), where });
    });
  return out;
}

/** A question the KB got wrong, for the report. */
export interface Miss {
  item: EvalItem;
  kind: 'answer' | 'suggest' | 'none';
  top: string[];
  confidence: number;
}

/** What `evaluate` measures. Rates are shares in [0, 1]. */
export interface EvalReport {
  total: number;
  answerable: number;
  noFit: number;
  /** Answerable questions whose first hit is right. */
  hit1: number;
  /** … whose right article is in the first three hits. */
  hit3: number;
  mrr: number;
  /** Answerable questions answered outright (kind 'answer'). */
  answered: number;
  /** Answerable questions answered outright with a right article. */
  answeredRight: number;
  /** Answerable questions answered outright with a wrong article. */
  answeredWrong: number;
  /** Answerable questions given suggestions that include a right article. */
  suggestedRight: number;
  /** No-fit questions answered outright (should be 0). */
  falseAnswerNoFit: number;
  /** No-fit questions given suggestions (harmless but unhelpful). */
  suggestedNoFit: number;
  misses: Miss[];
}

/** Runs every item through `search` and the answer decision. */
export async function evaluate(
  search: (q: string) => SearchResult | Promise<SearchResult>,
  items: readonly EvalItem[],
  thresholds: Thresholds,
): Promise<EvalReport> {
  let answerable = 0,
    hit1 = 0,
    hit3 = 0,
    rr = 0,
    answered = 0,
    answeredRight = 0,
    answeredWrong = 0,
    suggestedRight = 0;
  let noFit = 0,
    falseAnswer = 0,
    suggestedNoFit = 0;
  const misses: Miss[] = [];
  for (const item of items) {
    const result = await search(item.q);
    const reply = decide(result, thresholds);
    const ranked = result.hits.map((h) => h.article.id);
    const right = (id: string | undefined) => id !== undefined && item.ids.includes(id);
    const miss = () => misses.push({ item, kind: reply.kind, top: ranked.slice(0, 3), confidence: result.confidence });
    if (item.ids.length === 0) {
      noFit++;
      if (reply.kind === 'answer') {
        falseAnswer++;
        miss();
      }
      if (reply.kind === 'suggest') suggestedNoFit++;
      continue;
    }
    answerable++;
    const rank = ranked.findIndex((id) => right(id));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (reply.kind === 'answer') {
      answered++;
      if (right(reply.article.id)) answeredRight++;
      else answeredWrong++;
    }
    if (reply.kind === 'suggest' && reply.candidates.some((a) => right(a.id))) suggestedRight++;
    if (rank !== 0 || (reply.kind === 'answer' && !right(reply.article.id)) || reply.kind === 'none') miss();
  }
  const share = (x: number, n: number) => (n === 0 ? 0 : x / n);
  return {
    total: items.length,
    answerable,
    noFit,
    hit1: share(hit1, answerable),
    hit3: share(hit3, answerable),
    mrr: share(rr, answerable),
    answered: share(answered, answerable),
    answeredRight: share(answeredRight, answerable),
    answeredWrong: share(answeredWrong, answerable),
    suggestedRight: share(suggestedRight, answerable),
    falseAnswerNoFit: share(falseAnswer, noFit),
    suggestedNoFit: share(suggestedNoFit, noFit),
    misses,
  };
}

// === Fitting the confidence model

interface Sample {
  x: number[];
  /** The first hit is right. */
  top1: boolean;
  /** A right article is among the first two (what a suggestion shows). */
  top2: boolean;
  noFit: boolean;
  hasHit: boolean;
}

/** The features in the order the logistic model sees them (Calibration has one weight each). */
const FEATURES = ['coverage', 'questionSim', 'margin', 'strength'] as const satisfies readonly (keyof MatchFeatures & keyof Calibration)[];

const featureVector = (f: MatchFeatures): number[] => FEATURES.map((k) => f[k]);

/**
 * How much a no-fit question weighs in the fit, against one answerable question. No-fit
 * questions are one in ten of the samples but the costliest to answer; weighing them 3×
 * pushes their confidence down (cross-validated: no-fit answered 0.8% → 0%, same answered rate).
 */
const NO_FIT_WEIGHT = 3;

/** L2-regularised logistic regression by gradient descent (a few features; a few hundred samples). */
function fitLogistic(samples: readonly Sample[], l2 = 0.001, steps = 6000, rate = 1): Calibration {
  let w = FEATURES.map(() => 0);
  let b = 0;
  const n = Math.max(1, samples.length);
  for (let s = 0; s < steps; s++) {
    const g = FEATURES.map(() => 0);
    let gb = 0;
    for (const { x, top1, noFit } of samples) {
      const p = 1 / (1 + Math.exp(-(b + w.reduce((acc, wk, k) => acc + wk * x[k]!, 0))));
      const e = (p - (top1 ? 1 : 0)) * (noFit ? NO_FIT_WEIGHT : 1);
      for (let k = 0; k < w.length; k++) g[k]! += e * x[k]!;
      gb += e;
    }
    w = w.map((wk, k) => wk - rate * (g[k]! / n + l2 * wk));
    b -= rate * (gb / n);
  }
  const c = { bias: b } as Calibration;
  FEATURES.forEach((k, i) => {
    c[k] = w[i]!;
  });
  return c;
}

const confidenceOf = (c: Calibration, x: readonly number[]) =>
  1 / (1 + Math.exp(-(c.bias + FEATURES.reduce((acc, k, i) => acc + c[k] * x[i]!, 0))));

/** A wrong legal answer costs this many right ones (the issue: worse than none). */
const WRONG_ANSWER_COST = 4;
/** How far above the most confident no-fit training question the answer threshold stays. */
const NO_FIT_SAFETY = 0.05;

/**
 * Picks the thresholds on training samples. The confidence estimates P(first hit is right),
 * so answering pays when P > cost / (1 + cost) (the Bayes rule for WRONG_ANSWER_COST); the
 * threshold also stays NO_FIT_SAFETY above every no-fit question. The suggestion threshold
 * maximises questions whose right article is suggested minus no-fit ones suggested.
 */
function pickThresholds(samples: readonly Sample[], c: Calibration): Thresholds {
  const scored = samples.filter((s) => s.hasHit).map((s) => ({ ...s, conf: confidenceOf(c, s.x) }));
  const maxNoFit = Math.max(0, ...scored.filter((s) => s.noFit).map((s) => s.conf));
  const answer = Math.min(0.99, Math.max(WRONG_ANSWER_COST / (1 + WRONG_ANSWER_COST), maxNoFit + NO_FIT_SAFETY));
  const cands = [...new Set(scored.map((s) => s.conf))].filter((x) => x < answer).sort((a, b) => a - b);
  let suggest = answer;
  let best = 0;
  for (const t of cands) {
    const u = scored.reduce((acc, s) => (s.conf >= t && s.conf < answer ? acc + (s.noFit ? -1 : s.top2 ? 1 : -0.5) : acc), 0);
    if (u > best) {
      best = u;
      suggest = t;
    }
  }
  // Halfway to the next lower confidence, so a slightly weaker question still gets suggestions.
  const lower = cands.filter((x) => x < suggest).pop();
  return { answer, suggest: lower === undefined ? suggest : (suggest + lower) / 2 };
}

/** One fold of the cross-validation: fitted on the others, measured on this one. */
export interface CrossValidation {
  fold: string;
  calibration: Calibration;
  thresholds: Thresholds;
  report: EvalReport;
}

/**
 * Leave-one-set-out cross-validation: for each named set, fits the confidence model and the
 * thresholds on the other sets and measures on this one. Also returns the fit on all sets.
 */
export async function crossValidate(
  articles: readonly Article[],
  folds: readonly { name: string; items: readonly EvalItem[] }[],
  options: { synonyms?: SynonymTable; params?: Partial<Bm25Params>; classifier?: Partial<ClassifierParams> } = {},
): Promise<{ folds: CrossValidation[]; all: { calibration: Calibration; thresholds: Thresholds } }> {
  const base = createRetriever(articles, options);
  const samplesOf = (items: readonly EvalItem[]): Sample[] =>
    items.map((item) => {
      const r = base.search(item.q);
      const ids = r.hits.map((h) => h.article.id);
      return {
        x: featureVector(r.features),
        top1: ids[0] !== undefined && item.ids.includes(ids[0]),
        top2: ids.slice(0, 2).some((id) => item.ids.includes(id)),
        noFit: item.ids.length === 0,
        hasHit: ids.length > 0,
      };
    });
  const fitOn = (items: readonly EvalItem[]) => {
    const samples = samplesOf(items);
    const calibration = fitLogistic(samples);
    return { calibration, thresholds: pickThresholds(samples, calibration) };
  };
  const out: CrossValidation[] = [];
  for (const fold of folds) {
    const train = folds.filter((f) => f !== fold).flatMap((f) => f.items);
    const { calibration, thresholds } = fitOn(train);
    const retriever = createRetriever(articles, { ...options, calibration });
    out.push({ fold: fold.name, calibration, thresholds, report: await evaluate((q) => retriever.search(q), fold.items, thresholds) });
  }
  return { folds: out, all: fitOn(folds.flatMap((f) => f.items)) };
}
