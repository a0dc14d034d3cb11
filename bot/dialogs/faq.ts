/**
 * Questions (咨询): answers from the knowledge base with their legal basis, two titles to
 * choose from when unsure, an honest "no ready answer" otherwise (recorded as a gap), and
 * the 解决了 / 还有问题 feedback. A question never opens a ticket by itself.
 */
import type { Article, KbAnswer } from '../../knowledge/index.ts';
import type { BotTurnContext } from '../dialog.ts';
import { TEXTS } from '../texts.ts';
import { memory } from './common.ts';
import type { BotServices } from './ports.ts';

// Shown under 常见问题 when these articles exist (the most asked at the hotline).
const POPULAR = [
  'consumer-online-7day-return',
  'housing-rental-deposit-refund',
  'env-night-construction-hours',
  'labour-unpaid-wages',
  'labour-overtime-pay',
];

/** Feedback buttons under an answer. */
export const FEEDBACK = /^(解决了|已解决|有用|有帮助|还有问题|没解决|没有解决|不对)[。!！.]*$/;

/** Sends one article's answer: text, the basis line, and the feedback buttons; remembers it. */
export async function sendAnswer(ctx: BotTurnContext, answer: KbAnswer & { kind: 'answer' }, question: string): Promise<void> {
  memory(ctx).lastAnswer = { articleId: answer.article.id, question };
  await ctx.reply(answer.basis ? `${answer.text}\n\n${answer.basis}` : answer.text, answer.buttons);
}

/**
 * Answers a question from the knowledge base. With `onlyConfident`, nothing is said unless
 * an article fits well (for messages whose intent is unclear); returns whether it answered.
 */
export async function answerQuestion(
  ctx: BotTurnContext,
  services: BotServices,
  question: string,
  onlyConfident = false,
): Promise<boolean> {
  const { kb, clock } = services;
  const answer = await kb.answer(question);
  if (answer.kind === 'answer') {
    await sendAnswer(ctx, answer, question);
    return true;
  }
  if (onlyConfident) return false;
  delete memory(ctx).lastAnswer;
  if (answer.kind === 'suggest') {
    await kb.recordGap({ question, kind: 'suggest', ...(answer.candidates[0] && { articleId: answer.candidates[0].id }), at: clock() });
    await ctx.reply(answer.text, answer.buttons);
    return true;
  }
  await kb.recordGap({ question, kind: 'none', at: clock() });
  await ctx.reply(answer.text, answer.buttons);
  return true;
}

/** Answers the article whose title the citizen tapped (or typed exactly). */
export async function answerArticle(ctx: BotTurnContext, services: BotServices, article: Article): Promise<void> {
  const answer = services.kb.answerArticle(article);
  if (answer.kind === 'answer') await sendAnswer(ctx, answer, article.title);
}

/** 解决了 / 还有问题 on the answer just given (`last`). */
export async function feedback(
  ctx: BotTurnContext,
  services: BotServices,
  text: string,
  last: { articleId: string; question: string },
): Promise<void> {
  const positive = /^(解决了|已解决|有用|有帮助)/.test(text);
  if (positive) {
    await ctx.reply(TEXTS.feedbackThanks);
    return;
  }
  await services.kb.recordFeedback({
    question: last.question,
    articleId: last.articleId,
    feedback: text.replace(/[。!！.]+$/, ''),
    at: services.clock(),
  });
  await ctx.reply(TEXTS.feedbackSorry, ['我要投诉', '转人工']);
}

/** 常见问题: a few popular titles as buttons. */
export async function faqMenu(ctx: BotTurnContext, services: BotServices): Promise<void> {
  const { kb } = services;
  const titles = POPULAR.map((id) => kb.get(id)?.title).filter((t): t is string => !!t);
  const shown = titles.length
    ? titles
    : kb
        .list()
        .slice(0, 4)
        .map((a) => a.title);
  await ctx.reply(TEXTS.faqIntro, [...shown, '我要投诉', '转人工']);
}
