/**
 * Intent of a chat message: a rule layer tuned on short chat messages ("你好", "怎么查进度",
 * "楼下烧烤太吵了"). Each rule is a pattern a 12345 agent would recognise; the order of the
 * checks settles overlaps (a ticket number means status even inside a question). The hard
 * cases are the mixed ones: a question that mentions a problem ("装修太吵了可以几点开始？")
 * goes to the knowledge base, a complaint worded as a question ("为什么天天停水没人管？") or
 * a request for action ("能不能派人来看看") opens a ticket, and a question about an earlier
 * report ("上回说的那个路灯的事有人管吗") is a status request even without 工单 / 进度.
 */

/** What the citizen wants from this message. */
export type Intent = 'greeting' | 'question' | 'complaint' | 'status' | 'human' | 'thanks' | 'survey_answer' | 'cancel' | 'other';

/** An intent with the confidence of the rule that found it. */
export interface IntentResult {
  intent: Intent;
  confidence: number;
}

const TICKET_NO = /\b\d{8}-\d{3,5}\b/;
const STATUS =
  /进度|进展|我的工单|我的单子|工单号|单号|工单.{0,6}(状态|情况|怎么样|处理|办理|查)|查.{0,4}(工单|诉求|投诉|反映|办理|报修|单子)|(查询|查看|查).{0,4}我的(报修|投诉|诉求|反映|单子)|(处理|办理|解决|受理|回复)(得)?(怎么样|到哪|到什么|了吗|了没|没有|结果)|(投诉|反映|诉求|举报|报修).{0,8}(怎么样了|有结果|有回复|有消息|处理了吗|有人管了吗|到哪)|怎么还没(有)?(人)?(处理|回复|解决|联系)|怎么还没人来|还没(有)?(消息|回复|答复|结果|人联系)|有人处理(了)?吗|有人管了吗|有结果了吗|有消息了吗|什么时候(能)?(给|有)?(回复|答复|结果)|有下文|(处理|办|弄)完了(吗|没)|谁在(处理|办|跟)|有人接(了)?(吗|没)|(什么|啥)状态/;
// An earlier report ("上回说的…", "我昨天提交的…") asked about: status without the words 工单 / 进度.
const PAST_REPORT =
  /(上回|上次|之前|此前|前天|昨天|前几天|前两天|前些天|前段时间|刚才|上周|上星期|上礼拜|上个月|那天|(周|礼拜|星期)[一二三四五六日天]).{0,6}(说|报|反映|提交|登记|提|投诉|举报|报修|留言|打(过)?电话|让你们|找)|我(之前|刚才)?(打电话)?(说|报|反映|提交|登记|提|投诉|举报|报修|留言)(的|过)|(反映|投诉|举报|提交|报修|登记)过的|我(的|那个)(投诉|诉求|反映|报修|单子|工单)/;
const OUTCOME =
  /怎么样|咋样|如何了|有人管|管了|办了|办得|结果|状态|下文|处理|回(我)?电话|回复|联系我|进展|消息|动静|到哪|查|办结|受理|有人(去|来)|上门|没来/;
const PROMISE_OVERDUE = /(说|答应|承诺).{0,8}(回复|答复|联系|处理|来).{0,10}(都|已经)?第?[二三四五六七八九十\d]+天/;
const HUMAN =
  /转.{0,3}人工|人工客服|人工服务|人工坐席|找人工|要人工|接人工|(跟|和|与)人工|人工(?!费|湖|智能|草|养|降|岛|造|合成|呼吸|成本)[^，。！？]{0,2}$|^人工[。！!]*$|接.{0,3}人工|有没有人工|真人|找.{0,2}客服|要客服|联系客服|客服在吗|(跟|和|与)客服(通话|说|聊|对话)|接线员|坐席|话务员|找个人|换个人|和人说|跟人说|你们领导|找领导|不想和机器|不(想)?(跟|和)机器|机器人听不懂|(跟|和|找|叫|要).{0,3}(工作人员|你们的人)|活人|人工(电话|号码|热线)/;
const CANCEL =
  /^(我)?(想|要)?(先)?(不要了|取消|算了|撤销|撤回|撤了|不用(处理|管|办)?了|不办了|不(想)?(投诉|反映|举报|提交|报|办|弄)了|不要(提交|投诉|办|报)了|撤诉|先不了|不需要了|不弄了|退出)|^(这个|那个|刚才的?)?(工单|投诉|诉求|单子).{0,2}(撤了|撤回|撤销|取消|不要了)/;
