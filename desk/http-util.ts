/**
 * Small express helpers shared by the desk's routers: a JSON body parser whose failures
 * are coded errors, query-string reading, and the acting principal as a desk Actor.
 */
import express, { type Request, type RequestHandler } from 'express';
import { principalOf } from '../app/auth-types.ts';
import { badRequest, JiesuError, tooLarge } from '../app/errors.ts';
import type { Actor } from './types.ts';

/** Parses JSON (and urlencoded, for Open311 clients) bodies; bad or oversized bodies become 400 / 413. */
export function parseBody(limit = '100kb'): RequestHandler[] {
  const wrap =
    (inner: RequestHandler): RequestHandler =>
    (req, res, next) =>
      inner(req, res, (err?: unknown) => {
        if (!err) return next();
        const e = err as { type?: string; status?: number };
        if (e.type === 'entity.too.large' || e.status === 413) return next(tooLarge());
        return next(badRequest('请求体格式不对（应为 JSON）', 'BAD_BODY'));
      });
  return [wrap(express.json({ limit })), wrap(express.urlencoded({ extended: false, limit }))];
}

/** A query parameter as one string (the first, if repeated). */
export function queryString(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

/** The authenticated user as a desk actor. */
export function actorOf(res: { locals: Record<string, unknown> }): Actor {
  const p = principalOf(res);
  return { id: p.id, role: p.role, name: p.name, ...(p.department !== undefined && { department: p.department }) };
}

/** The body as a plain object (an empty one when there is none). */
export function bodyOf(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new JiesuError('BAD_BODY', '请求体应为 JSON 对象', 400);
  return b as Record<string, unknown>;
}
