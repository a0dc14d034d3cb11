/**
 * Urgency: life-and-property emergencies (fire, gas, people trapped in a lift, flooding,
 * collapse, violence, medical, road accidents), epidemic requests and enterprise requests
 * (企业诉求). Rules, because the cost of a miss is high and each rule must be explainable.
 */

/** Kind of urgency; drives the ticket's deadline (emergency: 1 hour). */
export type UrgencyKind = 'emergency' | 'epidemic' | 'enterprise' | 'normal';

/** The urgency of a request, with polite advice for the citizen when it is an emergency. */
export interface Urgency {
  kind: UrgencyKind;
  reason?: string;
  /** polite Chinese advice, e.g. 请立即拨打119 */
  advice?: string;
  hotline?: '110' | '119' | '120' | '122';
  /** Hours to the handling deadline the rule implies (emergency: 1). */
  deadlineHours?: number;
}

interface Rule {
  reason: string;
  hotline: NonNullable<Urgency['hotline']>;
  re: RegExp;
}

// Order matters only for which hotline is named when several match: violence first (110).
const EMERGENCY: Rule[] = [
  {
    reason: '暴力或人身威胁',
    hotline: '110',
    re: /打人|打架|斗殴|殴打|持刀|拿刀|砍人|捅人|家暴|抢劫|抢东西|绑架|非法拘禁|要杀|杀人|行凶|砸门|踹门|闹事.{0,4}打|被人打|被打伤|打得头破血流|头破血流|打起来|打起来了|动手打|要打死|要弄死|要砍|抢劫|抢(手机|包|钱)|在抢|持械|拿枪|拿着(刀|棍子|棍|棒子|砖头|斧头)|跳楼|轻生|想不开|自杀|性侵|猥亵/,
  },
  {
    reason: '火情',
    hotline: '119',
    re: /着火|起火|失火|火灾|冒.{0,2}烟|烧起来|烧着了|火很大|火势|火苗|明火|浓烟|大火|爆炸|炸了|冒火花|电动车.{0,4}(燃|烧)|自燃/,
  },
  { reason: '燃气泄漏', hotline: '119', re: /(燃气|煤气|天然气).{0,4}(泄漏|泄露|漏气|味)|漏气|闻到.{0,4}(燃气|煤气|天然气)/ },
  {
    reason: '电梯困人',
    hotline: '119',
    re: /困在电梯|被困.{0,3}电梯|电梯.{0,8}(困人|困住|被困|关在里面|有人出不来|出不来|卡住了人|里有人|里面有人|下坠|坠落|急停.{0,6}有人)|电梯.{0,12}(半空|卡在).{0,8}有.{0,2}人|关在电梯|卡在电梯/,
  },
  {
    reason: '房屋或设施倒塌',
    hotline: '119',
    re: /倒塌|塌了|坍塌|塌方|要塌|快塌|塔吊.{0,2}倒|脚手架.{0,2}倒|倒了.{0,4}(砸|压)|墙.{0,3}(要倒|倒了)|砸伤|砸到人|树.{0,3}倒.{0,4}(压|砸)|掉下来.{0,4}(砸|伤)/,
  },
  {
    reason: '水淹或管道爆裂',
    hotline: '119',
    re: /被淹|淹了|水淹|进水.{0,8}(很深|没过|漫|膝盖|齐腰|到腰)|水.{0,4}(到膝盖|齐腰|到腰|漫过|没过)|掉进.{0,2}(河|湖|水|井|池塘|水库)|水漫|内涝|积水.{0,6}(齐腰|没过|过膝|很深|出不去)|水管.{0,2}(爆|裂)|爆管|管道爆裂|被冲走|溺水|落水/,
  },
  {
    reason: '人员受伤或急病',
    hotline: '120',
    re: /晕倒|昏倒|昏迷|摔倒.{0,4}(不醒|起不来|流血|不动)|(楼上|楼顶|高处|窗户|阳台).{0,4}(摔|掉|坠)下来|噎住|喘不上气|呼吸困难|休克|不省人事|没有呼吸|没呼吸|心脏病.{0,2}(犯|发)|抽搐|大出血|流了很多血|受重伤|中毒|一氧化碳/,
  },
  {
    reason: '交通事故',
    hotline: '122',
    re: /车祸|撞人|撞伤|相撞.{0,6}(受伤|伤|流血|倒地|人)|撞车.{0,6}(受伤|伤|流血)|被.{0,4}车撞|撞了人|撞倒|被撞.{0,8}(躺|倒|不动|流血)|交通事故.{0,6}(受伤|伤|倒地)|追尾.{0,6}(受伤|伤)/,
  },
];

