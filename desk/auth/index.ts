/**
 * Console/API authentication: users, password hashes, bearer sessions, the auth router
 * and the `jiesu user add` command.
 */
export { createAuth, ROLES } from './auth.ts';
export type { AuthOptions, AuthService, LoginResult, NewUser, UserView } from './auth.ts';
export { createAuthRouter } from './router.ts';
export type { AuthRouterOptions } from './router.ts';
export { userCommand } from './user-command.ts';
export type { UserCommandIO } from './user-command.ts';
