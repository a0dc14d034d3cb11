/**
 * Erasure of a citizen's personal data (删除个人信息): their tickets through the desk, and
 * this conversation's transcript, rewritten in place so sequence numbers (web chat
 * watermarks) stay valid. Used by the bot's 删除我的个人信息 and by WeChat's unsubscribe.
 */
import type { Activity, ConversationReference } from 'botframework-schema';
import type { Desk, ErasureResult } from '../desk/index.ts';
import { scrubText } from '../desk/index.ts';
import type { Store } from '../store/types.ts';
import { BOT_ACCOUNT } from './runtime.ts';
import { transcriptStream } from './transcript.ts';

/** What replaces the citizen's own words in the transcript. */
export const ERASED_TEXT = '[已删除]';

// Lines of the intake summary that repeat the citizen's words.
const ECHO_LINE = /^(问题|地点|时间)：.*$/gm;

/** Whether an activity is the citizen's own (else the bot's or an agent's). */
function fromCitizen(a: Partial<Activity>, ref: Partial<ConversationReference>): boolean {
  if (a.from?.role === 'user') return true;
  if (ref.user?.id) return a.from?.id === ref.user.id;
  return a.from?.role !== 'bot' && a.from?.id !== (ref.bot?.id ?? BOT_ACCOUNT.id);
}

/** The citizen's side of one activity without their words, files, location or name. */
function eraseCitizenActivity(a: Activity): Activity {
  const { attachments: _a, entities: _e, value: _v, channelData: _c, ...rest } = a;
  const out = { ...rest } as Activity;
  if (typeof a.text === 'string' && a.text) out.text = ERASED_TEXT;
  if (a.from) out.from = { id: a.from.id, ...(a.from.role && { role: a.from.role }) } as Activity['from'];
  return out;
}

/** The bot's (or an agent's) side: phones it echoed masked, summary lines dropped, the addressee's name removed. */
function eraseBotActivity(a: Activity): Activity {
  const out = { ...a };
  if (typeof a.text === 'string') {
    out.text = scrubText(
      a.text.replace(ECHO_LINE, (line) => `${line.slice(0, line.indexOf('：') + 1)}${ERASED_TEXT}`),
      'mask',
    );
  }
  if (a.recipient) out.recipient = { id: a.recipient.id, ...(a.recipient.role && { role: a.recipient.role }) } as Activity['recipient'];
  return out;
}

/**
 * Rewrites the conversation's transcript: the citizen's texts become "[已删除]", their
 * attachments, locations and name go; phones the bot echoed are masked. Returns how many
 * entries changed.
 */
export async function eraseTranscript(store: Store, ref: Partial<ConversationReference>): Promise<number> {
  const stream = transcriptStream(ref.channelId ?? 'unknown', ref.conversation?.id ?? 'unknown');
  return store.rewrite<Activity>(stream, (a) => (fromCitizen(a, ref) ? eraseCitizenActivity(a) : eraseBotActivity(a)));
}

/** What `eraseCitizenData` did. */
export interface CitizenErasure extends ErasureResult {
  /** Transcript entries rewritten. */
  transcriptEntries: number;
}

/**
 * Erases a citizen's personal data: contact and texts of all their tickets (the desk keeps
 * anonymous statistics) and this conversation's transcript; takes them off the agents'
 * queue. The conversation's saved data is the caller's to clear (inside a turn, the bot
 * clears `ctx.conversation`).
 */
export async function eraseCitizenData(opts: {
  store: Store;
  desk: Desk;
  ref: Partial<ConversationReference>;
  citizenKey: string;
}): Promise<CitizenErasure> {
  const { store, desk, ref, citizenKey } = opts;
  const result = await desk.eraseCitizen(citizenKey, { id: citizenKey, role: 'citizen', name: '市民' });
  const transcriptEntries = await eraseTranscript(store, ref);
  await store.removeFromQueue('handoff', `${ref.channelId}:${ref.conversation?.id}`);
  return { ...result, transcriptEntries };
}
