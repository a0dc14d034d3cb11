/**
 * The staff console (坐席、承办单位、派单员、管理方): one static page at `/console/` that talks to
 * the staff API with the bearer token of `POST /api/auth/login`. No build step: plain files.
 */
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';

const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));

// The page has no inline script or style, so it can forbid both: an injected string in a
// ticket or a chat can never run. Images may come from the citizen's channel (https).
const CSP = [
  "default-src 'self'",
  "img-src 'self' https: data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CSP);
  next();
};

/**
 * Serves the console's files at `/console/` (`/console` redirects there). The page itself
 * is never cached, so a new version reaches every agent on the next load.
 * @example app.use(createConsoleRouter());
 */
export function createConsoleRouter(): Router {
  const router = express.Router();
  router.use(
    '/console',
    securityPolicy,
    express.static(PUBLIC, {
      index: 'index.html',
      setHeaders(res, path) {
        if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-store');
      },
    }),
  );
  return router;
}
