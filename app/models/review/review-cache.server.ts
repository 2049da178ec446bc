/**
 * The review's figures for one street or district and one period, computed in SQL
 * (review-figures.server.ts) and kept until they could differ: until anything is written to the
 * database, or the clock makes another need stale. The dashboard's every sort, page and chart,
 * and the export, read the same kept figures, so a reviewer paging through a city's units costs
 * the page, not the city (docs/decisions/012-review-figures-in-sql.md).
 *
 * "Anything written" is SQLite's own bookkeeping, exact and nearly free to ask: total_changes()
 * counts every row this connection (the app's only one) inserted, updated or deleted, and
 * PRAGMA data_version changes whenever another connection or process commits. A write that the
 * review does not read (a login, a notification) only costs one recomputation.
 */
import { asc, eq } from "drizzle-orm";
import { getDb, type Db } from "#db/client";
import { streets } from "#db/schema";
import { type Grade } from "#domain/vocabulary";
import { GRADE_ORDER } from "~/schemas/evaluation-labels";
import { periodBounds, sortRows, type SortSpec } from "~/schemas/review";
import { chinaDate } from "~/utils/china-time";
import { staleCountsHoldUntil } from "./review-communities.server";
import { districtReview, reviewLimits, streetReview } from "./review-figures.server";
import type {
  CommunityReviewRow,
  DistrictReview,
  ReviewFlag,
  ReviewPeriod,
  StreetReviewRow,
  UnitReviewRow,
} from "./review-types";

export type ReviewTarget = { scope: "street"; id: number } | { scope: "district"; id: number };

interface Tables {
  communities: CommunityReviewRow;
  units: UnitReviewRow;
  streets: StreetReviewRow;
}
const NAME_OF: { [T in keyof Tables]: (row: Tables[T]) => string } = {
  communities: (r) => r.communityName,
  units: (r) => r.unitName,
  streets: (r) => r.streetName,
};

export interface ReviewFigures {
  /** For a street, `streets` is empty. Rows in the order of the export (street, then id). */
  review: DistrictReview;
  grades: { grade: Grade; n: number }[];
  flagsByKind: Map<ReviewFlag["kind"], ReviewFlag[]>;
  /** A table's rows in the given order, sorted once per order while the figures are kept. */
  sorted<T extends keyof Tables>(table: T, sort: SortSpec<keyof Tables[T] & string>): Tables[T][];
}

interface Entry {
  version: string;
  /** The figures hold for "as of" instants in [from, until]: later ones may see more stale needs. */
  from: number;
  until: number;
  figures: ReviewFigures;
}

/** A handful of periods and scopes at once; a city's figures take a few megabytes each. */
const MAX_ENTRIES = 12;
const caches = new WeakMap<object, Map<string, Entry>>();

function dataVersion(db: Db): string {
  const sqlite = db.$client;
  return `${sqlite.pragma("data_version", { simple: true })}:${sqlite.prepare("SELECT total_changes()").pluck().get()}`;
}

export function reviewFigures(
  target: ReviewTarget,
  period: ReviewPeriod,
  now: Date = new Date(),
  db: Db = getDb(),
): ReviewFigures {
  let cache = caches.get(db.$client);
  if (!cache) caches.set(db.$client, (cache = new Map()));
  const bounds = periodBounds(period, now);
  const asOf = bounds.asOf.getTime();
  // Days since the last meeting are counted in whole days of the "as of" date.
  const key = `${target.scope}:${target.id}:${period.from}:${period.to}:${chinaDate(bounds.asOf)}`;
  const version = dataVersion(db);
  const kept = cache.get(key);
  if (kept && kept.version === version && kept.from <= asOf && asOf <= kept.until) {
    cache.delete(key); // most recently used last
    cache.set(key, kept);
    return kept.figures;
  }
  const entry = compute(db, target, period, now, version);
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return entry.figures;
}

function compute(db: Db, target: ReviewTarget, period: ReviewPeriod, now: Date, version: string): Entry {
  const bounds = periodBounds(period, now);
  const review: DistrictReview =
    target.scope === "street"
      ? { ...streetReview(db, target.id, period, now), streets: [] }
      : districtReview(db, target.id, period, now);
  const streetIds =
    target.scope === "street"
      ? [target.id]
      : db
          .select({ id: streets.id })
          .from(streets)
          .where(eq(streets.districtId, target.id))
          .orderBy(asc(streets.id))
          .all()
          .map((s) => s.id);
  // A past period is read as of its last instant, whatever the clock says.
  const followsClock = now.getTime() < Date.parse(bounds.toInstant) - 1;
  const until = followsClock ? staleCountsHoldUntil(db, streetIds, bounds, reviewLimits(db)) : Infinity;

  const flagsByKind = new Map<ReviewFlag["kind"], ReviewFlag[]>();
  for (const flag of review.flags) {
    const group = flagsByKind.get(flag.kind);
    if (group) group.push(flag);
    else flagsByKind.set(flag.kind, [flag]);
  }
  const gradeCount = new Map<Grade, number>();
  for (const u of review.units)
    if (u.opinionGrade) gradeCount.set(u.opinionGrade, (gradeCount.get(u.opinionGrade) ?? 0) + 1);

  const sortedCache = new Map<string, unknown[]>();
  const figures: ReviewFigures = {
    review,
    grades: GRADE_ORDER.filter((grade) => gradeCount.has(grade)).map((grade) => ({ grade, n: gradeCount.get(grade)! })),
    flagsByKind,
    sorted(table, sort) {
      const sortKey = `${table}:${sort.key}:${sort.dir}`;
      let rows = sortedCache.get(sortKey);
      if (!rows) {
        rows = sortRows(
          review[table] as Tables[typeof table][],
          sort as SortSpec<never>,
          NAME_OF[table] as (r: Tables[typeof table]) => string,
        );
        sortedCache.set(sortKey, rows);
      }
      return rows as Tables[typeof table][];
    },
  };
  return { version, from: bounds.asOf.getTime(), until, figures };
}
