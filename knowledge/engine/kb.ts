/**
 * The knowledge base: articles from files plus edits kept in the Store, one retrieval index
 * rebuilt whenever they change (also on other instances, through pub/sub), answers, gaps.
 */

import { randomUUID } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import type { Store, Unsubscribe } from '../../store/types.ts';
import { answerFrom, DEFAULT_THRESHOLDS, decide, type KbAnswer, NEGATIVE_FEEDBACK, type Thresholds } from './answer.ts';
import { type Article, type ArticleInput, ArticleValidationError, validateArticle } from './article.ts';
import type { ClassifierParams } from './classifier.ts';
import type { Reranker } from './embedding.ts';
import { type GapEvent, type GapSummary, type ListGapsOptions, listGaps, recordGap } from './gaps.ts';
import { loadArticleFiles } from './loader.ts';
import { type Bm25Params, type Calibration, createRetriever, type Retriever, type SearchResult } from './retriever.ts';
import { NO_SYNONYMS, type SynonymTable } from './text.ts';

/** The Store records collection of articles added or edited through the API. */
export const ARTICLE_COLLECTION = 'kb_articles';
/** The pub/sub channel announcing an article change to every instance. */
export const CHANGED_CHANNEL = 'kb:changed';

/** A stored override: a full article, or a tombstone for one deleted through the API. */
type StoredArticle = ((ArticleInput & { deleted?: false }) | { id: string; deleted: true }) & { updatedAt: string; updatedBy?: string };

/** Options of `createKnowledgeBase`. */
export interface KnowledgeBaseOptions {
  /** The articles folder (`knowledge/articles`); omit for a store-only KB. */
  dir?: string;
  /** Articles given directly (tests, tools); merged before the store overrides. */
  articles?: readonly Article[];
  /** Keeps API edits and gaps; without it the KB is read-only and gaps are dropped. */
  store?: Store;
  synonyms?: SynonymTable;
  reranker?: Reranker;
  thresholds?: Thresholds;
  params?: Partial<Bm25Params>;
  calibration?: Calibration;
  /** The supervised scorer fused with BM25 (retrained on every rebuild); `{ weight: 0 }` turns it off. */
  classifier?: Partial<ClassifierParams>;
  clock?: () => Date;
  /** Re-read the folder when a file changes (debounced). Off by default. */
  watch?: boolean;
  /** Where background reload failures go (a bad file while watching, a bad stored article). */
  onError?: (err: unknown) => void;
}

/** Who changed an article through the API (kept with the override). */
export interface EditMeta {
  by?: string;
}

/** The knowledge base the bot and the API use. */
export interface KnowledgeBase {
  /** Answers a question: an article, two suggestions, or the offer of a complaint / a person. */
  answer(question: string): Promise<KbAnswer>;
  /** Ranked articles with the confidence (for debugging and evaluation). */
  search(question: string, limit?: number): Promise<SearchResult>;
  /** The answer for one article, e.g. when the citizen taps a suggested title. */
  answerArticle(article: Article): KbAnswer;
  get(id: string): Article | undefined;
  /** The article with this exact title (what a suggestion button sends back). */
  byTitle(title: string): Article | undefined;
  /** All articles in effect, by id. */
  list(): Article[];
  /** Validates and stores an article (create or replace); the index is rebuilt before it resolves. */
  put(raw: unknown, meta?: EditMeta): Promise<Article>;
  /** Deletes an article (files stay, a tombstone in the store hides them); false when absent. */
  remove(id: string, meta?: EditMeta): Promise<boolean>;
  /** Re-reads the files and the store and rebuilds the index. */
  reload(): Promise<void>;
  /** Logs a question answered badly or not at all. */
  recordGap(event: Omit<GapEvent, 'at'> & { at?: Date }): Promise<void>;
  /** Logs the citizen's feedback on an answer; negative feedback becomes a gap for that article. */
  recordFeedback(event: { question: string; articleId: string; feedback: string; at?: Date }): Promise<void>;
  /** The most frequent unanswered questions. */
  listGaps(options?: ListGapsOptions): Promise<GapSummary[]>;
  /** Stops the folder watcher and the pub/sub subscription. */
  close(): Promise<void>;
}

interface Snapshot {
  articles: Article[];
  byId: Map<string, Article>;
  byTitle: Map<string, Article>;
  retriever: Retriever;
}

/**
 * Builds the knowledge base: loads the files (throwing on a bad one), applies the store's
 * overrides, indexes, and subscribes to changes from other instances.
 *
 * @example
 * const kb = await createKnowledgeBase({ dir: 'knowledge/articles', store, synonyms: loadSynonyms('knowledge/synonyms.txt') });
 * const reply = await kb.answer('网上买的衣服不喜欢能退吗'); // { kind: 'answer', basis: '依据：《…》第二十五条', … }
 */
