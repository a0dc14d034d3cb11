/**
 * Text to terms: normalisation (full-width → half-width, case), synonym folding, jieba
 * words and character bigrams. Articles and questions go through the same function, so
 * whatever folding it does is symmetric.
 */
import { readFileSync } from 'node:fs';
import { tokenize } from '../../nlp/tokenizer.ts';

// === Normalisation

/** NFKC (full-width letters, digits and punctuation → ASCII), lower case, collapsed spaces. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

// === Synonyms

/** Synonym folding (both sides) and one-way query expansion. */
export interface SynonymTable {
  /** Rewrites occurrences of group members (longest first) to their group's head. */
  fold(normalized: string): string;
  /** The extra words a folded question implies (one-way rules), space-separated; '' for none. */
  expand(folded: string): string;
  /** The groups, head first, as read. */
  readonly groups: readonly (readonly string[])[];
}

/** A synonyms file is malformed (a word in two groups, …). */
export class SynonymFileError extends Error {
  readonly code = 'KB_BAD_SYNONYMS';
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One alternation, longest first, so "网上买" wins over "网上". */
const alternation = (words: Iterable<string>) =>
  new RegExp(
    [...words]
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
      .map(escapeRe)
      .join('|'),
    'g',
  );

/**
 * Parses a synonym list. One rule per line; `#` starts a comment.
 * - `网购 网上买 淘宝`: a group; every member is folded to the first, in articles and questions.
 *   A word may belong to one group only.
 * - `华为 苹果手机 > 手机`: one-way; a question with a word on the left also looks for the
 *   words on the right (at a lower weight). For broader terms and ambiguous words.
 */
export function parseSynonyms(source: string, where = 'synonyms.txt'): SynonymTable {
  const groups: string[][] = [];
  const headOf = new Map<string, { head: string; line: number }>();
  const oneWay: { line: number; from: string[]; to: string[] }[] = [];
  const words = (part: string) => [...new Set(part.trim().split(/\s+/).filter(Boolean).map(normalizeText))];
  source.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    if (line.includes('>')) {
      const [left = '', right = '', ...rest] = line.split('>');
      const from = words(left);
      const to = words(right);
      if (rest.length > 0 || from.length === 0 || to.length === 0)
        throw new SynonymFileError(`${where}:${i + 1}: 单向规则写成 “词 词 > 词 词”`);
      oneWay.push({ line: i + 1, from, to });
      return;
    }
    const members = words(line);
    if (members.length < 2) throw new SynonymFileError(`${where}:${i + 1}: 一组至少需要两个词`);
    const head = members[0]!;
    for (const m of members) {
      const prev = headOf.get(m);
      if (prev) throw new SynonymFileError(`${where}:${i + 1}: "${m}" 已在第 ${prev.line} 行的组中`);
      headOf.set(m, { head, line: i + 1 });
    }
    groups.push(members);
  });
  const rewrites = [...headOf.keys()].filter((m) => headOf.get(m)!.head !== m);
  const foldRe = rewrites.length > 0 ? alternation(rewrites) : undefined;
  const fold = (s: string) => (foldRe ? s.replace(foldRe, (m) => headOf.get(m)!.head) : s);

  // One-way rules match the folded question, so they are folded too.
  const targets = new Map<string, Set<string>>();
  for (const { from, to } of oneWay) {
    for (const f of from.map(fold)) {
      const set = targets.get(f) ?? new Set<string>();
      for (const t of to) set.add(fold(t));
      targets.set(f, set);
    }
  }
  const expandRe = targets.size > 0 ? alternation(targets.keys()) : undefined;
  const expand = (folded: string): string => {
    if (!expandRe) return '';
    const out = new Set<string>();
    for (const [m] of folded.matchAll(expandRe)) for (const t of targets.get(m)!) out.add(t);
    return [...out].join(' ');
  };
  return { fold, expand, groups };
}

/** Reads and parses a synonyms file. */
export function loadSynonyms(path: string | URL): SynonymTable {
  return parseSynonyms(readFileSync(path, 'utf8'), String(path).split('/').pop());
}

/** No synonyms at all. */
export const NO_SYNONYMS: SynonymTable = { fold: (s) => s, expand: () => '', groups: [] };

// === Terms

/** Marks a character bigram so it never collides with a two-character jieba word. */
const BIGRAM = '\u0002';
/** Marks a single Han character so it never collides with a one-character jieba word. */
const CHAR = '\u0003';
const HAN_RUN = /\p{Script=Han}+/gu;

/** The terms of a text: jieba words, and bigrams and characters (marked) of each run of Han characters. */
export interface Terms {
  words: string[];
  bigrams: string[];
  chars: string[];
}

/** Normalises, folds synonyms, and splits a text into words, character bigrams and characters. */
export function termsOf(text: string, synonyms: SynonymTable): Terms {
  return splitTerms(synonyms.fold(normalizeText(text)));
}

/** The terms of the words a question implies through one-way synonym rules. */
export function expansionTermsOf(text: string, synonyms: SynonymTable): Terms {
  return splitTerms(synonyms.expand(synonyms.fold(normalizeText(text))));
}

function splitTerms(folded: string): Terms {
  if (!folded) return { words: [], bigrams: [], chars: [] };
  const words = tokenize(folded);
  const bigrams: string[] = [];
  const chars: string[] = [];
  for (const [run] of folded.matchAll(HAN_RUN)) {
    for (let i = 0; i < run.length; i++) {
      chars.push(CHAR + run[i]);
      if (i + 1 < run.length) bigrams.push(BIGRAM + run.slice(i, i + 2));
    }
  }
  return { words, bigrams, chars };
}
