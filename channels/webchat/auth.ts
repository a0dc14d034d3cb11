import { timingSafeEqual } from 'node:crypto';
import { forbidden, unauthorized } from '../../app/errors.ts';
import type { TokenClaims, TokenSigner } from './tokens.ts';

/** Who is calling a Direct Line endpoint. */
export type DirectLineCaller = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authenticates a Direct Line caller: the configured secret, or a visitor token.
 * Missing or unreadable credentials are 401; an expired token is 403 (as Direct Line does).
 */
export function authenticate(credential: string | undefined, secret: string, signer: TokenSigner, nowSeconds: number): DirectLineCaller {
  if (!credential) throw unauthorized('缺少凭据：请在 Authorization 头中提供 Bearer 密钥或令牌', 'MISSING_CREDENTIALS');
  if (sameSecret(credential, secret)) return { kind: 'secret' };
  const { claims, problem } = signer.verify(credential, nowSeconds);
  if (problem === 'expired') throw forbidden('令牌已过期，请重新获取', 'TOKEN_EXPIRED');
  if (!claims || problem) throw unauthorized('凭据无效', 'INVALID_CREDENTIALS');
  return { kind: 'token', claims };
}

/** Checks that the caller may act in a conversation (a token is bound to one). */
export function assertConversation(caller: DirectLineCaller, conversationId: string): void {
  if (caller.kind === 'token' && caller.claims.c !== conversationId) {
    throw forbidden('该令牌无权访问此会话', 'CONVERSATION_MISMATCH');
  }
}
