/**
 * Urgency: life-and-property emergencies (fire, gas, people trapped, flooding, collapse,
 * violence, self-harm, medical, road accidents), epidemic requests and enterprise requests
 * (企业诉求). Rules, because the cost of a miss is high and each rule must be explainable.
 *
 * Two tiers: a strong danger word ("着火", "叫不醒", "持刀") is an emergency on its own; a weak
 * one ("全是烟", "跟着我", "撞车") only with a cue that it is happening now or that someone is
 * hurt. Either is dropped when its context says it is feared, past, habitual, a question about
 * money or knowledge, negated or a figure of speech ("菜价简直是抢劫", "跳楼价").
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

type Hotline = NonNullable<Urgency['hotline']>;

interface Rule {
  reason: string;
  hotline: Hotline;
  /** Enough on its own. */
  strong?: RegExp;
  /** Needs `needs` (default: a "happening now" cue) within the same sentence. */
  weak?: RegExp;
  needs?: RegExp;
  /** A sentence matching this is some other, everyday matter (油烟, 封控 …). */
  unless?: RegExp;
  /** About a person hurt or in danger: an animal or a thing as the subject does not count. */
  person?: boolean;
}

// === Vocabulary

// People who can be at risk; used inside the danger patterns.
const WHO =
  '(?:有人|人|他|她|老人|老太太|老大爷|大爷|大妈|阿姨|孩子|小孩|娃|宝宝|婴儿|男的|女的|男子|女子|小伙子?|姑娘|工人|司机|路人|行人|学生|病人|我爸|我妈|爸爸|妈妈|父亲|母亲|爷爷|奶奶|姥姥|姥爷|外公|外婆|老公|老婆|媳妇|丈夫|妻子|儿子|女儿|同事|朋友|室友|邻居|家人)';

// Signs that it is happening now, that someone calls for help or is at risk.
const LIVE =
  /现在|正在|刚刚|刚才|马上|立刻|赶紧|赶快|快来|快点|快救|快叫|快报警|救命|救救|救人|紧急|着急|急死|还在|一直在|越来越|突然|害怕|吓死|不敢|躲在|呼救|出不来|出不去|里面有人|有人在里面|人在里面|被困|叫不醒/;
// Only these outweigh a past, habitual or money/knowledge context in the same clause.
const NOW_STRICT = /(?<![到至])现在|正在|刚刚|刚才|此刻|这会儿|还在|又在|马上|赶紧|救命|快来|快救|快叫/;
// "现在" alone does not outweigh a habitual or money context ("现在经常遭水淹").
const NOW_ACT = /正在|刚刚|刚才|此刻|这会儿|还在|又在|马上|赶紧|救命|快来|快救|快叫/;
// An injury that makes a road accident an emergency (122), unless it is denied.
const INJURY =
  /飞出去|甩出去|受伤|伤[了得者员]|流血|出血|[满全是]血|倒地|躺|不动|起不来|骨折|昏|晕|卡在|困在|出不来|死|人命|疼|痛|救护车|120/;
// A second acute sign (or a "now" cue) that makes a symptom an emergency (120).
const ACUTE = new RegExp(
  `${LIVE.source}|煞白|惨白|苍白|发青|发紫|大汗|冷汗|喘|晕|吐|出血|流血|抽|说不出话|说话不清|口齿不清|动不了|得厉害|不醒|不应|肿|高烧|4[01]度|怀孕|孕`,
);
const NO_INJURY = /(没|没有|无)人?(员)?(受伤|伤亡)|人(都|也)?没事|没(有)?伤/;

// === Rules (order decides the hotline when several match: violence and self-harm first)

