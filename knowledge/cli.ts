/**
 * `jiesu kb …`: evaluate retrieval on the labelled questions, list knowledge gaps, check the
 * articles, and try one question.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { CliIo } from '../app/cli-io.ts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../store/types.ts';
import { DEFAULT_THRESHOLDS } from './engine/answer.ts';
import { createEmbeddingReranker } from './engine/embedding.ts';
import { crossValidate, type EvalItem, type EvalReport, evaluate, readEvalFile } from './engine/eval.ts';
import { createKnowledgeBase, type KnowledgeBase } from './engine/kb.ts';
import { loadArticleFiles } from './engine/loader.ts';
import { loadSynonyms } from './engine/text.ts';

/** The articles shipped in the repo. */
export const DEFAULT_ARTICLES_DIR = fileURLToPath(new URL('./articles', import.meta.url));
/** The synonym groups shipped in the repo. */
export const DEFAULT_SYNONYMS_FILE = fileURLToPath(new URL('./synonyms.txt', import.meta.url));
const DEFAULT_EVAL_DIR = fileURLToPath(new URL('./eval', import.meta.url));

/** Wiring the composition root provides. */
export interface KbCommandOptions {
  /** Opens the configured Store (needed by `kb gaps`). */
  makeStore?: () => Promise<Store>;
  articlesDir?: string;
  synonymsFile?: string;
  evalDir?: string;
}

const USAGE = `用法:
  jiesu kb eval [--data FILE ...] [--cv] [--misses N]   评测检索: hit@1, hit@3, MRR, 应答率, 无对应问题的误答率
  jiesu kb gaps [--limit N] [--since 日期]               最常见的未解答问题
  jiesu kb check                                         校验全部文章
  jiesu kb search <问题>                                 调试: 看一个问题的候选文章和置信度
`;

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

function parseArgs(argv: string[], withValue: Set<string>): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const list = flags.get(name) ?? [];
    if (withValue.has(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`--${name} 需要一个值`);
      list.push(v);
    } else list.push('true');
    flags.set(name, list);
  }
  return { positional, flags };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);

/**
 * Runs `kb <subcommand>` and returns the exit code (0 ok, 1 the check failed, 2 bad usage).
 * `kb eval` fails when a no-fit question is answered or an eval item names an unknown article.
 */
