/**
 * The query string of the review dashboard (/review): the period (a year, or a custom from/to),
 * the street a district user drills into, and the sort of each ranking table. Pure, so the loader,
 * the components and the tests read periods and sorts the same way.
 */
import { z } from "zod";
import type { CommunityReviewRow, ReviewPeriod, StreetReviewRow, UnitReviewRow } from "~/models/review/review-types";
import { addDays, chinaDate, chinaDayStart, chinaYear, chineseDate, daysBetweenDates } from "~/utils/china-time";
import { isValidDate } from "./common";

// A period's dates are days in China (~/utils/china-time).
export const MIN_REVIEW_YEAR = 2000;
const MAX_SPAN_DAYS = 5 * 366;

export function calendarYear(year: number): ReviewPeriod {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * What the queries compare against: dates (activity records, meetings) against from/to, stored
 * instants (created_at, voted_at, escalated_at) against the China-day boundaries, and "as of"
 * figures (stale needs, days since the last meeting) at the period's end or now, whichever is first.
 */
export interface PeriodBounds extends ReviewPeriod {
  fromInstant: string;
  /** Exclusive: the start of the day after `to`. */
  toInstant: string;
  asOf: Date;
  asOfDate: string;
}

export function periodBounds(period: ReviewPeriod, now: Date): PeriodBounds {
  const toInstant = chinaDayStart(addDays(period.to, 1));
  const asOf = new Date(Math.min(now.getTime(), Date.parse(toInstant) - 1));
  return { ...period, fromInstant: chinaDayStart(period.from), toInstant, asOf, asOfDate: chinaDate(asOf) };
}

/** "2026年度", or "2026年3月1日至2026年6月30日" for a custom period. */
export function reviewPeriodLabel(period: ReviewPeriod): string {
  const year = period.from.slice(0, 4);
  if (period.from === `${year}-01-01` && period.to === `${year}-12-31`) return `${year}年度`;
  return `${chineseDate(period.from)}至${chineseDate(period.to)}`;
}

// ─── Sorting the ranking tables ────────────────────────────────────────────────────────────

export const COMMUNITY_SORT_KEYS = [
  "communityName",
  "streetName",
  "needsPosted",
  "matchedShare",
  "medianDaysToMatch",
  "fulfilledShare",
  "escalations",
  "meetingsHeld",
  "staleNeeds",
  "daysSinceLastMeeting",
] as const satisfies readonly (keyof CommunityReviewRow)[];

export const UNIT_SORT_KEYS = [
  "unitName",
  "streetName",
  "unitKind",
  "resourcesOffered",
  "projects",
  "confirmedActivities",
  "partyMemberTimes",
  "hours",
  "residentsServed",
  "satisfaction",
  "opinionGrade",
] as const satisfies readonly (keyof UnitReviewRow)[];

export const STREET_SORT_KEYS = [
  "streetName",
  "communities",
  "units",
  "needsPosted",
  "matchedShare",
  "medianDaysToMatch",
  "fulfilledShare",
  "escalations",
  "meetingsHeld",
  "confirmedActivities",
  "hours",
  "residentsServed",
  "satisfaction",
  "activeUnitShare",
] as const satisfies readonly (keyof StreetReviewRow)[];

export interface SortSpec<K extends string> {
  key: K;
  dir: "asc" | "desc";
}

/** The query parameter of each table: `?csort=-matchedShare` sorts communities by matched share, descending. */
export const SORT_PARAMS = { communities: "csort", units: "usort", streets: "ssort" } as const;

export const DEFAULT_SORTS = {
  communities: { key: "matchedShare", dir: "desc" },
  units: { key: "confirmedActivities", dir: "desc" },
  streets: { key: "matchedShare", dir: "desc" },
} as const;

export function parseSort<K extends string>(
  value: string | null,
  keys: readonly K[],
  fallback: SortSpec<K>,
): SortSpec<K> {
  if (!value) return fallback;
  const desc = value.startsWith("-");
  const key = (desc ? value.slice(1) : value) as K;
  return keys.includes(key) ? { key, dir: desc ? "desc" : "asc" } : fallback;
}

export function sortParam<K extends string>(sort: SortSpec<K>): string {
  return sort.dir === "desc" ? `-${sort.key}` : sort.key;
}

/** Grades sort best first ascending (好 before 差), like the labels read. */
const GRADE_RANK: Record<string, number> = { good: 0, fairly_good: 1, average: 2, poor: 3 };

/**
 * Sorted copy; a missing value (no needs, no ballots, no opinion) always sorts last, whichever the
 * direction, so "lowest matched share" never starts with communities that posted nothing.
 */
export function sortRows<R, K extends keyof R & string>(
  rows: readonly R[],
  sort: SortSpec<K>,
  tieBreak: (r: R) => string,
): R[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  const valueOf = (r: R) => {
    const v = r[sort.key] as unknown;
    if (v === null || v === undefined) return null;
    if (sort.key === "opinionGrade") return GRADE_RANK[String(v)] ?? null;
    return v as number | string;
  };
  return [...rows].sort((a, b) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      const c =
        typeof va === "string" && typeof vb === "string" ? va.localeCompare(vb, "zh-CN") : Number(va) - Number(vb);
      if (c !== 0) return sign * c;
    }
    return tieBreak(a).localeCompare(tieBreak(b), "zh-CN");
  });
}

