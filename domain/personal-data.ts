/**
 * The one personal-data scrubber (个人信息保护法): finds residents' phones, ID numbers, bank cards,
 * door numbers and the names written next to them in free text, wherever that text leaves its
 * owner (ballot comments, opinions, public pages, exports, notifications, the audit trail).
 * Pure and browser-safe. docs/design.md, "Privacy", says where it is applied and why.
 *
 * It errs on the side of hiding: a building number in a public text ("7号楼卧床老人") is hidden
 * too, because together with the rest of the sentence it points at one household.
 */

import { labelledNames, namesNearDoor, namesNearNumber, namesNextToPersons } from "./personal-names";

export type PersonalDataKind =
  "mobile" | "landline" | "id_number" | "bank_card" | "number" | "door" | "name" | "wechat" | "qq" | "email";

export interface PersonalDataHit {
  kind: PersonalDataKind;
  /** UTF-16 offsets into the original text. */
  start: number;
  end: number;
  text: string;
}

export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  mobile: "手机号",
  landline: "电话号码",
  id_number: "身份证号",
  bank_card: "银行卡号",
  number: "号码",
  door: "门牌号",
  name: "姓名",
  wechat: "微信号",
  qq: "QQ号",
  email: "电子邮箱",
};

const MASKS: Record<PersonalDataKind, string> = {
  mobile: "【电话已隐去】",
  landline: "【电话已隐去】",
  id_number: "【证件号已隐去】",
  bank_card: "【卡号已隐去】",
  number: "【号码已隐去】",
  door: "【门牌已隐去】",
  name: "【姓名已隐去】",
  wechat: "【微信号已隐去】",
  qq: "【QQ号已隐去】",
  email: "【邮箱已隐去】",
};

// ─── Normalising without moving offsets ─────────────────────────────────────────────────

const CHINESE_DIGITS: Record<string, string> = {
  〇: "0",
  零: "0",
  一: "1",
  幺: "1",
  二: "2",
  两: "2",
  三: "3",
  四: "4",
  五: "5",
  六: "6",
  七: "7",
  八: "8",
  九: "9",
};
const WIDTH_AND_SEPARATORS: Record<string, string> = {
  "－": "-",
  "—": "-",
  "–": "-",
  "‐": "-",
  "‑": "-",
  "−": "-",
  "─": "-",
  "．": ".",
  "·": ".",
  "•": ".",
  "。": ".",
  "・": ".",
  "\u3000": " ",
  "\u00a0": " ",
  "\t": " ",
  "（": "(",
  "）": ")",
  "＋": "+",
  "／": "/",
  // For e-mail addresses and WeChat IDs typed on a Chinese keyboard.
  "＠": "@",
  "＿": "_",
};
const TO_ASCII = new RegExp(
  `[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a${Object.keys(WIDTH_AND_SEPARATORS).join("")}]`,
  "g",
);
const DIGIT_OR_NUMERAL = `[0-9${Object.keys(CHINESE_DIGITS).join("")}]`;
// Seven or more digits (either kind) with at most one separator between two of them.
const NUMERAL_RUN = new RegExp(`${DIGIT_OR_NUMERAL}(?:[ .\\-]?${DIGIT_OR_NUMERAL}){6,}`, "g");
const NUMERAL = new RegExp(`[${Object.keys(CHINESE_DIGITS).join("")}]`, "g");

/**
 * One character in, one character out, so offsets found in the result are offsets in the input:
 * full-width digits, letters and separators become ASCII. Chinese numerals become digits only
 * inside a run of seven or more digits (a phone read out as 一三八 一二三四 五六七八, or half
 * written 138一二三四五六七八), never in ordinary words.
 */
export function normalizeForScan(text: string): string {
  const ascii = text.replace(TO_ASCII, asciiOf);
  NUMERAL.lastIndex = 0;
  if (!NUMERAL.test(ascii)) return ascii;
  return ascii.replace(NUMERAL_RUN, (run) => run.replace(NUMERAL, (c) => CHINESE_DIGITS[c]!));
}

function asciiOf(c: string): string {
  const code = c.charCodeAt(0);
  return code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : WIDTH_AND_SEPARATORS[c]!;
}

// ─── Patterns (on the normalised text) ──────────────────────────────────────────────────

// Between two digits a writer may put a separator: a dash, dot or slash, spaces around it or not.
const SEP = "(?: ?[.\\-/]? ?)";
const digits = (n: number) => `(?:${SEP}\\d){${n}}`;
// A long number followed by one of these is a quantity, not someone's number.
const QUANTITY = "(?! ?(?:元|万|亿|人|户|次|个|份|件|张|册|本|小时|天|年|米|平方|公里|千克|吨|%))";

