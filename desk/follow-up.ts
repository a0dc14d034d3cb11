/**
 * Follow-up (回访): after a ticket is closed the citizen gets the reply and two questions;
 * no answer in 48 h → asked once more; another 48 h → 未回访. `tick` is idempotent and safe
 * to run on several instances at once (a Store claim per ticket and attempt).
 */
import { forbidden, JiesuError } from '../app/errors.ts';
import { type DeskContext, SYSTEM } from './context.ts';
import { surveyScore } from './ticket-state.ts';
import type { PublicTicket, SurveyAnswers, Ticket, TicketEvent } from './types.ts';
import { publicView } from './views.ts';

/** Time the citizen has to answer before the second ask, and again before 未回访. */
export const FOLLOW_UP_WAIT_MS = 48 * 3_600_000;
// A claim outlives any send; if a send fails, the next tick after this retries.
const CLAIM_TTL_MS = 10 * 60_000;

/** What one tick did. */
export interface TickResult {
  /** Surveys sent (first and second asks). */
  sent: number;
  /** Tickets recorded as 未回访. */
  unanswered: number;
}

/** The outcome of a survey answer. */
export interface SurveyOutcome {
  ticket: PublicTicket;
  score: number;
  /** True when the citizen was not fully happy: offer to reopen. */
  canReopen: boolean;
}

type Step = { kind: 'ask'; attempt: 1 | 2 } | { kind: 'unanswered' } | undefined;

/** What the follow-up of a closed ticket needs next at `now`. */
function nextStep(t: Ticket, now: Date): Step {
  if (t.status !== '已办结') return undefined;
  const { state, attempts, lastAskedAt } = t.followUp;
  if (state === 'answered' || state === 'unanswered') return undefined;
  if (attempts === 0) return { kind: 'ask', attempt: 1 };
  const waited = lastAskedAt ? now.getTime() - Date.parse(lastAskedAt) : 0;
  if (waited < FOLLOW_UP_WAIT_MS) return undefined;
  return attempts === 1 ? { kind: 'ask', attempt: 2 } : { kind: 'unanswered' };
}

const isConflict = (err: unknown) => err instanceof JiesuError && err.status === 409;

/** Runs the next follow-up step of one ticket, if due; returns what it did. */
export async function followUpTicket(ctx: DeskContext, t: Ticket, now: Date): Promise<'sent' | 'unanswered' | undefined> {
  const step = nextStep(t, now);
  if (!step) return undefined;
  const stage = step.kind === 'ask' ? `ask${step.attempt}` : 'unanswered';
  // The round (how often closed) keeps claims of a reopened ticket apart from the first round.
  if (!(await ctx.store.claim(`followup:${t.id}:${t.reopened}:${stage}`, CLAIM_TTL_MS))) return undefined;
  const at = now.toISOString();
  const record = async (make: (cur: Ticket) => TicketEvent) => {
    try {
      await ctx.log.append(t.id, make);
      return true;
    } catch (err) {
      // The citizen answered (or someone reopened) in between: nothing left to do.
      if (isConflict(err)) return false;
      throw err;
    }
  };
  const unchanged = (cur: Ticket) => {
    if (cur.followUp.attempts !== t.followUp.attempts || cur.followUp.state !== t.followUp.state || cur.reopened !== t.reopened) {
      throw new JiesuError('FOLLOW_UP_MOVED', '回访状态已变化', 409);
    }
  };
  const contact = await ctx.log.contact(t.id);
  if (step.kind === 'unanswered' || !contact?.conversation || !contact.citizen.reachable || !t.reply) {
    const reason = step.kind === 'unanswered' ? '两次回访均未获答复' : '无法通过原渠道联系市民';
    const ok = await record((cur) => {
      unchanged(cur);
      return { type: '未回访', at, actor: SYSTEM, reason, data: {} };
    });
    return ok ? 'unanswered' : undefined;
  }
  await ctx.followUp.sendSurvey(
    {
      ...publicView(t),
      reply: t.publicReply ?? t.reply,
      citizenKey: contact.citizen.key,
      ...(contact.channelId !== undefined && { channelId: contact.channelId }),
      conversation: contact.conversation,
    },
    step.attempt,
  );
  const ok = await record((cur) => {
    unchanged(cur);
    return { type: '回访发起', at, actor: SYSTEM, data: { attempt: step.attempt } };
  });
  return ok ? 'sent' : undefined;
}

/** Runs every due follow-up step (call every minute). */
export async function tick(ctx: DeskContext, now: Date): Promise<TickResult> {
  const result: TickResult = { sent: 0, unanswered: 0 };
  for (const t of await ctx.log.find({ status: '已办结' })) {
    try {
      const did = await followUpTicket(ctx, t, now);
      if (did === 'sent') result.sent++;
      if (did === 'unanswered') result.unanswered++;
    } catch (err) {
      // One failing channel must not stop the follow-up of other tickets. A deferral (a
      // person holds the conversation) is expected and retried the same way.
      if ((err as { code?: string }).code === 'SURVEY_DEFERRED')
        ctx.logger?.info({ ticket: t.id }, 'follow-up deferred; retried after the claim expires');
      else ctx.logger?.error({ err, ticket: t.id }, 'follow-up failed; retried after the claim expires');
    }
  }
  return result;
}

/** Records the citizen's answers; only the ticket's own citizen may answer. */
export async function recordSurvey(ctx: DeskContext, id: string, citizenKey: string, answers: SurveyAnswers): Promise<SurveyOutcome> {
  if (typeof answers?.solved !== 'boolean' || typeof answers?.satisfied !== 'boolean') {
    throw new JiesuError('BAD_SURVEY', '回访答案须包含 solved 与 satisfied（是/否）', 400);
  }
  await ctx.log.get(id);
  const contact = await ctx.log.contact(id);
  if (!contact || contact.citizen.key !== citizenKey) throw forbidden('只有提出诉求的市民本人可以评价该工单', 'NOT_YOUR_TICKET');
  const score = surveyScore(answers.solved, answers.satisfied);
  const t = await ctx.log.append(id, () => ({
    type: '已回访',
    at: ctx.clock().toISOString(),
    actor: { id: citizenKey, role: 'citizen', name: '市民' },
    data: { solved: answers.solved, satisfied: answers.satisfied, score },
  }));
  return { ticket: publicView(t), score, canReopen: score < 1 };
}
