/**
 * The conversation: the bot (router, intake, status, survey, handoff and erasure
 * requests), the runtime that runs turns, and the desk's follow-up sender.
 */

// === For the composition root
/** The bot's turn logic, to pass as `bot` to `createBotRuntime`. */
export { emergencyAdviceOf, jiesuBot } from './jiesu-bot.ts';
export type { BotServices } from './jiesu-bot.ts';
/** The NLP port the bot codes against (the shape of nlp/index.ts). */
export type { Analysis, Intent, NlpPort, Urgency } from './dialogs/ports.ts';
/** The desk's FollowUpSender over the runtime. */
export { createFollowUpSender, SURVEY_DEFERRED } from './follow-up.ts';
/** The runtime that runs turns and proactive messages. */
export { createBotRuntime } from './runtime.ts';
export type { BotRuntime, BotRuntimeOptions, TurnOutcome } from './runtime.ts';
/** The transcript over the store. */
export { createTranscript } from './transcript.ts';
/** A conversation's saved data (for the agent console). */
export { readConversation } from './middleware.ts';
export type { Transcript } from './transcript.ts';

// === For the agent console and channels
/** The store queue of conversations waiting for a person, and what each item holds. */
export { HANDOFF_QUEUE } from './dialogs/handoff.ts';
export type { HandoffItem } from './dialogs/handoff.ts';
/** Erasure of a citizen's data (the bot's 删除我的个人信息, WeChat's unsubscribe). */
export { eraseCitizenData, eraseTranscript, ERASED_TEXT } from './erasure.ts';
export type { CitizenErasure } from './erasure.ts';

// === Types
export type { BotTurnContext, ConversationData } from './dialog.ts';
export type { ChannelSender, Middleware } from './types.ts';
/** What the bot says. */
export { TEXTS } from './texts.ts';
