/**
 * The ticket intake (受理): takes what the complaint already says (problem, place, phone,
 * time), asks only for what is missing, one question at a time, shows a short summary,
 * and files the ticket on 确认提交 — once, however often the confirmation arrives.
 */
import { randomUUID } from 'node:crypto';
import type { Attachment, ConversationRef, NewTicketInput, Ticket, UrgencyKind } from '../../desk/index.ts';
import { OPEN_STATUSES, scrubText } from '../../desk/index.ts';
import { extractEntities, findRepeats, type RepeatItem } from '../../nlp/index.ts';
import type { BotTurnContext, DialogResult } from '../dialog.ts';
import { TEXTS } from '../texts.ts';
import {
  analyzeOnce,
  type BotDialog,
  beijingTime,
  citizenActor,
  citizenKey,
  frameOf,
  type Incoming,
  incoming,
  isPhoto,
  memory,
  parsePhone,
  type SharedLocation,
  setFrame,
} from './common.ts';
import type { Address, BotServices } from './ports.ts';

/** The id of the intake dialog frame. */
export const INTAKE = 'intake';

type Field = 'description' | 'place' | 'phone';
type Step = 'what' | 'where' | 'phone' | 'confirm' | 'edit';

/** What the intake has collected (kept in the conversation between turns). */
export interface IntakeData {
  /** Also the idempotency key of the ticket. */
  id: string;
  description?: string;
  place?: string;
  noPlace?: boolean;
  location?: SharedLocation;
  phone?: string;
  phoneDeclined?: boolean;
  phoneTries?: number;
  when?: string;
  files: Attachment[];
  category?: string;
  topic?: string;
  department?: string;
  disputed?: boolean;
  urgency?: UrgencyKind;
  /** Set while one field is re-asked from the summary. */
  editing?: Field;
  /** The citizen's open ticket this complaint seems to repeat (shown on the summary). */
  repeatOf?: string;
}

/** How an intake starts: from the complaint's text (may be empty: "我要投诉"). */
export interface IntakeArgs {
  text?: string;
  /** The message was judged an emergency (the advice was given already). */
  urgent?: boolean;
}

// "我要投诉：…", "投诉一下，…", "我想反映个问题：…" say what kind, not what happened.
const LEAD_IN =
  /^(?:您好|你好)?[，,\s]*(?:我(?:要|想|想要)?(?:投诉|反映|举报|求助|报修|咨询)(?:一下|个问题|一个问题|下)?|投诉|反映|举报|求助)[：:，,。\s]*/;
const DECLINE_PHONE = /^(不方便留?|不留了?|不想留|不用留?|不用了|没有|没有电话|不给|不提供|算了吧)[。!！.]*$/;
const CONFIRM = /^(确认提交|确认|提交|确定|是的|对|没问题|没错|好的?)[。!！.]*$/;
const NO_PLACE = /^(没有具体地点|没有地点|不涉及地点|网上|线上|网购)[。!！.]*$/;
const EDIT = /^(修改|改一下|我要修改|有误|不对)[。!！.]*$/;
const SAME_MATTER = /^(是同一件事|同一件事|同一件事，不用提交|不用重复提交|不重复提交)[。!！.]*$/;

/** The complaint without its lead-in; '' when it was only the lead-in. */
export function stripLeadIn(text: string): string {
  return text.replace(LEAD_IN, '').trim();
}

const FIELDS: Record<string, Field> = {
  问题描述: 'description',
  问题: 'description',
  描述: 'description',
  地点: 'place',
  位置: 'place',
  电话: 'phone',
  联系电话: 'phone',
};
const fieldOf = (text: string): Field | undefined => FIELDS[text.replace(/^(改|修改)/, '').replace(/[。!！.]+$/, '')];

/**
 * Whether an extracted address says where to go: a district, street or building, or a
 * longer community name. "电梯里" (in the lift) is where it happened, not an address.
 */
function usablePlace(a: Address): boolean {
  return !!(a.district || a.street || a.building || (a.community && [...a.text].length >= 4));
}

const clip = (s: string, n = 80) => ([...s].length > n ? `${[...s].slice(0, n).join('')}…` : s);

