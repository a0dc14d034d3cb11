/**
 * Console/API authentication: users in the Store (`users`), scrypt password hashes,
 * opaque bearer tokens (only their SHA-256 is stored, 12 h), and a per-username limit on
 * failed logins. Implements `Auth` from app/auth-types.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { bearerToken } from '../../app/http.ts';
import type { RequestHandler } from 'express';
import type { Auth, Principal, Role } from '../../app/auth-types.ts';
import { badRequest, conflict, forbidden, tooManyRequests, unauthorized } from '../../app/errors.ts';
import { type Store, StoreConflictError } from '../../store/types.ts';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password.ts';

/** Every role a console user can have. */
export const ROLES: readonly Role[] = ['admin', 'manager', 'dispatcher', 'agent', 'department', 'editor'];

/** A stored user. */
export interface UserRecord {
  id: string;
  username: string;
  name: string;
  role: Role;
  department?: string;
  passwordHash: string;
  createdAt: string;
}

/** A new user. */
export interface NewUser {
  username: string;
  password: string;
  role: Role;
  name?: string;
  /** Required for role 'department'. */
  department?: string;
}

/** A user as the API shows it (never the hash). */
export type UserView = Principal & { username: string };

/** The result of a login. */
export interface LoginResult {
  token: string;
  expiresAt: string;
  user: UserView;
}

/** Options of `createAuth`. */
export interface AuthOptions {
  store: Store;
  clock?: () => Date;
  /** Session lifetime (default 12 h). */
  sessionTtlMs?: number;
  /** Failed logins allowed per username per window (default 5 per minute). */
  maxFailures?: number;
  failureWindowMs?: number;
}

/** Auth plus the operations behind its routes and the `jiesu user` command. */
export interface AuthService extends Auth {
  login(username: string, password: string): Promise<LoginResult>;
  logout(token: string): Promise<void>;
  /** The principal behind a bearer token, or undefined. */
  authenticate(token: string): Promise<Principal | undefined>;
  addUser(user: NewUser): Promise<UserView>;
  listUsers(): Promise<UserView[]>;
  /** Creates the admin user if no user of that name exists yet (at start, from env). */
  ensureAdmin(credentials: { username: string; password: string }): Promise<'created' | 'exists'>;
}

const USERS = 'users';
const SESSIONS = 'auth_sessions';
const USERNAME_RE = /^[a-z0-9][a-z0-9_.-]{1,31}$/;
const MIN_PASSWORD = 8;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normal = (username: string) => (typeof username === 'string' ? username.trim().toLowerCase() : '');
const viewOf = (u: UserRecord): UserView => ({
  id: u.id,
  username: u.username,
  name: u.name,
  role: u.role,
  ...(u.department !== undefined && { department: u.department }),
});