// ─── The period form ───────────────────────────────────────────────────────────────────────

const optionalId = z.coerce.number().int().positive().optional().catch(undefined);

function buildReviewQuerySchema(currentYear: number) {
  return z
    .object({
      year: z.coerce
        .number({ invalid_type_error: "年度须为数字" })
        .int("年度须为整数")
        .min(MIN_REVIEW_YEAR, `年度不能早于 ${MIN_REVIEW_YEAR} 年`)
        .max(currentYear + 1, `年度不能晚于 ${currentYear + 1} 年`)
        .optional(),
      from: z.string().trim().refine(isValidDate, "开始日期不是有效日期（格式：2026-03-01）").optional(),
      to: z.string().trim().refine(isValidDate, "结束日期不是有效日期（格式：2026-06-30）").optional(),
    })
    .superRefine((v, ctx) => {
      if (v.from && !v.to) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "请同时填写结束日期" });
      if (v.to && !v.from) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["from"], message: "请同时填写开始日期" });
      if (v.from && v.to && v.to < v.from)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "结束日期不能早于开始日期" });
      if (v.from && v.to && daysBetweenDates(v.from, v.to) > MAX_SPAN_DAYS) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "统计区间不能超过 5 年" });
      }
    });
}

/** The schema depends only on the current year; built once per year, not once per request. */
let schemaOfYear: { year: number; schema: ReturnType<typeof buildReviewQuerySchema> } | undefined;
function reviewQuerySchema(currentYear: number) {
  if (schemaOfYear?.year !== currentYear)
    schemaOfYear = { year: currentYear, schema: buildReviewQuerySchema(currentYear) };
  return schemaOfYear.schema;
}

export interface ReviewQuery {
  period: ReviewPeriod;
  /** What the form shows: a year, or the custom dates as typed (kept when they are wrong). */
  form: { year: string; from: string; to: string };
  errors: { year?: string; from?: string; to?: string };
  streetId: number | undefined;
  sorts: {
    communities: SortSpec<(typeof COMMUNITY_SORT_KEYS)[number]>;
    units: SortSpec<(typeof UNIT_SORT_KEYS)[number]>;
    streets: SortSpec<(typeof STREET_SORT_KEYS)[number]>;
  };
}

/** Reads /review's query string. A bad period is reported next to its field and the default year shown. */
export function parseReviewQuery(url: URL, now: Date): ReviewQuery {
  const params = url.searchParams;
  const currentYear = chinaYear(now);
  const raw = Object.fromEntries(["year", "from", "to"].map((k) => [k, params.get(k)?.trim() || undefined]));
  const parsed = reviewQuerySchema(currentYear).safeParse(raw);
  const errors: ReviewQuery["errors"] = {};
  let period = calendarYear(currentYear);
  if (parsed.success) {
    const { year, from, to } = parsed.data;
    if (from && to) period = { from, to };
    else if (year) period = calendarYear(year);
  } else {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof ReviewQuery["errors"];
      errors[field] ??= issue.message;
    }
    if (!errors.year && raw.year) period = calendarYear(Number(raw.year));
  }
  return {
    period,
    form: { year: raw.year ?? (raw.from ? "" : String(currentYear)), from: raw.from ?? "", to: raw.to ?? "" },
    errors,
    streetId: optionalId.parse(params.get("streetId") || undefined),
    sorts: {
      communities: parseSort(params.get(SORT_PARAMS.communities), COMMUNITY_SORT_KEYS, DEFAULT_SORTS.communities),
      units: parseSort(params.get(SORT_PARAMS.units), UNIT_SORT_KEYS, DEFAULT_SORTS.units),
      streets: parseSort(params.get(SORT_PARAMS.streets), STREET_SORT_KEYS, DEFAULT_SORTS.streets),
    },
  };
}

// ─── Numbers as the tables and flags show them ─────────────────────────────────────────────

export const EMPTY_FIGURE = "—";

/** 0.4567 → "45.7%"; null (nothing to divide by) → "—". */
export function formatShare(value: number | null): string {
  return value === null ? EMPTY_FIGURE : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/** Days with one decimal: 3 → "3.0". */
export function formatDays(value: number | null): string {
  return value === null ? EMPTY_FIGURE : value.toFixed(1);
}

// One formatter per number of decimals: toLocaleString builds a new one on every call (~20 µs),
// which a page of ranking tables calls hundreds of times.
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number | null, decimals = 0): string {
  if (value === null) return EMPTY_FIGURE;
  // Most figures are whole numbers under a thousand, which need no grouping: the same text, without Intl.
  if (decimals === 0 && Number.isInteger(value) && value > -1000 && value < 1000 && !Object.is(value, -0))
    return String(value);
  let format = NUMBER_FORMATS.get(decimals);
  if (!format)
    NUMBER_FORMATS.set(
      decimals,
      (format = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })),
    );
  return format.format(value);
}
