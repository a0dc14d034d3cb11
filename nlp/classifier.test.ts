import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ClassifierModel,
  createNlp,
  evaluateModel,
  loadModel,
  loadNlp,
  loadTaxonomy,
  type Nlp,
  rank,
  readLabelled,
  saveModel,
  stratifiedFolds,
  trainClassifier,
} from './index.ts';

// A fixed 80/20 split of the shipped corpus (seed 7, not the CV seed).
const rows = readLabelled();
const fold = stratifiedFolds(
  rows.map((r) => r.label),
  5,
  7,
);
const train = rows.filter((_, i) => fold[i] !== 0);
const test = rows.filter((_, i) => fold[i] === 0);

let model: ClassifierModel;
let nlp: Nlp;

beforeAll(() => {
  model = trainClassifier(train, 'nbsvm-ensemble', { seed: 7 });
  nlp = createNlp(model, loadTaxonomy());
}, 240_000);

describe('category classifier', () => {
  it('should reach macro-F1 0.87 on whole texts and 0.80 on their first 60 characters of 1,265 held-out messages', () => {
    // Chance (7 classes) is about 0.14; a majority-class guess scores 0.05.
    const r = evaluateModel(model, test);
    expect(r.whole.n).toBe(test.length);
    expect(r.whole.macroF1).toBeGreaterThanOrEqual(0.87);
    expect(r.first60.macroF1).toBeGreaterThanOrEqual(0.8);
  });

  it('should give calibrated confidences: on held-out messages the mean confidence is within 0.05 of the accuracy', () => {
    let conf = 0;
    let right = 0;
    for (const r of test) {
      const [best] = rank(model, r.text);
      conf += best!.p;
      if (best!.label === r.label) right++;
    }
    expect(Math.abs(conf / test.length - right / test.length)).toBeLessThan(0.05);
  });

  it('should return the same ranking after a save and load round trip', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'jiesu-nlp-')), 'model', 'classifier.bin');
    saveModel(model, path);
    const back = loadModel(path);
    const text = '小区物业不作为，楼道堆满杂物';
    expect(rank(back, text).map((x) => x.label)).toEqual(rank(model, text).map((x) => x.label));
    expect(rank(back, text)[0]!.p).toBeCloseTo(rank(model, text)[0]!.p, 5);
  });
});

describe('analyze', () => {
  it('should send a wage complaint to the human resources and social security bureau', () => {
    const a = nlp.analyze('公司拖欠我三个月工资共计15000元，老板电话也不接了');
    expect(a.label).toBe('劳动和社会保障');
    expect(a.topic).toBe('拖欠工资');
    expect(a.department).toBe('区人力资源和社会保障局');
    expect(a.entities.amounts).toEqual([15000]);
    expect(a.runnerUp.label).not.toBe(a.label);
    expect(a.confidence).toBeGreaterThan(a.runnerUp.confidence);
  });

  it('should route a noisy barbecue to the noise topic with a department from the taxonomy', () => {
    const a = nlp.analyze('楼下烧烤太吵了');
    expect(a.topic).toBe('噪声');
    expect(a.department).toBe('区生态环境局');
    expect(a.urgency.kind).toBe('normal');
  });

  it('should route 群租房 to the sub-district office and prepaid cards to the commerce bureau', () => {
    expect(nlp.analyze('我们楼里有一套房子打了隔断做群租，住了二十多个人').department).toBe('街道办事处（乡镇政府）');
    expect(nlp.analyze('健身房跑路了，预付卡里还有三千块钱').department).toBe('区商务局');
  });

  it('should classify a school message as 教育文体 and use the category default department', () => {
    const a = nlp.analyze('孩子今年上初中，想问一下我们片区对应的初中招生什么时候开始');
    expect(a.label).toBe('教育文体');
    expect(a.department).toBe('区教育委员会');
  });

  it('should advise calling 119 for a fire and extract the phone number', () => {
    const a = nlp.analyze('我家隔壁着火了！我电话13812345678');
    expect(a.urgency).toMatchObject({ kind: 'emergency', hotline: '119' });
    expect(a.entities.phones).toEqual(['13812345678']);
  });

  it('should mark an unclear message between departments as disputed', () => {
    const disputed = test.map((r) => nlp.analyze(r.text.slice(0, 20))).filter((a) => a.disputed);
    expect(disputed.length).toBeGreaterThan(0);
    for (const a of disputed) expect(a.topic).toBeUndefined();
  });
});

describe('loadNlp', () => {
  it('should refuse to start without a model when training is not allowed', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'jiesu-nlp-')), 'none.bin');
    await expect(loadNlp({ modelPath: path, trainIfMissing: false })).rejects.toMatchObject({ code: 'MODEL_MISSING' });
  });
});