/** Creates the auth service over a Store. */
export function createAuth({
  store,
  clock = () => new Date(),
  sessionTtlMs = 12 * 3_600_000,
  maxFailures = 5,
  failureWindowMs = 60_000,
}: AuthOptions): AuthService {
  const failKey = (u: string) => `auth:login-failures:${u}`;

  async function lockedOut(username: string): Promise<number | undefined> {
    const s = await store.getState<{ since: number; count: number }>(failKey(username));
    if (!s) return undefined;
    const left = s.value.since + failureWindowMs - clock().getTime();
    return left > 0 && s.value.count >= maxFailures ? left : undefined;
  }

  async function recordFailure(username: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const s = await store.getState<{ since: number; count: number }>(failKey(username));
      const now = clock().getTime();
      const fresh = !s || now - s.value.since >= failureWindowMs;
      const next = fresh ? { since: now, count: 1 } : { since: s.value.since, count: s.value.count + 1 };
      try {
        await store.putState(failKey(username), next, s?.version ?? 0);
        return;
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
      }
    }
  }

  async function authenticate(token: string): Promise<Principal | undefined> {
    if (!token) return undefined;
    const id = sha256(token);
    const s = await store.getRecord<{ userId: string; expiresAt: string }>(SESSIONS, id);
    if (!s) return undefined;
    if (Date.parse(s.expiresAt) <= clock().getTime()) {
      await store.deleteRecord(SESSIONS, id);
      return undefined;
    }
    const u = await store.getRecord<UserRecord>(USERS, s.userId);
    return u ? { id: u.id, name: u.name, role: u.role, ...(u.department !== undefined && { department: u.department }) } : undefined;
  }

  async function addUser(input: NewUser): Promise<UserView> {
    const username = normal(input?.username);
    if (!USERNAME_RE.test(username)) throw badRequest('用户名须为 2–32 位小写字母、数字或 _.-', 'BAD_USERNAME');
    if (!ROLES.includes(input.role)) throw badRequest(`角色只能是 ${ROLES.join(' / ')}`, 'BAD_ROLE');
    if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD)
      throw badRequest(`密码至少 ${MIN_PASSWORD} 位`, 'WEAK_PASSWORD');
    const department = typeof input.department === 'string' && input.department.trim() ? input.department.trim() : undefined;
    if (input.role === 'department' && !department) throw badRequest('承办单位用户须指定所属单位（department）', 'DEPARTMENT_REQUIRED');
    const passwordHash = await hashPassword(input.password);
    return store.withLock(`user:${username}`, 10_000, async () => {
      if (await store.getRecord(USERS, username)) throw conflict(`用户 ${username} 已存在`, 'USER_EXISTS');
      const user: UserRecord = {
        id: username,
        username,
        name: typeof input.name === 'string' && input.name.trim() ? input.name.trim() : username,
        role: input.role,
        ...(department !== undefined && { department }),
        passwordHash,
        createdAt: clock().toISOString(),
      };
      await store.putRecord(USERS, username, user, { username, role: user.role });
      return viewOf(user);
    });
  }

  return {
    require(...roles: Role[]): RequestHandler {
      return (req, res, next) => {
        const token = bearerToken(req.get('authorization'));
        if (!token) return next(unauthorized('请先登录', 'UNAUTHORIZED'));
        authenticate(token).then(
          (p) => {
            if (!p) return next(unauthorized('登录已失效，请重新登录', 'UNAUTHORIZED'));
            if (roles.length > 0 && p.role !== 'admin' && !roles.includes(p.role))
              return next(forbidden('当前角色无权访问', 'ROLE_NOT_ALLOWED'));
            res.locals.principal = p;
            next();
          },
          (err: unknown) => next(err),
        );
      };
    },

    async login(username, password) {
      const name = normal(username);
      if (!name || typeof password !== 'string' || !password) throw badRequest('请输入用户名和密码', 'CREDENTIALS_REQUIRED');
      const wait = await lockedOut(name);
      if (wait !== undefined) throw tooManyRequests(wait);
      const user = await store.getRecord<UserRecord>(USERS, name);
      // An unknown user costs the same scrypt as a known one.
      const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE()));
      if (!user || !ok) {
        await recordFailure(name);
        throw unauthorized('用户名或密码不正确', 'INVALID_CREDENTIALS');
      }
      await store.deleteState(failKey(name));
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(clock().getTime() + sessionTtlMs).toISOString();
      await store.putRecord(SESSIONS, sha256(token), { userId: user.id, expiresAt }, { userId: user.id });
      return { token, expiresAt, user: viewOf(user) };
    },

    async logout(token) {
      if (token) await store.deleteRecord(SESSIONS, sha256(token));
    },

    authenticate,
    addUser,

    async listUsers() {
      return (await store.findRecords<UserRecord>(USERS)).map((r) => viewOf(r.doc));
    },

    async ensureAdmin({ username, password }) {
      if (await store.getRecord(USERS, normal(username))) return 'exists';
      try {
        await addUser({ username, password, role: 'admin', name: '管理员' });
        return 'created';
      } catch (err) {
        // Another instance created it at the same moment.
        if ((err as { code?: string }).code === 'USER_EXISTS') return 'exists';
        throw err;
      }
    },
  };
}
