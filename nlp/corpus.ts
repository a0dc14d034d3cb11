/** The labelled corpus shipped in `nlp/corpus/` and stratified k-fold splits of it. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32, shuffleInPlace } from './random.ts';

/** The 7 top-level categories of the corpus, in a fixed order (model output index). */
export const CATEGORIES = ['城乡建设', '环境保护', '交通运输', '教育文体', '劳动和社会保障', '商贸旅游', '卫生计生'] as const;

/** One labelled message. */
export interface LabelledText {
  text: string;
  title?: string;
  label: string;
}

/** Path of the shipped corpus (TipDM Cup 2020 problem C, see nlp/corpus/SOURCE.md). */
export const CORPUS_PATH = fileURLToPath(new URL('./corpus/teddy2020_train.jsonl', import.meta.url));

/** Reads a JSONL file of `{text, title?, label}` rows; throws with the line number on bad rows. */
export function readLabelled(path: string = CORPUS_PATH): LabelledText[] {
  const out: LabelledText[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let row: { text?: unknown; title?: unknown; label?: unknown };
      try {
        row = JSON.parse(line) as typeof row;
      } catch {
        throw new Error(`${path}:${i + 1}: not valid JSON`);
      }
      if (typeof row.text !== 'string' || typeof row.label !== 'string') {
        throw new Error(`${path}:${i + 1}: needs string fields "text" and "label"`);
      }
      out.push({ text: row.text, title: typeof row.title === 'string' && row.title ? row.title : undefined, label: row.label });
    });
  return out;
}

/** Assigns each row a fold in [0, k) so every class is spread evenly (seeded). */
export function stratifiedFolds(labels: string[], k: number, seed: number): Int32Array {
  const fold = new Int32Array(labels.length);
  const byClass = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byClass.get(l) ?? [];
    list.push(i);
    byClass.set(l, list);
  });
  const rng = mulberry32(seed);
  let offset = 0;
  for (const key of [...byClass.keys()].sort()) {
    const idx = shuffleInPlace(byClass.get(key)!, rng);
    // Continue the round-robin across classes so fold sizes stay balanced.
    idx.forEach((row, j) => {
      fold[row] = (j + offset) % k;
    });
    offset += idx.length;
  }
  return fold;
}

/** The first `n` characters of a text (the chat-length view used in evaluation). */
export function prefix(text: string, n = 60): string {
  return [...text].slice(0, n).join('');
}
