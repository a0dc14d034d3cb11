import type { RequestHandler } from 'express';

/** Who may do what: every console/API user has exactly one role. */
export type Role = 'admin' | 'manager' | 'dispatcher' | 'agent' | 'department' | 'editor';

/** An authenticated user of the console or API. */
export interface Principal {
  id: string;
  name: string;
  role: Role;
  /** For role 'department': the department (承办单位) name they act for. */
  department?: string;
}

/**
 * Guards HTTP routes. `require(...)` returns middleware that answers 401 without valid
 * credentials, 403 when the role is not listed ('admin' always passes), and otherwise sets
 * `res.locals.principal` and calls next.
 */
export interface Auth {
  require(...roles: Role[]): RequestHandler;
}

/** Reads the principal set by `Auth.require` (throws if the route was not guarded). */
export function principalOf(res: { locals: Record<string, unknown> }): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error('route is not guarded by Auth.require');
  return p;
}
