import { ConfigError } from './config.ts';
import { startServer } from './server.ts';

/** Input and output of a CLI command (injected so commands are testable). */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

type Command = (argv: string[], io: CliIo) => Promise<number>;

const USAGE = `用法: jiesu <命令>
  start                     启动服务（默认 SQLite 存于 ./data，网页聊天 http://localhost:3000）
  help                      显示本帮助
`;

async function start(_argv: string[], io: CliIo): Promise<number> {
  const jiesu = await startServer({ env: io.env });
  const stop = (signal: string) => {
    jiesu.log.info({ signal }, 'signal received');
    jiesu.close().then(
      () => process.exit(0),
      (err: unknown) => {
        jiesu.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await new Promise(() => {}); // runs until a signal
  return 0;
}

const COMMANDS: Record<string, Command> = {
  start,
  help: async (_a, io) => {
    io.stdout.write(USAGE);
    return 0;
  },
};

/** Runs the `jiesu` command line; returns the exit code. */
export async function main(
  argv: string[],
  io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`未知命令：${name}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`配置错误 ${err.message}\n`);
      return 78;
    }
    throw err;
  }
}
