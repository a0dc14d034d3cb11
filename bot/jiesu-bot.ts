import type { BotTurnContext } from './dialog.ts';
import { TEXTS } from './texts.ts';
import type { Middleware } from './types.ts';

/** What the bot needs from the rest of Jiesu (filled in by the composition root). */
export interface BotServices {
  clock: () => Date;
}

const GREETING = /^(你好|您好|hi|hello|在吗|在不在|哈喽|嗨|早上好|下午好|晚上好)[!！。.～~]*$/i;
const HELP = /^(帮助|help|\?|？|菜单|你能做什么|你会什么|怎么用)[!！。.]*$/i;
const THANKS = /^(谢谢|多谢|感谢|好的谢谢|谢了|再见|拜拜)/;

/** The bot's turn logic: greets, helps, and says honestly what it cannot do yet. */
export function jiesuBot(_services: BotServices): Middleware<BotTurnContext> {
  return async function jiesuBot(ctx) {
    const a = ctx.activity;
    if (a.type !== 'message') return;
    const text = (a.text ?? '').trim();
    if (!text && a.attachments?.length) {
      await ctx.reply('已收到您的图片。请再用文字简单说明一下情况，我好为您处理。');
      return;
    }
    if (GREETING.test(text)) return ctx.reply(TEXTS.welcome, [...TEXTS.menu]);
    if (HELP.test(text)) return ctx.reply(TEXTS.help, [...TEXTS.menu]);
    if (THANKS.test(text)) return ctx.reply(TEXTS.thanks);
    await ctx.reply(TEXTS.notUnderstood, [...TEXTS.menu]);
  };
}