export async function createKnowledgeBase(options: KnowledgeBaseOptions): Promise<KnowledgeBase> {
  const { dir, store, synonyms = NO_SYNONYMS, reranker, thresholds = DEFAULT_THRESHOLDS, clock = () => new Date() } = options;
  const onError = options.onError ?? ((err: unknown) => process.emitWarning(`kb: ${err instanceof Error ? err.message : String(err)}`));
  const instance = randomUUID();
  let files: Article[] = [];
  let overrides = new Map<string, StoredArticle>();
  let snap: Snapshot;
  let building: Promise<void> = Promise.resolve();

  const readFiles = () => {
    files = [...(options.articles ?? []), ...(dir ? loadArticleFiles(dir) : [])];
  };
  const readOverrides = async () => {
    const next = new Map<string, StoredArticle>();
    for (const { id, doc } of store ? await store.findRecords<StoredArticle>(ARTICLE_COLLECTION) : []) next.set(id, doc);
    overrides = next;
  };

  const effective = (): Article[] => {
    const byId = new Map(files.map((a) => [a.id, a]));
    for (const [id, doc] of overrides) {
      if (doc.deleted) {
        byId.delete(id);
        continue;
      }
      try {
        const { updatedAt: _at, updatedBy: _by, deleted: _d, ...fields } = doc;
        byId.set(id, { ...validateArticle(fields, `store:${id}`), source: 'store' });
      } catch (err) {
        onError(err); // keep the file version; a bad stored article must not take the KB down
      }
    }
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  };

  const build = async (): Promise<Snapshot> => {
    const articles = effective();
    const retriever = createRetriever(articles, {
      synonyms,
      params: options.params,
      calibration: options.calibration,
      classifier: options.classifier,
    });
    if (reranker) await reranker.prepare(articles);
    const byTitle = new Map<string, Article>();
    for (const a of articles) if (!byTitle.has(a.title)) byTitle.set(a.title, a);
    return { articles, byId: new Map(articles.map((a) => [a.id, a])), byTitle, retriever };
  };

  /** Serialises rebuilds so an older one never overwrites a newer one. */
  const rebuild = (refresh: () => Promise<void> | void): Promise<void> => {
    const run = building.then(async () => {
      await refresh();
      snap = await build();
    });
    building = run.catch(() => undefined);
    return run;
  };

  readFiles();
  await readOverrides();
  snap = await build();

  const unsubscribe: Unsubscribe | undefined = store
    ? await store.subscribe(CHANGED_CHANNEL, (message) => {
        if ((message as { origin?: string } | null)?.origin === instance) return;
        rebuild(readOverrides).catch(onError);
      })
    : undefined;

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (options.watch && dir) {
    watcher = watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      // Editors save in bursts (temp file, rename): wait for the folder to settle.
      timer = setTimeout(() => rebuild(readFiles).catch(onError), 300);
    });
    watcher.on('error', onError);
  }

  const search = async (question: string, limit = 5): Promise<SearchResult> => {
    const current = snap;
    const result = current.retriever.search(question, limit);
    return reranker && result.hits.length > 1 ? reranker.rerank(question, result) : result;
  };

  const announce = async (id: string) => {
    await store!.publish(CHANGED_CHANNEL, { id, origin: instance });
  };

  const requireStore = (): Store => {
    if (!store) throw new Error('kb: this knowledge base has no store, so it cannot be edited');
    return store;
  };

  return {
    async answer(question) {
      return decide(await search(question), thresholds);
    },
    search,
    answerArticle: (article) => answerFrom(article),
    get: (id) => snap.byId.get(id),
    byTitle: (title) => snap.byTitle.get(title.trim()),
    list: () => [...snap.articles],
    async put(raw, meta = {}) {
      const s = requireStore();
      const id = raw && typeof raw === 'object' && 'id' in raw ? String((raw as { id: unknown }).id) : '';
      // `source` and `file` are ours: accept them back so GET → edit → PUT round-trips.
      const { source: _s, file: _f, ...fields } = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
      const input = validateArticle(raw && typeof raw === 'object' ? fields : raw, `api:${id || '?'}`);
      const clash = snap.articles.find((a) => a.title === input.title && a.id !== input.id);
      if (clash) throw new ArticleValidationError(`api:${input.id}`, 'title', `标题与文章 ${clash.id} 重复`);
      const doc: StoredArticle = { ...input, updatedAt: clock().toISOString(), ...(meta.by ? { updatedBy: meta.by } : {}) };
      await s.putRecord(ARTICLE_COLLECTION, input.id, doc, { state: 'live' });
      await rebuild(readOverrides);
      await announce(input.id);
      return snap.byId.get(input.id)!;
    },
    async remove(id, meta = {}) {
      const s = requireStore();
      if (!snap.byId.has(id)) return false;
      const doc: StoredArticle = { id, deleted: true, updatedAt: clock().toISOString(), ...(meta.by ? { updatedBy: meta.by } : {}) };
      await s.putRecord(ARTICLE_COLLECTION, id, doc, { state: 'deleted' });
      await rebuild(readOverrides);
      await announce(id);
      return true;
    },
    reload: () =>
      rebuild(async () => {
        readFiles();
        await readOverrides();
      }),
    async recordGap(event) {
      if (!store) return;
      await recordGap(store, { ...event, at: event.at ?? clock() });
    },
    async recordFeedback({ question, articleId, feedback, at }) {
      if (!store || !NEGATIVE_FEEDBACK.includes(feedback.trim())) return;
      await recordGap(store, { question, kind: 'bad_feedback', articleId, feedback: feedback.trim(), at: at ?? clock() });
    },
    listGaps: async (opts) => (store ? listGaps(store, opts) : []),
    async close() {
      clearTimeout(timer);
      watcher?.close();
      await unsubscribe?.();
    },
  };
}
