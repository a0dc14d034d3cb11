import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a visitor token grants: one conversation, as one user, until `exp`. */
export interface TokenClaims {
  /** Conversation id. */
  c: string;
  /** User id the activities are sent as. */
  u: string;
  /** Issued at, seconds since epoch. */
  iat: number;
  /** Expires at, seconds since epoch. */
  exp: number;
}

/** Why a token was refused. */
export type TokenProblem = 'malformed' | 'signature' | 'expired';

/** Signs and checks visitor tokens (HMAC-SHA256; stateless, so any instance can check them). */
export interface TokenSigner {
  issue(conversationId: string, userId: string, nowSeconds: number, ttlSeconds: number): string;
  /** Returns the claims, or the problem; expired tokens still return their claims for renewal. */
  verify(token: string, nowSeconds: number): { claims?: TokenClaims; problem?: TokenProblem };
}

/** Creates a token signer with a secret key. */
export function createTokenSigner(key: string): TokenSigner {
  const sign = (body: string) => createHmac('sha256', key).update(body).digest('base64url');
  return {
    issue(c, u, now, ttl) {
      const body = Buffer.from(JSON.stringify({ c, u, iat: now, exp: now + ttl } satisfies TokenClaims)).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    verify(token, now) {
      const [body, sig, extra] = token.split('.');
      if (!body || !sig || extra !== undefined) return { problem: 'malformed' };
      const want = Buffer.from(sign(body));
      const got = Buffer.from(sig);
      if (want.length !== got.length || !timingSafeEqual(want, got)) return { problem: 'signature' };
      let claims: TokenClaims;
      try {
        claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
      } catch {
        return { problem: 'malformed' };
      }
      if (typeof claims.c !== 'string' || typeof claims.u !== 'string' || typeof claims.exp !== 'number') return { problem: 'malformed' };
      if (claims.exp <= now) return { claims, problem: 'expired' };
      return { claims };
    },
  };
}

/** A new random id with a prefix (conversation ids, user ids). */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('base64url')}`;
}
