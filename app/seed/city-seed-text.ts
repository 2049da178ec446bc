/**
 * Names and texts of the generated city: street, community and unit names, need and resource
 * titles with descriptions of normal length (40–200 characters), contacts and phone numbers.
 * Pure functions of the seeded Random; the phrases are in app/seed/city-seed-phrases.ts.
 */
import type { UnitKind } from "#domain/vocabulary";
import {
  CATEGORY_NAMES,
  CATEGORY_WEIGHTS,
  CLOSINGS,
  GIVEN_NAMES,
  OPENINGS,
  PHRASES,
  PLACE_HEADS,
  PLACE_TAILS,
  SURNAMES,
  TIMINGS,
  UNIT_CLOSINGS,
} from "./city-seed-phrases";
import type { Random } from "./city-seed-random";

export type GeneratedCategory = (typeof CATEGORY_NAMES)[number];

const STREET_WORDS = [
  "东关",
  "西关",
  "南关",
  "北关",
  "城关",
  "新城",
  "老城",
  "河西",
  "河东",
  "滨江",
  "湖滨",
  "凤凰",
  "龙门",
  "白马",
  "青龙",
  "金谷",
  "银河",
  "玉泉",
  "石桥",
  "柳湾",
  "桃园",
  "杏林",
  "枫林",
  "松涛",
  "竹园",
  "梅岭",
  "兰亭",
  "菊园",
  "荷塘",
  "春华",
  "秋实",
  "夏荷",
  "冬青",
  "启明",
  "长庆",
  "永安",
  "永宁",
  "太平",
  "康乐",
  "福寿",
  "兴隆",
  "昌盛",
  "瑞丰",
  "嘉禾",
  "望京",
  "天宁",
  "广福",
  "东升",
  "西昌",
  "南苑",
];
const COMMUNITY_WORDS = [
  "阳光",
  "和谐",
  "馨园",
  "康居",
  "怡景",
  "绿洲",
  "明珠",
  "紫荆",
  "丹桂",
  "翠湖",
  "碧水",
  "蓝天",
  "晨曦",
  "星光",
  "华庭",
  "雅苑",
  "锦华",
  "瑞景",
  "泰和",
  "安居",
  "福苑",
  "乐居",
  "新安",
  "民主",
  "团结",
  "前进",
  "工农",
  "解放",
  "红星",
  "向阳",
  "东方",
  "西城",
  "南园",
  "北城",
  "中心",
  "铁路",
  "纺织",
  "机械",
  "电厂",
  "矿区",
];

/** `n` distinct names, numbered once the combinations run out. */
function distinctNames(n: number, make: (i: number) => string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (let i = 0; names.length < n; i++) {
    const name = make(i);
    if (seen.has(name)) continue;
    seen.add(name);
    names.push(name);
  }
  return names;
}

export function streetNames(n: number): string[] {
  return distinctNames(
    n,
    (i) =>
      `${STREET_WORDS[i % STREET_WORDS.length]}${i >= STREET_WORDS.length ? Math.floor(i / STREET_WORDS.length) + 1 : ""}街道`,
  );
}

export function communityNames(n: number): string[] {
  const words = COMMUNITY_WORDS.length;
  return distinctNames(n, (i) => {
    const a = COMMUNITY_WORDS[i % words]!;
    const b = PLACE_HEADS[Math.floor(i / words) % PLACE_HEADS.length]!;
    const round = Math.floor(i / (words * PLACE_HEADS.length));
    return `${b}${a}${round > 0 ? round + 1 : ""}社区`;
  });
}

const UNIT_PATTERNS: readonly (readonly [UnitKind, (place: string, n: number) => string])[] = [
  ["机关", (p) => `${p}税务分局`],
  ["机关", (p) => `${p}市场监管所`],
  ["事业单位", (p, n) => `${p}第${n}幼儿园`],
  ["事业单位", (p) => `${p}图书馆分馆`],
  ["国有企业", (p) => `${p}供电服务中心`],
  ["国有企业", (p) => `国网${p}营业厅`],
  ["国有企业", (p) => `工商银行${p}支行`],
  ["国有企业", (p) => `建设银行${p}支行`],
  ["非公企业", (p) => `${p}物业服务有限公司`],
  ["非公企业", (p) => `${p}商贸有限公司`],
  ["非公企业", (p) => `${p}律师事务所`],
  ["社会组织", (p) => `${p}社会工作服务中心`],
  ["社会组织", (p) => `${p}志愿者协会`],
  ["学校", (p, n) => `${p}第${n}小学`],
  ["学校", (p, n) => `${p}第${n}中学`],
  ["医院", (p) => `${p}社区卫生服务中心`],
  ["医院", (p) => `${p}中医院`],
  ["其他", (p) => `${p}消防救援站`],
];

export function unitIdentity(random: Random, streetName: string, n: number): { name: string; kind: UnitKind } {
  const [kind, make] = random.pick(UNIT_PATTERNS);
  const place = streetName.replace(/街道$/, "");
  return { kind, name: `${make(place, (n % 9) + 1)}${n >= 18 ? `（${Math.floor(n / 18) + 1}部）` : ""}` };
}

export function pickCategory(random: Random): GeneratedCategory {
  return random.weighted(CATEGORY_NAMES.map((c) => [c, CATEGORY_WEIGHTS[c]] as const));
}

