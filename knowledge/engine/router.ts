/**
 * The knowledge-base HTTP API: anyone may read articles; editors add, replace and delete
 * them (picked up at once, no restart); editors and managers read the gap report.
 */
import express, { type RequestHandler, type Router } from 'express';
import type { Auth, Role } from '../../app/auth-types.ts';
import { principalOf } from '../../app/auth-types.ts';
import { badRequest, notFound, tooLarge } from '../../app/errors.ts';
import { type Article, ArticleValidationError } from './article.ts';
import type { KnowledgeBase } from './kb.ts';

/** Options of `createKnowledgeRouter`. */
export interface KnowledgeRouterOptions {
  kb: KnowledgeBase;
  auth: Auth;
}

const ALL_ROLES: Role[] = ['admin', 'manager', 'dispatcher', 'agent', 'department', 'editor'];

/** What the list shows of an article (the body only comes with the single article). */
const summary = (a: Article) => ({
  id: a.id,
  title: a.title,
  category: a.category,
  department: a.department,
  tags: a.tags,
  reviewed: a.reviewed,
  source: a.source,
});

/** The article as the API returns it (no file path). */
const full = ({ file: _file, ...rest }: Article) => rest;

/** Turns a validation failure into a 400 that names the field. */
function toHttp(err: unknown): never {
  if (err instanceof ArticleValidationError) {
    throw badRequest(err.field ? `字段 ${err.field}：${err.reason}` : err.reason, err.code);
  }
  throw err;
}

const positiveInt = (v: unknown, fallback: number, max: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw badRequest('limit 必须是正整数');
  return Math.min(n, max);
};

/**
 * Creates the router for `/api/kb/*`. Errors are thrown as `JiesuError`s for the app's
 * error handler.
 */
export function createKnowledgeRouter({ kb, auth }: KnowledgeRouterOptions): Router {
  const router = express.Router();
  const parse = express.json({ limit: '64kb' });
  // Body-parser failures become coded errors here, so the router works under any error handler.
  const json: RequestHandler = (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      const type = (err as { type?: string } | undefined)?.type;
      if (type === 'entity.too.large') return next(tooLarge());
      if (err) return next(badRequest('请求体不是合法的 JSON', 'BAD_JSON'));
      next();
    });

  router.get('/api/kb/articles', (_req, res) => {
    res.json({ articles: kb.list().map(summary) });
  });

  router.get('/api/kb/articles/:id', (req, res) => {
    const article = kb.get(String(req.params.id));
    if (!article) throw notFound(`没有这篇文章：${String(req.params.id)}`, 'KB_ARTICLE_NOT_FOUND');
    res.json({ article: full(article) });
  });

  router.put('/api/kb/articles/:id', auth.require('editor'), json, async (req, res) => {
    const id = String(req.params.id);
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('请求体必须是 JSON 对象');
    const given = (body as { id?: unknown }).id;
    if (given !== undefined && given !== id) throw badRequest(`字段 id：与地址中的 ${id} 不一致`);
    const existed = kb.get(id) !== undefined;
    const article = await kb.put({ ...body, id }, { by: principalOf(res).id }).catch(toHttp);
    res.status(existed ? 200 : 201).json({ article: full(article) });
  });

  router.delete('/api/kb/articles/:id', auth.require('editor'), async (req, res) => {
    const id = String(req.params.id);
    const removed = await kb.remove(id, { by: principalOf(res).id });
    if (!removed) throw notFound(`没有这篇文章：${id}`, 'KB_ARTICLE_NOT_FOUND');
    res.status(204).end();
  });

  router.get('/api/kb/gaps', auth.require('editor', 'manager'), async (req, res) => {
    const since = typeof req.query.since === 'string' ? new Date(req.query.since) : undefined;
    if (since && Number.isNaN(since.getTime())) throw badRequest('since 必须是日期，如 2026-12-01');
    res.json({ gaps: await kb.listGaps({ limit: positiveInt(req.query.limit, 20, 500), ...(since && { since }) }) });
  });

  router.get('/api/kb/search', auth.require(...ALL_ROLES), async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
    if (!q) throw badRequest('缺少查询参数 q');
    if (q.length > 500) throw badRequest('q 不能超过 500 个字');
    const [result, answer] = [await kb.search(q, positiveInt(req.query.limit, 5, 20)), await kb.answer(q)];
    res.json({
      kind: answer.kind,
      confidence: result.confidence,
      features: result.features,
      hits: result.hits.map((h) => ({ id: h.article.id, title: h.article.title, score: h.score })),
    });
  });

  return router;
}