const RULES: Rule[] = [
  {
    reason: '暴力或人身威胁',
    hotline: '110',
    strong: new RegExp(
      [
        '打人|(?<![相门准策])打架(?!子鼓)|闹事.{0,4}打|斗殴|殴打|群殴|械斗|干仗|干架|打群架|持刀|拿刀|动刀|砍人|砍伤|砍死|捅人|捅伤|捅死|追着.{0,3}[砍打捅]|乱砍(?!滥)',
        '家暴(?![征拆])|抢劫|抢(?:了|走了?)?(?:我|他|她)?的?(?:手机|包(?!子)|钱包|项链|金链子|金项链|东西)|抢(?:了|走了?)(?:我|他|她)?的?钱|绑架|非法拘禁|要杀|杀人|杀了我|行凶|砸门|踹门',
        '被人打|被打伤|被打得|头破血流|打起来|动手打|要打死|打死人|要弄死|弄死我|要砍|持械|拿枪',
        '拿着?.{0,2}(?:刀|棍子|棍|棒子|钢管|铁棍|砖头|斧头|铁锹|锤子)|在打我|又打我|揍我|性侵|猥亵|强奸',
        '抱走了|拐走|被拐|偷走.{0,2}(?:孩子|小孩)|(?:孩子|小孩|娃|儿子|女儿|宝宝)(?:在.{1,8})?(?:找不到了|不见了|走丢了)',
        '摸我|摸了我|非礼|闯进(?:我们?)?家|闯进来|打得很凶|往死里打|在打(?:孩子|小孩|老人|女人|老婆)|被(?:人|陌生人|几个人|一群人)[^，。]{0,4}[拉拖拽抱带抢](?:上车|走)',
        '烧死我|(?:说|扬言|威胁)[^，。]{0,4}(?:烧死|炸死|杀|弄死|打死|砍死|捅死)',
      ].join('|'),
    ),
    weak: /打我(?!电话)|被.{0,3}打了|(?:一直|总|老)?跟着我|跟踪|尾随|撬.{0,3}门|撬锁|砸车|闯进|闯入|入室|被.{0,2}关起来|堵在.{0,2}门口/,
  },
  {
    reason: '有人轻生',
    hotline: '110',
    weak: /爬[到上][^，。]{0,2}(?:楼顶|天台|屋顶|窗台)/,
    strong: new RegExp(
      [
        '跳楼(?!价|甩卖|大甩卖|清仓|亏本|促销)|跳河|跳江|跳湖|跳桥|跳海|要跳(?:楼|河|江|桥|下去)|往下跳|跳下去|轻生|想不开|自杀|自尽|寻死|不想活|不活了|[要想]去死|上吊',
        '(?:天台|楼顶|屋顶|房顶|窗台|阳台|桥|楼)的?(?:边上|边缘|外面|外侧|栏杆外面?|护栏外面?)[^，。]{0,8}[站坐蹲爬]',
        '[站坐蹲爬]在[^，。]{0,8}(?:栏杆|护栏|窗台|窗户|天台|楼顶)(?:外面|外边|外侧|边上|边缘|上)',
      ].join('|'),
    ),
  },
  {
    reason: '火情',
    hotline: '119',
    strong: new RegExp(
      [
        '(?<![打点])着火|起火|失火|火烛|烧起来|烧着了|着起来|火很大|火好大|火太大|火势|火苗|明火|(?<!用)大火(?![收炒煮蒸爆])|火光|爆炸(?!性)|(?<![气头脑要])炸了|自燃|爆燃|燃起来|燃烧起来',
        '(?:山|房子?|屋子?|车|楼|被子|床|窗帘|沙发|厨房|仓库|柴|草|垛|树|店|锅|油|线|衣服|林子|田|棚|库)[里上头]?[也都全]?着了',
        '冒火|[冒打溅蹦闪]着?(?:火花|火星)|火星子|电火花|火.{0,3}[往向朝][^，。]{0,8}(?:烧|蔓延|窜|扑)|烧到[^，。]{0,6}(?:旁边|隔壁|房子|楼|屋|家)|救火',
      ].join('|'),
    ),
  },
  {
    reason: '火情',
    hotline: '119',
    strong: /浓烟|黑烟|冒.{0,2}烟/,
    weak: /发生火灾|火灾了|(?:全是|都是|满是|一屋子|满屋子?|满楼道|好多|很多|好大的?|很大的?|呛人的)烟|烟[^，。]{0,4}(?:好大|很大|越来越大|特别大|太大|滚滚|呛|出不去|看不见|往(?:外|上|屋里|楼上))|烧焦|焦糊|糊味|焦味|巨响|爆炸声/,
    unless:
      /油烟|烧烤|烤串|烧纸|抽烟|吸烟|烟囱|秸秆|烟花|鞭炮|爆竹|香烟|烟头|烟味|排放|污染|工厂|化工|尾气|排气|柴油|渣土车|焚烧|做饭|炒菜|烧香|蚊香|锅炉|厂|垃圾|灰尘|粉尘|臭气/,
  },
  {
    reason: '燃气泄漏',
    hotline: '119',
    strong:
      /(?:燃气|煤气|天然气|液化气|瓦斯|沼气|气罐|气瓶)[^，。！？]{0,8}(?:泄漏|泄露|外泄|漏气|漏了|漏咯|漏啦|在漏|味|嘶嘶)|(?<![胎球])漏气|闻到.{0,6}(?:燃气|煤气|天然气|液化气|瓦斯)|(?:像是?|好像是?)(?:燃气|煤气|天然气)|(?:味|气味|怪味|异味|臭味)[^。！？]{0,12}(?:头[^，。]{0,3}[晕疼痛]|恶心|想吐)|(?:燃气|煤气|可燃气体)报警器[^，。]{0,4}(?:响|叫|报警)/,
    weak: /臭鸡蛋味|嘶嘶(?:响|声)/,
    unless: /工厂|(?<![燃煤])厂|鞭炮|烟花|放炮|排放|排出|污染|焚烧|养殖|垃圾|化工|烟筒|烟囱|污水|臭水|沟|粪/,
  },
  {
    reason: '交通事故',
    person: true,
    hotline: '122',
    strong:
      /车祸|撞人|撞伤|撞倒|撞飞|撞死|[轧碾](?:到|伤|死)|[轧碾]了人|被[^，。]{0,6}车[撞刮蹭碰轧碾压顶]|车[^，。]{0,2}把[^，。]{0,6}[撞刮蹭碰轧碾压顶](?:了|倒|飞|伤|翻)|[撞顶]翻|遭[^，。]{0,4}车[撞刮]|撞了人|车[^，。]{0,4}[刮蹭碰]倒|肇事逃逸/,
    weak: /撞车|撞了|撞上|撞在?一起|相撞|追尾|翻车|侧翻|刮蹭|出事故|交通事故/,
    needs: INJURY,
  },
  {
    reason: '有人被困',
    hotline: '119',
    strong: new RegExp(
      [
        '困在电梯|被困.{0,3}电梯|关在电梯|卡在电梯|电梯[^。！？]{0,10}(?:困人|困住|被困|困了人|困着人|关在里面|关里面|卡里面|卡在里面|困里面|出不来|出不去|卡住了人|下坠|坠落|掉下去|往下掉|急停.{0,6}有人)',
        '电梯[^。！？]{0,10}(?:里面|里)有人[^。！？]{0,6}(?:出不来|困|卡|关|喊|呼救|拍门|敲)|电梯[^。！？]{0,12}(?:半空|卡在)[^。！？]{0,8}有.{0,2}人',
        '(?<!不)被困(?![扰惑难])|困在[^，。！？]{0,8}[里中下上]|[锁关]在了?[^，。！？]{0,4}(?:车|屋|房间|家|厕所|卫生间|阳台|柜子|冰柜|地下室|车库)里|反锁在',
        '(?:头|脑袋|手(?!机)|手指|脚|脚趾|腿|胳膊|身子|孩子|小孩)被?(?:卡在|卡进|卡住)|困住了|被[^，。]{0,2}困住',
        `${WHO}[^，。]{0,12}(?:下不来了|上不来了)`,
      ].join('|'),
    ),
    unless: /封控|隔离|管控|封闭|封楼|封小区|停运|无法出行|下不了楼|上不了楼|传销/,
    person: true,
  },
  {
    reason: '房屋或设施倒塌',
    hotline: '119',
    strong:
      /倒塌|坍塌|塌方|塌陷|地陷|塌了|塌下来|[房墙楼桥屋顶棚路堤坝][^，。]{0,2}垮了|垮塌|要塌|快塌|滑坡|泥石流|塔吊.{0,2}倒|脚手架.{0,2}倒|倒了.{0,4}[砸压]|墙.{0,3}(?:要倒|倒了)|砸[伤到中死]了?(?:人|路人|行人|孩子|老人|车)|砸伤|被砸[伤到中]|被?压在.{0,4}(?:下面|底下|里面)|被压住|被埋|埋了.{0,3}(?:人|车|房|工人|.个人)|树.{0,3}倒.{0,4}[压砸]|掉下来[^，。]{0,4}[砸伤]/,
    weak: /(?:楼|房子|房屋|整栋|墙|屋子|地面|楼板)[^，。]{0,3}(?:在|一直)?(?:晃|摇晃|晃动)|裂[^，。]{0,8}(?:掉渣|往下掉|越来越大)|[掉落]渣/,
  },
  {
    reason: '有人落水或水淹',
    person: true,
    hotline: '119',
    strong: new RegExp(
      [
        '被淹(?!没)|淹了|水淹|淹到|进水[^。！？]{0,8}(?:很深|没过|漫|膝盖|齐腰|到腰)|水[^，。]{0,6}(?:到膝盖|齐腰|到腰|漫过|没过|淹到|到了?(?:胸|脖子|车窗|车顶|窗户|大腿|床))',
        '掉[进到入下]?了?[^，。]{0,2}(?:河|湖|江|海|水里|水中|井|池塘|水塘|水库|水坑|粪池|化粪池|窨井|下水道|冰窟窿|鱼塘|沟)',
        '水漫|内涝|积水[^，。]{0,6}(?:齐腰|没过|过膝|很深|出不去)|水管.{0,2}[爆裂]|爆管|管道爆裂|被冲走|被水冲|溺水|落水(?!洞)',
        '(?:河|湖|江|海|水库|水塘|池塘|塘|水)里[^，。]{0,6}(?:扑腾|挣扎|呼救|喊救命|沉下去|沉了|漂着个?人)|(?:游泳|下水|下河|玩水)[^，。]{0,8}(?:没上来|没起来|不见了|沉下去|沉了)',
      ].join('|'),
    ),
    weak: /不会游泳|水越来越[深大高]|水[^，。]{0,4}[涨漫](?:上来|进来)|洪水|山洪/,
  },
  {
    reason: '电线断落或漏电',
    hotline: '119',
    strong:
      /电线[^，。]{0,6}[掉断落垂][^，。]{0,8}(?:地|路|火花|冒火|滋滋|响|水里)|(?:高压线|电线|电缆)[^，。]{0,3}(?:断了|掉下来|掉地上|落地)|漏电[^，。]{0,8}(?:电到|电人|麻)/,
  },
  {
    reason: '人员受伤或急病',
    person: true,
    hotline: '120',
    strong: new RegExp(
      [
        '(?<![快要挤热气累饿吓])(?:晕倒|昏倒|晕过去|昏过去|晕在|晕厥|昏厥)|昏迷|[叫喊摇推拍][^，。]{0,4}(?:不醒|不应|没反应)|[躺倒]着不动|不省人事|昏昏沉沉|没有?了?(?:呼吸|心跳|意识(?!到))|没气了|断气',
        `一动不动|倒地不起|突然倒[了下地]|${WHO}[^，。]{0,6}[倒躺]在?了?[^，。]{0,2}(?:地上|地下|路上|马路|路中间|血泊|楼道|门口|浴室|卫生间|厕所)`,
        '摔[^，。]{0,6}(?:起不来|昏|晕|骨折|出血|流血|不动|不醒)|(?:楼上|楼顶|高处|窗户|阳台|滑梯|梯子|树上)[^，。]{0,4}[摔掉坠跌]下来|坠楼',
        '噎住|卡住?了?(?:喉咙|嗓子)|(?<!压得|就)喘不[上过动]来?气|呼吸困难|嘴唇发紫|脸[都已经]*[紫青]了|休克|心脏病.{0,2}[犯发]|(?:半边|半个)身子[^，。]{0,3}(?:动不了|不能动|麻|没知觉)',
        '抽搐|(?:烧|孩子|小孩|宝宝|娃)[^，。]{0,2}抽风|口吐白沫|大出血|血流不止|流了?(?:好多|很多|一地|一大滩|不少)的?血|(?:一直|还在|不停)地?[出流冒]血|满[脸身头手地]都?是血|全是血|受重伤',
        '中毒|触电|电到人|被电[到击倒]|羊水破了|破水了|(?:老婆|媳妇|妻子|孕妇|她)(?:马上|快|就)?要生了|(?:老婆|媳妇|妻子|孕妇|她)快生了',
        '吃了[^，。]{0,6}(?:安眠药|农药|老鼠药|耗子药|敌敌畏|百草枯)|喝[了下]?[^，。]{0,2}(?:农药|敌敌畏|百草枯|除草剂|老鼠药)|割腕|中暑[^，。]{0,4}(?:晕|倒|昏|不醒|抽)',
        `[叫打喊]个?辆?(?:救护车|120)|(?:${WHO}|快)不行了|被[狗蛇]咬[^，。]{0,6}(?:血|肿|晕)|烫伤[^，。]{0,4}(?:大面积|严重|全身|一大片|大片)|误吞|误服|误食|吞了[^，。]{0,4}(?:药|电池|硬币|磁铁|钉|针)|(?:手|脚|胳膊|手指)[^，。]{0,4}[绞卷夹](?:进去|断|掉)`,
      ].join('|'),
    ),
    weak: /胸口[疼痛]|心脏[^，。]{0,2}(?:不舒服|疼|痛|难受)|脸色(?:煞白|惨白|发白|苍白|发青|发紫)|满头大汗|冒冷汗|中风|心梗|脑梗|高烧|发烧到?(?:39|40|41)|血压(?:很高|太高|高得)|[头肚][子]?[疼痛]得厉害|说不出话|说话不清|口齿不清|浑身发抖|吐血|出血|一直抽|抽个不停/,
    needs: ACUTE,
    unless: /污染|排放|废气|雾霾|粉尘|灰尘|臭气|在医院|住院|手术|治疗|抢救|ICU|病房/,
  },
];

