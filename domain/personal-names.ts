/**
 * Names of residents, for the scrubber (personal-data.ts). A name is found only where something
 * points at a person: a phone, ID or card number, a door number, a label such as 联系人 or 我是,
 * a word for a person right next to it (独居老人王秀英, 王秀英老人, 困难户李建国), or an honorific
 * after a surname (王师傅, 李阿姨). Never on its own, where half of all words starting with a
 * surname character would be taken for one (docs/decisions/023-personal-data-scrubber.md).
 * Works on the scrubber's normalised text; returns [start, end) offsets into it.
 */

export type Span = [start: number, end: number];

// Common surnames (百家姓 covering the vast majority of residents), for names next to a number.
const SURNAMES = new Set(
  (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤" +
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
  ).split(""),
);
const SURNAME_CLASS = `[${[...SURNAMES].join("")}]`;
const HONORIFICS =
  "阿姨|大爷|奶奶|爷爷|师傅|老师|女士|先生|大妈|大叔|大姐|大哥|婆婆|阿婆|老伯|大伯|伯伯|叔叔|婶婶|大娘|老太太|老太|老爷子|老人|同志";
// 老王, 小李: only with the commonest surnames, so that 老师, 小时, 小于 stay words.
const FAMILIAR =
  "[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金廖贾夏韦方邹孟熊秦邱江尹薛段雷侯史陶黎贺顾毛郝龚邵钱严武戴孔汤]";
const HONORED_AT_END = new RegExp(`(?:${SURNAME_CLASS}(?:${HONORIFICS})|[老小]${FAMILIAR})$`);
const HONORED_AT_START = new RegExp(`^(?:${SURNAME_CLASS}(?:${HONORIFICS})|[老小]${FAMILIAR}(?!\\p{Script=Han}))`, "u");
/** Characters that end words, not given names: "单位", "党员", "周末", "管理处" are no names. */
const NOT_NAME_END = new Set(
  "号位员委部区市县镇乡村处局站所院校馆室楼栋门层道顶面体装工话机码式便间期末天周年时点会组队级务业费款价量数次票件份个条项内外的了和与及或等请谢联系电拨打线说讲问来去在有是为到给把被让对".split(
    "",
  ),
);
/**
 * Characters common in given names. A name written after a number, a label or a door number is
 * taken even when a word follows it straight away ("3号楼王秀兰送餐") if its given name is made of these.
 */
const GIVEN_NAME = new Set(
  "秀英兰芳华明国建军平伟强丽敏静燕红霞玉梅桂凤云海林波涛杰勇斌峰磊鹏辉刚健新春文志德福生成忠金宝荣贵祥永长庆家兴振俊鑫宇浩博轩涵欣怡佳琪雨婷雪晶琳娜婉淑惠慧珍珠翠琴萍莉娟娥秋冬晓亮光东立利民安宁超彬洋阳晨旭昊霖岚嘉颖瑶璐洁雯倩妍晴蕾薇娅玲艳素彩菊莲香巧美贤良善仁义智信孝廉耀炜烨煜焕卫兵武胜跃进友爱山水清泉江河湖涌瀚森松柏竹青翔飞龙凯瑞祺琦璇菲芬芝茹蓉萱莹楠梓若思诗雅宏毅坚峻嵘岩石根财富顺才喜芹花丹铭泽睿娣妹梦媛昕帆航皓彤".split(
    "",
  ),
);
const givenName = (candidate: string) => [...candidate.slice(1)].every((c) => GIVEN_NAME.has(c));

