/** What the bot needs from the rest of Jiesu: the NLP port, the knowledge base, the desk and the store. */
import type { Desk } from '../../desk/index.ts';
import type { KnowledgeBase } from '../../knowledge/index.ts';
import type { Nlp } from '../../nlp/index.ts';
import type { Store } from '../../store/types.ts';

// === NLP

export type { Address, Analysis, Category, Entities, Intent, Urgency, UrgencyKind } from '../../nlp/index.ts';

/** The NLP the bot uses: classification with entities, and intent (a loaded `Nlp` fits). */
export type NlpPort = Pick<Nlp, 'analyze' | 'intent'>;

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