// A bare cry for help with (almost) nothing else said: 110, the general emergency line.
const CRY = /救命|救救(?:我们?|他|她|孩子)?|快来人|来人[啊呐]|出大?事了|出人命了?|要出人命|快报警|帮(?:我|忙)报警/g;

// === Contexts that take a danger word out of the present

// A danger that is feared, hypothetical, asked about or narrowly avoided (same clause, before).
const HYPOTHETICAL_BEFORE =
  /(一旦|如果|要是|假如|假设|万一|防止|以免|避免|预防|担心|害怕|怕|存在|容易|可能|会不会|(?<!一)会|是否|有没有|能不能|造成|引发|导致|发生过|曾经|防范|若|消除|严查|视频|新闻|听说|想问|咨询|了解|学习|培训|宣传|差点|差一点|险些|几乎|面临|即将|易|试过|体验过)[^，。！？；,.!?;\s]{0,8}$/;
const HYPOTHETICAL_AFTER =
  /^.{0,4}(隐患|风险|怎么办|咋办|预案|演练|的可能|知识|视频|新闻|报警器|探测器|检测仪|灭火器|逃生|自救|保险)|^(险|后|过(?![来去])|的?(事|事件|案|案件|问题)|的[^，。]{0,3}(问题|情况))|^[^，。]{0,8}(进不来|进不去|开不进|过不去|谁负责|谁来负责|谁管|谁赔|将会|就会|会造成|后果|不堪设想|可能|危险|之虞)|^.{0,2}[吗么][？?]?$/;
