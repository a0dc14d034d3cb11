/**
 * `jiesu user add --username u --role agent [--department 朝阳区城管委] [--name 张三]`:
 * adds a console user. The password comes from env `JIESU_NEW_USER_PASSWORD` or the
 * first line of stdin, never from argv (it would show in `ps` and the shell history).
 */
import type { Role } from '../../app/auth-types.ts';
import { JiesuError } from '../../app/errors.ts';
import { type AuthService, ROLES } from './auth.ts';

/** What the command talks to. */
export interface UserCommandIO {
  auth: AuthService;
  env: Record<string, string | undefined>;
  /** Reads all of stdin as text (only called when the env variable is absent). */
  readStdin: () => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE =
  'usage: jiesu user add --username <name> --role <' +
  ROLES.join('|') +
  '> [--department <单位>] [--name <显示名>]\n  password: env JIESU_NEW_USER_PASSWORD, or the first line of stdin';

function flags(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else out.set(a.slice(2), argv[++i] ?? '');
  }
  return out;
}

/** Runs `jiesu user …` (argv without the `user` word); resolves to the exit code. */
export async function userCommand(argv: string[], io: UserCommandIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'add') {
    io.err(USAGE);
    return 2;
  }
  const f = flags(rest);
  const username = f.get('username');
  const role = f.get('role') as Role | undefined;
  if (!username || !role) {
    io.err(USAGE);
    return 2;
  }
  if (f.has('password')) {
    io.err('refusing --password: give it in JIESU_NEW_USER_PASSWORD or on stdin');
    return 2;
  }
  const password = io.env.JIESU_NEW_USER_PASSWORD ?? (await io.readStdin()).split(/\r?\n/)[0] ?? '';
  try {
    const department = f.get('department');
    const name = f.get('name');
    const user = await io.auth.addUser({ username, password, role, ...(department && { department }), ...(name && { name }) });
    io.out(`added user ${user.username} (${user.role}${user.department ? `, ${user.department}` : ''})`);
    return 0;
  } catch (e) {
    if (e instanceof JiesuError) {
      io.err(`cannot add user: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
