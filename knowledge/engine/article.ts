/**
 * The article: its type, its validation (one schema for files and for the HTTP API), and
 * the legal-basis line the bot appends to an answer.
 */
import { z } from 'zod';

// === Types

/** The seven top-level labels of the hotline (一级分类). */
export const CATEGORIES = ['城乡建设', '环境保护', '交通运输', '教育文体', '劳动和社会保障', '商贸旅游', '卫生计生'] as const;

/** One of the seven top-level labels. */
export type Category = (typeof CATEGORIES)[number];

/** One cited provision: the statute's full name (without 《》) and its article (第…条). */
export interface LegalBasis {
  law: string;
  article: string;
}

/** A knowledge-base article, as written in front matter (plus its body and where it came from). */
export interface Article {
  id: string;
  title: string;
  questions: string[];
  tags: string[];
  category: Category;
  department: string;
  legal_basis: LegalBasis[];
  /** The date the content was last reviewed, YYYY-MM-DD. */
  reviewed: string;
  /** The answer citizens read (plain text / light Markdown). */
  body: string;
  /** 'file' for `knowledge/articles/**`, 'store' when added or edited through the API. */
  source: 'file' | 'store';
  /** For file articles: the path relative to the articles folder. */
  file?: string;
}

/** The editable fields of an article (front matter + body), as accepted by the API. */
export type ArticleInput = Omit<Article, 'source' | 'file'>;

/** An article failed validation; `field` names the offending front-matter field. */
export class ArticleValidationError extends Error {
  readonly code = 'KB_INVALID_ARTICLE';
  constructor(
    /** The file (or `api:<id>`) the article came from. */
    readonly where: string,
    /** The field path, e.g. `legal_basis[0].article`; '' for the whole article. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${where}: ${field ? `字段 ${field}` : '文章'}：${reason}`);
    this.name = 'ArticleValidationError';
  }
}

// === Schema

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// 第二十五条, 第二十五条第一款, 第25条第2项: the provision must name an article (条).
const PROVISION_RE = /^第[零〇一二三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十]+)?(?:第[零〇一二三四五六七八九十百\d]+[款项])*$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const text = (what: string, max: number) =>
  z
    .string({ error: `${what}必须是文本` })
    .trim()
    .min(1, { error: `${what}不能为空` })
    .max(max, { error: `${what}不能超过 ${max} 个字` });

// YAML reads a bare 119 or 12345 as a number; in a list of words it is meant as text.
const listText = (what: string, max: number) => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), text(what, max));

const legalBasisSchema = z
  .object(
    {
      // The bot adds the 《》 itself; accept them in input but store the bare name.
      law: text('法律名称', 60).transform((s) => s.replace(/^《|》$/g, '').trim()),
      article: z
        .string({ error: '条款必须是文本，如 第二十五条' })
        .trim()
        .regex(PROVISION_RE, { error: '条款格式应为 第…条（可带 第…款/项），如 第二十五条' }),
    },
    { error: '每条依据需要 law 和 article 两项' },
  )
  .strict();

const articleSchema = z
  .object(
    {
      id: z.string({ error: 'id 必须是文本' }).regex(ID_RE, { error: 'id 只能用小写字母、数字和连字符（kebab-case）' }).max(80),
      title: text('标题', 40),
      questions: z.array(listText('问题', 120), { error: 'questions 必须是问题列表' }).min(1, { error: '至少需要一个问法' }).max(30),
      tags: z.array(listText('标签', 20), { error: 'tags 必须是标签列表' }).max(30).default([]),
      category: z.enum(CATEGORIES, { error: `category 必须是以下之一：${CATEGORIES.join(' ')}` }),
      department: text('承办单位', 40),
      legal_basis: z.array(legalBasisSchema, { error: 'legal_basis 必须是列表（纯流程类文章写 []）' }),
      reviewed: z.preprocess(
        // YAML 1.1 readers turn bare dates into Date objects; accept both.
        (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
        z.string({ error: 'reviewed 必须是日期 YYYY-MM-DD' }).regex(DATE_RE, { error: 'reviewed 必须是日期 YYYY-MM-DD' }),
      ),
      body: text('正文', 1200),
    },
    { error: '文章必须是一个对象' },
  )
  .strict();

/**
 * Validates raw article fields (front matter + `body`). Throws `ArticleValidationError`
 * naming the first bad field; returns the normalised input otherwise.
 */
export function validateArticle(raw: unknown, where: string): ArticleInput {
  const result = articleSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw new ArticleValidationError(where, issue.keys.join(', '), '未知字段（检查拼写）');
  }
  const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
  // zod reports a missing key as an invalid_type on that key.
  const missing = issue.code === 'invalid_type' && raw && typeof raw === 'object' && field && !(String(issue.path[0]) in raw);
  throw new ArticleValidationError(where, field, missing ? '缺少该字段' : issue.message);
}

// === Legal basis line

/**
 * The line appended to an answer: "依据：《A》第一条、第二条；《B》第三条". Empty when the
 * article cites nothing (purely procedural articles).
 */
export function basisLine(basis: readonly LegalBasis[]): string {
  if (basis.length === 0) return '';
  const byLaw = new Map<string, string[]>();
  for (const { law, article } of basis) {
    const list = byLaw.get(law) ?? [];
    if (!list.includes(article)) list.push(article);
    byLaw.set(law, list);
  }
  return `依据：${[...byLaw].map(([law, arts]) => `《${law}》${arts.join('、')}`).join('；')}`;
}
