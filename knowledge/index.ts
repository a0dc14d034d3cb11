/**
 * The knowledge base: articles (Markdown + YAML front matter, plus API edits in the Store),
 * BM25 retrieval with synonyms and an optional embedding re-ranker, answers with their legal
 * basis, the gap log, the HTTP API and the `jiesu kb` commands.
 */

// === For the composition root and the bot
export { createKnowledgeBase, ARTICLE_COLLECTION, CHANGED_CHANNEL } from './engine/kb.ts';
export type { KnowledgeBase, KnowledgeBaseOptions, EditMeta } from './engine/kb.ts';
export { ANSWER_BUTTONS, FALLBACK_BUTTONS, NEGATIVE_FEEDBACK, DEFAULT_THRESHOLDS } from './engine/answer.ts';
export type { KbAnswer, Thresholds } from './engine/answer.ts';
export { loadSynonyms, parseSynonyms, SynonymFileError } from './engine/text.ts';
export type { SynonymTable } from './engine/text.ts';
export { createKnowledgeRouter } from './engine/router.ts';
export type { KnowledgeRouterOptions } from './engine/router.ts';
export { createEmbeddingReranker, createLocalEmbedder } from './engine/embedding.ts';
export type { Embedder, Reranker, EmbeddingRerankerOptions, LocalEmbedderOptions } from './engine/embedding.ts';
export { kbCommand, DEFAULT_ARTICLES_DIR, DEFAULT_SYNONYMS_FILE } from './cli.ts';
export type { CliIo, KbCommandOptions } from './cli.ts';

// === Articles
export { CATEGORIES, ArticleValidationError, validateArticle, basisLine } from './engine/article.ts';
export type { Article, ArticleInput, Category, LegalBasis } from './engine/article.ts';
export { loadArticleFiles, parseArticleFile } from './engine/loader.ts';

// === Retrieval and evaluation (tools, bench)
export { createRetriever, DEFAULT_BM25, DEFAULT_CALIBRATION } from './engine/retriever.ts';
export type { Retriever, RetrieverOptions, SearchResult, SearchHit, MatchFeatures, Bm25Params, Calibration } from './engine/retriever.ts';
export { readEvalFile, evaluate, crossValidate } from './engine/eval.ts';
export type { EvalItem, EvalReport, CrossValidation } from './engine/eval.ts';

// === Gaps
export { gapKey } from './engine/gaps.ts';
export type { GapEvent, GapKind, GapSummary, ListGapsOptions } from './engine/gaps.ts';
