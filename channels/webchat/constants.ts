/** The channelId of activities from the web chat (as Microsoft's Web Chat reports it). */
export const CHANNEL_ID = 'webchat';
/** Store collection of started web chat conversations. */
export const CONVERSATIONS = 'webchat_conversations';
/** How long an expired visitor token may still be renewed for the same conversation. */
export const RENEW_GRACE_SECONDS = 7 * 24 * 3600;