export async function kbCommand(argv: string[], io: CliIo, options: KbCommandOptions = {}): Promise<number> {
  const args = argv[0] === 'kb' ? argv.slice(1) : argv;
  const out = (s = '') => io.stdout.write(`${s}\n`);
  const err = (s: string) => io.stderr.write(`${s}\n`);
  const fail = (s: string, code: number) => {
    err(s);
    return code;
  };
  const articlesDir = options.articlesDir ?? io.env.JIESU_KB_DIR ?? DEFAULT_ARTICLES_DIR;
  const synonymsFile = options.synonymsFile ?? DEFAULT_SYNONYMS_FILE;
  let parsed: Parsed;
  try {
    parsed = parseArgs(args.slice(1), new Set(['data', 'limit', 'misses', 'since']));
  } catch (e) {
    err(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const { positional, flags } = parsed;

  const openKb = async (store?: Store): Promise<KnowledgeBase> => {
    const modelDir = io.env.JIESU_EMBEDDING_MODEL_DIR;
    return createKnowledgeBase({
      dir: articlesDir,
      store,
      synonyms: existsSync(synonymsFile) ? loadSynonyms(synonymsFile) : undefined,
      reranker: modelDir ? await createEmbeddingReranker({ modelDir }) : undefined,
    });
  };

  try {
    switch (args[0]) {
      case 'check': {
        const articles = loadArticleFiles(articlesDir);
        out(`${articles.length} 篇文章，全部通过校验。`);
        return 0;
      }
      case 'search': {
        const q = positional.join(' ').trim();
        if (!q) return fail(USAGE, 2);
        const kb = await openKb();
        const [result, reply] = [await kb.search(q), await kb.answer(q)];
        out(
          `${reply.kind}  置信度 ${result.confidence.toFixed(3)}  (coverage ${result.features.coverage.toFixed(2)}, questionSim ${result.features.questionSim.toFixed(2)}, margin ${result.features.margin.toFixed(2)})`,
        );
        for (const h of result.hits) out(`  ${h.score.toFixed(2).padStart(7)}  ${h.article.id}  ${h.article.title}`);
        return 0;
      }
      case 'eval':
        return await runEval(flags, out, err, synonymsFile, options.evalDir ?? DEFAULT_EVAL_DIR, openKb);
      case 'gaps': {
        if (!options.makeStore) return fail('kb gaps 需要存储：请通过 jiesu 主程序运行（需配置 Store）。', 2);
        const limit = Number(flags.get('limit')?.[0] ?? 20);
        if (!Number.isInteger(limit) || limit < 1) return fail('--limit 必须是正整数', 2);
        const since = flags.get('since')?.[0];
        if (since !== undefined && Number.isNaN(new Date(since).getTime())) return fail('--since 必须是日期，如 2026-12-01', 2);
        const store = await options.makeStore();
        try {
          const kb = await openKb(store);
          const gaps = await kb.listGaps({ limit, ...(since !== undefined && { since: new Date(since) }) });
          await kb.close();
          if (gaps.length === 0) {
            out('还没有记录到未解答的问题。');
            return 0;
          }
          out('次数  最近一次             无答案/推荐/差评  问题');
          for (const g of gaps) {
            const kinds = `${g.kinds.none}/${g.kinds.suggest}/${g.kinds.bad_feedback}`.padEnd(16);
            out(
              `${String(g.count).padStart(4)}  ${g.lastSeen.slice(0, 19).replace('T', ' ')}  ${kinds}  ${g.question}${g.articleIds.length ? `  [${g.articleIds.join(', ')}]` : ''}`,
            );
          }
          return 0;
        } finally {
          await store.close();
        }
      }
      default:
        err(USAGE);
        return args[0] === undefined || args[0] === 'help' ? 0 : 2;
    }
  } catch (e) {
    err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

async function runEval(
  flags: Map<string, string[]>,
  out: (s?: string) => void,
  err: (s: string) => void,
  synonymsFile: string,
  evalDir: string,
  openKb: () => Promise<KnowledgeBase>,
): Promise<number> {
  const files =
    flags.get('data') ??
    (existsSync(evalDir)
      ? readdirSync(evalDir)
          .filter((f) => f.endsWith('.jsonl'))
          .sort()
          .map((f) => join(evalDir, f))
      : []);
  if (files.length === 0) {
    err(`没有评测集：${evalDir}/*.jsonl`);
    return 2;
  }
  const sets = files.map((f) => ({ name: f.split('/').pop()!, items: readEvalFile(f) }));
  const kb = await openKb();
  const articles = kb.list();
  const known = new Set(articles.map((a) => a.id));
  const unknown = sets.flatMap((s) =>
    s.items.flatMap((it) => it.ids.filter((id) => !known.has(id)).map((id) => `${it.where}: 未知文章 ${id}`)),
  );
  for (const u of unknown) err(u);

  out(`知识库评测：${articles.length} 篇文章，阈值 回答≥${DEFAULT_THRESHOLDS.answer} 推荐≥${DEFAULT_THRESHOLDS.suggest}`);
  const header = `${'评测集'.padEnd(14)}${'问题'.padStart(5)}${'无对应'.padStart(5)}  hit@1  hit@3    MRR  应答率  答对率  答错率  推荐命中  无对应误答`;
  const line = (name: string, r: EvalReport) =>
    `${name.padEnd(16)}${String(r.answerable).padStart(5)}${String(r.noFit).padStart(7)}  ${pct(r.hit1)} ${pct(r.hit3)}  ${r.mrr.toFixed(3)}  ${pct(r.answered)}  ${pct(r.answeredRight)}  ${pct(r.answeredWrong)}    ${pct(r.suggestedRight)}    ${pct(r.falseAnswerNoFit)}`;
  out(header);
  const all: EvalItem[] = sets.flatMap((s) => s.items);
  const search = (q: string) => kb.search(q);
  for (const s of sets) out(line(s.name, await evaluate(search, s.items, DEFAULT_THRESHOLDS)));
  const total = await evaluate(search, all, DEFAULT_THRESHOLDS);
  if (sets.length > 1) out(line('合计', total));

  if (flags.has('cv') && sets.length > 1) {
    out('\n交叉验证（在其余评测集上拟合置信度模型与阈值，在本集上测量）：');
    const synonyms = existsSync(synonymsFile) ? loadSynonyms(synonymsFile) : undefined;
    const cv = await crossValidate(articles, sets, { synonyms });
    out(header);
    for (const f of cv.folds) {
      out(line(f.fold, f.report));
      out(
        `    阈值 回答≥${f.thresholds.answer.toFixed(3)} 推荐≥${f.thresholds.suggest.toFixed(3)}  模型 ${JSON.stringify(round(f.calibration))}`,
      );
    }
    out(`全部数据拟合：阈值 ${JSON.stringify(round(cv.all.thresholds))}  模型 ${JSON.stringify(round(cv.all.calibration))}`);
  }

  const limit = Number(flags.get('misses')?.[0] ?? 30);
  if (total.misses.length > 0 && limit > 0) {
    out(`\n未命中（${total.misses.length}，显示前 ${Math.min(limit, total.misses.length)} 个）：`);
    for (const m of total.misses.slice(0, limit)) {
      out(
        `  ${m.item.where}  ${m.kind}  ${m.confidence.toFixed(2)}  「${m.item.q}」 应为 [${m.item.ids.join(', ') || '无'}] 得到 [${m.top.join(', ')}]`,
      );
    }
  }
  const failed = total.falseAnswerNoFit > 0 || unknown.length > 0;
  out(failed ? '\n未通过：有无对应的问题被直接回答，或评测集引用了不存在的文章。' : '\n通过：没有无对应的问题被直接回答。');
  return failed ? 1 : 0;
}

const round = <T extends object>(o: T): Record<string, number> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round((v as number) * 1000) / 1000]));

export type { CliIo };
