/**
 * The erasure request (删除我的个人信息 / 注销): asks for confirmation, then erases the
 * citizen's data from the desk and this conversation, and forgets everything about the
 * conversation except that it was erased.
 */
import type { BotTurnContext } from '../dialog.ts';
import { eraseCitizenData } from '../erasure.ts';
import { TEXTS } from '../texts.ts';
import { type BotDialog, citizenKey, frameOf, incoming, memory, setFrame } from './common.ts';
import type { BotServices } from './ports.ts';

/** The id of the erasure confirmation frame. */
export const ERASE = 'erase';

/** Asking for erasure in words. */
export const ERASE_WORDS =
  /^(删除|清除|注销)(我的)?(个人)?(信息|数据|资料|账号|账户)?[。!！.]*$|删除我的个人信息|删除个人信息|注销账[号户]/;

const CONFIRM = /^(确认删除|确认|确定|是的?|删除)[。!！.]*$/;

/** Clears the conversation data, keeping only the fact (and time) of the erasure. */
export function forgetConversation(ctx: BotTurnContext, at: Date): void {
  for (const k of Object.keys(ctx.conversation)) delete ctx.conversation[k];
  memory(ctx).erasedAt = at.toISOString();
}

/** Builds the erasure dialog over the bot's services. */
export function createEraseDialog(services: BotServices): BotDialog {
  const { store, desk, clock } = services;
  return {
    id: ERASE,

    async begin(ctx) {
      setFrame(ctx, ERASE, 'confirm', {});
      await ctx.reply(TEXTS.eraseAsk, [...TEXTS.eraseButtons]);
      return 'waiting';
    },

    async continue(ctx) {
      if (!frameOf(ctx, ERASE)) return 'done';
      const { text } = incoming(ctx);
      if (!CONFIRM.test(text)) {
        delete ctx.conversation.dialog;
        await ctx.reply(TEXTS.eraseCancelled);
        return 'done';
      }
      try {
        const result = await eraseCitizenData({ store, desk, ref: ctx.reference, citizenKey: citizenKey(ctx) });
        forgetConversation(ctx, clock());
        // The reply below is addressed through this turn's reference: without the name too.
        const user = ctx.reference.user;
        if (user) (ctx.reference as { user?: unknown }).user = { id: user.id, ...(user.role && { role: user.role }) };
        await ctx.reply(TEXTS.eraseDone(result.tickets));
      } catch (err) {
        ctx.log.error({ err }, 'erasure failed');
        delete ctx.conversation.dialog;
        await ctx.reply(TEXTS.eraseFailed, ['转人工']);
      }
      return 'done';
    },

    async cancel(ctx) {
      delete ctx.conversation.dialog;
      await ctx.reply(TEXTS.eraseCancelled);
    },
  };
}
