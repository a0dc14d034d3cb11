#!/usr/bin/env node
// The `jiesu` command. Sources are TypeScript run through tsx, so `npm ci` is the only step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../app/cli.ts');
process.exitCode = await main(process.argv.slice(2));
