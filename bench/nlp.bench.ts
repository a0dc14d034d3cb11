/**
 * NLP bench: classifications per second on 100-character messages for the Jiesu model and
 * for the TF-IDF char 1–3-gram + linear SVM baseline trained in the same run, model load
 * time, and resident memory of the loaded model. Uses the model at
 * `$JIESU_DATA_DIR/model/classifier.bin` (trains and saves it first when missing).
 */
import { existsSync } from 'node:fs';
import {
  type ClassifierModel,
  createNlp,
  defaultModelPath,
  loadModel,
  loadTaxonomy,
  prefix,
  rank,
  readLabelled,
  saveModel,
  tokenize,
  trainClassifier,
} from '../nlp/index.ts';

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

/**
 * Messages per second of CPU time of this (single-threaded) process: the machine is shared,
 * so wall-clock rates would measure the neighbours too.
 */
function rate(fn: (text: string) => unknown, texts: string[], cpuSeconds = 2): number {
  for (let i = 0; i < 500; i++) fn(texts[i % texts.length]!); // warm-up (JIT)
  let n = 0;
  const c0 = process.cpuUsage();
  const cpu = () => {
    const d = process.cpuUsage(c0);
    return (d.user + d.system) / 1e6;
  };
  while (cpu() < cpuSeconds) {
    for (let i = 0; i < 200; i++) fn(texts[(n + i) % texts.length]!);
    n += 200;
  }
  return n / cpu();
}

export default async function nlpBench(): Promise<void> {
  const rows = readLabelled();
  const texts = rows.filter((r) => [...r.text].length >= 100).map((r) => prefix(r.text, 100));
  tokenize('预热'); // load jieba before measuring the model's own memory and load time
  const path = defaultModelPath(process.env);
  if (!existsSync(path)) {
    console.log(`no model at ${path}: training one (jiesu train)`);
    saveModel(trainClassifier(rows), path);
  }
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const model: ClassifierModel = loadModel(path);
  const loadMs = performance.now() - t0;
  const rssModel = process.memoryUsage().rss - rssBefore;
  const nlp = createNlp(model, loadTaxonomy());

  console.log('training the baseline (TF-IDF char 1-3 + linear SVM) on the same corpus…');
  const baseline = trainClassifier(rows, 'baseline-svm', { calibrate: false });

  const ours = rate((t) => rank(model, t), texts);
  const base = rate((t) => rank(baseline, t), texts);
  const full = rate((t) => nlp.analyze(t), texts);

  console.log(`messages: ${texts.length} distinct texts cut to 100 characters`);
  console.log(`model load: ${loadMs.toFixed(0)} ms (${path})`);
  console.log(
    `model memory: +${mb(rssModel)} RSS on load; process RSS ${mb(process.memoryUsage().rss)} with jieba, model and the baseline`,
  );
  console.log(
    `classifications per CPU-second  jiesu model ${ours.toFixed(0)}   baseline ${base.toFixed(0)}   ratio ${(ours / base).toFixed(2)}x`,
  );
  console.log(
    `full analyze per CPU-second (classification + topic + urgency + entities): ${full.toFixed(0)}   ratio to baseline ${(full / base).toFixed(2)}x`,
  );
}
