/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line) in
 * turn. Each exports a default async function that measures its subject beside a baseline
 * measured in the same run and prints the ratio.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
for (const f of files) {
  console.log(`\n=== ${f}`);
  const mod = (await import(new URL(f, import.meta.url).href)) as { default: () => Promise<void> };
  await mod.default();
}
