import type { TurnContext } from './types.ts';

/** The open dialog of a conversation, saved between turns. */
export interface DialogFrame {
  /** Which dialog (e.g. 'intake', 'survey'). */
  id: string;
  /** Where in the dialog we are (dialog-defined). */
  step: string;
  /** What the dialog collected so far (JSON-serialisable). */
  data: Record<string, unknown>;
}

/** What Jiesu remembers about one conversation between turns (stored with a version). */
export interface ConversationData {
  /** The open dialog, if any. */
  dialog?: DialogFrame;
  /** Set while a human agent holds the conversation. */
  handoff?: { status: 'queued' | 'agent'; since: string; agentId?: string; reason?: string };
  /** Free room for middleware and dialogs (JSON-serialisable). */
  [key: string]: unknown;
}

/** Conversation flavor: the conversation's saved data, mutable during the turn, saved after it. */
export interface ConversationFlavor {
  conversation: ConversationData;
}

/** The context the bot's own logic sees. */
export type BotTurnContext = TurnContext & ConversationFlavor;

/** What a dialog says after handling a message. */
export type DialogResult = 'waiting' | 'done';

/**
 * A multi-turn conversation (ticket intake, follow-up survey, erasure). It keeps its place
 * in `ctx.conversation.dialog`; `continue` gets each later message until it returns 'done',
 * or 'pass' when the message is not for it (it steps aside and the router routes the
 * message as if no dialog were open). The citizen can leave it with 取消 / 算了.
 */
export interface Dialog<C extends BotTurnContext = BotTurnContext> {
  readonly id: string;
  /** Starts the dialog; args come from whoever starts it. */
  begin(ctx: C, args?: Record<string, unknown>): Promise<DialogResult>;
  /** Handles the next message of an open dialog. */
  continue(ctx: C): Promise<DialogResult | 'pass'>;
  /** Closes the dialog at the citizen's request and says so. */
  cancel(ctx: C): Promise<void>;
}