const SURVEY_WORD =
  '((一点都|一点也|特别|挺|还算|还|很|非常|比较|基本|十分)?不?太?满意|一般般?|还行|还可以|凑合|已解决|(问题)?(已经)?解决了|没解决|没有解决|未解决|(问题)?还?没(有)?解决(呢)?|部分解决|问题没解决|(打|给)?[1-5]分?|(打|给)?[一二三四五两]分|[一二三四五]星|[一1]星都不(想)?给|好评|差评)';
const SURVEY = new RegExp(`^${SURVEY_WORD}([，,]?${SURVEY_WORD})*([了的啊呀吧]|，.{0,10})?[。！!~]*$`);
const THANKS =
  /^(好的?|嗯+|ok|OK|行|收到|好嘞|我?知道了?|我?明白了?|了解了?)?[，,]?(太|非常|十分)?(谢谢|多谢|感谢|谢了|谢啦|辛苦了?|麻烦(你|你们|您)?了|再见|拜拜|bye|没(别的)?事了|没有了|没别的了|就这些|我?知道了|我?明白了|好的谢谢)/;
const GREETING =
  /^(你好|您好|hi|hello|哈喽|嗨|在吗|在不在|有人吗|有人在吗|有人在线吗|在线吗|早上好|上午好|中午好|下午好|晚上好|早|喂|请问在吗)/i;
// Chat that is not a request: about the bot itself, small talk, a bare "啊？".
const OTHER =
  /^(你是(谁|机器人|人工智能|ai|真人)|你叫什么|你(是)?(男|女)的|你几岁|你好(笨|傻)|你能听懂|哈哈|呵呵|嘻嘻|今天天气|天气(真|不错|很好)|测试|吃(了|饭了)(吗|没)|在干嘛|干嘛呢|无聊)/i;
const COMPLAINT =
  /投诉|举报|反映|求助|曝光|太吵|很吵|好吵|吵死|吵得|扰民|噪音|噪声|油烟|没人管|不管|不作为|乱收费|拖欠|欠薪|不发工资|不给退|不退|不给|坏了|漏水|停水|停电|没有暖气|不热|堵了|堵住|占道|乱停|违建|私搭乱建|脏|臭|污染|骗|霸王条款|态度差|态度恶劣|打人|威胁|着火|被困|泄漏|严重|影响|希望.{0,10}(处理|解决|整改|查处)|请.{0,10}(处理|解决|查处|整改|管管|管一管)|要求.{0,6}(处理|解决|赔偿|退)|麻烦.{0,8}(处理|管)|帮忙.{0,6}(解决|处理)|能不能管|有没有人管|谁来管/;
const QUESTION =
  /吗[？?。！!]*$|吗[，,]|呢[？?]*$|[？?]|怎么|如何|怎样|咋|能不能|可不可以|可以吗|能否|是否|有没有|多少|几点|几号|(?<!好)几[天个]|哪里|哪儿|哪些|哪个|哪种|哪家|在哪|什么|啥|为什么|请问|咨询|想问|想了解|问一下|问下|规定|政策|条件|流程|手续|需要.{0,6}(材料|什么)|要带|怎么办|该找谁|找谁|该谁|谁(出|负责|承担|赔)|包括|哪个部门|多长时间|多久|去哪|谁管|归谁管|找.{1,6}还是|是.{1,6}还是/;
// A complaint worded as a question: angry, rhetorical, or asking someone to act.
const RHETORICAL =
  /没人管|有没有人管|谁来管|能不能管|管不管|为什么.{0,10}(不|没)|凭什么|还有没有王法|让不让人|有没有天理|像话吗|这都几点了|为(什么|啥).{0,15}(这么|那么)|(叫|让|派|请).{0,4}来(把|处理|看|管|清|修)|怎么(还|又|老是|总是|天天|每天|一直|整天|成天|到现在)|派(个)?人|来(看看|看一下|处理|管)|管管|管一管|管一下|(让|叫)(他们|他|她|物业|商家|工地|施工方|楼上|邻居).{0,8}(别|不要|停)|别(再)?(让|在)/;
