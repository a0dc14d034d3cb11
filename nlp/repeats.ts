/**
 * Repeats: a new complaint that repeats an open one of the same citizen (重复件), and
 * clusters of many citizens reporting the same place and problem (hot issues, 高频问题).
 * Similarity is the cosine of jieba word + character-bigram sets, helped by the topic
 * and the address parts that `analyze` extracted.
 */
import type { Address } from './entities.ts';
import { tokenize } from './tokenizer.ts';

/** A request as the repeat finder sees it (tickets or messages, from any store). */
export interface RepeatItem {
  id: string;
  citizenId?: string;
  text: string;
  /** The topic id or category the NLP gave it. */
  topic?: string;
  address?: Address;
  /** Only open items can be repeated by the same citizen. */
  open?: boolean;
}

/** A match with its similarity in [0, 1]. */
export interface RepeatMatch {
  id: string;
  similarity: number;
  samePlace: boolean;
  sameTopic: boolean;
}

/** A cluster of reports of one problem at one place. */
export interface HotIssue {
  place: string;
  topic?: string;
  ids: string[];
  citizens: number;
}

const STOP = new Set(
  '的 了 是 我 我们 你 你们 在 有 和 就 也 都 很 还 又 请 吗 呢 吧 啊 这 那 个 一个 没有 不 太 被 把 给 让 对 说 要 会 能 可以 什么 怎么 已经 现在 每天 一直'.split(
    ' ',
  ),
);

/** The features of a text for similarity (words without stop words, plus char bigrams). */
export function signature(text: string): Set<string> {
  const s = new Set<string>();
  for (const w of tokenize(text)) if (!STOP.has(w)) s.add(w);
  const chars = text.replace(/[\s\p{P}]/gu, '');
  for (let i = 0; i + 1 < chars.length; i++) s.add(`#${chars.slice(i, i + 2)}`);
  return s;
}

/** Cosine similarity of two feature sets. */
export function setSimilarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let inter = 0;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / Math.sqrt(a.size * b.size);
}

/** The most specific place key of an address (community beats street beats district). */
export function placeKey(a?: Address): string | undefined {
  if (!a) return undefined;
  if (a.community) return `${a.district ?? ''}${a.community}`;
  return a.street ? `${a.district ?? ''}${a.street}` : undefined;
}

function compare(item: RepeatItem, sig: Set<string>, other: RepeatItem, otherSig: Set<string>): RepeatMatch {
  const p1 = placeKey(item.address);
  const p2 = placeKey(other.address);
  return {
    id: other.id,
    similarity: setSimilarity(sig, otherSig),
    samePlace: !!p1 && p1 === p2,
    sameTopic: !!item.topic && item.topic === other.topic,
  };
}

/**
 * Finds what a new request repeats: `sameCitizen` are the citizen's open items on the same
 * matter (same topic and place, or similar text); `samePlace` are other citizens' items
 * on the same problem at the same place. Both sorted by similarity.
 */
export function findRepeats(
  item: RepeatItem,
  existing: RepeatItem[],
  opts: { textThreshold?: number; placeThreshold?: number } = {},
): { sameCitizen: RepeatMatch[]; samePlace: RepeatMatch[] } {
  const textThreshold = opts.textThreshold ?? 0.45;
  const placeThreshold = opts.placeThreshold ?? 0.2;
  const sig = signature(item.text);
  const sameCitizen: RepeatMatch[] = [];
  const samePlace: RepeatMatch[] = [];
  for (const other of existing) {
    if (other.id === item.id) continue;
    const m = compare(item, sig, other, signature(other.text));
    // Two requests with different known topics are different matters, however alike their wording.
    if (item.topic && other.topic && !m.sameTopic) continue;
    if (item.citizenId && other.citizenId === item.citizenId) {
      if (other.open !== false && (m.similarity >= textThreshold || (m.sameTopic && (m.samePlace || m.similarity >= placeThreshold))))
        sameCitizen.push(m);
    } else if (m.samePlace && (m.sameTopic || m.similarity >= placeThreshold)) {
      samePlace.push(m);
    }
  }
  const bySim = (a: RepeatMatch, b: RepeatMatch) => b.similarity - a.similarity;
  return { sameCitizen: sameCitizen.sort(bySim), samePlace: samePlace.sort(bySim) };
}

/** Groups items by place and topic; keeps groups reported by at least `minCitizens` citizens. */
export function hotIssues(items: RepeatItem[], opts: { minCitizens?: number } = {}): HotIssue[] {
  const minCitizens = opts.minCitizens ?? 3;
  const groups = new Map<string, { place: string; topic?: string; ids: string[]; citizens: Set<string> }>();
  for (const it of items) {
    const place = placeKey(it.address);
    if (!place) continue;
    const key = `${place}|${it.topic ?? ''}`;
    const g = groups.get(key) ?? { place, topic: it.topic, ids: [], citizens: new Set<string>() };
    g.ids.push(it.id);
    g.citizens.add(it.citizenId ?? it.id);
    groups.set(key, g);
  }
  return [...groups.values()]
    .filter((g) => g.citizens.size >= minCitizens)
    .map((g) => ({ place: g.place, topic: g.topic, ids: g.ids, citizens: g.citizens.size }))
    .sort((a, b) => b.citizens - a.citizens);
}
