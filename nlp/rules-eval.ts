/**
 * Scores the rule-based parts (entities, urgency, intent) on the hand-written fixture sets in
 * `nlp/fixtures/`: precision and recall per entity type, per urgency kind, intent accuracy.
 */
import { readFileSync } from 'node:fs';
import { extractEntities } from './entities.ts';
import { detectIntent } from './intent.ts';
import { precisionRecall } from './metrics.ts';
import { detectUrgency } from './urgency.ts';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;

/** An entity fixture case: the text and what an annotator expects. */
export interface EntityCase {
  text: string;
  phones?: string[];
  district?: string;
  street?: string;
  community?: string;
  building?: string;
  dates?: string[];
  times?: string[];
  amounts?: number[];
  orgs?: string[];
  plates?: string[];
}

type PR = { precision: number; recall: number; f1: number };

const ENTITY_TYPES = ['phones', 'address', 'dates', 'times', 'amounts', 'orgs', 'plates'] as const;

/** Typed items of one case, e.g. "phones:13812345678", "address:district:朝阳区". */
function items(e: EntityCase): Record<(typeof ENTITY_TYPES)[number], string[]> {
  const addr = (['district', 'street', 'community', 'building'] as const).filter((k) => e[k]).map((k) => `${k}:${e[k]}`);
  return {
    phones: e.phones ?? [],
    address: addr,
    dates: e.dates ?? [],
    times: e.times ?? [],
    amounts: (e.amounts ?? []).map(String),
    orgs: e.orgs ?? [],
    plates: e.plates ?? [],
  };
}

/**
 * Precision/recall of `extractEntities` on a fixture, overall and per type: `entities.json`
 * (the rules were developed against it) or `entities-holdout.json` (written afterwards, not tuned on).
 */
export function scoreEntities(file = 'entities.json'): { n: number; overall: PR; perType: Record<string, PR> } {
  const cases = fixture<EntityCase[]>(file);
  const pairs: Record<string, Array<{ expected: string[]; got: string[] }>> = {};
  const all: Array<{ expected: string[]; got: string[] }> = [];
  for (const c of cases) {
    const got = extractEntities(c.text);
    const g = items({ text: c.text, ...got, ...got.address, amounts: got.amounts });
    const x = items(c);
    for (const t of ENTITY_TYPES) {
      pairs[t] ??= [];
      pairs[t].push({ expected: x[t], got: g[t] });
      all.push({ expected: x[t].map((v) => `${t}:${v}`), got: g[t].map((v) => `${t}:${v}`) });
    }
  }
  const perType: Record<string, PR> = {};
  for (const t of ENTITY_TYPES) perType[t] = precisionRecall(pairs[t]!);
  return { n: cases.length, overall: precisionRecall(all), perType };
}

/** Precision/recall of emergency detection (and accuracy of all kinds) on `urgency.json` (tuned on) or `urgency-holdout.json`. */
export function scoreUrgency(file = 'urgency.json'): {
  n: number;
  emergency: PR;
  accuracy: number;
  hotlineAccuracy: number;
  errors: string[];
} {
  const cases = fixture<Array<{ text: string; kind: string; hotline?: string }>>(file);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let right = 0;
  let hot = 0;
  let hotN = 0;
  const errors: string[] = [];
  for (const c of cases) {
    const u = detectUrgency(c.text);
    if (u.kind === c.kind) right++;
    else errors.push(`${c.kind}→${u.kind}: ${c.text}`);
    if (c.kind === 'emergency' && u.kind === 'emergency') tp++;
    else if (u.kind === 'emergency') fp++;
    else if (c.kind === 'emergency') fn++;
    if (c.hotline && u.kind === 'emergency') {
      hotN++;
      if (u.hotline === c.hotline) hot++;
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return {
    n: cases.length,
    emergency: { precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) },
    accuracy: right / cases.length,
    hotlineAccuracy: hotN ? hot / hotN : 1,
    errors,
  };
}

/** Accuracy of `detectIntent` on `intents.json` (tuned on) or `intents-holdout.json`. */
export function scoreIntents(file = 'intents.json'): { n: number; accuracy: number; errors: string[] } {
  const cases = fixture<Array<{ text: string; intent: string }>>(file);
  const errors: string[] = [];
  for (const c of cases) {
    const got = detectIntent(c.text).intent;
    if (got !== c.intent) errors.push(`${c.intent}→${got}: ${c.text}`);
  }
  return { n: cases.length, accuracy: 1 - errors.length / cases.length, errors };
}
