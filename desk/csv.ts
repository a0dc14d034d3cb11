/**
 * CSV export of tickets for managers: personal data masked (139****5678, 张*), UTF-8 with
 * a BOM so Excel opens the Chinese correctly, CRLF line ends (RFC 4180).
 */
import { shanghaiIso } from './deadlines.ts';
import { maskName, maskPhone, scrubText } from '../app/privacy.ts';
import type { ContactRecord } from './ticket-log.ts';
import type { Ticket } from './types.ts';

const URGENCY: Record<Ticket['urgency'], string> = { emergency: '紧急', epidemic: '疫情', enterprise: '企业', normal: '一般' };

const COLUMNS = [
  '工单编号',
  '状态',
  '渠道',
  '类别',
  '细类',
  '承办单位',
  '紧急程度',
  '区域',
  '诉求内容',
  '地点',
  '联系人',
  '联系电话',
  '受理时间',
  '响应时限',
  '办结时限',
  '响应时间',
  '办结时间',
  '办理结果',
  '退单次数',
  '是否解决',
  '是否满意',
  '评分',
] as const;

/** One CSV cell: quoted when needed; a leading = + - @ is defused so Excel runs no formula. */
function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const time = (iso: string | undefined) => (iso ? shanghaiIso(iso).slice(0, 19).replace('T', ' ') : undefined);
const yesNo = (b: boolean | undefined) => (b === undefined ? undefined : b ? '是' : '否');

/** The rows of the export, header first, everything masked. */
export function ticketRows(tickets: readonly Ticket[], contacts: ReadonlyMap<string, ContactRecord>): string[][] {
  const rows: string[][] = [[...COLUMNS]];
  for (const t of tickets) {
    const c = contacts.get(t.id)?.citizen;
    const extra = { names: [c?.name], phones: [c?.phone] };
    const mask = (s: string | undefined) => (s === undefined ? undefined : scrubText(s, 'mask', extra));
    const values = [
      t.id,
      t.status,
      t.channelId,
      t.category,
      t.topic,
      t.department,
      URGENCY[t.urgency],
      t.area,
      mask(t.description),
      mask(t.place),
      c?.name ? maskName(c.name) : undefined,
      c?.phone ? maskPhone(c.phone) : undefined,
      time(t.createdAt),
      time(t.deadlines.respondBy),
      time(t.deadlines.resolveBy),
      time(t.respondedAt),
      time(t.closedAt),
      mask(t.reply),
      t.returns,
      yesNo(t.survey?.solved),
      yesNo(t.survey?.satisfied),
      t.survey?.score,
    ];
    rows.push(values.map((v) => (v === undefined ? '' : String(v))));
  }
  return rows;
}

/** Renders rows as CSV text with a UTF-8 BOM. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
