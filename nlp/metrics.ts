/** Classification metrics and their plain-text tables. */

/** Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix. */
export interface Report {
  labels: string[];
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: Array<{ label: string; precision: number; recall: number; f1: number; support: number }>;
  /** confusion[true][predicted] */
  confusion: number[][];
}

/** Scores predictions against gold labels (both as indices into `labels`). */
export function evaluate(labels: string[], gold: ArrayLike<number>, pred: ArrayLike<number>): Report {
  const k = labels.length;
  const confusion = labels.map(() => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    confusion[gold[i]!]![pred[i]!]! += 1;
    if (gold[i] === pred[i]) correct++;
  }
  const perClass = labels.map((label, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c]!, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perClass.filter((p) => p.support > 0);
  const macroF1 = present.reduce((a, p) => a + p.f1, 0) / Math.max(1, present.length);
  return { labels, n: gold.length, accuracy: gold.length ? correct / gold.length : 0, macroF1, perClass, confusion };
}

/** Precision and recall of predicted items against expected items (set semantics per case). */
export function precisionRecall(pairs: Array<{ expected: string[]; got: string[] }>): {
  precision: number;
  recall: number;
  f1: number;
} {
  let tp = 0;
  let nGot = 0;
  let nExp = 0;
  for (const { expected, got } of pairs) {
    const exp = new Set(expected);
    nExp += exp.size;
    const seen = new Set(got);
    nGot += seen.size;
    for (const g of seen) if (exp.has(g)) tp++;
  }
  const precision = nGot ? tp / nGot : 1;
  const recall = nExp ? tp / nExp : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);

/** Renders a report as readable tables (summary, per class, confusion matrix). */
export function formatReport(r: Report, title: string): string {
  const w = Math.max(...r.labels.map((l) => l.length)) * 2 + 2;
  const pad = (s: string) => s + ' '.repeat(Math.max(0, w - s.length * 2));
  const lines = [
    `${title}: n=${r.n}  accuracy=${r.accuracy.toFixed(4)}  macro-F1=${r.macroF1.toFixed(4)}`,
    `  ${pad('class')}  prec%  rec%   F1%  support`,
    ...r.perClass.map((p) => `  ${pad(p.label)}  ${pct(p.precision)} ${pct(p.recall)} ${pct(p.f1)}  ${p.support}`),
    `  confusion (rows = true, columns = predicted, in class order above):`,
    ...r.confusion.map((row, i) => `  ${pad(r.labels[i]!)} ${row.map((v) => String(v).padStart(5)).join('')}`),
  ];
  return lines.join('\n');
}
