/**
 * From a search result to what the citizen reads: an answer with its legal basis when
 * confident, otherwise the two closest articles to choose from, otherwise an offer to
 * file a complaint or talk to a person. Never a guess, and never a ticket by itself.
 */
import { type Article, basisLine } from './article.ts';
import type { SearchResult } from './retriever.ts';

/** Buttons under an answer. */
export const ANSWER_BUTTONS = ['解决了', '还有问题', '我要投诉', '转人工'] as const;
/** Buttons offering the two ways on when nothing fits. */
export const FALLBACK_BUTTONS = ['我要投诉', '转人工'] as const;
/** Feedback that means the answer did not help (recorded as a gap for that article). */
export const NEGATIVE_FEEDBACK: readonly string[] = ['还有问题', '没解决', '没有解决', '不对'];

/** Confidence thresholds: answer at or above `answer`, suggest at or above `suggest`, else none. */
export interface Thresholds {
  answer: number;
  suggest: number;
  /**
   * Never answer when the runner-up scores within this share of the leader (a near tie:
   * the KB cannot tell which article is meant, so it offers both). Default 0.05.
   */
  minLead?: number;
}

const DEFAULT_MIN_LEAD = 0.05;

/** Answer at P ≥ 0.8 (a wrong answer costs four right ones); suggest from the `kb eval --cv` fit. */
export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.8, suggest: 0.347 };

/** What the bot says to a question. */
export type KbAnswer =
  | {
      kind: 'answer';
      article: Article;
      confidence: number;
      /** The article's body. */
      text: string;
      /** "依据：《…》第…条"; '' when the article cites nothing. Send it after `text`. */
      basis: string;
      buttons: string[];
    }
  | {
      kind: 'suggest';
      /** The closest articles (at most two), best first. */
      candidates: Article[];
      confidence: number;
      text: string;
      /** The candidates' titles, then 我要投诉 and 转人工. */
      buttons: string[];
    }
  | { kind: 'none'; text: string; buttons: string[] };

const SUGGEST_TEXT = '您是想问以下哪个问题？请点选。如果都不是，可以直接说明情况，我帮您提交诉求，或者为您转人工。';
const NONE_TEXT = '抱歉，这个问题我暂时没有准确的答案。您可以点“我要投诉”把情况告诉我们，我们会转给相关部门办理；也可以转人工客服。';

/** The answer built from one article (also used when the citizen taps a suggested title). */
export function answerFrom(article: Article, confidence = 1): KbAnswer & { kind: 'answer' } {
  return {
    kind: 'answer',
    article,
    confidence,
    text: article.body,
    basis: basisLine(article.legal_basis),
    buttons: [...ANSWER_BUTTONS],
  };
}

/** Decides between answer, suggestion and nothing. */
export function decide(result: SearchResult, thresholds: Thresholds): KbAnswer {
  const [first] = result.hits;
  if (!first || result.confidence < thresholds.suggest) return { kind: 'none', text: NONE_TEXT, buttons: [...FALLBACK_BUTTONS] };
  const second = result.hits[1]?.score ?? 0;
  const lead = first.score > 0 ? (first.score - second) / first.score : 0;
  if (result.confidence >= thresholds.answer && lead >= (thresholds.minLead ?? DEFAULT_MIN_LEAD)) {
    return answerFrom(first.article, result.confidence);
  }
  const candidates = result.hits.slice(0, 2).map((h) => h.article);
  return {
    kind: 'suggest',
    candidates,
    confidence: result.confidence,
    text: SUGGEST_TEXT,
    buttons: [...candidates.map((a) => a.title), ...FALLBACK_BUTTONS],
  };
}
