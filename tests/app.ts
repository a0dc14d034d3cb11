/** Starts a real Jiesu on a free port with a fresh data folder, for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Jiesu, startServer } from '../app/server.ts';

/** The Direct Line secret tests use. */
export const TEST_SECRET = 'test-secret-0123456789abcdef';

/** A started test app and a function that stops it and deletes its data. */
export interface TestApp extends Jiesu {
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts Jiesu on port 0 with SQLite in a temp folder (or Redis when env has REDIS_URL). */
export async function startTestApp(env: Record<string, string> = {}, clock?: () => number): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiesu-test-'));
  const jiesu = await startServer({
    env: { LOG_LEVEL: 'silent', JIESU_DIRECTLINE_SECRET: TEST_SECRET, ...testModelEnv(), ...env },
    port: 0,
    host: '127.0.0.1',
    dataDir,
    clock,
  });
  return {
    ...jiesu,
    dataDir,
    async stop() {
      await jiesu.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Points tests at the classifier model trained once per run (see tests/global-setup.ts). */
function testModelEnv(): Record<string, string> {
  const path = process.env.JIESU_TEST_MODEL_PATH;
  return path ? { JIESU_MODEL_PATH: path } : {};
}
