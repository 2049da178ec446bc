/**
 * The calibrated score of one need–resource pair and its reasons. Semantic evidence (category fit
 * and concept similarity) decides whether a pair is acceptable at all; distance, history, a
 * confirmed pairing (结对) and the unit's load only move it within a band. Calibration:
 * ≥ ACCEPTABLE_SCORE (0.5) is a pair a street official would sign off; a same-category pair with
 * nothing else in common stays below it, and a pair with neither a category fit nor a shared key
 * concept is capped below it.
 */
import { SERVICE_CIRCLE_KM } from "./geo";
import { CATEGORY_COUNT, OTHER_CATEGORY } from "./dictionary";
import { CATEGORY_LABELS, type CategoryLabel } from "../../domain/taxonomy";
import { ACCEPTABLE_SCORE, type Grade, type PairHistory } from "./types";

/** Pairs below this are not worth showing at all. */
export const MIN_PROPOSAL_SCORE = 0.25;
/** Score cap without semantic evidence (no category fit, no shared key concept). */
const NO_EVIDENCE_CAP = 0.45;

const CATEGORY_WEIGHT = 0.42;
const TEXT_WEIGHT = 0.85;
/** Cosine below TEXT_FLOOR is what any two items of the field share; evidence then grows with TEXT_SCALE. */
const TEXT_FLOOR = 0.05;
const TEXT_SCALE = 0.35;
/** Share of the similarity kept when none of the need's main (title) concepts is covered. */
const COVERAGE_BASE = 0.2;
/** Help for old people offered to a need about children (or the reverse) is rarely what is asked. */
const AUDIENCE_CONFLICT_FACTOR = 0.6;
/** Distance keeps 84% of the semantic score at worst: a precise match far away beats a vague one next door. */
const DISTANCE_SHARE = 0.16;
const RELATED = 0.35;

/** Categories whose needs and resources often meet (e.g. 困难帮扶 needs are met by 物资捐赠). */
const RELATED_PAIRS: ReadonlyArray<readonly [CategoryLabel, readonly CategoryLabel[]]> = [
  ["养老服务", ["助餐", "医疗健康", "心理疏导", "助残", "困难帮扶", "数字技能"]],
  ["助餐", ["困难帮扶"]],
  ["医疗健康", ["助残", "心理疏导"]],
  ["课后托管", ["文体活动", "困难帮扶", "心理疏导"]],
  ["法律服务", ["就业创业", "物业管理", "金融知识"]],
  ["就业创业", ["数字技能", "困难帮扶"]],
  ["困难帮扶", ["物资捐赠", "助残"]],
  ["环境整治", ["物业管理", "设施维修"]],
  ["物业管理", ["设施维修", "安全宣传"]],
  ["文体活动", ["阵地共享"]],
  ["安全宣传", ["金融知识", "设施维修"]],
  ["设施维修", ["助残"]],
  ["党员教育", ["阵地共享"]],
  ["金融知识", ["数字技能"]],
];

/** relation[a * n + b]: 1 same, RELATED related, 0 otherwise; 其他 is only weakly like itself. */
export const categoryRelation = new Float32Array(CATEGORY_COUNT * CATEGORY_COUNT);
for (let k = 0; k < CATEGORY_COUNT; k++) categoryRelation[k * CATEGORY_COUNT + k] = k === OTHER_CATEGORY ? 0.3 : 1;
for (const [a, others] of RELATED_PAIRS) {
  const i = CATEGORY_LABELS.indexOf(a);
  for (const b of others) {
    const j = CATEGORY_LABELS.indexOf(b);
    categoryRelation[i * CATEGORY_COUNT + j] = categoryRelation[j * CATEGORY_COUNT + i] = RELATED;
  }
}

const GRADE_VALUE: Record<Grade, number> = { 好: 1, 较好: 0.6, 一般: 0, 差: -1 };

/** The largest history bonus (for upper bounds). */
export const MAX_HISTORY_BONUS = 0.06;

