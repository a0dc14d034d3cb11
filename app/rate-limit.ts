import { tooManyRequests } from './errors.ts';

/**
 * A fixed-window counter per key (e.g. per IP). In process: with several instances each
 * allows `limit`, which is acceptable for abuse control of anonymous token requests.
 */
export function createRateLimiter({ limit, windowMs, clock = Date.now }: { limit: number; windowMs: number; clock?: () => number }) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one hit; throws a 429 JiesuError when the key is over its limit. */
    hit(key: string): void {
      const now = clock();
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        if (windows.size > 10_000) windows.clear(); // bound memory under a flood of keys
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      if (w.count > limit) throw tooManyRequests(w.start + windowMs - now);
    },
  };
}
