/**
 * Test kit for the bot (tests only): the real runtime, desk, knowledge base and transcript
 * on a memory store, a scripted NLP, and citizens who say things and read the replies.
 */
import type { Activity } from 'botframework-schema';
import { pino } from 'pino';
import { type Actor, createDesk, type Desk } from '../../desk/index.ts';
import {
  createKnowledgeBase,
  DEFAULT_ARTICLES_DIR,
  DEFAULT_SYNONYMS_FILE,
  type KnowledgeBase,
  loadSynonyms,
} from '../../knowledge/index.ts';
import { createMemoryStore, type Store } from '../../store/index.ts';
import {
  type BotRuntime,
  createBotRuntime,
  createFollowUpSender,
  createTranscript,
  jiesuBot,
  type NlpPort,
  type Transcript,
} from '../index.ts';
import type { Analysis, Category, Intent } from './ports.ts';

// === A scripted NLP: keyword rules, fast and deterministic

const TOPICS: Array<{ re: RegExp; label: Category; department: string; topic: string }> = [
  { re: /油烟|烧烤|噪声|噪音|污水|臭/, label: '环境保护', department: '区生态环境局', topic: '油烟污染' },
  { re: /电梯|楼道|路灯|物业|违建/, label: '城乡建设', department: '区住房和城乡建设委员会', topic: '物业管理' },
  { re: /工资|欠薪|社保/, label: '劳动和社会保障', department: '区人力资源和社会保障局', topic: '劳动报酬' },
];
const EMERGENCIES: Array<{ re: RegExp; hotline: '119' | '120' | '110'; advice: string }> = [
  { re: /困人|被困|着火|起火|火灾|燃气泄漏/, hotline: '119', advice: '情况紧急，请立即拨打119求助！' },
  { re: /晕倒|受伤|昏迷/, hotline: '120', advice: '请立即拨打120急救电话！' },
];
const INTENTS: Array<[RegExp, Intent]> = [
  [/^(满意|不满意|已解决|未解决|非常满意)$/, 'survey_answer'],
  [/^(取消|算了)$/, 'cancel'],
  [/^(你好|您好|在吗)/, 'greeting'],
  [/谢谢|感谢/, 'thanks'],
  [/人工/, 'human'],
  [/进度|工单/, 'status'],
  [/投诉|太大|扰民|困人|坏了|堆满|乱收费|油烟/, 'complaint'],
  [/吗|怎么|如何|能不能|多少|几点|[？?]/, 'question'],
];

/** A scripted stand-in for nlp/: keyword rules for category, urgency, entities and intent. */
export function fakeNlp(): NlpPort {
  return {
    analyze(text): Analysis {
      const topic = TOPICS.find((t) => t.re.test(text));
      const emergency = EMERGENCIES.find((e) => e.re.test(text));
      const address = /[\u4e00-\u9fa5]{2,}?[区县][\u4e00-\u9fa5\d]*?\d+号楼/.exec(text)?.[0];
      return {
        label: topic?.label ?? '城乡建设',
        confidence: topic ? 0.9 : 0.4,
        runnerUp: { label: '商贸旅游', confidence: 0.05 },
        ...(topic && { topic: topic.topic }),
        department: topic?.department ?? '区城市管理委员会',
        departmentId: topic ? `dept-${topic.label}` : 'dept-city',
        disputed: !topic,
        urgency: emergency ? { kind: 'emergency', hotline: emergency.hotline, advice: emergency.advice } : { kind: 'normal' },
        entities: {
          phones: text.match(/1[3-9]\d{9}|0\d{2,3}-\d{7,8}/g) ?? [],
          ...(address && { address: { text: address, district: /^.+?[区县]/.exec(address)?.[0] } }),
          dates: [],
          times: [],
          amounts: [],
          orgs: [],
          plates: [],
        },
      };
    },
    intent(text) {
      const hit = INTENTS.find(([re]) => re.test(text));
      return { intent: hit?.[1] ?? 'other', confidence: hit ? 0.9 : 0.3 };
    },
  };
}

