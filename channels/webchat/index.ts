import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Activity } from 'botframework-schema';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { TurnOutcome } from '../../bot/runtime.ts';
import type { Transcript } from '../../bot/transcript.ts';
import type { ChannelSender } from '../../bot/types.ts';
import type { Store } from '../../store/types.ts';
import { CHANNEL_ID } from './constants.ts';
import { createDirectLineRouter, type DirectLineSettings } from './router.ts';
import { createStreamServer } from './stream.ts';
import { createTokenSigner } from './tokens.ts';

/** Options of the web chat channel. */
export interface WebChatOptions {
  store: Store;
  transcript: Transcript;
  log: Logger;
  settings: Omit<DirectLineSettings, 'uploadsDir'> & { dataDir: string; tokenSigningKey: string };
  onActivity: (activity: Activity) => Promise<TurnOutcome>;
  clock?: () => number;
}

/** The web chat channel: Direct Line routes, the WebSocket stream, the widget files, and its sender. */
export interface WebChatChannel {
  /** Direct Line 3.0 routes, `/webchat/token`, `/widget.js` and the demo page `/`. */
  router: Router;
  /** Delivers bot replies: they are already in the transcript, which the streams follow. */
  sender: ChannelSender;
  /** Serves WebSocket stream URLs on the HTTP server. */
  attach(server: Server): void;
  close(): Promise<void>;
}

/**
 * Creates the web chat channel: a self-hosted subset of Direct Line 3.0 that Microsoft's
 * `botframework-directlinejs` and `botframework-webchat` speak unchanged, plus Jiesu's widget.
 */
export function createWebChatChannel(opts: WebChatOptions): WebChatChannel {
  const clock = opts.clock ?? Date.now;
  const signer = createTokenSigner(opts.settings.tokenSigningKey);
  const router = express.Router();
  router.use(
    createDirectLineRouter({
      store: opts.store,
      transcript: opts.transcript,
      signer,
      clock,
      onActivity: opts.onActivity,
      settings: { ...opts.settings, uploadsDir: join(opts.settings.dataDir, 'uploads') },
    }),
  );
  router.use(express.static(new URL('./public/', import.meta.url).pathname, { index: 'index.html', maxAge: '5m' }));
  const stream = createStreamServer({
    store: opts.store,
    transcript: opts.transcript,
    signer,
    secret: opts.settings.secret,
    log: opts.log,
    clock,
  });
  return {
    router,
    sender: { channelId: CHANNEL_ID, deliver: async () => {} },
    attach: (server) => stream.attach(server),
    close: () => stream.close(),
  };
}

export { CHANNEL_ID as WEBCHAT_CHANNEL_ID } from './constants.ts';
