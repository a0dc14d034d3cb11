import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Auth, Principal } from '../../app/auth-types.ts';
import { forbidden, JiesuError, unauthorized } from '../../app/errors.ts';
import { createMemoryStore, type Store } from '../../store/index.ts';
import { createKnowledgeBase, createKnowledgeRouter, DEFAULT_SYNONYMS_FILE, type KnowledgeBase, loadSynonyms } from '../index.ts';

const FIXTURES = new URL('./fixtures/articles', import.meta.url).pathname;

/** Bearer tokens of the stub: one user per role we need. */
const USERS: Record<string, Principal> = {
  'editor-token': { id: 'u-editor', name: '编辑', role: 'editor' },
  'agent-token': { id: 'u-agent', name: '坐席', role: 'agent' },
  'manager-token': { id: 'u-manager', name: '管理', role: 'manager' },
};

const stubAuth: Auth = {
  require:
    (...roles) =>
    (req, res, next) => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const user = token ? USERS[token] : undefined;
      if (!user) return next(unauthorized());
      if (user.role !== 'admin' && !roles.includes(user.role)) return next(forbidden());
      res.locals.principal = user;
      next();
    },
};

/** What the integrator's handler does: coded errors as {error:{code,message}}. */
const renderErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof JiesuError) res.status(err.status).json({ error: { code: err.code, message: err.message } });
  else res.status(500).json({ error: { code: 'INTERNAL', message: String(err) } });
};

const ARTICLE = {
  title: '怎么预约打疫苗',
  questions: ['疫苗在哪里预约', '孩子打疫苗怎么预约'],
  tags: ['疫苗', '预约'],
  category: '卫生计生',
  department: '区卫生健康委员会',
  legal_basis: [],
  reviewed: '2026-11-27',
  body: '可以通过社区卫生服务中心预约接种。',
};

describe('knowledge HTTP API', () => {
  let store: Store;
  let kb: KnowledgeBase;
  let server: Server;
  let base: string;

  beforeEach(async () => {
    store = createMemoryStore();
    kb = await createKnowledgeBase({ dir: FIXTURES, store, synonyms: loadSynonyms(DEFAULT_SYNONYMS_FILE) });
    const app = express();
    app.use(createKnowledgeRouter({ kb, auth: stubAuth }));
    app.use(renderErrors);
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    await kb.close();
    await store.close();
  });

  const call = (method: string, path: string, { token, body }: { token?: string; body?: unknown } = {}) =>
    fetch(base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('should list articles and show one with its body to anyone', async () => {
    const list = await call('GET', '/api/kb/articles');
    expect(list.status).toBe(200);
    const { articles } = (await list.json()) as { articles: { id: string; body?: string }[] };
    expect(articles).toHaveLength(8);
    expect(articles[0]).not.toHaveProperty('body');
    const one = await call('GET', '/api/kb/articles/labor-wage-arrears');
    expect(((await one.json()) as { article: { body: string } }).article.body).toContain('劳动报酬');
    expect((await call('GET', '/api/kb/articles/nope')).status).toBe(404);
  });

  it('should answer 401 without a token and 403 for a role that may not edit', async () => {
    const anon = await call('PUT', '/api/kb/articles/health-vaccine-booking', { body: ARTICLE });
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await call('PUT', '/api/kb/articles/health-vaccine-booking', { token: 'agent-token', body: ARTICLE })).status).toBe(403);
    expect((await call('DELETE', '/api/kb/articles/labor-wage-arrears')).status).toBe(401);
    expect(kb.get('health-vaccine-booking')).toBeUndefined();
  });

  it('should answer 400 naming the bad field and change nothing', async () => {
    const res = await call('PUT', '/api/kb/articles/health-vaccine-booking', {
      token: 'editor-token',
      body: { ...ARTICLE, questions: [] },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('KB_INVALID_ARTICLE');
    expect(error.message).toContain('questions');
    const missing = await call('PUT', '/api/kb/articles/health-vaccine-booking', {
      token: 'editor-token',
      body: { ...ARTICLE, legal_basis: undefined },
    });
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('legal_basis');
    const mismatch = await call('PUT', '/api/kb/articles/health-vaccine-booking', {
      token: 'editor-token',
      body: { ...ARTICLE, id: 'other-id' },
    });
    expect(mismatch.status).toBe(400);
    const notJson = await call('PUT', '/api/kb/articles/health-vaccine-booking', { token: 'editor-token', body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(kb.get('health-vaccine-booking')).toBeUndefined();
  });

  it('should pick up a new article for answers without a restart, then delete it', async () => {
    expect((await kb.answer('孩子打疫苗怎么预约')).kind).not.toBe('answer');
    const created = await call('PUT', '/api/kb/articles/health-vaccine-booking', { token: 'editor-token', body: ARTICLE });
    expect(created.status).toBe(201);
    expect(await kb.answer('孩子打疫苗怎么预约')).toMatchObject({ kind: 'answer', article: { id: 'health-vaccine-booking' } });
    const replaced = await call('PUT', '/api/kb/articles/health-vaccine-booking', {
      token: 'editor-token',
      body: { ...ARTICLE, body: '改过的正文。' },
    });
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as { article: { body: string; source: string } }).article).toMatchObject({
      body: '改过的正文。',
      source: 'store',
    });
    expect((await call('DELETE', '/api/kb/articles/health-vaccine-booking', { token: 'editor-token' })).status).toBe(204);
    expect((await kb.answer('孩子打疫苗怎么预约')).kind).not.toBe('answer');
    expect((await call('DELETE', '/api/kb/articles/health-vaccine-booking', { token: 'editor-token' })).status).toBe(404);
  });

  it('should show gaps to editors and managers only', async () => {
    await kb.recordGap({ question: '共享单车乱停谁管', kind: 'none' });
    expect((await call('GET', '/api/kb/gaps', { token: 'agent-token' })).status).toBe(403);
    const res = await call('GET', '/api/kb/gaps?limit=5', { token: 'manager-token' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { gaps: { question: string; count: number }[] }).gaps).toEqual([
      expect.objectContaining({ question: '共享单车乱停谁管', count: 1 }),
    ]);
    expect((await call('GET', '/api/kb/gaps?limit=zero', { token: 'editor-token' })).status).toBe(400);
    const later = await call('GET', '/api/kb/gaps?since=2999-01-01', { token: 'editor-token' });
    expect(((await later.json()) as { gaps: unknown[] }).gaps).toEqual([]);
    expect((await call('GET', '/api/kb/gaps?since=yesterday', { token: 'editor-token' })).status).toBe(400);
  });

  it('should let any signed-in role debug a search', async () => {
    expect((await call('GET', '/api/kb/search?q=押金')).status).toBe(401);
    const res = await call('GET', `/api/kb/search?q=${encodeURIComponent('房东不退押金怎么办')}`, { token: 'agent-token' });
    const body = (await res.json()) as { kind: string; hits: { id: string }[]; confidence: number };
    expect(body.kind).toBe('answer');
    expect(body.hits[0]!.id).toBe('housing-rental-deposit');
    expect((await call('GET', '/api/kb/search?q=', { token: 'agent-token' })).status).toBe(400);
  });
});
