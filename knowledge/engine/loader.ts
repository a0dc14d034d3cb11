/**
 * Reads `knowledge/articles/**\/*.md`: YAML front matter + Markdown body, validated, one
 * article per file, the id equal to the file name, ids unique.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type Article, ArticleValidationError, validateArticle } from './article.ts';

const FRONT_MATTER_RE = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

/** Parses one article file's text; `where` names it in errors. */
export function parseArticleFile(source: string, where: string): Article {
  const m = FRONT_MATTER_RE.exec(source);
  if (!m) throw new ArticleValidationError(where, '', '文件必须以 --- 包围的 YAML 头开始');
  let meta: unknown;
  try {
    meta = parseYaml(m[1]!);
  } catch (err) {
    throw new ArticleValidationError(where, '', `YAML 头无法解析：${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) {
    throw new ArticleValidationError(where, '', 'YAML 头必须是键值对');
  }
  if ('body' in meta) throw new ArticleValidationError(where, 'body', '正文写在 YAML 头之后，不要写成字段');
  const input = validateArticle({ ...meta, body: m[2]!.trim() }, where);
  return { ...input, source: 'file', file: where };
}

/** Lists `*.md` files under a folder, recursively, in a stable order. */
function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md') out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Loads every article under `dir`. Throws `ArticleValidationError` on the first bad file
 * (naming the file and the field), a file whose id is not its name, or a duplicate id.
 */
export function loadArticleFiles(dir: string): Article[] {
  const articles: Article[] = [];
  const seen = new Map<string, string>();
  for (const path of markdownFiles(dir)) {
    const where = relative(dir, path).split(sep).join('/');
    const article = parseArticleFile(readFileSync(path, 'utf8'), where);
    const expected = basename(path, '.md');
    if (article.id !== expected) throw new ArticleValidationError(where, 'id', `id "${article.id}" 必须与文件名 "${expected}" 相同`);
    const other = seen.get(article.id);
    if (other) throw new ArticleValidationError(where, 'id', `id "${article.id}" 与 ${other} 重复`);
    seen.set(article.id, where);
    articles.push(article);
  }
  return articles;
}
