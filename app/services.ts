import type { Logger } from 'pino';
import { createFollowUpSender } from '../bot/index.ts';
import type { BotRuntime } from '../bot/runtime.ts';
import { type AuthService, createAuth } from '../desk/auth/index.ts';
import { createDesk, type Desk } from '../desk/index.ts';
import {
  createEmbeddingReranker,
  createKnowledgeBase,
  DEFAULT_ARTICLES_DIR,
  DEFAULT_SYNONYMS_FILE,
  type KnowledgeBase,
  loadSynonyms,
} from '../knowledge/index.ts';
import { loadNlp, type Nlp } from '../nlp/index.ts';
import type { Store } from '../store/types.ts';
import type { Config } from './config.ts';

/** The domain services the bot and the HTTP routes share. */
export interface Services {
  nlp: Nlp;
  kb: KnowledgeBase;
  desk: Desk;
  auth: AuthService;
  /** Stops background work (the desk's tick, the KB's reload subscription). */
  stop(): Promise<void>;
}

/**
 * Builds the domain services from configuration. The runtime is passed late-bound because
 * the desk's follow-up goes out through it, and the runtime's bot needs the desk.
 */
export async function createServices(opts: {
  config: Config;
  store: Store;
  log: Logger;
  clock: () => number;
  runtime: () => BotRuntime;
}): Promise<Services> {
  const { config, store, log } = opts;
  const clock = () => new Date(opts.clock());

  const started = Date.now();
  const nlp = await loadNlp({ modelPath: config.modelPath, trainIfMissing: true, log: (msg) => log.info(msg) });
  log.info({ ms: Date.now() - started }, 'nlp ready');

  const reranker = config.embeddingModelDir ? await createEmbeddingReranker({ modelDir: config.embeddingModelDir }) : undefined;
  const kb = await createKnowledgeBase({
    dir: DEFAULT_ARTICLES_DIR,
    store,
    synonyms: loadSynonyms(DEFAULT_SYNONYMS_FILE),
    reranker,
    clock,
    onError: (err) => log.warn({ err }, 'knowledge base reload failed'),
  });

  const taxonomy = nlp.taxonomy;
  const desk = createDesk({
    store,
    clock,
    taxonomy: { departments: taxonomy.departments.map((d) => d.name), categories: taxonomy.deskCategories },
    followUp: createFollowUpSender({ runtime: { continueConversation: (ref, logic) => opts.runtime().continueConversation(ref, logic) } }),
    log,
  });

  const auth = createAuth({ store, clock });
  if (config.adminUser && config.adminPassword) {
    await auth.ensureAdmin({ username: config.adminUser, password: config.adminPassword });
  }

  // Every instance ticks; the desk claims each follow-up once, so they never double-send.
  const tick = setInterval(() => {
    desk.tick().catch((err: unknown) => log.error({ err }, 'desk tick failed'));
  }, 60_000);
  tick.unref();

  return {
    nlp,
    kb,
    desk,
    auth,
    async stop() {
      clearInterval(tick);
      await kb.close();
    },
  };
}
