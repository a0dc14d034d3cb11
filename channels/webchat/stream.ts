import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { Transcript } from '../../bot/transcript.ts';
import type { Store } from '../../store/types.ts';
import { bearerToken } from '../../app/http.ts';
import { assertConversation, authenticate, type DirectLineCaller } from './auth.ts';
import { CHANNEL_ID, CONVERSATIONS } from './constants.ts';
import type { TokenSigner } from './tokens.ts';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;

/** Options of the Direct Line WebSocket stream. */
export interface StreamOptions {
  store: Store;
  transcript: Transcript;
  signer: TokenSigner;
  secret: string;
  log: Logger;
  clock: () => number;
  /** Interval of keep-alive frames, ms. */
  keepAliveMs?: number;
}

/**
 * Serves `streamUrl`: a WebSocket per client that first sends what follows its watermark,
 * then pushes each new transcript entry as `{activities, watermark}`. Reads are serialised
 * per socket and always continue from the last watermark sent, so nothing is sent twice
 * and nothing is skipped, whatever order the notifications arrive in.
 */
export function createStreamServer(opts: StreamOptions) {
  const { store, transcript, signer, secret, log, clock } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();

  function reject(socket: Duplex, status: number, message: string): void {
    const body = JSON.stringify({ error: { code: String(status), message } });
    socket.end(
      `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : status === 403 ? 'Forbidden' : 'Unauthorized'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, conversationId: string, url: URL): Promise<void> {
    let caller: DirectLineCaller;
    try {
      caller = authenticate(
        url.searchParams.get('t') ?? bearerToken(req.headers.authorization),
        secret,
        signer,
        Math.floor(clock() / 1000),
      );
      assertConversation(caller, conversationId);
    } catch (err) {
      const e = err as { status?: number; message: string };
      return reject(socket, e.status ?? 401, e.message);
    }
    if (!(await store.getRecord(CONVERSATIONS, conversationId))) return reject(socket, 404, '会话不存在');
    const wm = Number(url.searchParams.get('watermark') ?? '0');
    wss.handleUpgrade(req, socket, head, (ws) => void serve(ws, conversationId, Number.isFinite(wm) && wm >= 0 ? wm : 0));
  }

  async function serve(ws: WebSocket, conversationId: string, watermark: number): Promise<void> {
    sockets.add(ws);
    let sent = watermark;
    let pumping = false;
    let again = false;
    const pump = async (): Promise<void> => {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
      try {
        do {
          again = false;
          const entries = await transcript.read(CHANNEL_ID, conversationId, sent);
          if (entries.length === 0 || ws.readyState !== WebSocket.OPEN) continue;
          sent = entries[entries.length - 1]!.seq;
          ws.send(JSON.stringify({ activities: entries.map((e) => e.item), watermark: String(sent) }));
        } while (again);
      } catch (err) {
        log.warn({ err, conversationId }, 'stream read failed');
      } finally {
        pumping = false;
      }
    };
    const unsubscribe = await transcript.watch(CHANNEL_ID, conversationId, () => void pump());
    const keepAlive = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(''), opts.keepAliveMs ?? 20_000);
    ws.on('close', () => {
      sockets.delete(ws);
      clearInterval(keepAlive);
      void unsubscribe();
    });
    ws.on('error', (err) => log.debug({ err }, 'stream socket error'));
    await pump();
  }

  return {
    /** Handles HTTP upgrades for stream URLs on a server. */
    attach(server: Server): void {
      server.on('upgrade', (req, socket, head) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const m = STREAM_PATH.exec(url.pathname);
        if (!m) return reject(socket, 404, '未知的地址');
        accept(req, socket, head, decodeURIComponent(m[1]!), url).catch((err: unknown) => {
          log.error({ err }, 'stream upgrade failed');
          socket.destroy();
        });
      });
    },
    /** Closes every open stream. */
    async close(): Promise<void> {
      for (const ws of sockets) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
