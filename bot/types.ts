import type { Activity, ConversationReference } from 'botframework-schema';
import type { Logger } from 'pino';

/** A quick-reply button: what it shows, and what it sends back when tapped (default: title). */
export interface Button {
  title: string;
  value?: string;
}

/** What the bot says in one go: text plus optional buttons and attachments. */
export type Reply = Partial<Activity>;

/**
 * The context of one turn: the inbound Activity, a way to answer in the same
 * conversation, and a per-turn bag that middleware fills (flavors add typed fields).
 */
export interface TurnContext {
  /** The inbound activity, already verified and parsed by a channel adapter. */
  readonly activity: Activity;
  /** Where replies go; stored for later proactive messages. */
  readonly reference: Partial<ConversationReference>;
  /** Sends activities to the citizen through their own channel (and the transcript). */
  send(...activities: Reply[]): Promise<void>;
  /** Sends one text message, with quick-reply buttons if given. */
  reply(text: string, buttons?: Array<string | Button>): Promise<void>;
  /** Everything sent in this turn, in order. */
  readonly responses: Activity[];
  /** The turn's logger (bound to conversation id; personal data masked). */
  readonly log: Logger;
}

/** The `next` of a middleware: runs the rest of the pipeline. */
export type Next = () => Promise<void>;

/** One stage of the per-message pipeline. */
export type Middleware<C extends TurnContext = TurnContext> = (ctx: C, next: Next) => Promise<void>;

/** Delivers outbound activities for one channel (webchat, wechat-mp, telegram …). */
export interface ChannelSender {
  /** The `channelId` this sender serves. */
  readonly channelId: string;
  /** Delivers activities to the conversation the reference points at. */
  deliver(reference: Partial<ConversationReference>, activities: Activity[]): Promise<void>;
}
