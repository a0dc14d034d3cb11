/**
 * Ticket status (查进度): the citizen's own tickets, newest first, or one ticket by number —
 * only if it is theirs. Someone else's number gets the same answer as an unknown one.
 */
import type { PublicTicket, TicketStatus } from '../../desk/index.ts';
import type { BotTurnContext } from '../dialog.ts';
import { TEXTS } from '../texts.ts';
import { beijingTime, citizenKey } from './common.ts';
import type { BotServices } from './ports.ts';

/** A ticket number anywhere in a text: 20261127-0012. */
export const TICKET_NUMBER = /(?<!\d)(\d{8}-\d{4})(?!\d)/;
/** Asking for status in words. */
export const STATUS_WORDS =
  /^(查进度|查询进度|我的工单|工单进度|查工单|查询工单|进度查询|办理进度|我的投诉)|我的工单|查(一下|下)?(工单|进度)|工单.{0,4}(怎么样|进度|到哪)/;

const MAX_LISTED = 5;

// The desk's internal states, as a citizen would understand them.
const SHOWN: Record<TicketStatus, string> = {
  已受理: '已受理，待派单',
  已派单: '已派单',
  办理中: '办理中',
  已退单: '待重新派单',
  挂账: '办理中',
  已办结: '已办结',
  已回访: '已办结',
  已归档: '已办结',
  已合并: '已与同类工单合并办理',
};

const OPEN: readonly TicketStatus[] = ['已受理', '已派单', '办理中', '已退单', '挂账'];

function deadline(t: PublicTicket): string {
  return OPEN.includes(t.status) ? `${beijingTime(t.deadlines.resolveBy)}前答复` : t.closedAt ? `${beijingTime(t.closedAt)}办结` : '';
}

/** One line of the list: number｜status｜department｜deadline. */
function line(t: PublicTicket, n: number): string {
  return [`${n}. ${t.id}`, SHOWN[t.status], t.department ?? '待确定承办单位', deadline(t)].filter(Boolean).join('｜');
}

/** The details of one ticket. */
function details(t: PublicTicket): string {
  const lines = [`工单 ${t.id}`, `状态：${SHOWN[t.status]}`, `类别：${t.topic ? `${t.category}／${t.topic}` : t.category}`];
  lines.push(`承办单位：${t.department ?? '待确定'}`);
  if (OPEN.includes(t.status)) lines.push(`办理时限：${beijingTime(t.deadlines.resolveBy)}前`);
  if (t.reply) lines.push(`答复：${t.reply}`);
  if (t.mergedInto) lines.push(`已并入工单 ${t.mergedInto} 一并办理`);
  return lines.join('\n');
}

/** Answers a status request: one ticket when the text holds a number, else the list. */
export async function showStatus(ctx: BotTurnContext, services: BotServices, text: string): Promise<void> {
  const key = citizenKey(ctx);
  const number = TICKET_NUMBER.exec(text)?.[1];
  if (number) {
    const t = await services.desk.getForCitizen(number, key);
    await ctx.reply(t ? details(t) : TEXTS.ticketNotFound, t ? undefined : ['我的工单']);
    return;
  }
  const mine = await services.desk.listByCitizen(key);
  if (mine.length === 0) {
    await ctx.reply(TEXTS.noTickets, ['我要投诉']);
    return;
  }
  const shown = mine.slice(0, MAX_LISTED);
  const head = mine.length > MAX_LISTED ? `您共有${mine.length}件工单，最近${MAX_LISTED}件如下：` : '您的工单：';
  await ctx.reply([head, ...shown.map((t, i) => line(t, i + 1)), '发送工单号可查看详情。'].join('\n'));
}
