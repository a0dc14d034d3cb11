/**
 * The bot's turn logic: routes each message. Emergencies get the advice first, always;
 * 转人工 and 取消 interrupt any dialog; an open dialog (intake, survey, erasure) gets the
 * message next; otherwise commands, then the intent from nlp/ decide: answer from the
 * knowledge base, open an intake, report status, or queue for a person.
 */
import { detectUrgency } from '../nlp/index.ts';
import type { BotTurnContext } from './dialog.ts';
import { analyzeOnce, type BotDialog, CANCEL, incoming, memory } from './dialogs/common.ts';
import { createEraseDialog, ERASE_WORDS } from './dialogs/erase.ts';
import { answerArticle, answerQuestion, FEEDBACK, faqMenu, feedback } from './dialogs/faq.ts';
import { requestHandoff } from './dialogs/handoff.ts';
import { createIntakeDialog } from './dialogs/intake.ts';
import type { BotServices, Urgency } from './dialogs/ports.ts';
import { STATUS_WORDS, showStatus, TICKET_NUMBER } from './dialogs/status.ts';
import { createSurveyDialog, startSurvey } from './dialogs/survey.ts';
import { TEXTS } from './texts.ts';
import type { Middleware } from './types.ts';

export type { BotServices } from './dialogs/ports.ts';

const GREETING = /^(你好|您好|hi|hello|在吗|在不在|哈喽|嗨|早上好|下午好|晚上好)[!！。.～~]*$/i;
const HELP = /^(帮助|help|\?|？|菜单|你能做什么|你会什么|怎么用|功能)[!！。.]*$/i;
const HUMAN = /^(转人工|人工|人工客服|人工服务|转人工客服|找人工|我要人工|要人工|接人工|真人|找客服)[!！。.]*$/;
const COMPLAIN = /^(我要投诉|我想投诉|投诉|我要反映|我想反映|反映问题|我要举报|举报|我要求助|求助|我要报修|报修)[!！。.]*$/;
const FAQ = /^(常见问题|热点问题|政策咨询|咨询)[!！。.]*$/;
const CONFIRM_AGAIN = /^确认提交[!！。.]*$/;
const SURVEY_BUTTONS = new Set<string>([...TEXTS.solvedButtons, ...TEXTS.satisfiedButtons, ...TEXTS.reopenButtons]);

// Buttons and short commands: never an emergency, and not worth keeping as "what they said".
const BUTTONS = new Set<string>([
  ...TEXTS.menu,
  ...TEXTS.editFields,
  ...TEXTS.eraseButtons,
  ...SURVEY_BUTTONS,
  TEXTS.confirm,
  TEXTS.edit,
  TEXTS.cancel,
  TEXTS.declinePhone,
  TEXTS.noPlace,
  '解决了',
  '还有问题',
  '我的工单',
]);

/** What to say first in an emergency: whom to call, at once. */
function emergencyAdvice(u: Urgency): string {
  const call = u.advice?.trim() || (u.hotline ? `情况紧急，请立即拨打${u.hotline}求助！` : TEXTS.emergencyDefault);
  return `${call}\n${TEXTS.emergencyThen}`;
}

/**
 * Emergency advice for a text, or undefined (for the handoff gate: emergencies never wait
 * for a person). Only the urgency rules run, not the classifier: the gate needs no category.
 */
export function emergencyAdviceOf(text: string): string | undefined {
  const urgency = detectUrgency(text);
  return urgency.kind === 'emergency' ? emergencyAdvice(urgency) : undefined;
}

