/**
 * Hashed sparse text features: character n-grams and jieba words, TF-IDF weighted and
 * L2-normalised. Hashing (no vocabulary) keeps classification allocation-light and fast —
 * an n-gram's bucket is computed from char codes without building the substring — and
 * makes the model file a few flat Float32Arrays.
 */
import { tokenize } from './tokenizer.ts';

// === Types

/** What to extract from a text; stored in the model file so training and use agree. */
export interface FeatureSpec {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Character n-gram orders, inclusive. */
  charMin: number;
  charMax: number;
  /** Add jieba word unigrams (and bigrams when `wordBigrams`). */
  words: boolean;
  wordBigrams: boolean;
  /** 1 + ln(tf) instead of raw counts. */
  sublinear: boolean;
  /** Replace every digit with 0 and lowercase Latin, so numbers generalise. */
  normalize: boolean;
  /** Weight of the word block relative to the char block (each is L2-normalised first). */
  wordWeight: number;
}

/** A sparse vector: sorted unique indices with their values. */
export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

// === Hashing

const SEED_CHAR = 0x9747b28c;
const SEED_WORD = 0x1b873593;
const SEED_BIGRAM = 0x5bd1e995;

/** murmur3 finaliser: spreads the FNV state over all bits before masking. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

/** Normalises text before n-gram extraction: digits → 0, Latin lowercase, whitespace dropped. */
export function normalizeText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) out += '0';
    else if (c >= 0xff10 && c <= 0xff19)
      out += '0'; // full-width digits
    else if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000) continue;
    else out += text[i];
  }
  return out;
}

// === Extraction

// Reused scratch buffer: classification runs one text at a time on one thread.
let scratch = new Int32Array(4096);

function push(n: number, v: number): number {
  if (n >= scratch.length) {
    const bigger = new Int32Array(scratch.length * 2);
    bigger.set(scratch);
    scratch = bigger;
  }
  scratch[n] = v;
  return n + 1;
}

/** Sorts the first n buckets and turns them into (index, count) pairs. */
function countSorted(n: number): { idx: Int32Array; cnt: Float32Array } {
  const a = scratch.subarray(0, n);
  a.sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (i === 0 || a[i] !== a[i - 1]) u++;
  const idx = new Int32Array(u);
  const cnt = new Float32Array(u);
  let j = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || a[i] !== a[i - 1]) idx[++j] = a[i]!;
    cnt[j]! += 1;
  }
  return { idx, cnt };
}

function charCounts(s: string, spec: FeatureSpec): { idx: Int32Array; cnt: Float32Array } {
  const mask = (1 << spec.bits) - 1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let h = SEED_CHAR;
    for (let k = 0; k < spec.charMax && i + k < s.length; k++) {
      h = Math.imul(h ^ s.charCodeAt(i + k), 16777619);
      if (k + 1 >= spec.charMin) n = push(n, fmix(h) & mask);
    }
  }
  return countSorted(n);
}

function wordCounts(words: string[], spec: FeatureSpec): { idx: Int32Array; cnt: Float32Array } {
  const mask = (1 << spec.bits) - 1;
  let n = 0;
  let prev = 0;
  for (let i = 0; i < words.length; i++) {
    const h = hashString(words[i]!, SEED_WORD);
    n = push(n, fmix(h) & mask);
    if (spec.wordBigrams && i > 0) n = push(n, fmix(Math.imul(prev ^ SEED_BIGRAM, 31) ^ h) & mask);
    prev = h;
  }
  return countSorted(n);
}

/** Raw term counts of a text: the char block and (optionally) the word block. */
export function termCounts(text: string, spec: FeatureSpec): Array<{ idx: Int32Array; cnt: Float32Array }> {
  // Words are cut from the normalised text too: digits are already folded to 0.
  const s = spec.normalize ? normalizeText(text) : text;
  const blocks = [charCounts(s, spec)];
  if (spec.words) blocks.push(wordCounts(tokenize(s), spec));
  return blocks;
}

/** Counts documents per bucket (for IDF). */
export function documentFrequency(docs: Array<Array<{ idx: Int32Array }>>, bits: number): Float32Array {
  const df = new Float32Array(1 << bits);
  for (const blocks of docs) for (const b of blocks) for (let i = 0; i < b.idx.length; i++) df[b.idx[i]!]! += 1;
  return df;
}

/** Smooth IDF as scikit-learn computes it: ln((1 + n) / (1 + df)) + 1. */
export function idfFromDf(df: Float32Array, nDocs: number): Float32Array {
  const idf = new Float32Array(df.length);
  for (let i = 0; i < df.length; i++) idf[i] = Math.log((1 + nDocs) / (1 + df[i]!)) + 1;
  return idf;
}

/** TF-IDF weights each block, L2-normalises it, scales it, and merges the blocks. */
export function vectorize(blocks: Array<{ idx: Int32Array; cnt: Float32Array }>, idf: Float32Array, spec: FeatureSpec): SparseVec {
  const parts: SparseVec[] = [];
  blocks.forEach((b, bi) => {
    const val = new Float32Array(b.idx.length);
    let norm = 0;
    for (let i = 0; i < b.idx.length; i++) {
      const tf = spec.sublinear ? 1 + Math.log(b.cnt[i]!) : b.cnt[i]!;
      const v = tf * idf[b.idx[i]!]!;
      val[i] = v;
      norm += v * v;
    }
    const scale = (bi === 0 ? 1 : spec.wordWeight) / (Math.sqrt(norm) || 1);
    for (let i = 0; i < val.length; i++) val[i]! *= scale;
    parts.push({ idx: b.idx, val });
  });
  if (parts.length === 1) return parts[0]!;
  // Blocks share the bucket space; a collision between them simply adds up.
  const total = parts.reduce((s, p) => s + p.idx.length, 0);
  const idx = new Int32Array(total);
  const val = new Float32Array(total);
  let o = 0;
  for (const p of parts) {
    idx.set(p.idx, o);
    val.set(p.val, o);
    o += p.idx.length;
  }
  return { idx, val };
}
