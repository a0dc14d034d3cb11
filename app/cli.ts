import { createAuth, userCommand } from '../desk/auth/index.ts';
import { kbCommand } from '../knowledge/index.ts';
import { classifyCommand, evalCommand, trainCommand } from '../nlp/cli.ts';
import { createStore } from '../store/index.ts';
import type { CliIo } from './cli-io.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startServer } from './server.ts';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const USAGE = `用法: jiesu <命令>
  start                         启动服务（默认 SQLite 存于 ./data，网页聊天 http://localhost:3000）
  train                         重新训练分类模型（写入 JIESU_MODEL_PATH）
  classify                      从标准输入逐行读 JSON {"text","title"?}，逐行输出分类结果
  eval --data FILE.jsonl | --cv 评估分类器（准确率、宏F1、各类F1、混淆矩阵；全文与前60字）
  kb eval [--data FILE] | kb gaps [--limit N] | kb check | kb search 问题
                                知识库评估、未答问题、校验、检索调试
  user add --username U --role R [--department 部门]
                                新增控制台用户（密码读自 JIESU_NEW_USER_PASSWORD 或标准输入）
  help                          显示本帮助
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

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

const COMMANDS: Record<string, Command> = {
  start,
  train: trainCommand,
  classify: classifyCommand,
  eval: evalCommand,
  kb: (argv, io) => {
    const config = loadConfig(io.env);
    return kbCommand(argv, io, { makeStore: () => createStore({ redisUrl: config.redisUrl, dataDir: config.dataDir }) });
  },
  user: async (argv, io) => {
    const config = loadConfig(io.env);
    const store = await createStore({ redisUrl: config.redisUrl, dataDir: config.dataDir });
    try {
      return await userCommand(argv, {
        auth: createAuth({ store }),
        env: io.env,
        readStdin: () => readAll(io.stdin),
        out: (line) => io.stdout.write(`${line}\n`),
        err: (line) => io.stderr.write(`${line}\n`),
      });
    } finally {
      await store.close();
    }
  },
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
