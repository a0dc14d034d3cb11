/**
 * Shared by the bot's dialogs: who the citizen is, what a message carries (text, photos,
 * a shared location), what the bot remembers between turns, and Beijing-time formatting.
 */
import type { Actor, Attachment, GeoPoint } from '../../desk/index.ts';
import type { BotTurnContext, ConversationData, Dialog } from '../dialog.ts';
import type { Analysis, NlpPort } from './ports.ts';

// === The citizen

/** The citizen key the desk files tickets under: `channelId:userId`. */
export function citizenKey(ctx: BotTurnContext): string {
  return `${ctx.activity.channelId}:${ctx.activity.from?.id ?? ''}`;
}

/** The citizen as the author of desk events. */
export function citizenActor(key: string): Actor {
  return { id: key, role: 'citizen', name: '市民' };
}

// === What a message carries

/** A location the citizen shared (WGS-84), with its name when the channel gave one. */
export interface SharedLocation extends GeoPoint {
  name?: string;
}

/** Text, photos/files and a shared location of one inbound message. */
export interface Incoming {
  text: string;
  files: Attachment[];
  location?: SharedLocation;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() && Number.isFinite(Number(v)) ? Number(v) : undefined;

/** Reads what the citizen sent: text (trimmed), attachments with a URL, a location entity. */
export function incoming(ctx: BotTurnContext): Incoming {
  const a = ctx.activity;
  const files: Attachment[] = [];
  for (const att of a.attachments ?? []) {
    if (typeof att?.contentUrl !== 'string' || !att.contentUrl) continue;
    files.push({ url: att.contentUrl, ...(att.contentType && { contentType: att.contentType }), ...(att.name && { name: att.name }) });
  }
  let location: SharedLocation | undefined;
  for (const e of (a.entities ?? []) as Array<Record<string, unknown>>) {
    // Bot Framework sends GeoCoordinates, or a Place whose `geo` holds them.
    const geo = e?.type === 'GeoCoordinates' ? e : e?.type === 'Place' ? (e.geo as Record<string, unknown> | undefined) : undefined;
    const lat = num(geo?.latitude);
    const long = num(geo?.longitude);
    if (lat === undefined || long === undefined) continue;
    const name = [e.name, e.address, geo?.name].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    location = { lat, long, ...(name && { name: name.trim() }) };
    break;
  }
  return { text: (a.text ?? '').trim(), files, ...(location && { location }) };
}

/** Whether an attachment is a picture (said as 照片) rather than another file. */
export const isPhoto = (f: Attachment): boolean => !f.contentType || f.contentType.startsWith('image/');

// === Phones

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}\d{7,8}$/;

/** A typed phone number normalised (mobile 11 digits, landline 0xx-xxxxxxxx), or undefined. */
export function parsePhone(text: string): string | undefined {
  const compact = text.replace(/[\s\-－—()（）]/g, '').replace(/^(\+?86)(?=1[3-9]\d{9}$)/, '');
  const m = /(?:^|\D)(1[3-9]\d{9}|0\d{9,11})(?!\d)/.exec(compact);
  const digits = m?.[1];
  if (!digits) return undefined;
  if (MOBILE.test(digits)) return digits;
  if (!LANDLINE.test(digits)) return undefined;
  // Area codes: 010 and 02x are three digits, the rest four.
  const areaLen = /^0(10|2\d)/.test(digits) ? 3 : 4;
  return `${digits.slice(0, areaLen)}-${digits.slice(areaLen)}`;
}

// === Memory between turns

/** A survey waiting for the current dialog to end. */
export interface SurveyArgs {
  ticketId: string;
  attempt: 1 | 2;
  /** The department's reply (办理结果), public form. */
  reply: string;
  department?: string;
  /** Set when the survey stepped aside once and is asked again later. */
  resumed?: boolean;
  /** The first answer, when it was given before the survey stepped aside. */
  solved?: boolean;
  /** How often it stepped aside (dropped after the second time; the desk asks again). */
  passes?: number;
}

/** What the bot keeps in the conversation data besides the open dialog and handoff. */
export interface BotMemory {
  /** The article last answered, for the 解决了 / 还有问题 feedback. */
  lastAnswer?: { articleId: string; question: string };
  /** The ticket last created here (a repeated 确认提交 gets its number again). */
  lastTicket?: { id: string; dialogId: string };
  /** Surveys that arrived while another dialog was open. */
  pendingSurveys?: SurveyArgs[];
  /** The last thing the citizen wrote that was not a button (for the agent's queue). */
  lastText?: string;
  /** Set once the citizen had their personal data erased. */
  erasedAt?: string;
}

/** The conversation data with the bot's own fields typed. */
export function memory(ctx: BotTurnContext): ConversationData & BotMemory {
  return ctx.conversation as ConversationData & BotMemory;
}

/** Reads the open dialog's data if the open dialog is `id`. */
export function frameOf<T>(ctx: BotTurnContext, id: string): { step: string; data: T } | undefined {
  const f = ctx.conversation.dialog;
  return f && f.id === id ? { step: f.step, data: f.data as T } : undefined;
}

/** Opens or moves the dialog `id` to `step` with `data`. */
export function setFrame(ctx: BotTurnContext, id: string, step: string, data: object): void {
  ctx.conversation.dialog = { id, step, data: data as Record<string, unknown> };
}

/** A dialog of the bot (see `Dialog` in bot/dialog.ts). */
export type BotDialog = Dialog;

// === Words

/** 取消 and its everyday forms. */
export const CANCEL = /^(取消|算了|不要了|不办了|不投诉了|不提交了|退出)[。!！.～~]*$/;

// === Time

const OFFSET_MS = 8 * 3_600_000;

/** An instant in Beijing time as "11月30日 17:00". */
export function beijingTime(iso: string | Date): string {
  const t = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  const d = new Date(t + OFFSET_MS);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hh}:${mm}`;
}

// === NLP, once per turn

const analyses = new WeakMap<object, Map<string, Analysis>>();

/** Analyses a text once per turn (the emergency check and the intake share the result). */
export function analyzeOnce(nlp: NlpPort, ctx: BotTurnContext, text: string): Analysis {
  let seen = analyses.get(ctx);
  if (!seen) {
    seen = new Map();
    analyses.set(ctx, seen);
  }
  let got = seen.get(text);
  if (!got) {
    got = nlp.analyze(text);
    seen.set(text, got);
  }
  return got;
}
