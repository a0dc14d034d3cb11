/**
 * Coded errors. Anything thrown past a module boundary is one of these (or wraps one);
 * the HTTP error handler turns `status` and `code` into a JSON body `{error:{code,message}}`.
 */
export class JiesuError extends Error {
  constructor(
    /** A stable machine-readable code, e.g. 'BAD_REQUEST', 'TICKET_NOT_FOUND'. */
    readonly code: string,
    message: string,
    /** The HTTP status this error maps to. */
    readonly status = 500,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JiesuError';
  }
}

/** 400: the request is malformed. */
export const badRequest = (message: string, code = 'BAD_REQUEST') => new JiesuError(code, message, 400);
/** 401: missing or wrong credentials. */
export const unauthorized = (message = '缺少或无效的凭据', code = 'UNAUTHORIZED') => new JiesuError(code, message, 401);
/** 403: credentials fine, but not allowed. */
export const forbidden = (message = '无权访问', code = 'FORBIDDEN') => new JiesuError(code, message, 403);
/** 404: no such thing. */
export const notFound = (message: string, code = 'NOT_FOUND') => new JiesuError(code, message, 404);
/** 409: not allowed in the current state. */
export const conflict = (message: string, code = 'CONFLICT') => new JiesuError(code, message, 409);
/** 413: body too large. */
export const tooLarge = (message = '请求体过大', code = 'PAYLOAD_TOO_LARGE') => new JiesuError(code, message, 413);
/** 429: slow down. */
export const tooManyRequests = (retryAfterMs: number) =>
  Object.assign(new JiesuError('RATE_LIMITED', '请求过于频繁，请稍后再试', 429), { retryAfterMs });
