/**
 * The street's and the district's annual review (述职评议考核): every figure of the dashboard,
 * the ranking tables, the flags and the Excel export, computed in one place so they agree.
 * Communities: review-communities.server.ts; units: review-units.server.ts; flags:
 * review-flags.server.ts. This module puts them together per street and for a district, always
 * computing afresh; the dashboard and the export read them through review-cache.server.ts.
 */
import { asc, eq } from "drizzle-orm";
import type { Writer } from "#db/client";
import { streets } from "#db/schema";
import { calendarYear, periodBounds } from "~/schemas/review";
import { chinaYear } from "~/utils/china-time";
import {
  communityFigures,
  meetingsHeldPerStreet,
  roundDays,
  share,
  type CommunityFigures,
  type ReviewLimits,
} from "./review-communities.server";
import { reviewFlags } from "./review-flags.server";
import { matchDays } from "./review-match-days.server";
import type { DistrictReview, ReviewPeriod, StreetReview, StreetReviewRow } from "./review-types";
import { unitFigures, type UnitFigures } from "./review-units.server";
import { getSetting } from "~/models/platform/settings.server";

/** The current calendar year (in China). */
export function defaultReviewPeriod(now: Date = new Date()): ReviewPeriod {
  return calendarYear(chinaYear(now));
}

export function reviewLimits(db: Writer): ReviewLimits {
  return {
    escalationDays: getSetting("escalation_days", db),
    meetingIntervalDays: getSetting("meeting_interval_days", db),
  };
}

export function streetReview(db: Writer, streetId: number, period: ReviewPeriod, now: Date = new Date()): StreetReview {
  const bounds = periodBounds(period, now);
  const limits = reviewLimits(db);
  const communities = communityFigures(db, [streetId], bounds, limits).map((c) => c.row);
  const units = unitFigures(db, [streetId], bounds).map((u) => u.row);
  return {
    period,
    communities,
    units,
    flags: reviewFlags(communities, units, limits, { scopeName: "街道", withStreet: false }),
  };
}

export function districtReview(
  db: Writer,
  districtId: number,
  period: ReviewPeriod,
  now: Date = new Date(),
): DistrictReview {
  const bounds = periodBounds(period, now);
  const limits = reviewLimits(db);
  const streetRows = db
    .select({ id: streets.id, name: streets.name })
    .from(streets)
    .where(eq(streets.districtId, districtId))
    .orderBy(asc(streets.id))
    .all();
  const streetIds = streetRows.map((s) => s.id);
  const days = matchDays(db, streetIds, bounds);
  const communities = communityFigures(db, streetIds, bounds, limits, days);
  const units = unitFigures(db, streetIds, bounds);
  const meetings = meetingsHeldPerStreet(db, streetIds, bounds);
  const communityRows = communities.map((c) => c.row);
  const unitRows = units.map((u) => u.row);
  const communitiesOf = groupBy(communities, (c) => c.row.streetId);
  const unitsOf = groupBy(units, (u) => u.row.streetId);
  return {
    period,
    streets: streetRows.map((s) =>
      streetRow(
        s,
        communitiesOf.get(s.id) ?? [],
        unitsOf.get(s.id) ?? [],
        meetings.get(s.id) ?? 0,
        days.streets.get(s.id)?.median ?? null,
      ),
    ),
    communities: communityRows,
    units: unitRows,
    flags: reviewFlags(communityRows, unitRows, limits, { scopeName: "全区", withStreet: true }),
  };
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * A street's totals from its communities' and units' rows (one per community and unit, already
 * aggregated in SQL): counts summed, shares pooled over its needs, satisfaction over its ballots;
 * the median is pooled over its needs by the same query as the communities' (review-match-days).
 */
function streetRow(
  street: { id: number; name: string },
  communities: CommunityFigures[],
  units: UnitFigures[],
  meetingsHeld: number,
  medianDays: number | null,
): StreetReviewRow {
  const total = <T>(items: T[], value: (item: T) => number) => items.reduce((s, item) => s + value(item), 0);
  const needsPosted = total(communities, (c) => c.row.needsPosted);
  const ballots = total(units, (u) => u.ballots);
  return {
    streetId: street.id,
    streetName: street.name,
    communities: communities.length,
    units: units.length,
    needsPosted,
    matchedShare: share(
      total(communities, (c) => c.matched),
      needsPosted,
    ),
    medianDaysToMatch: roundDays(medianDays),
    fulfilledShare: share(
      total(communities, (c) => c.fulfilled),
      needsPosted,
    ),
    escalations: total(communities, (c) => c.row.escalations),
    meetingsHeld,
    confirmedActivities: total(units, (u) => u.row.confirmedActivities),
    hours: Math.round(total(units, (u) => u.row.hours) * 100) / 100,
    residentsServed: total(units, (u) => u.row.residentsServed),
    satisfaction: ballots > 0 ? Math.round((total(units, (u) => u.satisfactionSum) / ballots) * 100) / 100 : null,
    activeUnitShare: share(units.filter((u) => u.row.confirmedActivities > 0).length, units.length),
  };
}
