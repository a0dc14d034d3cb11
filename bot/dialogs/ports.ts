/**
 * What the bot needs from the rest of Jiesu: the NLP port (the shape of `nlp/index.ts`,
 * declared here until that module lands), the knowledge base, the desk and the store.
 */
import type { Desk } from '../../desk/index.ts';
import type { KnowledgeBase } from '../../knowledge/index.ts';
import type { Store } from '../../store/types.ts';

// === NLP (same shape as nlp/index.ts; switch to `import type` from there once it exists)

/** 一级分类 of the hotline taxonomy. */
export type Category = '城乡建设' | '环境保护' | '交通运输' | '教育文体' | '劳动和社会保障' | '商贸旅游' | '卫生计生';
/** How urgent a message is. */
export type UrgencyKind = 'emergency' | 'epidemic' | 'enterprise' | 'normal';
/** Urgency with the advice to give (e.g. 请立即拨打119) and the hotline to call. */
export interface Urgency {
  kind: UrgencyKind;
  reason?: string;
  advice?: string;
  hotline?: '110' | '119' | '120' | '122';
}
/** A place named in a message. */
export interface Address {
  text: string;
  district?: string;
  street?: string;
  community?: string;
  building?: string;
}
/** What a message mentions. */
export interface Entities {
  phones: string[];
  address?: Address;
  dates: string[];
  times: string[];
  amounts: number[];
  orgs: string[];
  plates: string[];
}
/** What the citizen wants. */
export type Intent = 'greeting' | 'question' | 'complaint' | 'status' | 'human' | 'thanks' | 'survey_answer' | 'cancel' | 'other';
/** The classification of one message. */
export interface Analysis {
  label: Category;
  confidence: number;
  runnerUp: { label: Category; confidence: number };
  topic?: string;
  department: string;
  disputed: boolean;
  urgency: Urgency;
  entities: Entities;
}
/** The NLP the bot uses: classification with entities, and intent. */
export interface NlpPort {
  analyze(text: string, title?: string): Analysis;
  intent(text: string): { intent: Intent; confidence: number };
}

// === Services

/** What the bot needs from the rest of Jiesu (filled in by the composition root). */
export interface BotServices {
  clock: () => Date;
  nlp: NlpPort;
  kb: KnowledgeBase;
  desk: Desk;
  /** For the handoff queue and transcript erasure. */
  store: Store;
}
