/**
 * Gaps: questions the knowledge base answered badly or not at all, kept in an append-only
 * Store log (personal data masked) and listed most frequent first for the editors.
 */
import { maskText } from '../../app/privacy.ts';
import type { Store } from '../../store/types.ts';
import { normalizeText } from './text.ts';

/** The Store log stream the gaps go to. */
export const GAP_STREAM = 'kb:gaps';

/** Why a question is a gap: no answer, only suggestions, or the citizen said it did not help. */
export type GapKind = 'none' | 'suggest' | 'bad_feedback';

/** One gap event, as recorded by the bot. */
export interface GapEvent {
  question: string;
  kind: GapKind;
  /** The article answered (bad_feedback) or the best candidate (suggest). */
  articleId?: string;
  /** The citizen's feedback, e.g. '还有问题'. */
  feedback?: string;
  /** When it happened (from the injected clock). */
  at: Date;
}

/** A stored gap event (question masked, time as ISO text). */
interface StoredGap {
  question: string;
  key: string;
  kind: GapKind;
  articleId?: string;
  feedback?: string;
  at: string;
}

/** One line of the gap report: a question (and its near-duplicates) with how often it came. */
export interface GapSummary {
  /** The most recent wording (masked). */
  question: string;
  count: number;
  lastSeen: string;
  kinds: Record<GapKind, number>;
  /** Articles involved (answered with bad feedback, or suggested). */
  articleIds: string[];
  /** Other wordings merged into this line (masked, at most 5). */
  variants: string[];
}

// Particles and fillers that do not change what is asked.
const FILLER = /[吗呢啊呀吧哈啦嘛哦噢喔]+$|^(?:请问|你好|您好|问一下|咨询一下|我想问一下|我想问|想问一下|想问)+/g;

/** The grouping key of a question: normalised, no punctuation, no polite fillers. */
export function gapKey(question: string): string {
  let s = normalizeText(question).replace(/[^\p{L}\p{N}]+/gu, '');
  for (let i = 0; i < 3; i++) s = s.replace(FILLER, '');
  return s;
}

const bigramSet = (s: string): Set<string> => {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  if (s.length === 1) out.add(s);
  return out;
};

const jaccard = (a: Set<string>, b: Set<string>): number => {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
};

/** Appends one gap event (question masked). */
export async function recordGap(store: Store, event: GapEvent): Promise<void> {
  const question = maskText(event.question.trim()).slice(0, 500);
  const stored: StoredGap = { question, key: gapKey(question), kind: event.kind, at: event.at.toISOString() };
  if (event.articleId) stored.articleId = event.articleId;
  if (event.feedback) stored.feedback = maskText(event.feedback).slice(0, 200);
  await store.append(GAP_STREAM, stored);
}

/** Options of `listGaps`. */
export interface ListGapsOptions {
  /** At most this many lines (default 20). */
  limit?: number;
  /** Only events at or after this time. */
  since?: Date;
  /** Merge wordings whose character-bigram Jaccard is at least this (default 0.6; 1 = exact keys only). */
  similarity?: number;
}

/** Groups gap events by question (and near-duplicates), most frequent first. */
export async function listGaps(store: Store, { limit = 20, since, similarity = 0.6 }: ListGapsOptions = {}): Promise<GapSummary[]> {
  const entries = await store.read<StoredGap>(GAP_STREAM);
  const sinceIso = since?.toISOString();
  // Exact keys first.
  const byKey = new Map<string, StoredGap[]>();
  for (const { item } of entries) {
    if (sinceIso && item.at < sinceIso) continue;
    if (!item.key) continue;
    const list = byKey.get(item.key) ?? [];
    list.push(item);
    byKey.set(item.key, list);
  }
  // Then near-duplicates, greedily into the most frequent key seen so far.
  const keys = [...byKey.keys()].sort((a, b) => byKey.get(b)!.length - byKey.get(a)!.length || (a < b ? -1 : 1));
  const clusters: { sig: Set<string>; items: StoredGap[]; keys: string[] }[] = [];
  for (const key of keys) {
    const sig = bigramSet(key);
    const home = similarity < 1 ? clusters.find((c) => jaccard(c.sig, sig) >= similarity) : undefined;
    if (home) {
      home.items.push(...byKey.get(key)!);
      home.keys.push(key);
    } else clusters.push({ sig, items: [...byKey.get(key)!], keys: [key] });
  }
  const summaries = clusters.map(({ items }): GapSummary => {
    const sorted = [...items].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    const kinds: Record<GapKind, number> = { none: 0, suggest: 0, bad_feedback: 0 };
    for (const it of items) kinds[it.kind]++;
    const head = sorted[0]!;
    const variants = [...new Set(sorted.map((it) => it.question))].filter((q) => q !== head.question).slice(0, 5);
    return {
      question: head.question,
      count: items.length,
      lastSeen: head.at,
      kinds,
      articleIds: [...new Set(items.flatMap((it) => (it.articleId ? [it.articleId] : [])))].sort(),
      variants,
    };
  });
  summaries.sort((a, b) => b.count - a.count || (a.lastSeen < b.lastSeen ? 1 : -1));
  return summaries.slice(0, Math.max(0, limit));
}