/** The bot: the router over the dialogs (see the module comment for the order of things). */
export function jiesuBot(services: BotServices): Middleware<BotTurnContext> {
  const { nlp, kb } = services;
  const intake = createIntakeDialog(services);
  const dialogs = new Map<string, BotDialog>([intake, createSurveyDialog(services), createEraseDialog(services)].map((d) => [d.id, d]));
  const erase = dialogs.get('erase')!;

  async function route(ctx: BotTurnContext): Promise<void> {
    const inc = incoming(ctx);
    const text = inc.text;
    const m = memory(ctx);
    const lastAnswer = m.lastAnswer;
    // Feedback is about the answer just given, not one from long ago.
    delete m.lastAnswer;

    const open = ctx.conversation.dialog;
    const dialog = open ? dialogs.get(open.id) : undefined;
    if (open && !dialog) delete ctx.conversation.dialog; // a frame from an older version

    const typed = text !== '' && !BUTTONS.has(text);
    if (typed && !HUMAN.test(text) && !CANCEL.test(text)) m.lastText = text;

    // 1. An emergency gets the advice before anything else.
    let urgent = false;
    if (typed) {
      const { urgency } = analyzeOnce(nlp, ctx, text);
      if (urgency.kind === 'emergency') {
        urgent = true;
        await ctx.reply(emergencyAdvice(urgency));
      }
    }

    // 2. Interrupts: a person, or leaving the open dialog.
    if (HUMAN.test(text)) return requestHandoff(ctx, services);
    if (dialog && CANCEL.test(text)) return dialog.cancel(ctx);

    // 3. The open dialog, unless it steps aside.
    if (dialog && (await dialog.continue(ctx)) !== 'pass') return;

    // 4. A new conversation thread.
    if (urgent) {
      await intake.begin(ctx, { text, urgent: true });
      return;
    }
    if (!text) {
      // A photo or a location on its own starts a report about it.
      if (inc.files.length || inc.location) await intake.begin(ctx, {});
      return;
    }
    if (HELP.test(text)) return ctx.reply(TEXTS.help, [...TEXTS.menu]);
    if (GREETING.test(text)) return ctx.reply(TEXTS.welcome, [...TEXTS.menu]);
    if (COMPLAIN.test(text)) {
      await intake.begin(ctx, { text });
      return;
    }
    if (ERASE_WORDS.test(text)) {
      await erase.begin(ctx);
      return;
    }
    if (TICKET_NUMBER.test(text) || STATUS_WORDS.test(text)) return showStatus(ctx, services, text);
    if (FAQ.test(text)) return faqMenu(ctx, services);
    if (lastAnswer && FEEDBACK.test(text)) return feedback(ctx, services, text, lastAnswer);
    const article = kb.byTitle(text);
    if (article) return answerArticle(ctx, services, article);
    if (CONFIRM_AGAIN.test(text) && m.lastTicket) return ctx.reply(TEXTS.alreadySubmitted(m.lastTicket.id));
    if (SURVEY_BUTTONS.has(text)) return ctx.reply(TEXTS.noSurvey);
    if (CANCEL.test(text)) return ctx.reply(TEXTS.ok);

    // 5. What the citizen means.
    const { intent, confidence } = nlp.intent(text);
    switch (intent) {
      case 'greeting':
        return ctx.reply(TEXTS.welcome, [...TEXTS.menu]);
      case 'question':
        await answerQuestion(ctx, services, text);
        return;
      case 'complaint':
        // An unsure complaint that the knowledge base answers well is taken as a question.
        if (confidence < 0.5 && (await answerQuestion(ctx, services, text, true))) return;
        await intake.begin(ctx, { text });
        return;
      case 'status':
        return showStatus(ctx, services, text);
      case 'human':
        return requestHandoff(ctx, services);
      case 'thanks':
        return ctx.reply(TEXTS.thanks);
      case 'cancel':
        return ctx.reply(TEXTS.ok);
      case 'survey_answer':
        return ctx.reply(TEXTS.noSurvey);
      default:
        if (await answerQuestion(ctx, services, text, true)) return;
        return ctx.reply(TEXTS.notUnderstood, [...TEXTS.menu]);
    }
  }

  /** A survey that arrived during another dialog is asked once that dialog is over. */
  async function resumeSurvey(ctx: BotTurnContext): Promise<void> {
    const m = memory(ctx);
    if (ctx.conversation.dialog || ctx.conversation.handoff || !m.pendingSurveys?.length) return;
    const [next, ...rest] = m.pendingSurveys;
    if (rest.length) m.pendingSurveys = rest;
    else delete m.pendingSurveys;
    if (next) await startSurvey(ctx, next);
  }

  return async function jiesuBot(ctx) {
    if (ctx.activity.type !== 'message') return;
    await route(ctx);
    await resumeSurvey(ctx);
  };
}