/** Builds the intake dialog over the bot's services. */
export function createIntakeDialog(services: BotServices): BotDialog {
  const { nlp, desk } = services;

  /** Takes a (new) description: classification, and place/phone/time it mentions. */
  function describe(ctx: BotTurnContext, d: IntakeData, text: string, replace: boolean): void {
    d.description = text;
    const a = analyzeOnce(nlp, ctx, text);
    d.category = a.label;
    d.department = a.department;
    d.disputed = a.disputed;
    if (a.topic) d.topic = a.topic;
    else delete d.topic;
    // Once urgent, always urgent: a later, calmer wording does not downgrade it.
    if (d.urgency !== 'emergency') d.urgency = a.urgency.kind;
    const e = a.entities;
    if (e.address && usablePlace(e.address) && (replace || (!d.place && !d.location))) d.place = e.address.text;
    const phone = e.phones.map(parsePhone).find((p) => p !== undefined);
    if (phone && (replace || !d.phone)) {
      d.phone = phone;
      delete d.phoneDeclined;
    }
    const when = [...e.dates, ...e.times].join(' ');
    if (when) d.when = when;
  }

  /** Takes photos and a shared location from any message; returns what to acknowledge. */
  function collect(d: IntakeData, inc: Incoming): string[] {
    const notes: string[] = [];
    if (inc.files.length) {
      d.files.push(...inc.files);
      const photos = d.files.filter(isPhoto).length;
      notes.push(inc.files.every(isPhoto) ? TEXTS.photoReceived(photos) : TEXTS.fileReceived(d.files.length));
    }
    if (inc.location) {
      d.location = inc.location;
      delete d.noPlace;
    }
    return notes;
  }

  function placeText(d: IntakeData): string | undefined {
    if (d.place) return d.place;
    if (d.location) return d.location.name ?? `已发送的位置（${d.location.lat.toFixed(5)}，${d.location.long.toFixed(5)}）`;
    return undefined;
  }

  function summary(d: IntakeData): string {
    const lines = ['请核对您的诉求：', `问题：${clip(scrubText(d.description ?? '', 'mask'))}`];
    lines.push(`地点：${d.noPlace ? '无具体地点' : scrubText(placeText(d) ?? '', 'mask')}`);
    if (d.when) lines.push(`时间：${d.when}`);
    lines.push(`电话：${d.phone ? scrubText(d.phone, 'mask') : '未留'}`);
    const photos = d.files.filter(isPhoto).length;
    if (photos) lines.push(`照片：${photos}张`);
    if (d.files.length > photos) lines.push(`附件：${d.files.length - photos}个`);
    lines.push(`承办单位：${d.department && !d.disputed ? d.department : '由派单员尽快确定'}`);
    if (d.urgency === 'emergency') lines.push('紧急程度：紧急');
    lines.push(TEXTS.confirmHint);
    return lines.join('\n');
  }

  /** Asks the first missing thing (or shows the summary), after any notes. */
  async function askNext(ctx: BotTurnContext, d: IntakeData, notes: string[] = []): Promise<DialogResult> {
    delete d.editing;
    let step: Step;
    let text: string;
    let buttons: string[];
    if (!d.description) [step, text, buttons] = ['what', TEXTS.askWhat, [TEXTS.cancel]];
    else if (!d.place && !d.location && !d.noPlace) [step, text, buttons] = ['where', TEXTS.askWhere, [TEXTS.noPlace]];
    else if (!d.phone && !d.phoneDeclined) [step, text, buttons] = ['phone', TEXTS.askPhone, [TEXTS.declinePhone]];
    else {
      const repeat = await repeatedTicket(ctx, d);
      if (repeat) d.repeatOf = repeat.id;
      else delete d.repeatOf;
      const note = repeat ? `\n${TEXTS.repeatNote(repeat.id, beijingTime(repeat.createdAt), repeat.status)}` : '';
      [step, text, buttons] = [
        'confirm',
        summary(d) + note,
        repeat ? [TEXTS.confirm, TEXTS.sameMatter, TEXTS.edit] : [TEXTS.confirm, TEXTS.edit, TEXTS.cancel],
      ];
    }
    setFrame(ctx, INTAKE, step, d);
    await ctx.reply([...notes, text].join('\n'), buttons);
    return 'waiting';
  }

  async function submit(ctx: BotTurnContext, d: IntakeData): Promise<DialogResult> {
    const key = citizenKey(ctx);
    const place = placeText(d);
    const input: NewTicketInput = {
      description: d.description ?? '',
      category: d.category ?? '城乡建设',
      ...(d.topic && { topic: d.topic }),
      ...(d.department && { department: d.department }),
      disputed: d.disputed === true,
      urgency: d.urgency ?? 'normal',
      ...(place && !d.noPlace && { place }),
      ...(d.location && { location: { lat: d.location.lat, long: d.location.long } }),
      attachments: d.files,
      channelId: ctx.activity.channelId,
      conversation: ctx.reference as ConversationRef,
      // The bot can reach the citizen on this channel whether or not they left a phone.
      citizen: { key, ...(d.phone && { phone: d.phone }), reachable: true },
    };
    let t: Ticket;
    try {
      t = await desk.createTicket(input, citizenActor(key), { idempotencyKey: `intake:${d.id}` });
    } catch (err) {
      ctx.log.error({ err }, 'ticket creation failed');
      setFrame(ctx, INTAKE, 'confirm', d);
      await ctx.reply(TEXTS.submitFailed, [TEXTS.confirm, TEXTS.cancel]);
      return 'waiting';
    }
    delete ctx.conversation.dialog;
    memory(ctx).lastTicket = { id: t.id, dialogId: d.id };
    const who = t.status === '已派单' && t.department ? `承办单位：${t.department}` : '我们会尽快确定承办单位并派单办理';
    const fast = t.urgency !== 'normal' ? `，${beijingTime(t.deadlines.respondBy)}前响应` : '';
    await ctx.reply(
      `已为您提交工单，工单号：${t.id}。\n${who}${fast}，${beijingTime(t.deadlines.resolveBy)}前答复办理结果，请留意本渠道的消息。\n发送"查进度"可随时查看办理情况。`,
    );
    return 'done';
  }

  return {
    id: INTAKE,

    async begin(ctx, args) {
      const { text = '', urgent = false } = (args ?? {}) as IntakeArgs;
      const d: IntakeData = { id: randomUUID(), files: [], ...(urgent && { urgency: 'emergency' as const }) };
      const notes = collect(d, incoming(ctx));
      const description = stripLeadIn(text);
      if (description) describe(ctx, d, description, false);
      return askNext(ctx, d, notes);
    },

    async continue(ctx) {
      const frame = frameOf<IntakeData>(ctx, INTAKE);
      if (!frame) return 'done';
      const d = frame.data;
      const step = frame.step as Step;
      const inc = incoming(ctx);
      const notes = collect(d, inc);
      const text = inc.text;
      const editing = d.editing;
      // A photo or a location alone: acknowledge, then the same question again.
      if (!text) {
        if (step === 'where' && inc.location) return askNext(ctx, d, notes);
        if (step === 'confirm' || step === 'edit') return askNext(ctx, d, notes);
        return reask(ctx, step, d, notes);
      }
      switch (step) {
        case 'what': {
          const description = stripLeadIn(text);
          if (!description) return reask(ctx, step, d, notes);
          describe(ctx, d, description, editing === 'description');
          return askNext(ctx, d, notes);
        }
        case 'where': {
          if (NO_PLACE.test(text)) {
            d.noPlace = true;
            delete d.place;
            delete d.location;
          } else d.place = text;
          return askNext(ctx, d, notes);
        }
        case 'phone': {
          if (DECLINE_PHONE.test(text)) {
            d.phoneDeclined = true;
            delete d.phone;
            return askNext(ctx, d, [...notes, TEXTS.phoneDeclined]);
          }
          const phone = parsePhone(text);
          if (phone) {
            d.phone = phone;
            delete d.phoneDeclined;
            return askNext(ctx, d, notes);
          }
          d.phoneTries = (d.phoneTries ?? 0) + 1;
          if (d.phoneTries >= 2) {
            d.phoneDeclined = true;
            return askNext(ctx, d, [...notes, TEXTS.phoneGiveUp]);
          }
          setFrame(ctx, INTAKE, 'phone', d);
          await ctx.reply([...notes, TEXTS.phoneInvalid].join('\n'), [TEXTS.declinePhone]);
          return 'waiting';
        }
        case 'confirm': {
          if (CONFIRM.test(text)) return submit(ctx, d);
          if (d.repeatOf && SAME_MATTER.test(text)) {
            delete ctx.conversation.dialog;
            await ctx.reply(TEXTS.sameMatterDone(d.repeatOf));
            return 'done';
          }
          if (EDIT.test(text)) return askEdit(ctx, d, notes);
          setFrame(ctx, INTAKE, 'confirm', d);
          await ctx.reply([...notes, TEXTS.confirmAgain].join('\n'), [TEXTS.confirm, TEXTS.edit, TEXTS.cancel]);
          return 'waiting';
        }
        case 'edit': {
          const field = fieldOf(text);
          if (!field) return askEdit(ctx, d, notes);
          d.editing = field;
          if (field === 'description') {
            setFrame(ctx, INTAKE, 'what', d);
            await ctx.reply([...notes, TEXTS.askWhatAgain].join('\n'), [TEXTS.cancel]);
          } else if (field === 'place') {
            delete d.place;
            delete d.location;
            delete d.noPlace;
            setFrame(ctx, INTAKE, 'where', d);
            await ctx.reply([...notes, TEXTS.askWhere].join('\n'), [TEXTS.noPlace]);
          } else {
            d.phoneTries = 0;
            setFrame(ctx, INTAKE, 'phone', d);
            await ctx.reply([...notes, TEXTS.askPhone].join('\n'), [TEXTS.declinePhone]);
          }
          return 'waiting';
        }
      }
    },

    async cancel(ctx) {
      delete ctx.conversation.dialog;
      await ctx.reply(TEXTS.intakeCancelled);
    },
  };

  /**
   * The citizen's open ticket on the same matter (same topic and place, or a very similar
   * text), so they are not asked to file the same thing twice.
   */
  async function repeatedTicket(ctx: BotTurnContext, d: IntakeData) {
    const open = (await desk.listByCitizen(citizenKey(ctx))).filter((t) => OPEN_STATUSES.includes(t.status));
    if (open.length === 0) return undefined;
    const place = d.noPlace ? undefined : placeText(d);
    const item: RepeatItem = {
      id: d.id,
      citizenId: 'me',
      text: [d.description, place].filter(Boolean).join(' '),
      topic: d.topic ?? d.category,
      address: place ? extractEntities(place).address : undefined,
      open: true,
    };
    const existing = open.map<RepeatItem>((t) => ({
      id: t.id,
      citizenId: 'me',
      text: [t.description, t.place].filter(Boolean).join(' '),
      topic: t.topic ?? t.category,
      address: t.place ? extractEntities(t.place).address : undefined,
      open: true,
    }));
    const match = findRepeats(item, existing).sameCitizen[0];
    return match && open.find((t) => t.id === match.id);
  }

  async function askEdit(ctx: BotTurnContext, d: IntakeData, notes: string[]): Promise<DialogResult> {
    setFrame(ctx, INTAKE, 'edit', d);
    await ctx.reply([...notes, TEXTS.editWhich].join('\n'), [...TEXTS.editFields]);
    return 'waiting';
  }

  /** Asks the current question again (after a photo, or an empty answer). */
  async function reask(ctx: BotTurnContext, step: Step, d: IntakeData, notes: string[]): Promise<DialogResult> {
    setFrame(ctx, INTAKE, step, d);
    const [text, buttons] =
      step === 'what'
        ? [TEXTS.askWhat, [TEXTS.cancel]]
        : step === 'where'
          ? [TEXTS.askWhere, [TEXTS.noPlace]]
          : [TEXTS.askPhone, [TEXTS.declinePhone]];
    await ctx.reply([...notes, text].join('\n'), buttons);
    return 'waiting';
  }
}
