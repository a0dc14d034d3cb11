/** Measuring the classifier: k-fold cross-validation and evaluation of a model on a file. */

import { type ClassifierModel, predictIndex, trainClassifier } from './classifier.ts';
import { CATEGORIES, type LabelledText, prefix, stratifiedFolds } from './corpus.ts';
import { evaluate, type Report } from './metrics.ts';

/** Reports on whole texts and on their first 60 characters. */
export interface EvalResult {
  whole: Report;
  first60: Report;
}

const labels: string[] = [...CATEGORIES];

function goldOf(rows: LabelledText[]): number[] {
  return rows.map((r) => {
    const i = labels.indexOf(r.label);
    if (i < 0) throw new Error(`unknown label "${r.label}"`);
    return i;
  });
}

/** Scores a trained model on labelled rows (whole text with title if any; first 60 chars of the text). */
export function evaluateModel(model: ClassifierModel, rows: LabelledText[]): EvalResult {
  const gold = goldOf(rows);
  const whole = rows.map((r) => predictIndex(model, r.title ? `${r.title}。${r.text}` : r.text));
  const first60 = rows.map((r) => predictIndex(model, prefix(r.text)));
  return { whole: evaluate(labels, gold, whole), first60: evaluate(labels, gold, first60) };
}

/**
 * Stratified k-fold cross-validation (fixed seed). Test texts are scored without their
 * titles, as held-out chat messages come without one.
 */
export function crossValidate(
  rows: LabelledText[],
  kind: ClassifierModel['kind'],
  opts: { k?: number; seed?: number; log?: (msg: string) => void } = {},
): EvalResult {
  const k = opts.k ?? 5;
  const seed = opts.seed ?? 42;
  const fold = stratifiedFolds(
    rows.map((r) => r.label),
    k,
    seed,
  );
  const gold: number[] = [];
  const whole: number[] = [];
  const first60: number[] = [];
  for (let f = 0; f < k; f++) {
    opts.log?.(`${kind}: fold ${f + 1}/${k}`);
    const model = trainClassifier(
      rows.filter((_, i) => fold[i] !== f),
      kind,
      { seed, calibrate: false },
    );
    const test = rows.filter((_, i) => fold[i] === f);
    gold.push(...goldOf(test));
    for (const r of test) {
      whole.push(predictIndex(model, r.text));
      first60.push(predictIndex(model, prefix(r.text)));
    }
  }
  return { whole: evaluate(labels, gold, whole), first60: evaluate(labels, gold, first60) };
}