const HOTLINE_NAME: Record<NonNullable<Urgency['hotline']>, string> = {
  '110': '110报警',
  '119': '119',
  '120': '120急救电话',
  '122': '122交通事故报警电话',
};

// A danger that is feared, hypothetical or asked about is not happening now.
const HYPOTHETICAL_BEFORE =
  /(一旦|如果|万一|假如|防止|以免|避免|预防|担心|害怕|怕|存在|容易|可能|会不会|造成|引发|导致|发生过|曾经|去年|以前|上次|之前|防范|若|消除|严查|视频|新闻|听说)[^，。！？；]{0,8}$/;
const HYPOTHETICAL_AFTER = /^.{0,4}(隐患|风险|怎么办|咋办|预案|演练|的可能|安全隐患|事故隐患|知识|视频|新闻)|^(险|保险|后)/;
// "now" markers outweigh a hypothetical reading ("现在着火了").
const NOW = /现在|正在|刚刚|刚才|马上|快来|救命|赶紧|紧急|了！|了!|急/;

const EPIDEMIC = /疫情|[高中]风险区|封闭管理|核酸|隔离|新冠|确诊|密接|次密接|健康码|行程码|封控|管控区|阳性|防疫|发热门诊|方舱|流调|疫苗/;
const ENTERPRISE =
  /我公司|我司|本公司|我们公司|我们企业|本企业|我企|我单位|我厂|我们厂|企业诉求|营商环境|作为企业|企业主|个体工商户|我们个体户|我的店铺|我们店铺|我们门店|我的公司|融资难|贷款难|惠企|纾困|复工复产|涉企/;

// Global twins of the rules, compiled once (this runs on every message).
const GLOBAL = new Map(EMERGENCY.map((r) => [r.re, new RegExp(r.re.source, 'g')]));

function firstLiveMatch(text: string, re: RegExp): RegExpExecArray | undefined {
  const g = GLOBAL.get(re)!;
  g.lastIndex = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 8);
    const around = text.slice(Math.max(0, m.index - 4), m.index + m[0].length + 3);
    if ((HYPOTHETICAL_BEFORE.test(before) || HYPOTHETICAL_AFTER.test(after)) && !NOW.test(around)) continue;
    return m;
  }
  return undefined;
}

/** Reads the urgency of a message (emergency beats epidemic beats enterprise). */
export function detectUrgency(text: string): Urgency {
  for (const rule of EMERGENCY) {
    const m = firstLiveMatch(text, rule.re);
    if (m) {
      return {
        kind: 'emergency',
        reason: `${rule.reason}（“${m[0]}”）`,
        hotline: rule.hotline,
        advice: `您反映的情况可能危及生命财产安全，请立即拨打${HOTLINE_NAME[rule.hotline]}。我们已将您的诉求标记为紧急，1小时内处理。`,
        deadlineHours: 1,
      };
    }
  }
  const epi = EPIDEMIC.exec(text);
  if (epi) return { kind: 'epidemic', reason: `涉疫诉求（“${epi[0]}”）` };
  const ent = ENTERPRISE.exec(text);
  if (ent) return { kind: 'enterprise', reason: `企业诉求（“${ent[0]}”）` };
  return { kind: 'normal' };
}
