#!/usr/bin/env node
// The `jiesu` command. Sources are TypeScript run through tsx, so `npm ci` is the only step.
import { register } from 'tsx/esm/api';

register();
// `jiesu classify … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('../app/cli.ts');
process.exitCode = await main(process.argv.slice(2));
