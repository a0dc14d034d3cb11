import type { Activity, ConversationReference } from 'botframework-schema';
import type { LogEntry, Store, Unsubscribe } from '../store/types.ts';

/** The store stream holding one conversation's transcript. */
export function transcriptStream(channelId: string, conversationId: string): string {
  return `transcript:${channelId}:${conversationId}`;
}

/** The store pub/sub channel announcing new transcript entries of one conversation. */
function transcriptTopic(channelId: string, conversationId: string): string {
  return `transcript-new:${channelId}:${conversationId}`;
}

/**
 * The transcript of every conversation: inbound and outbound activities in order. It is the
 * single record of a conversation; the web chat stream and the agent console read it, and
 * erasure rewrites it. Each append is announced so live views can pull.
 */
export interface Transcript {
  /** Appends activities to a conversation's transcript; returns the last sequence number. */
  append(ref: Partial<ConversationReference>, activities: Activity[]): Promise<number>;
  /** Reads activities after a sequence number (the web chat watermark). */
  read(channelId: string, conversationId: string, afterSeq?: number, limit?: number): Promise<LogEntry<Activity>[]>;
  /** Calls `onAppend` whenever something is appended to the conversation. */
  watch(channelId: string, conversationId: string, onAppend: (lastSeq: number) => void): Promise<Unsubscribe>;
}

/** Creates the transcript over a store. */
export function createTranscript(store: Store): Transcript {
  return {
    async append(ref, activities) {
      const channelId = ref.channelId ?? 'unknown';
      const conversationId = ref.conversation?.id ?? 'unknown';
      let last = 0;
      for (const a of activities) last = await store.append(transcriptStream(channelId, conversationId), a);
      if (activities.length > 0) await store.publish(transcriptTopic(channelId, conversationId), { seq: last });
      return last;
    },
    read(channelId, conversationId, afterSeq = 0, limit) {
      return store.read<Activity>(transcriptStream(channelId, conversationId), afterSeq, limit);
    },
    watch(channelId, conversationId, onAppend) {
      return store.subscribe(transcriptTopic(channelId, conversationId), (m) => {
        const seq = (m as { seq?: number } | null)?.seq;
        onAppend(typeof seq === 'number' ? seq : 0);
      });
    },
  };
}
