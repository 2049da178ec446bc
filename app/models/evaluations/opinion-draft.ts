/**
 * The words of an evaluation opinion (评议意见): the suggested grade and the reasons for it, and
 * the draft the platform writes from the figures of the period. Pure (no I/O), so the tests can
 * read every sentence and the browser can render the same helpers.
 *
 * The grading rule (suggestGrade), in order:
 * 1. No valid ballot: 一般 when the period has confirmed activities (no residents' judgement to
 *    justify more), 差 when it has none either (nothing to show for the period).
 * 2. With ballots — let 好+较好 share = P, 好 share = G, 差 share = D, satisfaction average = S:
 *    差 when D ≥ 50% or S < 2.5; otherwise 好 when P ≥ 85%, G ≥ 50% and S ≥ 4.0;
 *    otherwise 较好 when P ≥ 65% and S ≥ 3.5; otherwise 一般.
 * 3. No confirmed activity in the period → at most 一般, whatever the ballots say.
 * 4. Notes that do not change the grade: fewer than 10 valid ballots is a small sample; fewer
 *    than half of the issued ballots returned is a low turnout.
 */
import { scrubPersonalData } from "#domain/personal-data";
import type { CobuildingForm, Grade, ProjectStatus } from "#domain/vocabulary";
import { GRADE_LABELS, GRADE_ORDER, RATING_CRITERIA, type RatingCriterion } from "~/schemas/evaluation-labels";
import { FORM_LABELS, PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import { chineseDate } from "~/utils/china-time";
import { CHINESE_NUMERALS } from "~/models/agreements/agreement-text";
import { memberSentence, type MemberFigures } from "./opinion-members";

export const SMALL_SAMPLE = 10;
export const LOW_TURNOUT = 0.5;
const FORMS: CobuildingForm[] = ["org_building", "joint_activity", "resource_sharing"];

export interface ActivityTotals {
  records: number;
  partyMembers: number;
  residentsServed: number;
  hours: number;
}

export interface BallotFigures {
  issued: number;
  cast: number;
  averages: Record<RatingCriterion, number | null>;
  grades: Record<Grade, number>;
}

export interface GradeSuggestion {
  grade: Grade;
  /** Why this grade, one sentence each. */
  reasons: string[];
  /** Cautions that do not change the grade (small sample, low turnout). */
  notes: string[];
}

/** Everything the draft is written from; stored with the opinion as it was on the day. */
export interface OpinionFigures {
  communityName: string;
  unitName: string;
  unitKind: string;
  streetName: string;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  activities: ActivityTotals & { byForm: Record<CobuildingForm, ActivityTotals> };
  projects: { title: string; status: ProjectStatus }[];
  agreements: { title: string; termStart: string; termEnd: string }[];
  ballots: BallotFigures;
  quotes: string[];
  /** The unit's in-service members in the period's (last) year; absent from opinions stored before. */
  members?: MemberFigures;
  suggestion: GradeSuggestion;
  /** The day the draft was written (China). */
  writtenOn: string;
}

// ─── Numbers in words ─────────────────────────────────────────────────────────────────────

/** 91.666… → "91.7%"; 50 → "50%". */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return "0%";
  return `${Number(((part / whole) * 100).toFixed(1))}%`;
}

/** A 1–5 average to one decimal: "4.3". */
export function score(value: number): string {
  return value.toFixed(1);
}

/** Hours as people write them: 12, 12.5, 0.25. */
export function hoursText(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}

/** "2026年度" for a calendar year, else "2026年3月1日至2026年9月30日". */
export function periodLabelOf(start: string, end: string): string {
  const year = start.slice(0, 4);
  if (start === `${year}-01-01` && end === `${year}-12-31`) return `${year}年度`;
  return `${chineseDate(start)}至${chineseDate(end)}`;
}

