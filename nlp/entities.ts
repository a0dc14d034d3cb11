/**
 * Entities of a citizen's message: phone numbers, a Beijing address (district, street/town,
 * community, building), dates, times, amounts of money, shop/company names, licence plates.
 * Regular expressions plus a gazetteer of Beijing's 16 districts and their 街道/乡镇.
 */
import { readFileSync } from 'node:fs';

// === Types

/** An address found in the text, split into its parts when recognised. */
export interface Address {
  text: string;
  district?: string;
  street?: string;
  community?: string;
  building?: string;
}

/** Everything extracted from one message. */
export interface Entities {
  /** Mobile numbers as 11 digits; landlines as 区号-号码 (or the bare local number). */
  phones: string[];
  address?: Address;
  dates: string[];
  times: string[];
  /** Amounts of money in yuan. */
  amounts: number[];
  orgs: string[];
  plates: string[];
}

// === Gazetteer

const GAZ = JSON.parse(readFileSync(new URL('./gazetteer-beijing.json', import.meta.url), 'utf8')) as {
  districts: Record<string, string[]>;
};
const DISTRICTS = Object.keys(GAZ.districts);
// District names may be written without 区 (朝阳, 海淀); only accept that before a street.
const DISTRICT_RE = new RegExp(`(?:北京市?)?(${DISTRICTS.map((d) => d.slice(0, -1)).join('|')})区`, 'g');
const STREET_NAMES = [...new Set(Object.values(GAZ.districts).flat())].sort((a, b) => b.length - a.length);
// 金顶街 is written 金顶街道 as often as 金顶街街道.
const STREET_RE = new RegExp(
  `(${STREET_NAMES.join('|')})(街道办事处|街道办|街道|地区|镇|乡)|(${STREET_NAMES.filter((n) => n.endsWith('街')).join('|')})(道)`,
  'g',
);
const STREET_BARE_RE = new RegExp(`(${STREET_NAMES.filter((s) => s.length >= 3).join('|')})(?![路街道大巷桥站])`, 'g');

// Non-global twins for a first match (no lastIndex state between calls).
const DISTRICT_ONE = new RegExp(DISTRICT_RE.source);
const STREET_ONE = new RegExp(STREET_RE.source);
const STREET_BARE_ONE = new RegExp(STREET_BARE_RE.source);

function districtOfStreet(street: string): string | undefined {
  return DISTRICTS.find((d) => GAZ.districts[d]!.includes(street));
}

// === Phones, plates, dates, times

const MOBILE = /(?<![\d-])(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(?:[(（]?(0\d{2,3})[)）]?[-\s]?)([2-8]\d{3})[-\s]?(\d{3,4})(?!\d)/g;
const LOCAL = /(?:电话|座机|联系方式|拨打|打|致电|热线)[:：是为]?\s*([2-8]\d{7})(?!\d)/g;
const PLATE =
  /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•\s]?(?:[DF][A-HJ-NP-Z0-9]\d{4}|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]|\d{5}[DF])(?![A-Z0-9])/g;

const CN_NUM = '零〇一二两三四五六七八九十百千';
const DATE = new RegExp(
  [
    `(?:\\d{4}|[${CN_NUM}]{4})年(?:\\d{1,2}|[${CN_NUM}]{1,3})月(?:\\d{1,2}|[${CN_NUM}]{1,3})[日号]`,
    `(?:\\d{4}年)?\\d{1,2}月(?:\\d{1,2}[日号]|份|初|中旬|底|末)?`,
    `\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}`,
    `\\d{4}年(?:初|底|以来|上半年|下半年)?`,
    `(?<![\\d路街巷道])\\d{1,2}[日号](?![楼线院])`,
    `大前天|前天|昨天|今天|明天|后天|昨晚|今晚|明早|今早|今年|去年|前年|上个?月|本月|这个月|下个?月`,
    `(?:上|下|这|本)?(?:个)?(?:周|星期|礼拜)[一二三四五六日天末]`,
  ].join('|'),
  'g',
);
const DAYPART = '凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|半夜|深夜|夜间|晚|早';
const DAYPART_WORD = '凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|半夜|深夜|夜间';
const TIME = new RegExp(
  [
    `(?:${DAYPART})?\\d{1,2}[点时](?:半|\\d{1,2}分?|一刻)?(?:多|左右|以后|之后|以前|之前)?`,
    // 一点 in 一点点 is not a time: Chinese numerals need a day part or a clear time word after.
    `(?:${DAYPART})[${CN_NUM}]{1,3}[点时](?:半|[${CN_NUM}]{1,3}分|一刻)?(?:多|左右|以后|之后|以前|之前)?`,
    `(?<![${CN_NUM}])[${CN_NUM}]{1,3}点(?:半|[${CN_NUM}]{1,3}分|一刻|多|左右|以后|之后|钟)(?:多|左右|以后|之后)?`,
    `(?:${DAYPART})?(?<!\\d)(?:[01]?\\d|2[0-3])[:：][0-5]\\d(?![\\d])`,
    `(?:${DAYPART_WORD})(?![\\d${CN_NUM}])`,
  ].join('|'),
  'g',
);