// === The bot on real parts

/** One citizen on the test channel: each `say` runs a turn and returns the replies. */
export interface Citizen {
  readonly id: string;
  readonly conversationId: string;
  /** Sends a message (text, optional attachments/entities); resolves with the bot's replies. */
  say(text: string, extra?: Partial<Activity>): Promise<Activity[]>;
  /** Sends a message without waiting (for concurrent deliveries). */
  send(text: string, extra?: Partial<Activity>): Promise<Activity[]>;
  /** Everything delivered to this citizen so far. */
  inbox(): Activity[];
}

/** The bot with its real collaborators. */
export interface BotKit {
  store: Store;
  desk: Desk;
  kb: KnowledgeBase;
  runtime: BotRuntime;
  transcript: Transcript;
  /** Moves the injected clock. */
  setNow(iso: string): void;
  citizen(id: string): Citizen;
}

/** Friday 27 Nov 2026, 10:00 in Beijing. */
export const START = '2026-11-27T02:00:00.000Z';

/** Staff actors for driving the desk in tests. */
export const AGENT: Actor = { id: 'agent-1', role: 'agent', name: '坐席小王' };

/** A handler of the given department. */
export const handler = (department: string): Actor => ({ id: `dept-${department}`, role: 'department', name: '承办人', department });

const silent = pino({ level: 'silent' });
let activitySeq = 0;

/** Builds the bot with a memory store, the real desk, KB, runtime and follow-up sender. */
export async function createBotKit(options: { nlp?: NlpPort } = {}): Promise<BotKit> {
  let now = new Date(START);
  const clock = () => now;
  // Claims (the desk's follow-up retries) expire on the same injected clock.
  const store = createMemoryStore({ now: () => now.getTime() });
  const transcript = createTranscript(store);
  const delivered: Activity[] = [];
  let runtime: BotRuntime | undefined;
  const desk = createDesk({
    store,
    clock,
    followUp: createFollowUpSender({ runtime: { continueConversation: (ref, logic) => runtime!.continueConversation(ref, logic) } }),
  });
  const kb = await createKnowledgeBase({ dir: DEFAULT_ARTICLES_DIR, synonyms: loadSynonyms(DEFAULT_SYNONYMS_FILE), store, clock });
  runtime = createBotRuntime({
    store,
    transcript,
    log: silent,
    senders: [{ channelId: 'test', deliver: async (_ref, acts) => void delivered.push(...acts) }],
    bot: jiesuBot({ clock, nlp: options.nlp ?? fakeNlp(), kb, desk, store }),
  });
  const rt = runtime;

  function citizen(id: string): Citizen {
    const conversationId = `conv-${id}`;
    const send = async (text: string, extra: Partial<Activity> = {}) => {
      const activity = {
        type: 'message',
        id: `m${++activitySeq}`,
        channelId: 'test',
        serviceUrl: 'http://127.0.0.1/test',
        conversation: { id: conversationId },
        from: { id, name: '张三', role: 'user' },
        recipient: { id: 'jiesu', name: '接诉小助手', role: 'bot' },
        text,
        ...extra,
      } as Activity;
      return (await rt.processActivity(activity)).responses;
    };
    return {
      id,
      conversationId,
      say: send,
      send,
      inbox: () => delivered.filter((a) => a.conversation?.id === conversationId),
    };
  }

  return {
    store,
    desk,
    kb,
    runtime: rt,
    transcript,
    setNow: (iso) => {
      now = new Date(iso);
    },
    citizen,
  };
}

/** The texts of some activities. */
export const texts = (acts: Activity[]): string[] => acts.map((a) => a.text ?? '');

/** The button titles of an activity. */
export const buttons = (a: Activity | undefined): string[] => a?.suggestedActions?.actions.map((x) => x.title ?? '') ?? [];
