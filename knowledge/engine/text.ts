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

/** Folds every member of a synonym group to the group's first member. */
export interface SynonymTable {
  /** Rewrites occurrences of group members (longest first) to their group's head. */
  fold(normalized: string): string;
  /** The groups, head first, as read. */
  readonly groups: readonly (readonly string[])[];
}

/** A synonyms file is malformed (a word in two groups, …). */
export class SynonymFileError extends Error {
  readonly code = 'KB_BAD_SYNONYMS';
}

/**
 * Parses a synonym list: one group per line, members separated by spaces, the first the
 * head; `#` starts a comment. A member may not appear in two groups.
 */
export function parseSynonyms(source: string, where = 'synonyms.txt'): SynonymTable {
  const groups: string[][] = [];
  const headOf = new Map<string, { head: string; line: number }>();
  source.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const members = [...new Set(line.split(/\s+/).map(normalizeText))];
    if (members.length < 2) throw new SynonymFileError(`${where}:${i + 1}: 一组至少需要两个词`);
    const head = members[0]!;
    for (const m of members) {
      const prev = headOf.get(m);
      if (prev) throw new SynonymFileError(`${where}:${i + 1}: "${m}" 已在第 ${prev.line} 行的组中`);
      headOf.set(m, { head, line: i + 1 });
    }
    groups.push(members);
  });
  const rewrites = [...headOf].filter(([m, { head }]) => m !== head);
  if (rewrites.length === 0) return { fold: (s) => s, groups };
  // One alternation, longest member first, so "网上买" wins over "网上".
  const escaped = rewrites.map(([m]) => m).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const re = new RegExp(escaped.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return {
    fold: (s) => s.replace(re, (m) => headOf.get(m)!.head),
    groups,
  };
}

/** Reads and parses a synonyms file. */
export function loadSynonyms(path: string | URL): SynonymTable {
  return parseSynonyms(readFileSync(path, 'utf8'), String(path).split('/').pop());
}

/** No synonyms at all. */
export const NO_SYNONYMS: SynonymTable = { fold: (s) => s, groups: [] };

// === Terms

/** Marks a character bigram so it never collides with a two-character jieba word. */
const BIGRAM = '\u0002';
const HAN_RUN = /\p{Script=Han}+/gu;

/** The terms of a text: jieba words, and bigrams (marked) of each run of Han characters. */
export interface Terms {
  words: string[];
  bigrams: string[];
}

/** Normalises, folds synonyms, and splits a text into words and character bigrams. */
export function termsOf(text: string, synonyms: SynonymTable): Terms {
  const folded = synonyms.fold(normalizeText(text));
  const words = tokenize(folded);
  const bigrams: string[] = [];
  for (const [run] of folded.matchAll(HAN_RUN)) {
    for (let i = 0; i + 1 < run.length; i++) bigrams.push(BIGRAM + run.slice(i, i + 2));
  }
  return { words, bigrams };
}

/** True for a bigram term (as made by `termsOf`). */
export const isBigram = (term: string): boolean => term.startsWith(BIGRAM);

/** A term as people read it (bigram marker removed), for debugging output. */
export const showTerm = (term: string): string => (isBigram(term) ? `«${term.slice(1)}»` : term);
