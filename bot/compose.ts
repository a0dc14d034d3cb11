import type { Middleware, Next, TurnContext } from './types.ts';

/**
 * Composes middleware into one handler, Koa-style: each stage calls `next()` to run the
 * rest, and may do work after it returns. Calling `next()` twice is a bug and throws.
 */
export function compose<C extends TurnContext>(...stack: Middleware<C>[]): (ctx: C, last?: Next) => Promise<void> {
  return function composed(ctx: C, last?: Next): Promise<void> {
    let index = -1;
    const dispatch = async (i: number): Promise<void> => {
      if (i <= index) throw new Error('next() called more than once');
      index = i;
      const fn = stack[i];
      if (!fn) return last ? last() : undefined;
      await fn(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
