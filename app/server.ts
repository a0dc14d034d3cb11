import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { type BotRuntime, createBotRuntime, createTranscript, emergencyAdviceOf, jiesuBot } from '../bot/index.ts';
import { createWebChatChannel } from '../channels/webchat/index.ts';
import { createConsoleRouter } from '../console/index.ts';
import { createAuthRouter } from '../desk/auth/index.ts';
import { createDeskRouter, createOpen311Router } from '../desk/index.ts';
import { createKnowledgeRouter } from '../knowledge/index.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { type Config, loadConfig } from './config.ts';
import { errorHandler, notFoundHandler, securityHeaders } from './http.ts';
import { createAgentRouter } from './agent-api.ts';
import { createHotIssuesRouter } from './hot-issues.ts';
import { createLogger } from './logger.ts';
import { createServices, type Services } from './services.ts';

/** A running Jiesu: the pieces tests and the CLI need to reach. */
export interface Jiesu {
  config: Config;
  app: Express;
  server: Server;
  store: Store;
  runtime: BotRuntime;
  services: Services;
  log: Logger;
  /** Base URL it listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Stops taking requests, finishes turns in flight, closes the store. */
  close(): Promise<void>;
}

/** How to start Jiesu programmatically (tests, bench). */
export interface StartOptions {
  /** Environment to read the configuration from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Overrides on top of the environment. */
  port?: number;
  host?: string;
  dataDir?: string;
  /** Where logs go (default stdout). */
  logDestination?: NodeJS.WritableStream;
  /** Injected clock for deadlines and tokens (default Date.now). */
  clock?: () => number;
}

/** Builds Jiesu from configuration and starts listening. */
export async function startServer(options: StartOptions = {}): Promise<Jiesu> {
  const env = { ...(options.env ?? process.env) };
  if (options.port !== undefined) env.PORT = String(options.port);
  if (options.host !== undefined) env.HOST = options.host;
  if (options.dataDir !== undefined) env.JIESU_DATA_DIR = options.dataDir;
  const config = loadConfig(env);
  const clock = options.clock ?? Date.now;
  const now = () => new Date(clock());
  const log = createLogger(config.logLevel, options.logDestination);
  if (config.directLineSecretGenerated) {
    log.warn('JIESU_DIRECTLINE_SECRET is not set: a random secret was generated; visitor tokens will not survive a restart');
  }

  const store = await createStore({ redisUrl: config.redisUrl, dataDir: config.dataDir });
  const transcript = createTranscript(store);

  // The runtime needs the channels' senders and the desk; both need the runtime: late-bind.
  let runtime!: BotRuntime;
  const services = await createServices({ config, store, log, clock, runtime: () => runtime });
  const webchat = createWebChatChannel({
    store,
    transcript,
    log,
    clock,
    settings: { ...config, secret: config.directLineSecret },
    onActivity: (activity) => runtime.processActivity(activity),
  });
  runtime = createBotRuntime({
    store,
    transcript,
    log,
    senders: [webchat.sender],
    bot: jiesuBot({ clock: now, nlp: services.nlp, kb: services.kb, desk: services.desk, store }),
    emergencyAdvice: emergencyAdviceOf,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: 'ready', store: store.kind });
    } catch (err) {
      log.warn({ err }, 'store not reachable');
      res.status(503).json({ status: 'unavailable', store: store.kind, error: { code: 'STORE_UNREACHABLE', message: '存储不可用' } });
    }
  });
  app.use(webchat.router);
  app.use(createConsoleRouter());
  app.use('/api/auth', createAuthRouter({ auth: services.auth }));
  app.use('/api/agent', createAgentRouter({ store, runtime, transcript, auth: services.auth, clock: now }));
  app.use('/api/desk', createHotIssuesRouter({ desk: services.desk, auth: services.auth, clock: now }));
  app.use('/api/desk', createDeskRouter({ desk: services.desk, auth: services.auth }));
  app.use(createKnowledgeRouter({ kb: services.kb, auth: services.auth }));
  app.use('/open311/v2', createOpen311Router({ desk: services.desk, apiKeys: config.open311ApiKeys, clock: now, log }));
  app.use(notFoundHandler);
  app.use(errorHandler(log));

  const server = createServer(app);
  webchat.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${addr.port}`;
  log.info({ url, store: store.kind }, 'Jiesu is listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      log.info('shutting down: finishing turns in flight');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await webchat.close();
      await runtime.idle();
      server.closeAllConnections();
      await stopped;
      await services.stop();
      await store.close();
      log.info('stopped');
    })());

  return { config, app, server, store, runtime, services, log, url, close };
}