// "now" markers outweigh a hypothetical reading ("现在着火了").
const NOW = /(?<![到至])现在|正在|刚刚|刚才|马上|快来|救命|赶紧|紧急|着急|急死|了！|了!/;
// Figures of speech: "菜价简直是抢劫", "这不就是抢钱".
const FIGURE_BEFORE = /(简直|就是|这是|这不是|等于|堪比|无异于|明摆着)[^，。]{0,3}$|得(要|快|都要|都快)$/;
const FIGURE_AFTER = /^[^，。]{0,6}(有什么区别|没什么区别|有啥区别|一样|无异|似的|的样子|差不多)/;
const NEGATED_BEFORE = /(不|没|没有|未|别|无|防)$/;
// Past, habitual, or about money and procedure: not an emergency unless the clause says "now".
const PAST =
  /上周|上个?星期|上礼拜|上个?月|上次|上回|去年|前年|前几天|前些天|前段时间|前阵子|以前|之前|曾经|曾出现|曾发生|曾有|近日|日前|前不久|前些日子|昨天|昨晚|昨日|前天|那年|当年|当时|早年|[一二三四五六七八九十两几多\d]+个?(天|周|星期|月|年)(以)?前|(19|20)?\d\d年(?![级代])|\d{1,2}月\d{1,2}[日号]/;