// === Money

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parses 一千二百五十, 两万 (the 万/亿 unit is applied by the caller), or Arabic digits. */
function parseNumber(s: string): number {
  if (/^[\d.,]+$/.test(s)) return Number(s.replace(/,/g, ''));
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in CN_DIGIT) digit = CN_DIGIT[ch]!;
    else if (ch in CN_UNIT) {
      total += (digit || 1) * CN_UNIT[ch]!;
      digit = 0;
    }
  }
  return total + digit;
}

const MONEY = new RegExp(
  `(?:[¥￥]\\s*([\\d,]+(?:\\.\\d+)?))|(?<![\\d.A-Za-z])([\\d,]+(?:\\.\\d+)?|[${CN_NUM}]+)\\s*(万|千|亿)?\\s*(?:多|余)?\\s*(元|块钱|块|万元|人民币)`,
  'g',
);

// "交了2.5万的押金": a money verb before a bare number with 万/千.
const MONEY_VERB = new RegExp(
  `(?:交了|花了|付了|充了|收了|赔了|罚了|欠了|借了|转了|骗了|损失了?|共计|合计|总共)([\\d.]+|[${CN_NUM}]+)(万|千)(?![元块\\d${CN_NUM}])`,
  'g',
);

function amountsOf(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(MONEY_VERB)) out.push(parseNumber(m[1]!) * (m[2] === '万' ? 10_000 : 1_000));
  for (const m of text.matchAll(MONEY)) {
    if (m[1]) {
      out.push(Number(m[1].replace(/,/g, '')));
      continue;
    }
    let v = parseNumber(m[2]!);
    const unit = m[4] === '万元' ? '万' : m[3];
    if (unit === '万') v *= 10_000;
    else if (unit === '千') v *= 1_000;
    else if (unit === '亿') v *= 100_000_000;
    if (Number.isFinite(v) && v > 0) out.push(Math.round(v * 100) / 100);
  }
  return out;
}

// === Organisations

const ORG_SUFFIX =
  /(有限责任公司|股份有限公司|有限公司|集团|公司|超市|便利店|餐厅|饭店|饭馆|酒店|宾馆|火锅店|烧烤店|烤串店|面馆|咖啡馆|奶茶店|健身房|健身中心|美容院|美发店|理发店|洗浴中心|药店|大药房|医院|诊所|学校|幼儿园|培训学校|培训中心|培训机构|物业公司|物业(?![费管])|中介|4S店|4s店|商场|批发市场|市场|银行|驿站|门店|专卖店|旗舰店|易购|综超|电器|商城|百货|购物中心|店)/g;
