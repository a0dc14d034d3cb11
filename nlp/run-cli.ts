/**
 * Runs an NLP command before the `jiesu` bin wires them: `npx tsx nlp/run-cli.ts train|classify|eval [args]`.
 */
import { classifyCommand, evalCommand, trainCommand } from './cli.ts';

const [cmd, ...args] = process.argv.slice(2);
const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
const commands = { train: trainCommand, classify: classifyCommand, eval: evalCommand };
const run = commands[cmd as keyof typeof commands];
if (!run) {
  process.stderr.write('usage: tsx nlp/run-cli.ts train|classify|eval [args]\n');
  process.exitCode = 2;
} else {
  process.exitCode = await run(args, io);
}