/** Pair history as a bonus in [-0.08, 0.06]: more completed projects, better grades, more bonus. */
export function historyBonus(h: PairHistory | undefined): number {
  if (!h || h.completedProjects <= 0) return 0;
  const grades = h.grades ?? [];
  const quality = grades.length === 0 ? 0.5 : grades.reduce((s, g) => s + GRADE_VALUE[g], 0) / grades.length;
  const volume = 0.5 + 0.5 * Math.min(1, h.completedProjects / 3);
  return quality >= 0 ? MAX_HISTORY_BONUS * volume * quality : 0.08 * volume * quality;
}

/**
 * A confirmed pairing (结对, decision 041) of the resource's unit with the need's community, as a
 * share of the semantic score: half the best history bonus, since a pairing is a promise to work
 * together and completed projects are proof of it.
 */
export const PAIR_BONUS = 0.03;
/** The most a pairing may lift a pair that is not acceptable on its own: it stays just below the line. */
const BELOW_ACCEPTABLE = ACCEPTABLE_SCORE - 0.0001;

/** A unit already carrying projects is slightly less preferred, up to -0.05 at 10 or more. */
export function loadPenalty(activeProjects: number): number {
  return activeProjects <= 0 ? 0 : 0.05 * Math.min(1, activeProjects / 10);
}

/**
 * Combines the signals. catFit in [0,1] (1 = same category), cosine in [0,1], keyShared: a shared
 * concept that names the service itself (not only the people served).
 */
export function pairScore(
  catFit: number,
  cosine: number,
  coverage: number,
  keyShared: boolean,
  audienceConflict: boolean,
  /** closeness(km) from geo.ts: 1 inside the 15-minute circle, falling with distance. */
  close: number,
  history: number,
  load: number,
  /** PAIR_BONUS when the resource's unit is paired with the need's community, else 0. */
  pair = 0,
): number {
  return (
    Math.round(rawScore(catFit, cosine, coverage, keyShared, audienceConflict, close, history, load, pair) * 10_000) /
    10_000
  );
}

/** pairScore before rounding to 4 decimals (the engine's upper bounds use it). */
export function rawScore(
  catFit: number,
  cosine: number,
  coverage: number,
  keyShared: boolean,
  audienceConflict: boolean,
  close: number,
  history: number,
  load: number,
  pair = 0,
): number {
  const similar = similarity(cosine, coverage);
  const text = 1 - Math.exp(-Math.max(0, similar - TEXT_FLOOR) / TEXT_SCALE);
  let sem = 1 - (1 - CATEGORY_WEIGHT * catFit) * (1 - TEXT_WEIGHT * text);
  if (audienceConflict) sem *= AUDIENCE_CONFLICT_FACTOR;
  let score = sem * (1 - DISTANCE_SHARE + DISTANCE_SHARE * close) + sem * (history - load);
  if (!keyShared && catFit < 0.6) score = Math.min(score, NO_EVIDENCE_CAP);
  else if (pair > 0) score = pairLift(score, sem * pair);
  return Math.min(1, Math.max(0, score));
}

/**
 * A pairing reorders what is already worth showing; it never decides by itself: a pair below the
 * proposal floor gets nothing, and one below the acceptable line is not lifted across it (so it
 * neither becomes a proposal nor enters the draft assignment because of the pairing alone). Pairs
 * without semantic evidence get nothing either (rawScore). Radius and window are hard limits
 * checked before any score.
 */
function pairLift(score: number, lift: number): number {
  if (score < MIN_PROPOSAL_SCORE) return score;
  return score < ACCEPTABLE_SCORE ? Math.max(score, Math.min(score + lift, BELOW_ACCEPTABLE)) : score + lift;
}

/** Text evidence: similarity, discounted when the resource misses what the need mainly asks for. */
export function similarity(cosine: number, coverage: number): number {
  return cosine * (COVERAGE_BASE + (1 - COVERAGE_BASE) * Math.min(1, coverage));
}

/** What distance, history and load multiply the semantic score by (as rawScore applies them). */
export function geoFactor(close: number, history: number, load: number): number {
  return 1 - DISTANCE_SHARE + DISTANCE_SHARE * close + (history - load);
}