const HABITUAL =
  /天天|每天|每晚|每次|经常|总是|老是|常年|长期|多年|隔三差五|时常|屡次|多次|频繁|有时|偶尔|几年了|好几年|几个月了|好几个月|最近|近期|近来|这段时间|(?<!一)动不动|三天两头/;
const AFTERMATH =
  /理赔|赔偿|赔钱|不赔|赔付|报销|医药费|医疗费|维修费|费用|收费|交钱|多少钱|保险|认定书|责任认定|谁负责|谁来负责|谁承担|谁出钱|应该谁出|补偿|怎么申请|什么材料|怎么走|说法|处理结果|事后|后续|追责|问责|判决|起诉|法院|律师|鉴定|立案|至今|迄今|修复|整改|扑灭|灭了|救出来了|没事了|脱险|退去|退了|消退|演习|演练|其实是|误报|谣言|实名举报|控告|上访|申诉|追究|刑事责任|伤害案/;
// Things, not people, falling ("家里的猫从楼上掉下来了").
const THING_BEFORE =
  /(猫|狗|鸟|鱼|虾|鸡|鸭|猪|牛|羊|宠物|花盆|衣服|被子|手机|东西|钥匙|钱包|垃圾|玻璃|杂物|砖|瓦|球|玩具|快递|车牌)[^，。]{0,4}$/;
