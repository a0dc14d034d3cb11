import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../store/index.ts';
import { fakeClock, serve } from '../test-kit.ts';
import { createAuth, createAuthRouter, userCommand } from './index.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start() {
  const store = createMemoryStore();
  const time = fakeClock('2026-11-23T02:00:00.000Z');
  const auth = createAuth({ store, clock: time.clock });
  await auth.ensureAdmin({ username: 'root', password: 'root-pass-123' });
  const server = await serve([['/api/auth', createAuthRouter({ auth })]]);
  closers.push(server.close);
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${server.url}/api/auth${path}`, {
      method,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const login = (username: string, password: string) => call('POST', '/login', { username, password });
  return { store, time, auth, call, login };
}

describe('console auth', () => {
  it('should store a salted scrypt hash, never the password or the token', async () => {
    const { store, auth, login } = await start();
    await auth.addUser({ username: 'li', password: 'same-password', role: 'agent' });
    await auth.addUser({ username: 'wang', password: 'same-password', role: 'agent' });
    const { json } = await login('li', 'same-password');
    const users = await store.findRecords<{ passwordHash: string }>('users');
    const stored = JSON.stringify([users, await store.findRecords('auth_sessions')]);
    expect(stored).not.toContain('same-password');
    expect(stored).not.toContain(json.token);
    const hashes = users.map((u) => u.doc.passwordHash);
    expect(hashes.every((h) => h.startsWith('scrypt$'))).toBe(true);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('should log in, tell who is logged in, and log out', async () => {
    const { call, login } = await start();
    const res = await login('ROOT', 'root-pass-123');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ expiresAt: '2026-11-23T14:00:00.000Z', user: { id: 'root', username: 'root', role: 'admin' } });
    expect(res.json.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await call('GET', '/me', undefined, res.json.token)).json).toEqual({ user: { id: 'root', name: '管理员', role: 'admin' } });
    expect((await call('POST', '/logout', undefined, res.json.token)).status).toBe(204);
    expect((await call('GET', '/me', undefined, res.json.token)).status).toBe(401);
  });

  it('should expire a session after 12 hours', async () => {
    const { call, login, time } = await start();
    const { json } = await login('root', 'root-pass-123');
    time.advance(12 * 3_600_000 - 1000);
    expect((await call('GET', '/me', undefined, json.token)).status).toBe(200);
    time.advance(1000);
    expect((await call('GET', '/me', undefined, json.token)).status).toBe(401);
  });

  it('should answer a wrong password and an unknown user with the same 401', async () => {
    const { login } = await start();
    const wrong = await login('root', 'nope-nope');
    const unknown = await login('ghost', 'nope-nope');
    expect(wrong).toEqual({ status: 401, json: { error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码不正确' } } });
    expect(unknown).toEqual(wrong);
    expect((await login('root', '')).status).toBe(400);
  });

  it('should refuse logins for a minute after 5 failures of one username, even with the right password', async () => {
    const { login, time } = await start();
    for (let i = 0; i < 5; i++) expect((await login('root', `wrong-${i}`)).status).toBe(401);
    const limited = await login('root', 'root-pass-123');
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    time.advance(60_000);
    expect((await login('root', 'root-pass-123')).status).toBe(200);
  });

  it('should let only an admin add users, and require a department for department users', async () => {
    const { call, login } = await start();
    const admin = (await login('root', 'root-pass-123')).json.token as string;
    const added = await call('POST', '/users', { username: 'zhou', password: 'zhou-pass-1', role: 'dispatcher', name: '老周' }, admin);
    expect(added).toEqual({ status: 201, json: { user: { id: 'zhou', username: 'zhou', name: '老周', role: 'dispatcher' } } });
    const zhou = (await login('zhou', 'zhou-pass-1')).json.token as string;
    expect((await call('POST', '/users', { username: 'x1', password: 'x1-pass-123', role: 'agent' }, zhou)).status).toBe(403);
    expect((await call('POST', '/users', { username: 'x2', password: 'x2-pass-123', role: 'department' }, admin)).json.error.code).toBe(
      'DEPARTMENT_REQUIRED',
    );
    expect((await call('POST', '/users', { username: 'x3', password: 'short', role: 'agent' }, admin)).json.error.code).toBe(
      'WEAK_PASSWORD',
    );
    expect((await call('POST', '/users', { username: 'zhou', password: 'zhou-pass-2', role: 'agent' }, admin)).status).toBe(409);
    expect((await call('GET', '/users', undefined, admin)).json.users.map((u: { username: string }) => u.username)).toEqual([
      'root',
      'zhou',
    ]);
    expect((await call('GET', '/users')).status).toBe(401);
  });

  it('should create the start-up admin once', async () => {
    const { auth, login } = await start();
    expect(await auth.ensureAdmin({ username: 'root', password: 'another-pass' })).toBe('exists');
    expect((await login('root', 'root-pass-123')).status).toBe(200);
  });
});

describe('jiesu user add', () => {
  const io = (auth: ReturnType<typeof createAuth>, env: Record<string, string> = {}, stdin = '') => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { auth, env, readStdin: async () => stdin, out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it('should add a department user with the password from the environment or stdin', async () => {
    const auth = createAuth({ store: createMemoryStore() });
    const a = io(auth, { JIESU_NEW_USER_PASSWORD: 'env-pass-123' });
    expect(await userCommand(['add', '--username', 'hjj', '--role', 'department', '--department', '朝阳区生态环境局'], a.io)).toBe(0);
    expect(a.out).toEqual(['added user hjj (department, 朝阳区生态环境局)']);
    expect((await auth.login('hjj', 'env-pass-123')).user.department).toBe('朝阳区生态环境局');
    const b = io(auth, {}, 'stdin-pass-123\n');
    expect(await userCommand(['add', '--username=li', '--role=agent'], b.io)).toBe(0);
    expect((await auth.login('li', 'stdin-pass-123')).user.role).toBe('agent');
  });

  it('should refuse a password on the command line and explain bad input', async () => {
    const auth = createAuth({ store: createMemoryStore() });
    const a = io(auth, { JIESU_NEW_USER_PASSWORD: 'env-pass-123' });
    expect(await userCommand(['add', '--username', 'x', '--role', 'agent', '--password', 'p'], a.io)).toBe(2);
    expect(await userCommand(['add', '--username', 'xy', '--role', 'boss'], a.io)).toBe(1);
    expect(a.err.at(-1)).toContain('角色只能是');
    expect(await userCommand(['remove'], a.io)).toBe(2);
  });
});
