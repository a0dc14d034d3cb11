import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Activity, Attachment } from 'botframework-schema';
import express, { type Request, Router } from 'express';
import multer from 'multer';
import { badRequest, notFound, tooLarge } from '../../app/errors.ts';
import { createRateLimiter } from '../../app/rate-limit.ts';
import { BOT_ACCOUNT, type TurnOutcome } from '../../bot/runtime.ts';
import type { Transcript } from '../../bot/transcript.ts';
import type { Store } from '../../store/types.ts';
import { bearerToken } from '../../app/http.ts';
import { assertConversation, authenticate, type DirectLineCaller } from './auth.ts';
import { CHANNEL_ID, CONVERSATIONS, RENEW_GRACE_SECONDS } from './constants.ts';
import { newId, type TokenSigner } from './tokens.ts';

/** Settings the Direct Line routes need. */
export interface DirectLineSettings {
  secret: string;
  tokenTtlSeconds: number;
  tokenRateLimitPerMinute: number;
  maxBodyBytes: number;
  maxUploadBytes: number;
  publicUrl?: string;
  uploadsDir: string;
}

/** What the routes depend on. */
export interface DirectLineDeps {
  store: Store;
  transcript: Transcript;
  signer: TokenSigner;
  settings: DirectLineSettings;
  /** Runs the bot turn for an inbound activity. */
  onActivity: (activity: Activity) => Promise<TurnOutcome>;
  clock: () => number;
}

const IMAGE_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };
const ATTACHMENT_NAME = /^[A-Za-z0-9_-]{16,64}\.(jpg|png|gif|webp)$/;
const MAX_TEXT = 2000;

interface ConversationRecord {
  id: string;
  userId: string;
  createdAt: string;
}