// Common typos and homophones of people typing in a hurry.
const TYPOS: Array<[RegExp, string]> = [
  [/着[伙活](?=了|啦|咯|喽|[！!，。,.\s]|$)|著火/g, '着火'],
  [/起伙/g, '起火'],
  [/失伙/g, '失火'],
  [/漏汽/g, '漏气'],
  [/救名|求命/g, '救命'],
  [/煤汽/g, '煤气'],
  [/燃汽/g, '燃气'],
  [/天燃气/g, '天然气'],
  [/电悌/g, '电梯'],
  [/([晕昏])到(?=了|在|地)/g, '$1倒'],
];

const LONG = 150;
const WHO_RE = new RegExp(WHO);
// Global twins of the rule patterns, compiled once (this runs on every message).
const GLOBAL = new Map<RegExp, RegExp>();
const globalOf = (re: RegExp): RegExp => GLOBAL.get(re) ?? GLOBAL.set(re, new RegExp(re.source, 'g')).get(re)!;
const SENTENCE_END = /[。！？!?；;\n]/;
const CLAUSE_END = /[。！？!?；;\n，,、\s]/;

function boundsOf(text: string, from: number, to: number, end: RegExp): [number, number] {
  let s = from;
  while (s > 0 && !end.test(text[s - 1]!)) s--;
  let e = to;
  while (e < text.length && !end.test(text[e]!)) e++;
  return [s, e];
}

