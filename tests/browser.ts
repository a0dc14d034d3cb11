/**
 * Headless Chromium for browser tests: playwright-core driving Debian's `chromium`
 * (no browser download, which the machines here cannot do). Run
 * `node scripts/ensure-system-deps.mjs` once to install the Debian package.
 */
import { accessSync, constants } from 'node:fs';
import type { Browser, LaunchOptions } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Quiet, offline-friendly flags: no sandbox (tests run as root), no GPU, and nothing
// that phones home (component updates, sync, QUIC probes).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches headless Debian Chromium, or throws saying how to install it. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(`${CHROMIUM_PATH} not found: run \`node scripts/ensure-system-deps.mjs\` (installs the Debian package chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ...options });
}