/** Builds the Direct Line 3.0 routes (and the anonymous visitor-token route) of the web chat. */
export function createDirectLineRouter(deps: DirectLineDeps): Router {
  const { store, transcript, signer, settings, clock } = deps;
  const router = Router();
  const json = express.json({ limit: settings.maxBodyBytes, type: () => true });
  const limiter = createRateLimiter({ limit: settings.tokenRateLimitPerMinute, windowMs: 60_000, clock });
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: settings.maxUploadBytes, files: 5, fields: 5 } });
  const now = () => Math.floor(clock() / 1000);

  const caller = (req: Request): DirectLineCaller => authenticate(bearerToken(req.get('authorization')), settings.secret, signer, now());
  const baseUrl = (req: Request) => settings.publicUrl ?? `${req.protocol}://${req.get('host')}`;
  const issue = (conversationId: string, userId: string) => ({
    conversationId,
    token: signer.issue(conversationId, userId, now(), settings.tokenTtlSeconds),
    expires_in: settings.tokenTtlSeconds,
  });
  const streamUrl = (req: Request, id: string, token: string, watermark?: string) =>
    `${baseUrl(req).replace(/^http/, 'ws')}/v3/directline/conversations/${encodeURIComponent(id)}/stream?t=${encodeURIComponent(token)}${watermark ? `&watermark=${encodeURIComponent(watermark)}` : ''}`;

  async function conversationFor(req: Request, who: DirectLineCaller): Promise<ConversationRecord> {
    const id = String(req.params.id);
    assertConversation(who, id);
    const conv = await store.getRecord<ConversationRecord>(CONVERSATIONS, id);
    if (!conv) throw notFound('会话不存在或已结束', 'CONVERSATION_NOT_FOUND');
    return conv;
  }

  async function start(id: string, userId: string): Promise<boolean> {
    if (await store.getRecord(CONVERSATIONS, id)) return false;
    await store.putRecord<ConversationRecord>(CONVERSATIONS, id, { id, userId, createdAt: new Date(clock()).toISOString() });
    return true;
  }

  function watermarkOf(req: Request): number {
    const raw = req.query.watermark;
    if (raw === undefined || raw === '') return 0;
    if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw badRequest('watermark 参数必须是非负整数', 'BAD_WATERMARK');
    return Number(raw);
  }

  // === Tokens

  router.post('/webchat/token', json, async (req, res) => {
    const old = typeof req.body?.token === 'string' ? signer.verify(req.body.token, now()) : undefined;
    const claims =
      old?.claims && (!old.problem || (old.problem === 'expired' && old.claims.exp + RENEW_GRACE_SECONDS > now())) ? old.claims : undefined;
    if (claims && (await store.getRecord(CONVERSATIONS, claims.c))) {
      res.json({ ...issue(claims.c, claims.u), userId: claims.u });
      return;
    }
    // Only new visitors count against the limit: many citizens share a carrier's IP, and a
    // renewal needs a token we signed.
    limiter.hit(req.ip ?? 'unknown');
    const conversationId = newId('dl_');
    const userId = newId('u_');
    await start(conversationId, userId);
    res.json({ ...issue(conversationId, userId), userId });
  });

  router.post('/v3/directline/tokens/generate', json, async (req, res) => {
    const who = caller(req);
    if (who.kind !== 'secret') throw badRequest('生成令牌需要使用密钥', 'SECRET_REQUIRED');
    const userId = typeof req.body?.user?.id === 'string' && req.body.user.id ? String(req.body.user.id).slice(0, 64) : newId('u_');
    res.json(issue(newId('dl_'), userId));
  });

  router.post('/v3/directline/tokens/refresh', async (req, res) => {
    const who = caller(req);
    if (who.kind !== 'token') throw badRequest('只能刷新令牌', 'TOKEN_REQUIRED');
    res.json(issue(who.claims.c, who.claims.u));
  });

  // === Conversations

  router.post('/v3/directline/conversations', async (req, res) => {
    const who = caller(req);
    const [id, userId] = who.kind === 'token' ? [who.claims.c, who.claims.u] : [newId('dl_'), newId('u_')];
    const created = await start(id, userId);
    const body = issue(id, userId);
    res.status(created ? 201 : 200).json({ ...body, streamUrl: streamUrl(req, id, body.token) });
  });

  router.get('/v3/directline/conversations/:id', async (req, res) => {
    const who = caller(req);
    const conv = await conversationFor(req, who);
    const wm = watermarkOf(req);
    const body = issue(conv.id, conv.userId);
    res.json({ ...body, streamUrl: streamUrl(req, conv.id, body.token, wm ? String(wm) : undefined) });
  });

  router.get('/v3/directline/conversations/:id/activities', async (req, res) => {
    const conv = await conversationFor(req, caller(req));
    const after = watermarkOf(req);
    const entries = await transcript.read(CHANNEL_ID, conv.id, after, 500);
    const watermark = entries.length ? entries[entries.length - 1]!.seq : after;
    res.json({ activities: entries.map((e) => e.item), watermark: String(watermark) });
  });

  router.post('/v3/directline/conversations/:id/activities', json, async (req, res) => {
    const who = caller(req);
    const conv = await conversationFor(req, who);
    const activity = toInbound(req.body, conv, who, baseUrl(req));
    await deps.onActivity(activity);
    res.json({ id: activity.id });
  });

  router.post('/v3/directline/conversations/:id/upload', async (req, res) => {
    const who = caller(req);
    const conv = await conversationFor(req, who);
    await new Promise<void>((resolve, reject) =>
      upload.any()(req, res, (err: unknown) => {
        if (!err) return resolve();
        const code = (err as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE') return reject(tooLarge(`图片不能超过 ${Math.round(settings.maxUploadBytes / 1048576)} MB`));
        reject(badRequest(`上传格式有误：${(err as Error).message}`, 'BAD_UPLOAD'));
      }),
    );
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    const images = files.filter((f) => f.fieldname !== 'activity');
    if (images.length === 0) throw badRequest('请至少上传一张图片', 'NO_FILE');
    const attachments: Attachment[] = [];
    for (const f of images) {
      const ext = IMAGE_TYPES[f.mimetype];
      if (!ext || !looksLikeImage(f.buffer)) throw badRequest('目前只支持 JPG、PNG、GIF、WebP 格式的图片', 'UNSUPPORTED_MEDIA');
    }
    await mkdir(settings.uploadsDir, { recursive: true });
    for (const f of images) {
      const name = `${randomBytes(16).toString('base64url')}.${IMAGE_TYPES[f.mimetype]}`;
      await writeFile(join(settings.uploadsDir, name), f.buffer, { flag: 'wx' });
      attachments.push({
        contentType: f.mimetype,
        contentUrl: `${baseUrl(req)}/v3/directline/attachments/${name}`,
        name: f.originalname.slice(0, 100),
      });
    }
    const part = files.find((f) => f.fieldname === 'activity');
    const fields = req.body as Record<string, unknown> | undefined;
    let extra: Record<string, unknown> = {};
    const rawActivity = part ? part.buffer.toString('utf8') : typeof fields?.activity === 'string' ? fields.activity : undefined;
    if (rawActivity) {
      try {
        extra = JSON.parse(rawActivity) as Record<string, unknown>;
      } catch {
        throw badRequest('activity 部分不是合法的 JSON', 'BAD_JSON');
      }
    }
    const activity = toInbound({ type: 'message', ...extra, attachments }, conv, who, baseUrl(req));
    await deps.onActivity(activity);
    res.json({ id: activity.id });
  });

  router.get('/v3/directline/attachments/:name', (req, res) => {
    const name = String(req.params.name);
    if (!ATTACHMENT_NAME.test(name)) throw notFound('附件不存在', 'ATTACHMENT_NOT_FOUND');
    res.sendFile(
      join(settings.uploadsDir, name),
      { headers: { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, max-age=86400' } },
      (err) => {
        if (err && !res.headersSent) res.status(404).json({ error: { code: 'ATTACHMENT_NOT_FOUND', message: '附件不存在' } });
      },
    );
  });

  // === Inbound activity

  function toInbound(body: unknown, conv: ConversationRecord, who: DirectLineCaller, serviceUrl: string): Activity {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('请求体必须是一个 Activity 对象', 'BAD_ACTIVITY');
    const b = body as Record<string, unknown>;
    const type = typeof b.type === 'string' ? b.type : '';
    if (type !== 'message' && type !== 'event') throw badRequest('只接受 message 或 event 类型的 Activity', 'BAD_ACTIVITY_TYPE');
    const text = typeof b.text === 'string' ? b.text.trim() : '';
    const attachments = Array.isArray(b.attachments) ? (b.attachments as Attachment[]) : [];
    if (type === 'message' && !text && attachments.length === 0) throw badRequest('消息不能为空：需要文字或附件', 'EMPTY_ACTIVITY');
    if (text.length > MAX_TEXT) throw badRequest(`消息过长：最多 ${MAX_TEXT} 字`, 'TEXT_TOO_LONG');
    const from = (b.from ?? {}) as { id?: unknown; name?: unknown };
    // A visitor token fixes who is speaking; with the secret the caller names the user.
    const userId = who.kind === 'token' ? who.claims.u : typeof from.id === 'string' && from.id ? from.id.slice(0, 64) : conv.userId;
    const channelData = (b.channelData ?? {}) as { clientActivityId?: unknown };
    const clientId = typeof channelData.clientActivityId === 'string' ? channelData.clientActivityId.slice(0, 100) : undefined;
    const entities = Array.isArray(b.entities) ? (b.entities as NonNullable<Activity['entities']>).slice(0, 5) : undefined;
    return {
      type,
      // A client id makes a re-POSTed activity the same activity, so dedupe drops it.
      id: clientId ? `${conv.id}|${clientId}` : `${conv.id}|${randomUUID()}`,
      timestamp: new Date(clock()),
      channelId: CHANNEL_ID,
      serviceUrl,
      from: { id: userId, name: typeof from.name === 'string' ? from.name.slice(0, 50) : undefined, role: 'user' },
      recipient: BOT_ACCOUNT,
      conversation: { id: conv.id, isGroup: false, conversationType: 'personal', name: '' },
      text: text || undefined,
      locale: typeof b.locale === 'string' ? b.locale : 'zh-CN',
      attachments: attachments.length ? attachments : undefined,
      entities,
      name: type === 'event' && typeof b.name === 'string' ? b.name : undefined,
      value: b.value,
      channelData: clientId ? { clientActivityId: clientId } : undefined,
    } as Activity;
  }

  return router;
}

/** Checks magic bytes, so a renamed file is not stored as an image. */
function looksLikeImage(buf: Buffer): boolean {
  const hex = buf.subarray(0, 12).toString('hex');
  return (
    hex.startsWith('ffd8ff') ||
    hex.startsWith('89504e470d0a1a0a') ||
    hex.startsWith('474946383') ||
    (hex.startsWith('52494646') && buf.subarray(8, 12).toString('latin1') === 'WEBP')
  );
}
