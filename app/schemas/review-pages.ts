/**
 * The pages of /review's long lists: each ranking table and the full list of one kind of flag
 * has its own query parameter, so paging one keeps the others (and the sorts) where they were.
 */
import { z } from "zod";
import type { ReviewFlag } from "~/models/review/review-types";

export const FLAG_KINDS = [
  "unit_inactive",
  "stale_needs",
  "meeting_overdue",
  "bottom_community",
  "bottom_unit",
] as const satisfies readonly ReviewFlag["kind"][];

export const PAGE_PARAMS = { communities: "cpage", units: "upage", streets: "spage", flags: "fpage" } as const;
/** ?flags=unit_inactive lists every flag of that kind, a page at a time. */
export const FLAG_KIND_PARAM = "flags";

/** A ranking table shows this many rows per page; its chart the first CHART_LIMIT of the order. */
export const RANKING_PAGE_SIZE = 20;
export const CHART_LIMIT = 15;

/**
 * A ranking as the loader sends it: on its first page the chart's rows are the first rows of the
 * table, so they are sent once (`top` is null); on a later page the chart still shows the top of
 * the order, sent as `top`.
 */
export interface Ranking<R> {
  items: R[];
  page: number;
  top: R[] | null;
}

/** The rows a ranking's chart draws. */
export function chartRows<R>(ranking: Ranking<R>): R[] {
  return ranking.top ?? ranking.items.slice(0, CHART_LIMIT);
}
/** Flags shown per kind before "查看全部". */
export const FLAGS_SHOWN = 5;

const pageNumber = z.coerce.number().int().positive().max(1_000_000).catch(1);
const flagKind = z.enum(FLAG_KINDS).nullable().catch(null);

export interface ReviewPages {
  communities: number;
  units: number;
  streets: number;
  flags: number;
  flagKind: ReviewFlag["kind"] | null;
}

/** Any page number that is not one reads as the first page; one past the end shows the last. */
export function parseReviewPages(params: URLSearchParams): ReviewPages {
  const page = (name: string) => pageNumber.parse(params.get(name) ?? 1);
  return {
    communities: page(PAGE_PARAMS.communities),
    units: page(PAGE_PARAMS.units),
    streets: page(PAGE_PARAMS.streets),
    flags: page(PAGE_PARAMS.flags),
    flagKind: flagKind.parse(params.get(FLAG_KIND_PARAM)),
  };
}