// Whether this occurrence is a danger happening now (see the module comment).
function isLive(text: string, m: RegExpExecArray, rule: Rule): boolean {
  const start = m.index;
  const end = start + m[0].length;
  const [ss, se] = boundsOf(text, start, end, SENTENCE_END);
  const [cs, ce] = boundsOf(text, start, end, CLAUSE_END);
  const sentence = text.slice(ss, se);
  const clause = text.slice(cs, ce);
  const before = text.slice(Math.max(ss, start - 12), start);
  const after = text.slice(end, Math.min(se, end + 12));
  if (NEGATED_BEFORE.test(text.slice(Math.max(cs, start - 2), start))) return false;
  if (FIGURE_BEFORE.test(text.slice(cs, start))) return false;
  if ((HYPOTHETICAL_BEFORE.test(before) || HYPOTHETICAL_AFTER.test(after)) && !NOW.test(clause)) return false;
  if (rule.unless?.test(text.slice(Math.max(0, ss - 30), se))) return false;
  if (FIGURE_AFTER.test(after)) return false;
  const thing = rule.person && THING_BEFORE.exec(text.slice(cs, start));
  if (thing && !WHO_RE.test(text.slice(cs + thing.index, start))) return false;
  // A long written account tells what happened; in it only a danger said to be present counts.
  if (text.length > LONG && !NOW_ACT.test(clause)) return false;
  if (PAST.test(text.slice(ss, start)) && !NOW_STRICT.test(clause)) return false;
  if ((HABITUAL.test(sentence) || AFTERMATH.test(sentence)) && !NOW_ACT.test(clause)) return false;
  return true;
}

function firstLive(text: string, re: RegExp, rule: Rule, needs?: RegExp): RegExpExecArray | undefined {
  const g = globalOf(re);
  g.lastIndex = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    if (!isLive(text, m, rule)) continue;
    if (needs) {
      const [ss, se] = boundsOf(text, m.index, m.index + m[0].length, SENTENCE_END);
      const window = text.slice(Math.max(0, ss - 20), m.index) + text.slice(m.index + m[0].length, Math.min(text.length, se + 20));
      const shout = needs === LIVE && text.length <= 30 && /[!！]/.test(text);
      if (!(needs.test(window) || shout) || (needs === INJURY && NO_INJURY.test(window))) continue;
    }
    return m;
  }
  return undefined;
}

function emergency(rule: Pick<Rule, 'reason' | 'hotline'>, words: string): Urgency {
  return {
    kind: 'emergency',
    reason: `${rule.reason}（“${words}”）`,
    hotline: rule.hotline,
    advice: `您反映的情况可能危及生命财产安全，请立即拨打${HOTLINE_NAME[rule.hotline]}。我们已将您的诉求标记为紧急，1小时内处理。`,
    deadlineHours: 1,
  };
}

const HOTLINE_NAME: Record<Hotline, string> = {
  '110': '110报警',
  '119': '119',
  '120': '120急救电话',
  '122': '122交通事故报警电话',
};

const EPIDEMIC = /疫情|[高中]风险区|封闭管理|核酸|隔离|新冠|确诊|密接|次密接|健康码|行程码|封控|管控区|阳性|防疫|发热门诊|方舱|流调|疫苗/;
const ENTERPRISE =
  /我公司|我司|本公司|我们公司|我们企业|本企业|我企|我单位|我厂|我们厂|企业诉求|营商环境|作为企业|企业主|个体工商户|我们个体户|我的店铺|我们店铺|我们门店|我的公司|融资难|贷款难|惠企|纾困|复工复产|涉企/;

/** Reads the urgency of a message (emergency beats epidemic beats enterprise). */
export function detectUrgency(text: string): Urgency {
  const t = TYPOS.reduce((s, [re, to]) => s.replace(re, to), text);
  for (const rule of RULES) {
    const m = (rule.strong && firstLive(t, rule.strong, rule)) || (rule.weak && firstLive(t, rule.weak, rule, rule.needs ?? LIVE));
    if (m) return emergency(rule, m[0]);
  }
  // A cry for help and little else ("救命", "快来人啊 出事了"); a long complaint that opens
  // with "救命啊" is a figure of speech.
  const cry = t.match(CRY);
  if (cry) {
    const rest = t.replace(CRY, '').replace(/[啊呀呐吧了！!，。,.？?\s…~]/g, '');
    if (rest.length <= 6) return emergency({ reason: '呼救', hotline: '110' }, cry[0]);
  }
  const epi = EPIDEMIC.exec(text);
  if (epi) return { kind: 'epidemic', reason: `涉疫诉求（“${epi[0]}”）` };
  const ent = ENTERPRISE.exec(text);
  if (ent) return { kind: 'enterprise', reason: `企业诉求（“${ent[0]}”）` };
  return { kind: 'normal' };
}