const PROBLEM = /[吵脏臭乱坏漏堵欠骗]|不合理|不让|不能用|没法|难受|受不了|扰|违法|违规|私自|偷/;
// Asking the hotline to act for them: "帮我找一下城管", "帮我反映一下".
const ACTION_REQUEST = /^(请|麻烦)?(你们)?帮(我|忙)?(找|联系|叫|反映|催|处理|解决|管)/;

/** Classifies the intent of one chat message. */
export function detectIntent(raw: string): IntentResult {
  const text = raw.trim();
  const short = text.replace(/[\s，。！？!?,.~～、…]/g, '');
  if (!short) return { intent: 'other', confidence: 0.5 };
  const asked = /[？?]/.test(text);
  if (TICKET_NO.test(text) || STATUS.test(text)) return { intent: 'status', confidence: 0.95 };
  if ((PAST_REPORT.test(text) && OUTCOME.test(text)) || PROMISE_OVERDUE.test(text)) return { intent: 'status', confidence: 0.85 };
  if (HUMAN.test(text)) return { intent: 'human', confidence: 0.95 };
  if (short.length <= 12 && CANCEL.test(short) && !/怎么|如何|吗$/.test(short)) return { intent: 'cancel', confidence: 0.9 };
  if (short.length <= 16 && !/^\d{2,}$/.test(short) && SURVEY.test(text.replace(/\s/g, '')))
    return { intent: 'survey_answer', confidence: 0.9 };
  if (short.length <= 14 && THANKS.test(short)) return { intent: 'thanks', confidence: 0.9 };
  // A bare acknowledgement after an answer closes the conversation like a thank-you; "嗯？" does not.
  if (!asked && /^(嗯+|好的?|好嘞|ok|OK|行|收到|知道了|明白了|了解了?)+$/.test(short)) return { intent: 'thanks', confidence: 0.7 };
  if (short.length <= 12 && GREETING.test(short)) {
    // "你好，我要投诉…" is a complaint with a greeting in front.
    const after = short
      .replace(GREETING, '')
      .replace(/^[啊呀吗哈]+/, '')
      .replace(GREETING, '')
      .replace(/^[啊呀吗哈]+/, '');
    if (!after) return { intent: 'greeting', confidence: 0.95 };
  }
  if (OTHER.test(short)) return { intent: 'other', confidence: 0.7 };
  // Interjections ("啊？", "嗯？") and Latin keyboard noise ("asdfgh") say nothing yet.
  if (/^[啊嗯哦呃额诶欸哈嘿噢喔]+$/.test(short) || /^[a-z]{3,}$/i.test(short)) return { intent: 'other', confidence: 0.6 };
  const rest = text.replace(GREETING, '');
  if (ACTION_REQUEST.test(rest.replace(/^[\s，,。！!]+/, ''))) return { intent: 'complaint', confidence: 0.85 };
  const complaint = COMPLAINT.test(rest);
  const question = QUESTION.test(rest);
  // A complaint worded as a question ("这么吵有没有人管？") is still a complaint; a plain
  // question about rules ("施工晚上几点停") goes to the knowledge base.
  // …unless the complaint is against them (被投诉) or hypothetical ("遇到…可以去哪里举报吗").
  const hypothetical = /被.{0,6}(投诉|举报)|如果|假如|万一|遇到/.test(rest) && question;
  if (!hypothetical && /投诉|举报|我要反映|我反映|想反映|求助/.test(rest)) return { intent: 'complaint', confidence: 0.95 };
  if (complaint && !question) return { intent: 'complaint', confidence: 0.9 };
  if (question) {
    if (RHETORICAL.test(rest)) return { intent: 'complaint', confidence: 0.8 };
    return complaint ? { intent: 'question', confidence: 0.7 } : { intent: 'question', confidence: 0.85 };
  }
  if (GREETING.test(short) && short.length <= 6) return { intent: 'greeting', confidence: 0.7 };
  // A statement about a situation ("出租车司机拒载") is, on a hotline, a report of a problem.
  if (PROBLEM.test(rest) || short.length >= 6) return { intent: 'complaint', confidence: PROBLEM.test(rest) ? 0.75 : 0.6 };
  return { intent: 'other', confidence: 0.5 };
}
