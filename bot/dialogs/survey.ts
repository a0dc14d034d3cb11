/**
 * The follow-up survey (回访): the department's reply, then 问题解决了吗？ and 您对办理结果满意吗？;
 * records both with the desk, and offers 申请重新办理 when the citizen is not fully happy.
 * A message that is plainly something else (a new complaint, a question) makes the survey
 * step aside: it is asked again once that is dealt with.
 */
import { JiesuError } from '../../app/errors.ts';
import type { BotTurnContext, DialogResult } from '../dialog.ts';
import { TEXTS } from '../texts.ts';
import { type BotDialog, beijingTime, citizenActor, citizenKey, frameOf, incoming, memory, type SurveyArgs, setFrame } from './common.ts';
import type { BotServices } from './ports.ts';

/** The id of the survey dialog frame. */
export const SURVEY = 'survey';

type Step = 'solved' | 'satisfied' | 'reopen';

interface SurveyData extends SurveyArgs {
  /** Unclear answers so far in this step. */
  misses?: number;
}

// Strong words count at the start of a longer answer; short ones only on their own.
const END = String.raw`[了啊呀的吧哈。!！.～~\s]*$`;
const SOLVED_PLAIN = /^(没问题|没有问题)/;
const NOT_SOLVED = /^(未解决|没解决|没有解决|还没解决|还没有解决|没有|否|不是|还没)/;
const SOLVED = new RegExp(`^(已解决|已经解决|解决了|彻底解决)|^(解决|是|是的|对|嗯|好了|弄好了|修好了)${END}`);
const NOT_SATISFIED = /^(不满意|非常不满意|很不满意|不太满意|不怎么满意|很差|太差)|^(差|不好)[。!！.]*$/;
const SATISFIED = new RegExp(`^(满意|非常满意|很满意|比较满意|基本满意)|^(还行|可以|挺好|很好|好)${END}`);
const REOPEN = /^(申请重新办理|重新办理|重新处理|重办|要|需要|好的?|是的?)[。!！.]*$/;
const NO_REOPEN = /^(不用了?|不需要|不必了?|算了|不要了?)[。!！.]*$/;

/** Reads yes/no from an answer (no is checked first: 没有解决 contains 解决). */
function yesNo(text: string, no: RegExp, yes: RegExp): boolean | undefined {
  if (no === NOT_SOLVED && SOLVED_PLAIN.test(text)) return true;
  if (no.test(text)) return false;
  if (yes.test(text)) return true;
  return undefined;
}

/** Starts (or resumes) the survey of one ticket in this conversation. */
export async function startSurvey(ctx: BotTurnContext, args: SurveyArgs): Promise<void> {
  const step: Step = args.solved === undefined ? 'solved' : 'satisfied';
  const { misses: _m, ...data } = args as SurveyData;
  setFrame(ctx, SURVEY, step, data);
  const question = step === 'solved' ? TEXTS.surveySolved : TEXTS.surveySatisfied;
  const buttons = step === 'solved' ? TEXTS.solvedButtons : TEXTS.satisfiedButtons;
  if (args.resumed) {
    await ctx.reply(`另外，想跟您确认一下工单 ${args.ticketId} 的办理情况：${question}`, [...buttons]);
    return;
  }
  const opener = args.attempt === 2 ? '再次打扰您，' : '您好，';
  const who = args.department ? `承办单位（${args.department}）` : '承办单位';
  await ctx.send({ text: `${opener}您反映的工单 ${args.ticketId} 已办结，${who}答复：${args.reply}` });
  await ctx.reply(question, [...buttons]);
}

