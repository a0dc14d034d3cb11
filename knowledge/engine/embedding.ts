/**
 * The optional embedding stage: re-ranks the BM25 top-k by a mix of BM25 and the cosine of
 * sentence embeddings. The model is read from a local folder with `@xenova/transformers`
 * and nothing is ever downloaded (remote models off, local files only, no cache writes).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Article } from './article.ts';
import type { SearchResult } from './retriever.ts';

/** Turns texts into L2-normalised vectors (one per text, same length). */
export interface Embedder {
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** A second stage over a search result (the KB calls `prepare` on every rebuild). */
export interface Reranker {
  prepare(articles: readonly Article[]): Promise<void>;
  rerank(question: string, result: SearchResult): Promise<SearchResult>;
}

/** Options of the transformers embedder. */
export interface LocalEmbedderOptions {
  /** The model folder: config.json, tokenizer.json, tokenizer_config.json, onnx/model[_quantized].onnx. */
  modelDir: string;
  /** 'cls' for bge models, 'mean' for e5 / MiniLM (default 'mean'). */
  pooling?: 'mean' | 'cls';
  /** Use onnx/model_quantized.onnx (default: when that file exists). */
  quantized?: boolean;
}

/** Loads a sentence-embedding model from a local folder; throws (never downloads) when files are missing. */
export async function createLocalEmbedder({ modelDir, pooling = 'mean', quantized }: LocalEmbedderOptions): Promise<Embedder> {
  const dir = resolve(modelDir);
  if (!existsSync(join(dir, 'config.json'))) throw new Error(`embedding model folder ${dir} has no config.json`);
  const useQuantized = quantized ?? existsSync(join(dir, 'onnx', 'model_quantized.onnx'));
  // Imported only when configured: the package is heavy and loads native code.
  const { env, pipeline } = (await import('@xenova/transformers')) as unknown as TransformersModule;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.useBrowserCache = false;
  env.localModelPath = dirname(dir);
  const extract = await pipeline('feature-extraction', basename(dir), { quantized: useQuantized, local_files_only: true });
  return {
    async embed(texts) {
      if (texts.length === 0) return [];
      const t = await extract(texts, { pooling, normalize: true });
      const [n, hidden] = t.dims;
      const out: Float32Array[] = [];
      for (let i = 0; i < n!; i++) out.push(Float32Array.from(t.data.subarray(i * hidden!, (i + 1) * hidden!)));
      return out;
    },
  };
}

/** The part of `@xenova/transformers` used here. */
interface TransformersModule {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; useFSCache: boolean; useBrowserCache: boolean; localModelPath: string };
  pipeline(
    task: 'feature-extraction',
    model: string,
    options: { quantized: boolean; local_files_only: boolean },
  ): Promise<
    (texts: string[], options: { pooling: 'mean' | 'cls'; normalize: boolean }) => Promise<{ dims: number[]; data: Float32Array }>
  >;
}

/** Options of `createEmbeddingReranker`: a model folder, or an embedder of your own. */
export interface EmbeddingRerankerOptions {
  modelDir?: string;
  embedder?: Embedder;
  pooling?: 'mean' | 'cls';
  /** Share of the cosine in the mixed score, 0..1 (default 0.5; the rest is BM25 / top BM25). */
  weight?: number;
  /** How many BM25 hits are re-ranked (default 5). */
  topK?: number;
  /** Prefixes some models expect (e5: 'query: ' / 'passage: '). */
  queryPrefix?: string;
  passagePrefix?: string;
}

const dot = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/**
 * Creates the re-ranking stage. Each article is represented by its title and its listed
 * questions; an article's similarity to a question is the best cosine among them.
 */
export async function createEmbeddingReranker(options: EmbeddingRerankerOptions): Promise<Reranker> {
  const { weight = 0.5, topK = 5, queryPrefix = '', passagePrefix = '' } = options;
  if (weight < 0 || weight > 1) throw new RangeError('embedding reranker: weight must be within 0..1');
  const embedder =
    options.embedder ??
    (options.modelDir ? await createLocalEmbedder({ modelDir: options.modelDir, pooling: options.pooling }) : undefined);
  if (!embedder) throw new Error('embedding reranker: give modelDir or an embedder');

  const cache = new Map<string, Float32Array>(); // by text, so a rebuild only embeds what changed
  let vectors = new Map<string, Float32Array[]>();

  return {
    async prepare(articles) {
      const texts = [...new Set(articles.flatMap((a) => [a.title, ...a.questions]).map((t) => passagePrefix + t))];
      const missing = texts.filter((t) => !cache.has(t));
      for (let i = 0; i < missing.length; i += 32) {
        const batch = missing.slice(i, i + 32);
        const embedded = await embedder.embed(batch);
        batch.forEach((text, j) => {
          cache.set(text, embedded[j]!);
        });
      }
      vectors = new Map(articles.map((a) => [a.id, [a.title, ...a.questions].map((t) => cache.get(passagePrefix + t)!)]));
    },
    async rerank(question, result) {
      const head = result.hits.slice(0, topK);
      if (head.length < 2) return result;
      const [q] = await embedder.embed([queryPrefix + question]);
      const top = head[0]!.score;
      const mixed = head.map((hit) => {
        const cos = Math.max(0, ...(vectors.get(hit.article.id) ?? []).map((v) => dot(v, q!)));
        return { hit, mix: (1 - weight) * (hit.score / top) + weight * cos };
      });
      mixed.sort((a, b) => b.mix - a.mix);
      const hits = [...mixed.map((m) => m.hit), ...result.hits.slice(topK)];
      // A new leader has weaker lexical evidence than the old one: scale the confidence by it.
      const confidence = result.confidence * (hits[0]!.score / top);
      return { ...result, hits, confidence };
    },
  };
}
