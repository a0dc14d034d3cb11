import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, classifyCommand, evalCommand, readLabelled, saveModel, stratifiedFolds, trainClassifier } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'jiesu-cli-'));
const modelPath = join(dir, 'model', 'classifier.bin');

function io(input: string, env: NodeJS.ProcessEnv = {}): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d: Buffer) => (o += d.toString()));
  stderr.on('data', (d: Buffer) => (e += d.toString()));
  return { io: { stdin: Readable.from([input]), stdout, stderr, env }, out: () => o, err: () => e };
}

const rows = readLabelled();
const fold = stratifiedFolds(
  rows.map((r) => r.label),
  5,
  3,
);

beforeAll(() => {
  // A small model (one fold of the corpus) keeps the CLI tests quick.
  saveModel(
    trainClassifier(
      rows.filter((_, i) => fold[i] === 1),
      'nbsvm-ensemble',
      { calibrate: false },
    ),
    modelPath,
  );
}, 120_000);

describe('jiesu classify', () => {
  it('should answer 2,000 JSON lines with 2,000 analyses in the same order', async () => {
    const texts = Array.from({ length: 2000 }, (_, i) => (i % 2 ? `公司拖欠工资${i}天了` : `小区门口的路灯坏了${i}天`));
    const t = io(texts.map((text) => JSON.stringify({ text })).join('\n'));
    expect(await classifyCommand(['--model', modelPath], t.io)).toBe(0);
    const lines = t
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { label: string; department: string; urgency: { kind: string }; entities: unknown; confidence: number });
    expect(lines).toHaveLength(2000);
    expect(lines[1]!.label).toBe('劳动和社会保障');
    expect(lines[1]!.department).toBe('区人力资源和社会保障局');
    for (const l of lines) {
      expect(l.confidence).toBeGreaterThan(0);
      expect(l.urgency.kind).toBeDefined();
      expect(l.entities).toBeDefined();
    }
  }, 120_000);

  it('should answer a bad line with an error object on that line and go on', async () => {
    const t = io(['{"text":"楼下烧烤太吵了"}', 'not json', '{"title":"no text"}', '{"text":"谢谢","title":"感谢"}'].join('\n'));
    expect(await classifyCommand(['--model', modelPath], t.io)).toBe(0);
    const lines = t
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toHaveProperty('label');
    expect(lines[1]).toEqual({ error: 'not valid JSON' });
    expect(lines[2]).toHaveProperty('error');
    expect(lines[3]).toHaveProperty('label');
  });
});

describe('jiesu eval', () => {
  it('should print accuracy, macro-F1, per-class F1 and the confusion matrix for whole texts and first 60 characters', async () => {
    const file = join(dir, 'held.jsonl');
    writeFileSync(
      file,
      rows
        .filter((_, i) => fold[i] === 2)
        .slice(0, 300)
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const t = io('');
    expect(await evalCommand(['--data', file, '--model', modelPath], t.io)).toBe(0);
    const out = t.out();
    expect(out).toMatch(/whole texts: n=300 {2}accuracy=0\.\d+ {2}macro-F1=0\.\d+/);
    expect(out).toMatch(/first 60 characters: n=300/);
    expect(out).toContain('confusion');
    expect(out).toContain('劳动和社会保障');
  });

  it('should explain its usage when neither --data nor --cv is given', async () => {
    const t = io('');
    expect(await evalCommand([], t.io)).toBe(2);
    expect(t.err()).toContain('usage');
  });
});