/** How the names of places end: next to a door number "明德里", "万科城", "和平路" are places, not people. */
const PLACE_END = new Set("里苑园庄村巷路街府城湾坊居庭阁轩寓舍厦宅邸墅湖山桥河港岛洲寺营屯堡寨埠渡口".split(""));
/** Words that start with a surname and end like a name, but are none. */
const NOT_NAMES = new Set(
  (
    "高龄 白天 全天 方便 和平 安全 文化 文明 常住 卫生 管理 包括 应急 房屋 路灯 关爱 关心 关怀 党建 党群 " +
    "阳光 温馨 温暖 安康 左右 宁静 经常 时常 平安 明白 明确 华丽 程序 成人 成年 成长 金融 石油 苗木 林业 " +
    "司法 商户 商家 商铺 车辆 车库 车位 章程 邻里 谷物 季节 祝福 包裹 任何 任务 连续 简单 齐全 余额 康复 " +
    "康养 米面 毛巾 宫颈 解决 解放 柯桥 宋体 梅花 梁上 田间 钟表 于是 应该 项目 高兴 高明 明星 成立 安宁 " +
    "和谐 华侨 安静 文静 冷静 明亮 明智 明珠 金秋 高强 高峰 高新 凌晨 林立 卫国 吉祥 包涵 简洁 房东 农民 " +
    "农家 管家 安家 成家 万家 师生 毕生 余生 成才 方才 钱财 桂花 兰花 黄金 白云 华夏 高山 高水平 卫健 " +
    // Places, plants and weather that read like names.
    "韩国 丁香 雷雨 黎明 梅雨 白雪 吉利 冷清 丛林 江湖 江水 龙湖 黄河 黄山 华山 宁波 江山 金山 金华 常德 " +
    "宁德 安庆 吉安 安阳 邵阳 沈阳 岳阳 阳江 吴江 林芝 白山 文山 明德"
  ).split(" "),
);
// What may stand between a name and its number: "王秀英（电话", "王秀兰，电话：", "刘芳 ".
const PHONE_WORDS =
  /(?:[,，、( :：的是为]|联系电话|联系方式|手机号码|手机号|电话号码|电话|手机|座机|身份证号码|身份证号|身份证|证件号|卡号|号码|tel|TEL|Tel|微信号|微信|vx|VX|wx|WX|QQ号|QQ|qq|电子邮箱|邮箱|email|Email|E-mail)*$/;
/** What may follow a name written after a number or a label: "王秀英家属", "刘芳电话…". */
const AFTER_NAME =
  /^(?:的|家属|家人|本人|老人|收|电话|手机|座机|联系|身份|证件|卡号|住|家住|现住|户|先生|女士|同志|[^\p{Script=Han}]|$)/u;
// What may stand between a number and a name after it: "13912345678（刘芳）", "…，联系人：王芳".
const AFTER_NUMBER = /^[)）]?[ ,，、(（]*(?:联系人|姓名)?[：: ]*/;
// Resident words between a door number and the name after it: "501室独居老人王秀英".
const DOOR_TO_NAME =
  /^(?: ?的)?(?:独居|空巢|高龄|孤寡|卧床|失能|残疾|困难)?(?:老人|居民|住户|业主|户主|家庭)?(?:的)?[：: ]?/;
// Words between a name and the door number after it: "王秀英（3号楼", "王秀英家住3号楼".
const NAME_TO_DOOR = /(?:[,，、( :：]|家住|现住|住在|住)*$/;

/** CJK ideographs (the basic block and extension A): what names and words are written in. */
function isHan(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

function nameLike(candidate: string): boolean {
  return (
    SURNAMES.has(candidate[0]!) && !NOT_NAME_END.has(candidate[candidate.length - 1]!) && !NOT_NAMES.has(candidate)
  );
}

/** A name ending at `end` (exclusive): surname + honorific, 老王, or 2–3 Han characters starting with a surname. */
function nameEndingAt(text: string, end: number, beforeDoor = false): [number, number] | undefined {
  let start = end;
  while (start > 0 && isHan(text[start - 1]) && end - start < 8) start--;
  const run = text.slice(start, end);
  const honored = HONORED_AT_END.exec(run);
  if (honored) return [end - honored[0].length, end];
  for (const len of [3, 2]) {
    const candidate = run.slice(-len);
    if (run.length >= len && nameLike(candidate) && !(beforeDoor && PLACE_END.has(candidate[len - 1]!)))
      return [end - len, end];
  }
  return undefined;
}

/**
 * A name starting at `start` (written after a number, a label or a door number): surname +
 * honorific, 老王, or 2–3 Han characters starting with a surname that end where the Han run
 * ends, before a word that follows names ("王秀英家属", "刘芳电话…"), or whose given name reads as one.
 */
function nameStartingAt(text: string, start: number, afterDoor = false): [number, number] | undefined {
  if (!isHan(text[start])) return undefined;
  let end = start;
  while (end < text.length && isHan(text[end]) && end - start < 8) end++;
  const run = text.slice(start, end);
  const honored = HONORED_AT_START.exec(run);
  if (honored) return [start, start + honored[0].length];
  for (const len of [3, 2]) {
    if (run.length < len) continue;
    const rest = text.slice(start + len, start + len + 3);
    const candidate = run.slice(0, len);
    if (afterDoor && PLACE_END.has(candidate[len - 1]!)) continue;
    if (nameLike(candidate) && (AFTER_NAME.test(rest) || givenName(candidate))) return [start, start + len];
  }
  return undefined;
}

const some = (span: Span | undefined): Span[] => (span ? [span] : []);

/** The names written just before or just after a phone, ID or card number at [start, end). */
export function namesNearNumber(text: string, start: number, end: number): Span[] {
  const words = PHONE_WORDS.exec(text.slice(Math.max(0, start - 16), start));
  const skip = AFTER_NUMBER.exec(text.slice(end, end + 8));
  return [
    ...some(nameEndingAt(text, start - (words ? words[0].length : 0))),
    ...some(nameStartingAt(text, end + (skip ? skip[0].length : 0))),
  ];
}

/** The names of whoever lives at the door number at [start, end): "501室独居老人王秀英", "王秀英家住3号楼". */
export function namesNearDoor(text: string, start: number, end: number): Span[] {
  const before = NAME_TO_DOOR.exec(text.slice(Math.max(0, start - 4), start));
  const after = DOOR_TO_NAME.exec(text.slice(end, end + 10));
  return [
    ...some(nameEndingAt(text, start - (before ? before[0].length : 0), true)),
    ...some(nameStartingAt(text, end + (after ? after[0].length : 0), true)),
  ];
}

/** Names after an explicit label (联系人：王秀英, 我是王秀兰), with or without a number nearby. */
export function labelledNames(text: string): Span[] {
  const found: Span[] = [];
  const re = /(?:联系人|姓名|户主|申请人|求助人|我是|我叫|本人)[：: ]{0,2}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) found.push(...some(nameStartingAt(text, re.lastIndex)));
  return found;
}

// ─── Names with no number nearby ────────────────────────────────────────────────────────
// On their own, names are taken only when the given name is made of common given-name characters
// (GIVEN_NAME): 王秀英 and 张伟 are, 高龄, 安全, 周末, 林业 are not. Surnames that are mostly
// function words (和 and, 向 towards, 时, 应, 全, 连) are left out: "老人和家属", "和阿姨一起".
const FUNCTION_SURNAMES = new Set("和向时应全连".split(""));

function standaloneName(candidate: string): boolean {
  return (
    SURNAMES.has(candidate[0]!) &&
    !FUNCTION_SURNAMES.has(candidate[0]!) &&
    nameLike(candidate) &&
    (givenName(candidate) || ziName(candidate)) &&
    isHanRun(candidate)
  );
}
/** 子 is no given-name character on its own (李子, 房子), but 张子涵, 王子轩 are the commonest children's names. */
const ziName = (candidate: string) =>
  candidate[1] === "子" && candidate.length === 3 && "涵轩豪萱怡琪杰航睿晨铭悦瑜墨".includes(candidate[2]!);
const isHanRun = (s: string) => [...s].every((c) => isHan(c));

/**
 * A 3- or 2-character standalone name ending at `end` (exclusive), the longer preferred. A known
 * 3-character word is not cut down to a 2-character name ("高水平" is no 水平 and no 高水).
 */
function standaloneEndingAt(text: string, end: number): Span | undefined {
  for (const len of [3, 2]) {
    if (end - len < 0) continue;
    const candidate = text.slice(end - len, end);
    if (len === 3 && NOT_NAMES.has(candidate)) return undefined;
    if (standaloneName(candidate)) return [end - len, end];
  }
  return undefined;
}

/** What follows a place's name: "居民明德里", "学生华林小学". */
const PLACE_AFTER =
  /^(?:小区|社区|花园|家园|公寓|大厦|广场|公园|小学|中学|大学|学校|医院|新村|街道|[里苑园庄村巷路街府城湾坊庭阁寓舍厦宅邸墅湖桥港岛洲寺营屯堡寨镇乡县市省区])/;

/** A 3- or 2-character standalone name starting at `start`, then more after 、 ("困难户李建国、王秀英"). */
function standaloneStartingAt(text: string, start: number): Span[] {
  const found: Span[] = [];
  for (let at = start; ;) {
    // Most words after a person word start with no surname: nothing more to look at.
    if (!SURNAMES.has(text[at]!) || NOT_NAMES.has(text.slice(at, at + 3))) return found;
    const len = [3, 2].find(
      (n) => standaloneName(text.slice(at, at + n)) && !PLACE_AFTER.test(text.slice(at + n, at + n + 2)),
    );
    if (!len) return found;
    found.push([at, at + len]);
    if (text[at + len] !== "、") return found;
    at += len + 1;
  }
}

/**
 * Words for a resident a name is written next to, either side: "独居老人王秀英", "王秀英老人",
 * "困难户李建国", "残疾人张伟".
 */
const PERSON_WORDS =
  "老大爷 老大娘 老奶奶 老爷爷 老人 居民 住户 业主 租户 户主 困难户 低保户 五保户 特困户 贫困户 残疾人 残障人士 患者 " +
  "病人 儿童 学生 孕妇 独居 孤寡 空巢 失能 卧床 退役军人 军属 烈属";
/** Words for someone's kin, written after the name only: "王秀英家属", "李建国之子", "王秀英的女儿". */
const KIN_WORDS = "家属 家人 之子 之女 之妻 之夫 之母 之父 儿子 女儿 老伴 子女 孙子 孙女 一家";
/**
 * Honorifics residents are called by. Staff titles (老师, 医生, 书记, 主任) are left out: they name
 * people acting in their role, whom co-building texts name on purpose ("王老师带队义诊").
 */
const RESIDENT_HONORIFICS =
  "阿姨 大爷 奶奶 爷爷 师傅 大妈 大叔 大姐 大哥 大嫂 婆婆 阿婆 老伯 大伯 伯伯 叔叔 婶婶 大娘 老太太 老太 老爷子 女士 先生";
const PERSONS = new Set(PERSON_WORDS.split(" "));
const HONORIFICS_OF_RESIDENTS = new Set(RESIDENT_HONORIFICS.split(" "));
/**
 * All three lists in one pattern, grouped by first character (老(?:大爷|人|…)|居民|…) and longest
 * first: this runs on every text, and the grouped form scans faster than a flat alternation.
 */
const NEXT_TO_PERSON = (() => {
  const byFirst = new Map<string, string[]>();
  for (const word of `${PERSON_WORDS} ${KIN_WORDS} ${RESIDENT_HONORIFICS}`.split(" "))
    byFirst.set(word[0]!, [...(byFirst.get(word[0]!) ?? []), word.slice(1)]);
  const groups = [...byFirst].map(
    ([first, rests]) => `${first}(?:${rests.sort((a, b) => b.length - a.length).join("|")})`,
  );
  return new RegExp(groups.join("|"), "g");
})();
/**
 * What may stand before a surname + honorific inside a run of Han characters: words that end
 * before a name (联系王师傅, 请李阿姨, 看望孙奶奶, 热心的张大爷, 邻居王阿姨, 楼长李大妈). Any other
 * character may make a word with the "surname" (文明阿姨, 健康师傅, 周边大妈), so nothing is taken.
 */
const BEFORE_HONORED = new Set(
  "的是和与跟同给为帮陪请找叫让向由被把对位系望访问谢到在及或等送接扶替教喊称说告有邀约派了着过居长者员户主民人属友亲坊里区院楼家壁门口下上".split(
    "",
  ),
);
/**
 * Words that end in a surname character after one of those, written before an honorific: trades
 * and places (门卫大爷, 主管先生, 长沙阿姨). Trades after any other character (保安大哥, 园林师傅,
 * 修车师傅) are already left out by BEFORE_HONORED.
 */
const WORDS_BEFORE_HONORIFICS = new Set("门卫 门房 主管 主席 长江 长安 长沙 长白".split(" "));

/**
 * Names with no number nearby: next to a word for a resident ("为独居老人王秀英送餐", "王秀英老人",
 * "王秀英的女儿") and surname + honorific ("联系王师傅", "张大爷家").
 */
export function namesNextToPersons(text: string): Span[] {
  const found: Span[] = [];
  NEXT_TO_PERSON.lastIndex = 0;
  for (let m = NEXT_TO_PERSON.exec(text); m; m = NEXT_TO_PERSON.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    // 物业主任 is no 业主 followed by 任….
    if (m[0] === "业主" && text[start - 1] === "物") continue;
    if (HONORIFICS_OF_RESIDENTS.has(m[0])) {
      const surname = text[start - 1];
      const before = text[start - 2];
      if (
        surname !== undefined &&
        SURNAMES.has(surname) &&
        !FUNCTION_SURNAMES.has(surname) &&
        (!isHan(before) || BEFORE_HONORED.has(before!)) &&
        !WORDS_BEFORE_HONORIFICS.has(text.slice(start - 2, start))
      ) {
        found.push([start - 1, end]);
        continue;
      }
    }
    // "王秀英老人", "王秀英的女儿", "王秀英阿姨".
    found.push(...some(standaloneEndingAt(text, text[start - 1] === "的" ? start - 1 : start)));
    if (PERSONS.has(m[0])) found.push(...standaloneStartingAt(text, end));
  }
  return found;
}
