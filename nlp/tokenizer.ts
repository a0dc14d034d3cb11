import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

// Load dict.txt ourselves: '@node-rs/jieba/dict.js' also reads the 6 MB idf.txt at import.
const require = createRequire(import.meta.url);
const DICT_PATH = require.resolve('@node-rs/jieba/dict.txt');
const USER_DICT_PATH = new URL('./user-dict.txt', import.meta.url);

let jieba: Jieba | undefined;

/** The shared jieba instance with the hotline user dictionary loaded (built on first use). */
export function getJieba(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(readFileSync(DICT_PATH));
    jieba.loadDict(readFileSync(USER_DICT_PATH));
  }
  return jieba;
}

const WORDLIKE = /[\p{L}\p{N}]/u;

/** True when a token has a letter or digit; a char-code fast path for CJK and ASCII (the classifier's hot loop). */
function wordlike(w: string): boolean {
  const c = w.charCodeAt(0);
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return true;
  return WORDLIKE.test(w);
}

/** Segments text into words (jieba, HMM on), dropping whitespace and punctuation; Latin lowercased. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const w of getJieba().cut(text, true)) {
    if (wordlike(w)) out.push(w.toLowerCase());
  }
  return out;
}
