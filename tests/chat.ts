/** Test helpers that act like the people around Jiesu: a citizen in the web chat, staff on the API. */
import type { Activity } from 'botframework-schema';
import { expect } from 'vitest';
import { TEST_SECRET } from './app.ts';
import { collect, type DirectLineClient, directLine, post } from './directline-client.ts';

/** A citizen in the web chat (Microsoft's Direct Line client) who says things and waits for answers. */
export function citizen(baseUrl: string, id: string) {
  const client: DirectLineClient = directLine(baseUrl, { secret: TEST_SECRET, webSocket: true });
  const got = collect(client);
  let seen = 0;
  const fromBot = () => got.seen.filter((a) => a.from?.role === 'bot');
  return {
    client,
    /** Every activity seen so far, both sides. */
    seen: got.seen,
    /** Sends a message and resolves with the bot's replies to it. */
    async say(text: string): Promise<Activity[]> {
      await post(client, { type: 'message', from: { id, name: '市民' }, text });
      return this.next();
    },
    /** Sends a message the bot is expected not to answer. */
    async sayOnly(text: string): Promise<void> {
      await post(client, { type: 'message', from: { id, name: '市民' }, text });
    },
    /** Waits for bot activities not returned yet. */
    async next(): Promise<Activity[]> {
      await got.until(() => fromBot().length > seen);
      // Let the rest of the same turn arrive.
      await new Promise((r) => setTimeout(r, 150));
      const fresh = fromBot().slice(seen);
      seen = fromBot().length;
      return fresh;
    },
  };
}

/** The texts of activities, one per line. */
export const texts = (acts: Activity[]) => acts.map((a) => a.text ?? '').join('\n');
/** The quick-reply titles of activities. */
export const buttons = (acts: Activity[]) => acts.flatMap((a) => a.suggestedActions?.actions.map((x) => String(x.title)) ?? []);

/** Logs in and returns a fetch bound to the staff member's token. */
export async function staff(baseUrl: string, credentials: { username: string; password: string }) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}