export function placeName(random: Random): string {
  return `${random.pick(PLACE_HEADS)}${random.pick(PLACE_TAILS)}`;
}

function fill(template: string, values: { place: string; group: string }) {
  return template.replaceAll("{place}", values.place).replaceAll("{group}", values.group);
}

/** Joins sentences until the text is at least `min` characters, never past `max`. */
function compose(sentences: string[], min: number, max: number): string {
  let text = "";
  for (const s of sentences) {
    if (text.length >= min && text.length + s.length > max) break;
    if (text.length + s.length > max) continue;
    text += s;
  }
  return text;
}

export function personName(random: Random): string {
  return `${random.pick(SURNAMES)}${random.pick(GIVEN_NAMES)}`;
}

export function mobilePhone(random: Random): string {
  return `1${random.pick(["3", "5", "7", "8", "9"])}${String(random.int(0, 999_999_999)).padStart(9, "0")}`;
}

export interface NeedText {
  title: string;
  description: string;
  category: GeneratedCategory;
  beneficiaryGroup: string;
  beneficiaryCount: number;
  place: string;
}

export function needText(random: Random, communityName: string): NeedText {
  const category = pickCategory(random);
  const phrases = PHRASES[category];
  const group = random.pick(phrases.groups);
  const place = placeName(random);
  const count = random.int(3, 120);
  const title = fill(random.pick(phrases.needs), { place, group });
  const sentences = [
    `${random.pick(OPENINGS)}${communityName}${place}有${group}${count}人左右，${random.pick(phrases.wishes)}。`,
    `${random.pick(phrases.wishes)}。`,
    random.pick(TIMINGS),
    random.pick(CLOSINGS),
  ];
  return {
    title,
    description: compose(sentences, 40, 200),
    category,
    beneficiaryGroup: group,
    beneficiaryCount: count,
    place: `${place}${random.int(1, 30)}号楼`,
  };
}

export interface ResourceText {
  title: string;
  description: string;
  category: GeneratedCategory;
  kind: (typeof PHRASES)[GeneratedCategory]["resources"][number][1];
}

export function resourceText(random: Random, unitName: string, category = pickCategory(random)): ResourceText {
  const phrases = PHRASES[category];
  const [title, kind] = random.pick(phrases.resources);
  const sentences = [
    `${unitName}党组织${random.pick(phrases.offers)}，`,
    `主要面向${random.pick(phrases.groups)}。`,
    `${random.pick(phrases.offers)}。`,
    random.pick(UNIT_CLOSINGS),
  ];
  return { title, description: compose(sentences, 40, 200), category, kind };
}

const PROJECT_PATTERNS = [
  "{place}{category}共建行动",
  "“{category}”党建联建项目",
  "{category}进社区·{unit}结对",
  "{unit}与社区{category}共建",
];
const GOALS = [
  "由{unit}党组织与社区结对，{offer}，计划服务{group}{n}人次，",
  "围绕{needs}，{unit}{offer}，",
  "社区提供场地并组织居民，{unit}负责{offer}，",
];
const GOAL_ENDS = [
  "每月开展一次活动，年底前形成长效机制。",
  "活动结束后由双方共同评估效果。",
  "每次活动后在平台记录并请对方确认。",
  "力争让居民在家门口就能享受到服务。",
];

/** A project's title (4–60 characters) and goals (40–200) from its needs and units. */
export function projectText(random: Random, category: GeneratedCategory, needTitles: string[], unitNames: string[]) {
  const phrases = PHRASES[category];
  const unit = unitNames[0] ?? "驻区单位";
  const shortUnit = unit.length > 12 ? unit.slice(0, 12) : unit;
  const title =
    needTitles.length === 1 && random.chance(0.6)
      ? needTitles[0]!
      : random
          .pick(PROJECT_PATTERNS)
          .replaceAll("{place}", placeName(random))
          .replaceAll("{category}", category)
          .replaceAll("{unit}", shortUnit);
  const goals = compose(
    [
      random
        .pick(GOALS)
        .replaceAll("{unit}", unit)
        .replaceAll("{offer}", random.pick(phrases.offers))
        .replaceAll("{group}", random.pick(phrases.groups))
        .replaceAll("{n}", String(random.int(20, 300)))
        .replaceAll("{needs}", `“${needTitles[0] ?? category}”`),
      random.pick(GOAL_ENDS),
      random.pick(GOAL_ENDS),
    ],
    40,
    200,
  );
  return { title: title.slice(0, 60), goals };
}

const RECORD_OPENINGS = [
  "{unit}党员志愿者到社区开展活动，",
  "社区与{unit}联合开展活动，",
  "{unit}派出工作人员 {m} 名，",
];

/** What an activity record says happened (10–1000 characters). */
export function recordSummary(random: Random, category: GeneratedCategory, unitName: string) {
  const phrases = PHRASES[category];
  return compose(
    [
      random
        .pick(RECORD_OPENINGS)
        .replaceAll("{unit}", unitName)
        .replaceAll("{m}", String(random.int(2, 12))),
      `${random.pick(phrases.offers)}。`,
      `服务${random.pick(phrases.groups)}${random.int(8, 80)}人，居民反映良好。`,
      random.chance(0.5) ? "活动照片和签到表已存档。" : "下次活动时间已与社区约定。",
    ],
    30,
    300,
  );
}
