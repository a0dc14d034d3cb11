/**
 * Intent of a chat message: a rule layer tuned on short chat messages ("你好", "怎么查进度",
 * "楼下烧烤太吵了"). Each rule is a pattern a 12345 agent would recognise; the order of the
 * checks settles overlaps (a ticket number means status even inside a question).
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
  /进度|进展|我的工单|工单.{0,6}(状态|情况|怎么样|处理|办理|查)|查.{0,4}(工单|诉求|投诉|反映|办理)|(处理|办理|解决|受理|回复)(得)?(怎么样|到哪|到什么|了吗|了没|没有|结果)|(投诉|反映|诉求|举报).{0,8}(怎么样了|有结果|有回复|有消息|处理了吗|有人管了吗|到哪)|怎么还没(人)?(处理|回复|解决|联系|来)|还没(有)?(消息|回复|答复|结果|人联系)|有人处理(了)?吗|有人管了吗|有结果了吗|有消息了吗|什么时候(能)?(给|有)?(回复|答复|结果)/;
const HUMAN =
  /转.{0,3}人工|人工客服|人工服务|人工坐席|找人工|要人工|接人工|真人|找.{0,2}客服|要客服|联系客服|客服在吗|接线员|坐席|话务员|找个人|和人说|跟人说|你们领导|找领导|不想和机器/;
const CANCEL =
  /^(我)?(不要了|取消|算了|撤销|撤回|不用(处理|管|办)?了|不办了|不投诉了|不反映了|撤诉|先不了|不需要了|取消投诉|取消工单|撤销投诉|撤回工单|不弄了)/;
const SURVEY =
  /^((一点都|一点也|特别|挺|还算|还|很|非常)?不?满意|非常满意|很满意|满意|比较满意|基本满意|一般|不太满意|不满意|非常不满意|很不满意|已解决|解决了|已经解决了?|没解决|没有解决|未解决|还没解决(呢)?|部分解决|问题解决了|问题没解决|[1-5]分?|[一二三四五]分|五星|一星|好评|差评)([了的啊呀吧]|，.{0,10})?[。！!~]*$/;
const THANKS = /^(好的?|嗯|ok|OK|行)?[，,]?(谢谢|多谢|感谢|谢了|辛苦了?|麻烦了|再见|拜拜|bye|没事了|没有了|就这些|知道了|明白了|好的谢谢)/;
const GREETING = /^(你好|您好|hi|hello|哈喽|嗨|在吗|在不在|有人吗|有人在吗|在线吗|早上好|上午好|中午好|下午好|晚上好|早|喂|请问在吗)/i;
const COMPLAINT =
  /投诉|举报|反映|求助|曝光|太吵|很吵|好吵|吵死|吵得|扰民|噪音|噪声|油烟|没人管|不管|不作为|乱收费|拖欠|欠薪|不发工资|不给退|不退|不给|坏了|漏水|停水|停电|没有暖气|不热|堵了|堵住|占道|乱停|违建|私搭乱建|脏|臭|污染|骗|霸王条款|态度差|态度恶劣|打人|威胁|着火|被困|泄漏|严重|影响|希望.{0,10}(处理|解决|整改|查处)|请.{0,10}(处理|解决|查处|整改|管管|管一管)|要求.{0,6}(处理|解决|赔偿|退)|麻烦.{0,8}(处理|管)|帮忙.{0,6}(解决|处理)|能不能管|有没有人管|到底有没有人管|谁来管/;
const QUESTION =
  /吗[？?。！!]*$|吗[，,]|呢[？?]*$|[？?]|怎么|如何|怎样|咋|能不能|可不可以|可以吗|能否|是否|有没有|多少|几点|几号|几天|哪里|哪儿|在哪|什么|啥|为什么|请问|咨询|想问|想了解|问一下|规定|政策|条件|流程|需要.{0,6}(材料|什么)|要带|怎么办|该找谁|找谁|哪个部门|多长时间|多久|去哪|谁管|归谁管|找.{1,6}还是|是.{1,6}还是/;
const PROBLEM = /[吵脏臭乱坏漏堵欠骗]|不合理|不让|不能用|没法|难受|受不了|扰|违法|违规|私自|偷/;

/** Classifies the intent of one chat message. */
export function detectIntent(raw: string): IntentResult {
  const text = raw.trim();
  const short = text.replace(/[\s，。！？!?,.~～、]/g, '');
  if (!short) return { intent: 'other', confidence: 0.5 };
  if (TICKET_NO.test(text) || STATUS.test(text)) return { intent: 'status', confidence: 0.95 };
  if (HUMAN.test(text)) return { intent: 'human', confidence: 0.95 };
  if (short.length <= 12 && CANCEL.test(short)) return { intent: 'cancel', confidence: 0.9 };
  if (short.length <= 16 && SURVEY.test(text.replace(/\s/g, ''))) return { intent: 'survey_answer', confidence: 0.9 };
  if (short.length <= 14 && THANKS.test(short)) return { intent: 'thanks', confidence: 0.9 };
  // A bare acknowledgement after an answer closes the conversation like a thank-you.
  if (/^(嗯+|好的?|好嘞|ok|OK|行|收到|知道了|明白了)+$/.test(short)) return { intent: 'thanks', confidence: 0.7 };
  if (short.length <= 10 && GREETING.test(short)) {
    // "你好，我要投诉…" is a complaint with a greeting in front.
    const after = short
      .replace(GREETING, '')
      .replace(/^[啊呀吗哈]+/, '')
      .replace(GREETING, '')
      .replace(/^[啊呀吗哈]+/, '');
    if (!after) return { intent: 'greeting', confidence: 0.95 };
  }
  const rest = text.replace(GREETING, '');
  const complaint = COMPLAINT.test(rest);
  const question = QUESTION.test(rest);
  // A complaint worded as a question ("这么吵有没有人管？") is still a complaint; a plain
  // question about rules ("施工晚上几点停") goes to the knowledge base.
  if (/投诉|举报|我要反映|我反映|求助/.test(rest)) return { intent: 'complaint', confidence: 0.95 };
  if (complaint && !question) return { intent: 'complaint', confidence: 0.9 };
  if (question) {
    const rhetorical = /没人管|有没有人管|谁来管|能不能管|管不管|为什么.{0,10}(不|没)|凭什么|还有没有王法|怎么(还|又|老是|总是)/.test(rest);
    if (rhetorical) return { intent: 'complaint', confidence: 0.8 };
    return complaint ? { intent: 'question', confidence: 0.7 } : { intent: 'question', confidence: 0.85 };
  }
  if (GREETING.test(short) && short.length <= 6) return { intent: 'greeting', confidence: 0.7 };
  // A statement about a situation ("出租车司机拒载") is, on a hotline, a report of a problem.
  if (PROBLEM.test(rest) || short.length >= 6) return { intent: 'complaint', confidence: PROBLEM.test(rest) ? 0.75 : 0.6 };
  return { intent: 'other', confidence: 0.5 };
}