// Text evidence at similarity i / TEXT_STEPS, for bounds: monotone, so a similarity rounded up
// gives an upper bound without an exp per candidate.
const TEXT_STEPS = 2048;
const TEXT_MAX_SIMILARITY = 2;
const textTable = Float64Array.from(
  { length: TEXT_STEPS * TEXT_MAX_SIMILARITY + 1 },
  (_, i) => 1 - Math.exp(-Math.max(0, i / TEXT_STEPS - TEXT_FLOOR) / TEXT_SCALE),
);

/**
 * An upper bound of rawScore from upper bounds of its inputs (similarity as similarity() gives
 * it; geo as geoFactor), cheap enough for every candidate; above the exact value by < 0.002.
 */
export function scoreBound(
  catFit: number,
  similar: number,
  keyShared: boolean,
  audienceConflict: boolean,
  geo: number,
): number {
  const i = Math.ceil(similar * TEXT_STEPS);
  const text = i < textTable.length ? textTable[i < 0 ? 0 : i] : 1;
  let sem = 1 - (1 - CATEGORY_WEIGHT * catFit) * (1 - TEXT_WEIGHT * text);
  if (audienceConflict) sem *= AUDIENCE_CONFLICT_FACTOR;
  const score = sem * geo + 1e-9;
  return !keyShared && catFit < 0.6 && score > NO_EVIDENCE_CAP ? NO_EVIDENCE_CAP + 1e-9 : score;
}

// ── Reasons ────────────────────────────────────────────────────────────────────────────────

const categoryReasons = new Map<number, string | null>();

export function categoryReason(needCat: number, resCat: number, inferred: boolean): string | null {
  const key = (needCat * CATEGORY_COUNT + resCat) * 2 + (inferred ? 1 : 0);
  let reason = categoryReasons.get(key);
  if (reason === undefined) {
    const rel = categoryRelation[needCat * CATEGORY_COUNT + resCat];
    const suffix = inferred ? "（按文字推断）" : "";
    if (rel === 0 || (needCat === OTHER_CATEGORY && resCat === OTHER_CATEGORY)) reason = null;
    else if (needCat === resCat) reason = `分类相符：${CATEGORY_LABELS[needCat]}${suffix}`;
    else reason = `分类相关：${CATEGORY_LABELS[needCat]} 与 ${CATEGORY_LABELS[resCat]}${suffix}`;
    categoryReasons.set(key, reason);
  }
  return reason;
}

export function distanceReason(km: number, radiusKm: number): string {
  const shown = km < 0.05 ? "不足 0.1" : km.toFixed(1);
  if (km <= SERVICE_CIRCLE_KM) return `距离 ${shown} 公里（15 分钟服务圈内）`;
  if (Number.isFinite(radiusKm)) return `距离 ${shown} 公里（在 ${radiusKm} 公里服务半径内）`;
  return `距离 ${shown} 公里`;
}

/** The overlap of the two windows, when either side gives a date. */
export function windowReason(needStart?: string, needEnd?: string, resStart?: string, resEnd?: string): string | null {
  // Dates are "YYYY-MM-DD", so string order is date order: the later start, the earlier end.
  const start = !needStart ? resStart : !resStart || needStart > resStart ? needStart : resStart;
  const end = !needEnd ? resEnd : !resEnd || needEnd < resEnd ? needEnd : resEnd;
  if (!start && !end) return null;
  if (start && end) return `时间吻合：${start} 至 ${end}`;
  return start ? `时间吻合：${start} 起长期可用` : `时间吻合：即日起至 ${end}`;
}

export function historyReason(h: PairHistory | undefined): string | null {
  if (!h || h.completedProjects <= 0) return null;
  const order: Grade[] = ["好", "较好", "一般", "差"];
  const grades = order.filter((g) => h.grades?.includes(g));
  return `曾合作完成 ${h.completedProjects} 个项目${grades.length ? `，评议“${grades.join("、")}”` : ""}`;
}

export function loadReason(activeProjects: number): string | null {
  return activeProjects >= 3 ? `该单位在办项目 ${activeProjects} 个，适当分流给其他单位` : null;
}