// Door numbers. After the building, unit and room may be written in either kind of digit
// (3号楼二单元五零一); a Chinese numeral starts a door only before 号楼/号院, or before 栋/幢/座
// followed by a unit or room, because 三栋楼 and 一座桥 are counts. 两 is never a door's digit.
const N = "[零〇一二三四五六七八九十幺]";
const D = "[0-9零〇一二三四五六七八九十幺]";
const UNIT_AND_ROOM = `(?: ?${D}+ ?(?:单元|门|层|楼))?(?: ?${D}+ ?-? ?${D}* ?(?:室|号)| ?\\d{1,2} ?- ?\\d{2,4}(?!\\d)| ?${D}{3,4}(?!${D}| ?[年月]))?`;
// C区5号楼, B座1203, A栋3单元: a letter names a block; 3月12号楼下 is a date, not a building.
const ZONE = "(?:(?<![A-Za-z])[A-Za-z] ?区 ?|(?<![\\d月])\\d+ ?区 ?)?";
const BUILDING = `${ZONE}(?:(?<![\\d月日])\\d+ ?(?:号楼|号院|栋|幢|座)|(?<![A-Za-z])[A-Za-z] ?(?:号楼|栋|幢|座(?= ?\\d)))`;
const DOOR = new RegExp(
  `${BUILDING}${UNIT_AND_ROOM}|\\d+ ?单元(?: ?${D}+ ?(?:室|号|层)| ?${D}{3,4}(?!${D}))?|(?<![\\d.:])\\d{1,3}-\\d{1,2}-\\d{3,4}(?![\\d:])|\\d{3,4} ?室`,
  "g",
);
// 第一单元 is a chapter; 一单元 alone is a door.
const CHINESE_DOOR = new RegExp(
  `(?<!${N}|月)${N}{1,3} ?(?:号楼|号院)${UNIT_AND_ROOM}|(?<!${N})${N}{1,3} ?(?:栋|幢|座)(?= ?${D}{1,2} ?单元| ?${D}{3,4}(?!${D}))${UNIT_AND_ROOM}|(?<!${N}|第)${N}{1,2} ?单元(?: ?${D}+ ?(?:室|号|层)| ?${D}{3,4}(?!${D}))?|(?<!${N})${N}{3,4} ?室`,
  "g",
);

const DIGIT = /\d/;
const LETTER = /[A-Za-z]/;
const AT = /@/;

