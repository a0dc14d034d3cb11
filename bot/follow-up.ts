/**
 * The desk's FollowUpSender: sends the department's reply and the survey on the citizen's
 * own channel through `runtime.continueConversation`.
 *
 * While a person holds the conversation (or the citizen waits for one), the survey is not
 * sent: the bot must not talk over an agent, and answers would go to the agent anyway. The
 * sender then rejects with SURVEY_DEFERRED, so the desk does not count it as asked and its
 * tick tries again later (after its claim expires, ~10 minutes). Handing a conversation
 * back to the bot therefore never triggers a survey by itself. While another dialog (an
 * intake) is open, the survey waits in the conversation data and is asked when it ends.
 */
import type { ConversationReference } from 'botframework-schema';
import { JiesuError } from '../app/errors.ts';
import type { FollowUpSender, SurveyTicket } from '../desk/index.ts';
import { memory, type SurveyArgs } from './dialogs/common.ts';
import { SURVEY, startSurvey } from './dialogs/survey.ts';
import type { BotRuntime } from './runtime.ts';

/** The code of the rejection when the survey waits for the agent to finish. */
export const SURVEY_DEFERRED = 'SURVEY_DEFERRED';

/** Creates the follow-up sender the desk calls when a ticket is closed (and 48 h later). */
export function createFollowUpSender({ runtime }: { runtime: Pick<BotRuntime, 'continueConversation'> }): FollowUpSender {
  return {
    async sendSurvey(ticket: SurveyTicket, attempt: 1 | 2) {
      const args: SurveyArgs = {
        ticketId: ticket.id,
        attempt,
        reply: ticket.reply,
        ...(ticket.department && { department: ticket.department }),
      };
      const reference = ticket.conversation as Partial<ConversationReference>;
      await runtime.continueConversation(reference, async (ctx) => {
        if (ctx.conversation.handoff) {
          throw new JiesuError(SURVEY_DEFERRED, '人工客服正在接待该市民，回访稍后再发', 409);
        }
        const m = memory(ctx);
        const others = (m.pendingSurveys ?? []).filter((p) => p.ticketId !== ticket.id);
        const open = ctx.conversation.dialog;
        const sameSurvey = open?.id === SURVEY && (open.data as { ticketId?: string }).ticketId === ticket.id;
        if (open && !sameSurvey) {
          m.pendingSurveys = [...others, args];
          return;
        }
        if (others.length) m.pendingSurveys = others;
        else delete m.pendingSurveys;
        await startSurvey(ctx, args);
      });
    },
  };
}
