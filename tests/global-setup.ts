/**
 * Trains the classifier once per test run (and reuses it while the nlp sources and the
 * corpus are unchanged), so every test that starts the app loads it instead of training.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNlp } from '../nlp/index.ts';

function fingerprint(): string {
  const root = new URL('../nlp/', import.meta.url).pathname;
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.test.ts')) hash.update(e.name).update(readFileSync(p));
    }
  };
  walk(root);
  return hash.digest('hex').slice(0, 16);
}

export default async function setup(): Promise<void> {
  const modelPath = join(tmpdir(), `jiesu-test-model-${fingerprint()}.bin`);
  await loadNlp({ modelPath, trainIfMissing: true });
  process.env.JIESU_TEST_MODEL_PATH = modelPath;
}
