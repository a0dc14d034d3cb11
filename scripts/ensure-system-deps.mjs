#!/usr/bin/env node
/**
 * Makes sure the system programs the tests need are present: `redis-server` (the Redis
 * store's tests start a private one) and `/usr/bin/chromium` (browser tests).
 * Run by `npm test` as `pretest`. Idempotent and instant when everything is there.
 * When something is missing and we are root with apt-get, installs it (Debian packages
 * `redis-server`, `chromium`); otherwise exits non-zero saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** True when `file` exists and is executable. */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a program on PATH without spawning a shell (keeps the fast path fast). */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return true;
  }
  return false;
}

const wanted = [
  { pkg: 'redis-server', present: () => isExecutable('/usr/bin/redis-server') || onPath('redis-server') },
  { pkg: 'chromium', present: () => isExecutable('/usr/bin/chromium') },
];

const missing = wanted.filter((w) => !w.present()).map((w) => w.pkg);
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = isExecutable('/usr/bin/apt-get') || onPath('apt-get');
if (!isRoot || !hasApt) {
  console.error(
    `ensure-system-deps: missing ${missing.join(', ')}.\n` +
      `Install the Debian package(s) first, e.g.:\n` +
      `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
  );
  process.exit(1);
}

/** Runs apt-get with output streamed; waits for another apt run's lock instead of failing. */
function apt(args) {
  console.error(`ensure-system-deps: apt-get ${args.join(' ')}`);
  const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) {
    console.error(`ensure-system-deps: apt-get ${args[0]} failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

console.error(`ensure-system-deps: installing ${missing.join(', ')}`);
apt(['update']);
apt(['install', '-y', '--no-install-recommends', ...missing]);

const still = wanted.filter((w) => missing.includes(w.pkg) && !w.present()).map((w) => w.pkg);
if (still.length > 0) {
  console.error(`ensure-system-deps: still missing after install: ${still.join(', ')}`);
  process.exit(1);
}
console.error('ensure-system-deps: ok');
