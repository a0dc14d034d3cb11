import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { JiesuError } from './errors.ts';

/** The JSON error body every route answers with. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** The credential of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** Basic hardening headers for every response. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  next();
};

/** Answers 404 with a JSON body for any route nobody handled. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: `没有这个地址：${req.method} ${req.path}` } } satisfies ErrorBody);
};

/** Turns thrown errors into JSON: known ones with their status, the rest as a logged 500. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const body = (status: number, code: string, message: string) => {
      if (!res.headersSent) res.status(status).json({ error: { code, message } } satisfies ErrorBody);
      else res.end();
    };
    if (err instanceof JiesuError) {
      if (err.status === 429 && 'retryAfterMs' in err) res.setHeader('Retry-After', String(Math.ceil(Number(err.retryAfterMs) / 1000)));
      if (err.status >= 500) log.error({ err, path: req.path }, 'request failed');
      return body(err.status, err.code, err.message);
    }
    // body-parser errors carry a `type` and a status.
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') return body(413, 'PAYLOAD_TOO_LARGE', '请求体过大');
    if (type === 'entity.parse.failed') return body(400, 'BAD_JSON', '请求体不是合法的 JSON');
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') return body(415, 'UNSUPPORTED_ENCODING', '不支持的编码');
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return body(status, 'BAD_REQUEST', String((err as Error).message ?? '请求有误'));
    log.error({ err, path: req.path }, 'unhandled error');
    return body(500, 'INTERNAL', '服务器内部错误，请稍后再试');
  };
}
