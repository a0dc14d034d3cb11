/**
 * Runs Microsoft's `botframework-directlinejs` (the client inside botframework-webchat) in
 * Node: it expects a browser's XMLHttpRequest and WebSocket, so we hand it a fetch-based
 * `ajax` service and the `ws` WebSocket through its documented `services` options.
 */
import { createRequire } from 'node:module';
import type { Activity } from 'botframework-schema';
import { WebSocket } from 'ws';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: rxjs 5 ships no types this project uses
const { Observable } = require('rxjs/Observable') as { Observable: any };
const { DirectLine } = require('botframework-directlinejs') as {
  DirectLine: new (options: Record<string, unknown>) => DirectLineClient;
};

/** The parts of the DirectLine client the tests use. */
export interface DirectLineClient {
  activity$: { subscribe(next: (a: Activity) => void, error?: (e: unknown) => void): { unsubscribe(): void } };
  connectionStatus$: { subscribe(next: (s: number) => void): { unsubscribe(): void } };
  postActivity(a: Partial<Activity>): { subscribe(next: (id: string) => void, error?: (e: unknown) => void): void };
  end(): void;
  conversationId?: string;
  watermark?: string;
}

interface AjaxRequest {
  method?: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

function fetchAjax(req: AjaxRequest) {
  return Observable.create((observer: { next(v: unknown): void; error(e: unknown): void; complete(): void }) => {
    const body =
      req.body === undefined
        ? undefined
        : typeof req.body === 'string' || req.body instanceof FormData
          ? req.body
          : JSON.stringify(req.body);
    fetch(req.url, { method: req.method ?? 'GET', headers: req.headers, body: body as BodyInit | undefined })
      .then(async (res) => {
        const text = await res.text();
        const response = text ? JSON.parse(text) : null;
        const xhr = { getResponseHeader: (h: string) => res.headers.get(h) };
        if (res.status >= 400) observer.error({ status: res.status, response, xhr });
        else {
          observer.next({ status: res.status, response, xhr });
          observer.complete();
        }
      })
      .catch((err: unknown) => observer.error({ status: 0, err }));
  });
}

/** Creates a DirectLine client against a Jiesu base URL. */
export function directLine(baseUrl: string, options: Record<string, unknown>): DirectLineClient {
  return new DirectLine({ domain: `${baseUrl}/v3/directline`, ajax: fetchAjax, WebSocket, pollingInterval: 200, ...options });
}

/** Collects activities from a client; `until` waits for a predicate over what has arrived. */
export function collect(client: DirectLineClient) {
  const seen: Activity[] = [];
  const waiters: Array<() => void> = [];
  client.activity$.subscribe(
    (a) => {
      seen.push(a);
      for (const w of waiters.splice(0)) w();
    },
    () => {
      // end() errors the stream with "conversation ended": expected when a test closes it.
    },
  );
  return {
    seen,
    async until(pred: (all: Activity[]) => boolean, timeoutMs = 15_000): Promise<Activity[]> {
      const deadline = Date.now() + timeoutMs;
      while (!pred(seen)) {
        if (Date.now() > deadline) throw new Error(`timed out; saw: ${JSON.stringify(seen.map((a) => a.text))}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
      return seen;
    },
  };
}

/** Posts an activity and resolves with its id. */
export function post(client: DirectLineClient, activity: Partial<Activity>): Promise<string> {
  return new Promise((resolve, reject) => client.postActivity(activity).subscribe(resolve, reject));
}