export function opinionTitle(unitName: string, periodLabel: string): string {
  return /年度$/.test(periodLabel)
    ? `关于${unitName}${periodLabel}共驻共建工作的评议意见`
    : `关于${unitName}${periodLabel}期间共驻共建工作的评议意见`;
}

// ─── Quoted comments ──────────────────────────────────────────────────────────────────────

const QUOTE_MAX = 60;
/** The scrubber's markers (【电话已隐去】…): a comment that is nothing else says nothing. */
const MARKER = /【[^【】]*已隐去】/g;

/**
 * Up to `max` comments fit to quote: whitespace collapsed, residents' personal data hidden by
 * the one scrubber (ballots are anonymous, yet a voter may write a name, a phone or a door
 * number), long ones cut (never inside a marker), near-empty and repeated ones left out.
 */
export function pickQuotes(comments: string[], max = 3): string[] {
  const picked: string[] = [];
  for (const raw of comments) {
    let text = scrubPersonalData(raw.replace(/\s+/g, " ").trim()).replace(/[“”"]/g, "");
    if ([...text.replace(MARKER, "").replace(/[\p{P}\s]/gu, "")].length < 4) continue;
    if ([...text].length > QUOTE_MAX) {
      let cut = [...text].slice(0, QUOTE_MAX).join("");
      if (cut.lastIndexOf("【") > cut.lastIndexOf("】")) cut = cut.slice(0, cut.lastIndexOf("【"));
      text = `${cut}……`;
    }
    if (picked.includes(text)) continue;
    picked.push(text);
    if (picked.length === max) break;
  }
  return picked;
}

/**
 * The figures with the typed-in texts (project and agreement titles, quotes) scrubbed: applied
 * when a draft is written, and again when an opinion is read, for opinions stored before.
 */
export function scrubFigures(f: OpinionFigures): OpinionFigures {
  return {
    ...f,
    projects: f.projects.map((p) => ({ ...p, title: scrubPersonalData(p.title) })),
    agreements: f.agreements.map((a) => ({ ...a, title: scrubPersonalData(a.title) })),
    quotes: f.quotes.map(scrubPersonalData),
  };
}

// ─── The suggested grade ──────────────────────────────────────────────────────────────────

const RANK: Record<Grade, number> = { good: 0, fairly_good: 1, average: 2, poor: 3 };
const quoteGrade = (g: Grade) => `“${GRADE_LABELS[g]}”`;

export function suggestGrade(input: { confirmedActivities: number; ballots: BallotFigures }): GradeSuggestion {
  const { confirmedActivities, ballots } = input;
  const reasons: string[] = [];
  const notes: string[] = [];
  const cast = ballots.cast;
  const s = ballots.averages.satisfaction;
  let grade: Grade;

  if (cast === 0) {
    if (confirmedActivities > 0) {
      grade = "average";
      reasons.push(
        `期内有经双方确认的共建活动 ${confirmedActivities} 次，但未收到有效评议票，缺少群众评价，建议等级暂定为${quoteGrade("average")}`,
      );
    } else {
      grade = "poor";
      reasons.push("期内既没有经双方确认的共建活动，也未收到有效评议票，未能体现共驻共建成效");
    }
  } else {
    const good = ballots.grades.good;
    const positive = good + ballots.grades.fairly_good;
    const poor = ballots.grades.poor;
    const sText = s === null ? "" : `群众满意度平均 ${score(s)} 分（满分 5 分）`;
    if (poor / cast >= 0.5 || (s !== null && s < 2.5)) {
      grade = "poor";
      reasons.push(
        poor / cast >= 0.5
          ? `有效票 ${cast} 张中评为${quoteGrade("poor")}的 ${poor} 张，占 ${percent(poor, cast)}，达到半数`
          : `${sText}，低于 2.5 分`,
      );
    } else if (positive / cast >= 0.85 && good / cast >= 0.5 && (s === null || s >= 4)) {
      grade = "good";
      reasons.push(
        `有效票 ${cast} 张中评为${quoteGrade("good")}${quoteGrade("fairly_good")}的共 ${positive} 张，占 ${percent(positive, cast)}，其中${quoteGrade("good")}占 ${percent(good, cast)}`,
      );
      if (sText) reasons.push(`${sText}，群众认可度高`);
    } else if (positive / cast >= 0.65 && (s === null || s >= 3.5)) {
      grade = "fairly_good";
      reasons.push(
        `有效票 ${cast} 张中评为${quoteGrade("good")}${quoteGrade("fairly_good")}的共 ${positive} 张，占 ${percent(positive, cast)}`,
      );
      if (sText) reasons.push(`${sText}，群众总体认可`);
    } else {
      grade = "average";
      reasons.push(
        `有效票 ${cast} 张中评为${quoteGrade("good")}${quoteGrade("fairly_good")}的 ${positive} 张，占 ${percent(positive, cast)}，未达到“较好”所需的 65%`,
      );
      if (sText && s !== null && s < 3.5) reasons.push(`${sText}，有待提高`);
    }
    if (confirmedActivities === 0 && RANK[grade] < RANK.average) {
      reasons.push(`期内没有经双方确认的共建活动记实，等级最高只能为${quoteGrade("average")}`);
      grade = "average";
    } else if (confirmedActivities > 0) {
      reasons.push(`期内经双方确认的共建活动 ${confirmedActivities} 次`);
    } else {
      reasons.push("期内没有经双方确认的共建活动记实");
    }
    if (cast < SMALL_SAMPLE) notes.push(`有效票仅 ${cast} 张，样本较小，建议结合日常记实审慎确定等级`);
  }
  if (ballots.issued > 0 && cast / ballots.issued < LOW_TURNOUT) {
    notes.push(`发放评议票 ${ballots.issued} 张，收回有效票 ${cast} 张，参评率 ${percent(cast, ballots.issued)}，偏低`);
  }
  return { grade, reasons, notes };
}

// ─── The draft ────────────────────────────────────────────────────────────────────────────

function formsSentence(byForm: Record<CobuildingForm, ActivityTotals>): string {
  return FORMS.map((f) => `${FORM_LABELS[f]} ${byForm[f].records} 次`).join("、");
}

function activityParagraph(f: OpinionFigures): string {
  const parts: string[] = [];
  if (f.projects.length === 0) {
    parts.push(`${f.periodLabel}，${f.unitName}与${f.communityName}之间暂无共建项目。`);
  } else {
    const list = f.projects.map((p) => `“${p.title}”（${PROJECT_STATUS_LABELS[p.status]}）`).join("、");
    parts.push(
      `${f.periodLabel}，${f.unitName}与${f.communityName}共同开展共建项目 ${f.projects.length} 个：${list}。`,
    );
  }
  parts.push(
    f.agreements.length > 0 ? `双方签订并生效共建协议 ${f.agreements.length} 份。` : "双方尚无生效的共建协议。",
  );
  const a = f.activities;
  if (a.records === 0) {
    parts.push("期内双方没有经确认的共建活动记实。");
  } else {
    parts.push(
      `经双方确认的活动记实共 ${a.records} 次，其中${formsSentence(a.byForm)}；单位党员参与 ${a.partyMembers} 人次，累计服务 ${hoursText(a.hours)} 小时，服务居民 ${a.residentsServed} 人次。`,
    );
  }
  parts.push(memberSentence(f.unitName, f.periodLabel, f.members));
  return parts.join("");
}

function ballotParagraph(f: OpinionFigures): string {
  const b = f.ballots;
  if (b.cast === 0) return `本次评议共发放评议票 ${b.issued} 张，截至评议结束未收到有效评议票。`;
  const parts = [`本次评议共发放评议票 ${b.issued} 张，收回有效票 ${b.cast} 张，参评率 ${percent(b.cast, b.issued)}。`];
  const rated = (Object.keys(RATING_CRITERIA) as RatingCriterion[]).filter((k) => b.averages[k] !== null);
  if (rated.length > 0) {
    parts.push(
      `参评党员群众对该单位${rated.map((k) => RATING_CRITERIA[k]).join("、")}的平均评分分别为 ${rated.map((k) => score(b.averages[k]!)).join(" 分、")} 分（满分 5 分）。`,
    );
  }
  parts.push(`总体评价中，${GRADE_ORDER.map((g) => `评为${quoteGrade(g)}的 ${b.grades[g]} 票`).join("，")}。`);
  if (f.quotes.length > 0) parts.push(`部分党员群众留言：${f.quotes.map((q) => `“${q}”`).join("；")}。`);
  return parts.join("");
}

const ADVICE: Record<RatingCriterion, string> = {
  engagement: "进一步增强参与社区事务的主动性，提高参加联席会议和共建活动的频次",
  effectiveness: "聚焦居民急难愁盼问题，把资源优势更多转化为看得见的服务实效",
  satisfaction: "多听取居民意见建议，及时改进服务方式，提升群众满意度",
};

function adviceParagraphs(f: OpinionFigures): string[] {
  const advice: string[] = [];
  const idle = FORMS.filter((form) => f.activities.byForm[form].records === 0);
  if (f.activities.records > 0 && idle.length > 0) {
    advice.push(
      `在${idle.map((form) => FORM_LABELS[form]).join("、")}方面尚无经确认的活动，建议结合单位自身优势拓展共建内容`,
    );
  }
  const weak = (Object.keys(RATING_CRITERIA) as RatingCriterion[])
    .filter((k) => f.ballots.averages[k] !== null && f.ballots.averages[k]! < 4)
    .sort((x, y) => f.ballots.averages[x]! - f.ballots.averages[y]!);
  for (const k of weak.slice(0, 2))
    advice.push(`${RATING_CRITERIA[k]}平均 ${score(f.ballots.averages[k]!)} 分，建议${ADVICE[k]}`);
  if (f.activities.records === 0) advice.push("建议尽快与社区对接需求，签订共建协议，落实具体共建项目，并做好活动记实");
  const numbered = advice.map((text, i) => `${i + 1}. ${text}。`);
  numbered.push(
    `${numbered.length + 1}. 希望${f.unitName}继续发挥自身优势，与${f.communityName}一道深化共驻共建，推动更多党建和民生实事项目落地见效。`,
  );
  return numbered;
}

function gradeParagraph(f: OpinionFigures): string {
  const s = f.suggestion;
  const reasons = s.reasons.map((r, i) => `（${CHINESE_NUMERALS[i]}）${r}`).join("；");
  const notes = s.notes.length > 0 ? `需要说明的是：${s.notes.join("；")}。` : "";
  return `综合以上情况，建议评定${f.unitName}${f.periodLabel}共驻共建工作等级为${quoteGrade(s.grade)}。理由如下：${reasons}。${notes}`;
}

/** Section headings start a line with a Chinese numeral and "、", e.g. "一、共建工作开展情况". */
export const HEADING_PATTERN = /^[一二三四五六七八九十]+、/;

/** The draft body: one paragraph per line, section headings on their own lines. */
export function writeOpinionDraft(f: OpinionFigures): string {
  const lines = [
    `为深入推进街道社区党建与驻区单位党建共驻共建，${f.communityName}组织辖区党员和居民群众，对${f.unitName}${f.periodLabel}参与共驻共建工作情况进行了评议。现将评议意见提出如下：`,
    "一、共建工作开展情况",
    activityParagraph(f),
    "二、党员群众评议情况",
    ballotParagraph(f),
    "三、评议等级建议",
    gradeParagraph(f),
    "四、意见建议",
    ...adviceParagraphs(f),
  ];
  return lines.join("\n");
}