// Characters that cannot be part of a name: they end the backward scan.
const NAME_STOP =
  /[的了在是有和与跟去到从被给向找说买我你他她它这那个家楼里上下对把让叫为就都也很太还又再却但而且或及等啊吗呢吧啦，。！？、；：“”"（）()\s\d区镇乡道份始没不]/;
const LEAD = /^(?:开发商|房地产商|商家|厂家|卖家|店家|房东|老板|今天|昨天|前天|明天|现在|附近|楼下|一家|这家|那家|该)+/;
const GENERIC =
  /^(?:[这那一该本]家|这个|那个|附近|楼下|小区|我们|你们)?(?:店|公司|超市|医院|学校|市场|物业|中介|银行|商场|门店|驿站|饭店|餐厅|诊所|药店|幼儿园|集团|中介公司|装修公司|快递公司|物业公司|房地产公司|搬家公司|家政公司|保洁公司|网约车公司|培训机构|旗舰店|专卖店)$/;
const SPEECH_BEFORE = /(说|称|表示|回复|答复|答|问|告诉|写着|标语|口号)[:：]?$/;

function orgsOf(text: string): string[] {
  const out: string[] = [];
  const add = (name: string) => {
    const i = out.findIndex((o) => o.includes(name) || name.includes(o));
    if (i < 0) out.push(name);
    else if (name.length > out[i]!.length) out[i] = name;
  };
  // A short quoted name where a place of business is meant: 在“瑞幸咖啡”买的, 叫“好运来”的饭馆.
  for (const q of text.matchAll(/[“"「『]([^”"」』，。！？\s]{2,12})[”"」』]/g)) {
    const before = text.slice(Math.max(0, q.index! - 6), q.index!);
    if (SPEECH_BEFORE.test(before) || /[我你他她]/.test(q[1]!)) continue;
    add(q[1]!);
  }
  for (const m of text.matchAll(ORG_SUFFIX)) {
    let start = m.index!;
    while (start > 0 && start > m.index! - 14 && !NAME_STOP.test(text[start - 1]!)) start--;
    // Latin letters inside names (KFC, 7-Eleven) are fine when attached to the name.
    while (start > 0 && /[A-Za-z]/.test(text[start - 1]!)) start--;
    let name = text.slice(start, m.index! + m[0].length);
    name = name.replace(LEAD, '');
    if (name.length < m[0].length + 2 || GENERIC.test(name)) continue;
    if (/(小区|社区)物业$/.test(name)) continue;
    // 汽修店, 水果店: a kind of shop, not a name; 羊坊店: a place.
    if ((name.length <= 3 && m[0] === '店') || STREET_NAMES.includes(name)) continue;
    add(name);
  }
  return out;
}

// === Address

const COMMUNITY_SUFFIX =
  /(社区|小区|家园|嘉园|花园|公寓|大厦|新村|新城|[东西南北]?[一二三四五六七八九十\d]{1,2}区|苑|村|里|园|庄|胡同|院)(?![子里长民委会道])/g;
// What may follow a community name and still belong to it: 芳城园一区, 家园小区, 天通苑东三区.
const COMMUNITY_TAIL = /^(?:小区|社区|[东西南北中]?[一二三四五六七八九十\d]{1,2}区|[一二三四五六七八九十\d]{1,2}期)/;
const NOT_COMMUNITY =
  /^(农村|乡村|城中村|老小区|新小区|整个小区|我们小区|本小区|该小区|这个小区|小区|社区|公园|花园|家园|乐园|校园|庄园|大院)$|(幼儿园|动物园|游乐园|医院|学院|法院|剧院|影院|电梯里|家里|村里|院里)$/;
const ORG_AFTER = /^(幼儿园|小学|中学|学校|医院|超市|店|公司|市场|物业|酒店|宾馆|餐厅|饭店)/;
const ROAD = /([\u4e00-\u9fa5]{1,8}?(?:大街|路|街|胡同|巷|大道))(\d+号(?:院)?)?/g;
const BUILDING =
  /(?:\d+号院)?\d+(?:号楼|栋|幢|座)(?:\d+单元)?(?:\d{1,2}(?:层|楼)(?!上|下))?(?:\d{3,4}(?:室|号|户)?)?|\d+单元\d+(?:室|号)?|\d{3,4}室/;
const ADDR_STOP =
  /[的了在是有和与跟去到从被给向找说买我你他她它这那个对把让叫为就都也很太还又再但而且或及等啊吗呢吧啦，。！？、；：“”"（）()\s路]/;

function leftName(text: string, end: number, suffixLen: number, limit = 8): string | undefined {
  let start = end - suffixLen;
  while (start > 0 && start > end - suffixLen - limit && !ADDR_STOP.test(text[start - 1]!) && !/[区镇乡道]/.test(text[start - 1]!)) start--;
  const name = text.slice(start, end).replace(/^(?:住在|位于|住|北京市?)/, '');
  return name.length >= suffixLen + 2 ? name : undefined;
}

function addressOf(text: string): Address | undefined {
  const spans: Array<[number, number]> = [];
  const addr: Address = { text: '' };
  const d = DISTRICT_ONE.exec(text);
  if (d) {
    addr.district = `${d[1]}区`;
    spans.push([d.index, d.index + d[0].length]);
  }
  const s = STREET_ONE.exec(text) ?? STREET_BARE_ONE.exec(text);
  if (s) {
    addr.street = s[3] ? `${s[3]}街道` : s[0].replace(/街道办事处|街道办/, '街道');
    addr.district ??= districtOfStreet(s[1] ?? s[3]!);
    spans.push([s.index, s.index + s[0].length]);
  }
  const context = !!(addr.district || addr.street);
  for (const m of text.matchAll(COMMUNITY_SUFFIX)) {
    let end = m.index! + m[0].length;
    const name0 = leftName(text, end, m[0].length);
    if (!name0 || addr.street?.includes(name0)) continue;
    // One-character suffixes (里, 园, 村 …) end many ordinary words (电梯里, 公园): only trust them in an address context.
    if (m[0].length === 1 && !context && name0.length < 4) continue;
    const tail = COMMUNITY_TAIL.exec(text.slice(end));
    if (tail) end += tail[0].length;
    const name = text.slice(end - name0.length - (tail?.[0].length ?? 0), end);
    if (NOT_COMMUNITY.test(name) || ORG_AFTER.test(text.slice(end))) continue;
    addr.community = name;
    spans.push([end - name.length, end]);
    break;
  }
  if (!addr.community && context) {
    for (const m of text.matchAll(ROAD)) {
      const name = leftName(text, m.index! + m[1]!.length, 1);
      if (!name || name.length < 3 || /^(马路|道路|公路|小路|大路|这条路|那条路|街道|大街)$/.test(name)) continue;
      const end = m.index! + m[0].length;
      if (s && m.index! < s.index + s[0].length && end > s.index) continue; // inside the street name
      addr.community = text.slice(end - name.length - (m[2]?.length ?? 0), end);
      spans.push([end - addr.community.length, end]);
      break;
    }
  }
  const b = BUILDING.exec(text);
  if (b && (addr.community || addr.street || addr.district)) {
    addr.building = b[0];
    spans.push([b.index, b.index + b[0].length]);
  }
  if (!spans.length) return undefined;
  const from = Math.min(...spans.map((x) => x[0]));
  const to = Math.max(...spans.map((x) => x[1]));
  addr.text = to - from <= 40 ? text.slice(from, to) : [addr.district, addr.street, addr.community, addr.building].filter(Boolean).join('');
  return addr;
}

// === Entry point

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Extracts the entities of a message. */
export function extractEntities(text: string): Entities {
  const phones: string[] = [];
  // Mask found numbers so a mobile is not also read as a landline or an amount.
  let rest = text.replace(MOBILE, (_m, a: string, b: string, c: string) => {
    phones.push(a + b + c);
    return ' '.repeat(_m.length);
  });
  rest = rest.replace(LANDLINE, (m, area: string, a: string, b: string) => {
    phones.push(`${area}-${a}${b}`);
    return ' '.repeat(m.length);
  });
  rest = rest.replace(LOCAL, (m, n: string) => {
    phones.push(n);
    return m.replace(n, ' '.repeat(n.length));
  });
  const plates = uniq([...rest.matchAll(PLATE)].map((m) => m[0].replace(/[·•\s]/g, '')));
  for (const p of plates) rest = rest.split(p).join(' '.repeat(p.length));
  return {
    phones: uniq(phones),
    address: addressOf(rest),
    dates: uniq([...rest.matchAll(DATE)].map((m) => m[0])),
    times: uniq([...rest.matchAll(TIME)].map((m) => m[0])),
    amounts: amountsOf(rest),
    orgs: orgsOf(rest),
    plates,
  };
}
