/**
 * The auth API, mounted at `/api/auth`: login, logout, who am I, and user management
 * for admins. Errors are thrown as JiesuError for the app's error handler.
 */
import { Router } from 'express';
import type { Role } from '../../app/auth-types.ts';
import { bodyOf, parseBody } from '../http-util.ts';
import { bearerToken } from '../../app/http.ts';
import type { AuthService } from './auth.ts';

/** Options of the auth router. */
export interface AuthRouterOptions {
  auth: AuthService;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * Builds the `/api/auth` router.
 * @example app.use('/api/auth', createAuthRouter({ auth }));
 */
export function createAuthRouter({ auth }: AuthRouterOptions): Router {
  const r = Router();
  r.use(...parseBody('16kb'));

  r.post('/login', async (req, res) => {
    const b = bodyOf(req);
    const { token, expiresAt, user } = await auth.login(str(b.username), str(b.password));
    res.json({ token, expiresAt, user });
  });

  r.post('/logout', async (req, res) => {
    await auth.logout(bearerToken(req.get('authorization')) ?? '');
    res.status(204).end();
  });

  r.get('/me', auth.require(), (_req, res) => {
    res.json({ user: res.locals.principal });
  });

  r.get('/users', auth.require('admin'), async (_req, res) => {
    res.json({ users: await auth.listUsers() });
  });

  r.post('/users', auth.require('admin'), async (req, res) => {
    const b = bodyOf(req);
    const user = await auth.addUser({
      username: str(b.username),
      password: str(b.password),
      role: str(b.role) as Role,
      ...(str(b.name) && { name: str(b.name) }),
      ...(str(b.department) && { department: str(b.department) }),
    });
    res.status(201).json({ user });
  });
  return r;
}