/** Each pattern with what a text must hold for it to be worth running (most texts hold no digit). */
const PATTERNS: [PersonalDataKind, RegExp, RegExp][] = [
  // Before the numbers, so that 13912345678@163.com is hidden whole.
  ["email", /(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g, AT],
  // 18-digit resident ID (6-8-4 grouping tolerated), then the old 15-digit form.
  [
    "id_number",
    new RegExp(
      `(?<![\\dA-Za-z])[1-9]${digits(5)}${SEP}(?:18|19|20)${digits(2)}${SEP}(?:0[1-9]|1[0-2])${SEP}(?:0[1-9]|[12]\\d|3[01])${digits(3)}${SEP}[\\dXx](?![\\dA-Za-z])`,
      "g",
    ),
    DIGIT,
  ],
  // Mobile, with or without +86 / 0086.
  ["mobile", new RegExp(`(?<!\\d)(?:(?:\\+|00)?86${SEP})?1${SEP}[3-9]${digits(9)}(?!\\d)`, "g"), DIGIT],
  // Bank cards: 16 to 19 digits, usually in groups of four.
  [
    "bank_card",
    new RegExp(`(?<![\\dA-Za-z])[3-9]\\d{3}(?:${SEP}\\d{4}){3}(?:${SEP}\\d{1,3})?(?![\\dA-Za-z])`, "g"),
    DIGIT,
  ],
  // Landline with area code: 010-12345678, (0571)8765 4321, 0571 87654321.
  ["landline", new RegExp(`(?<!\\d)(?:\\(0\\d{2,3}\\)|0\\d{2,3})${SEP}[1-9]\\d{2,3}${SEP}\\d{4}(?!\\d)`, "g"), DIGIT],
  // WeChat: an internal wxid_ anywhere, or an ID (6–40 characters, starting with a letter) after
  // a WeChat word: 微信号 zhangsan_88, vx: abc12345 (the word stays).
  ["wechat", /(?<![A-Za-z0-9_])wxid_[A-Za-z0-9_-]{4,}/gi, LETTER],
  [
    "wechat",
    /(?<![A-Za-z])(?:微信|weixin|wechat|vx|wx|v信|威信)(?:号|id)?[：: 是为]{0,3}(?<local>[A-Za-z][\w-]{5,39})/gi,
    LETTER,
  ],
  // QQ: 5–12 digits after QQ/扣扣 (QQ群 is a group, not a person).
  ["qq", /(?<![A-Za-z])(?:QQ|扣扣)(?:号码|号)?[：: 是为]{0,3}(?<local>[1-9]\d{4,11})(?!\d)/gi, /qq|扣扣/i],
  // A local number right after a phone word: 电话 8765 4321, 座机：87654321 (the word stays).
  [
    "landline",
    /(?:电话|座机|手机|联系方式|号码|tel|Tel|TEL)[：: 为是]{0,2}(?<local>[2-9]\d{2,3}(?: ?[-.]? ?)\d{4})(?!\d)/g,
    DIGIT,
  ],
  // Service numbers (400/800) are public, not a resident's.
  [
    "number",
    new RegExp(
      `(?<![\\dA-Za-z.])(?![48]00[ \\-]?\\d{3}[ \\-]?\\d{4}(?!\\d))(?:\\d{9,}|\\d{3,}(?:[ \\-]\\d{3,}){2,})(?![\\dA-Za-z])${QUANTITY}`,
      "g",
    ),
    DIGIT,
  ],
  // Door numbers: 3号楼2单元501室, 5栋1单元302, 12幢3-501, 3-2-501, 7号楼, 501室, B座1203, C区5号楼.
  ["door", DOOR, DIGIT],
  // …and in Chinese numerals: 十二号楼, 三号楼二单元, 三栋二单元五零一, 五零一室.
  ["door", CHINESE_DOOR, new RegExp(`${N} ?[号栋幢座单室]`)],
];

/** Every piece of personal data in `text`, in order, without overlaps. */
export function findPersonalData(text: string): PersonalDataHit[] {
  if (!text) return [];
  const scan = normalizeForScan(text);
  const hits: PersonalDataHit[] = [];
  const taken = (s: number, e: number) => hits.some((h) => s < h.end && e > h.start);
  for (const [kind, re, needs] of PATTERNS) {
    if (!needs.test(scan)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(scan); m; m = re.exec(scan)) {
      // A pattern that needs the words before a number marks the number itself as <local>.
      const start = m.index + m[0].length - (m.groups?.local?.length ?? m[0].length);
      let end = m.index + m[0].length;
      while (end > start && scan[end - 1] === " ") end--;
      if (kind === "door" && ORGANISATION.test(scan.slice(end, end + 4))) continue;
      if (!taken(start, end)) hits.push({ kind, start, end, text: text.slice(start, end) });
    }
  }
  const names = [
    ...hits.flatMap((h) => (h.kind === "door" ? namesNearDoor : namesNearNumber)(scan, h.start, h.end)),
    ...labelledNames(scan),
    ...namesNextToPersons(scan),
  ];
  for (const [start, end] of names)
    if (!taken(start, end)) hits.push({ kind: "name", start, end, text: text.slice(start, end) });
  return hits.sort((a, b) => a.start - b.start);
}
// A compound's number in the name of a community or its committee (甘家口17号院社区) is no door.
const ORGANISATION = /^ ?(?:社区|小区|居委会|居民委员会|街道|家属院|宿舍区)/;

export function holdsPersonalData(text: string): boolean {
  return findPersonalData(text).length > 0;
}

/** The text with every piece of personal data replaced by a marker saying what was hidden. */
export function scrubPersonalData(text: string): string {
  const hits = findPersonalData(text);
  if (hits.length === 0) return text;
  let out = "";
  let at = 0;
  for (const h of hits) {
    out += text.slice(at, h.start) + MASKS[h.kind];
    at = h.end;
  }
  return out + text.slice(at);
}

/** A Chinese sentence naming what was found, for a refusal next to the field. */
export function describePersonalData(hits: PersonalDataHit[]): string {
  const shown = hits.slice(0, 3).map((h) => `${PERSONAL_DATA_LABELS[h.kind]}“${h.text}”`);
  const more = hits.length > 3 ? `等 ${hits.length} 处` : "";
  return `含有居民个人信息：${shown.join("、")}${more}。请删除或改写后再保存`;
}

/** Scrubs every string inside a JSON-like value (objects, arrays), leaving other values as they are. */
export function scrubDeep<T>(value: T): T {
  if (typeof value === "string") return scrubPersonalData(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v);
    return out as T;
  }
  return value;
}