/** Builds the survey dialog over the bot's services. */
export function createSurveyDialog(services: BotServices): BotDialog {
  const { desk, nlp } = services;

  /** Steps aside for a message that is not an answer; it is asked again later. */
  function stepAside(ctx: BotTurnContext, d: SurveyData): 'pass' {
    delete ctx.conversation.dialog;
    const passes = (d.passes ?? 0) + 1;
    // Asked twice already: leave it to the desk's second attempt rather than nag.
    if (passes <= 1) {
      const { misses: _m, ...rest } = d;
      const m = memory(ctx);
      m.pendingSurveys = [{ ...rest, resumed: true, passes }, ...(m.pendingSurveys ?? []).filter((p) => p.ticketId !== d.ticketId)];
    }
    return 'pass';
  }

  /** An unclear answer: asked once more with the buttons, then the message is routed. */
  async function unclear(ctx: BotTurnContext, step: Step, d: SurveyData, text: string): Promise<DialogResult | 'pass'> {
    const { intent, confidence } = nlp.intent(text);
    const elsewhere = ['complaint', 'question', 'status', 'greeting', 'human'].includes(intent) && confidence >= 0.5;
    if (elsewhere || (d.misses ?? 0) >= 1) return stepAside(ctx, d);
    setFrame(ctx, SURVEY, step, { ...d, misses: (d.misses ?? 0) + 1 });
    const buttons = step === 'solved' ? TEXTS.solvedButtons : step === 'satisfied' ? TEXTS.satisfiedButtons : TEXTS.reopenButtons;
    await ctx.reply(TEXTS.surveyPick, [...buttons]);
    return 'waiting';
  }

  async function record(ctx: BotTurnContext, d: SurveyData, satisfied: boolean): Promise<DialogResult> {
    const solved = d.solved === true;
    try {
      const outcome = await desk.recordSurvey(d.ticketId, citizenKey(ctx), { solved, satisfied });
      if (!outcome.canReopen) {
        delete ctx.conversation.dialog;
        await ctx.reply(TEXTS.surveyThanks);
        return 'done';
      }
      setFrame(ctx, SURVEY, 'reopen', { ...d, misses: 0 });
      await ctx.reply(TEXTS.surveySorry, [...TEXTS.reopenButtons]);
      return 'waiting';
    } catch (err) {
      // Answered before, reopened meanwhile, or no longer this citizen's: nothing to record.
      if (err instanceof JiesuError && err.status >= 400 && err.status < 500) {
        delete ctx.conversation.dialog;
        await ctx.reply(TEXTS.surveyLater);
        return 'done';
      }
      throw err;
    }
  }

  async function reopen(ctx: BotTurnContext, d: SurveyData): Promise<DialogResult> {
    delete ctx.conversation.dialog;
    const key = citizenKey(ctx);
    try {
      const t = await desk.reopen(d.ticketId, citizenActor(key), '回访不满意，市民申请重新办理');
      await ctx.reply(
        `已为您申请重新办理。工单 ${t.id} 将重新派给承办单位处理，${beijingTime(t.deadlines.resolveBy)}前答复您。发送"查进度"可随时查看。`,
      );
    } catch (err) {
      if (!(err instanceof JiesuError && err.status >= 400 && err.status < 500)) throw err;
      await ctx.reply(`抱歉，工单 ${d.ticketId} 目前无法重新办理。如有新的问题，您可以点"我要投诉"重新提出。`, ['我要投诉', '转人工']);
    }
    return 'done';
  }

  return {
    id: SURVEY,

    async begin(ctx, args) {
      await startSurvey(ctx, args as unknown as SurveyArgs);
      return 'waiting';
    },

    async continue(ctx) {
      const frame = frameOf<SurveyData>(ctx, SURVEY);
      if (!frame) return 'done';
      const d = frame.data;
      const step = frame.step as Step;
      const { text } = incoming(ctx);
      if (!text) return unclear(ctx, step, d, text);
      if (step === 'solved') {
        const solved = yesNo(text, NOT_SOLVED, SOLVED);
        if (solved === undefined) return unclear(ctx, step, d, text);
        setFrame(ctx, SURVEY, 'satisfied', { ...d, solved, misses: 0 });
        await ctx.reply(TEXTS.surveySatisfied, [...TEXTS.satisfiedButtons]);
        return 'waiting';
      }
      if (step === 'satisfied') {
        const satisfied = yesNo(text, NOT_SATISFIED, SATISFIED);
        if (satisfied === undefined) return unclear(ctx, step, d, text);
        return record(ctx, d, satisfied);
      }
      if (REOPEN.test(text)) return reopen(ctx, d);
      if (NO_REOPEN.test(text)) {
        delete ctx.conversation.dialog;
        await ctx.reply(TEXTS.reopenDeclined);
        return 'done';
      }
      // The answers are recorded already; a new topic simply closes the offer.
      const { intent } = nlp.intent(text);
      if (intent !== 'other' || (d.misses ?? 0) >= 1) {
        delete ctx.conversation.dialog;
        return 'pass';
      }
      return unclear(ctx, step, d, text);
    },

    async cancel(ctx) {
      const step = frameOf<SurveyData>(ctx, SURVEY)?.step;
      delete ctx.conversation.dialog;
      await ctx.reply(step === 'reopen' ? TEXTS.reopenDeclined : TEXTS.surveyClosed);
    },
  };
}
