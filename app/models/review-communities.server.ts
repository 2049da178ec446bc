/**
 * The review's figures per community (述职评议考核 · 社区): needs posted in the period and how
 * many were matched and fulfilled, how long matching took, escalations, joint meetings, and the
 * needs left waiting beyond the escalation limit. One grouped query per measure for all the
 * communities of the given streets.
 */
import { and, asc, count, eq, gte, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Writer } from "#db/client";
import { communities, escalations, meetings, needs, projectNeeds, projects, streets } from "#db/schema";
import { daysBetweenDates, type PeriodBounds } from "~/schemas/review";
import type { CommunityReviewRow } from "./review-types";

const DAY_MS = 24 * 3600_000;

export interface ReviewLimits {
  escalationDays: number;
  meetingIntervalDays: number;
}

/** A community's row plus the counts behind its shares, so a street's shares are pooled, not averaged. */
export interface CommunityFigures {
  row: CommunityReviewRow;
  matched: number;
  fulfilled: number;
  /** Days from each matched need's creation to its (first live) project's creation. */
  daysToMatch: number[];
}

export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 10) / 10;
}

function byCommunity<T extends { communityId: number }>(rows: T[]) {
  return new Map(rows.map((r) => [r.communityId, r]));
}

export function communityFigures(db: Writer, streetIds: number[], b: PeriodBounds, limits: ReviewLimits): CommunityFigures[] {
  if (streetIds.length === 0) return [];
  const inStreets = inArray(communities.streetId, streetIds);
  const postedInPeriod = and(inStreets, ne(needs.status, "draft"), gte(needs.createdAt, b.fromInstant), lt(needs.createdAt, b.toInstant));

  const base = db
    .select({ communityId: communities.id, communityName: communities.name, streetId: streets.id, streetName: streets.name })
    .from(communities)
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(inStreets)
    .orderBy(asc(streets.id), asc(communities.id))
    .all();

  // A need counts as matched once it is matched/fulfilled or any project that is not cancelled holds it.
  const heldByLiveProject = sql`EXISTS (SELECT 1 FROM ${projectNeeds} pn JOIN ${projects} p ON p.id = pn.project_id WHERE pn.need_id = ${needs.id} AND p.status <> 'cancelled')`;
  const posted = byCommunity(
    db
      .select({
        communityId: needs.communityId,
        posted: count(),
        matched: sql<number>`sum(CASE WHEN ${needs.status} IN ('matched', 'fulfilled') OR ${heldByLiveProject} THEN 1 ELSE 0 END)`.mapWith(Number),
        fulfilled: sql<number>`sum(CASE WHEN ${needs.status} = 'fulfilled' THEN 1 ELSE 0 END)`.mapWith(Number),
      })
      .from(needs)
      .innerJoin(communities, eq(communities.id, needs.communityId))
      .where(postedInPeriod)
      .groupBy(needs.communityId)
      .all(),
  );

  const days = db
    .select({
      communityId: needs.communityId,
      days: sql<number>`julianday(min(${projects.createdAt})) - julianday(${needs.createdAt})`.mapWith(Number),
    })
    .from(needs)
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(projectNeeds, eq(projectNeeds.needId, needs.id))
    .innerJoin(projects, and(eq(projects.id, projectNeeds.projectId), ne(projects.status, "cancelled")))
    .where(postedInPeriod)
    .groupBy(needs.id)
    .all();
  const daysOf = new Map<number, number[]>();
  for (const d of days) daysOf.set(d.communityId, [...(daysOf.get(d.communityId) ?? []), Math.max(0, d.days)]);

  const escalated = byCommunity(
    db
      .select({ communityId: needs.communityId, n: count() })
      .from(escalations)
      .innerJoin(needs, eq(needs.id, escalations.needId))
      .innerJoin(communities, eq(communities.id, needs.communityId))
      .where(and(inStreets, gte(escalations.escalatedAt, b.fromInstant), lt(escalations.escalatedAt, b.toInstant)))
      .groupBy(needs.communityId)
      .all(),
  );

  // A street's meeting covers every community of the street; a community's meeting only itself.
  const meetingDay = sql<string>`substr(${meetings.scheduledAt}, 1, 10)`;
  const met = byCommunity(
    db
      .select({
        communityId: communities.id,
        held: sql<number>`sum(CASE WHEN ${meetingDay} BETWEEN ${b.from} AND ${b.to} THEN 1 ELSE 0 END)`.mapWith(Number),
        last: sql<string | null>`max(CASE WHEN ${meetingDay} <= ${b.asOfDate} THEN ${meetingDay} END)`,
      })
      .from(communities)
      .innerJoin(meetings, and(eq(meetings.streetId, communities.streetId), or(isNull(meetings.communityId), eq(meetings.communityId, communities.id))))
      .where(and(inStreets, inArray(meetings.status, ["held", "published"])))
      .groupBy(communities.id)
      .all(),
  );

  const cutoff = new Date(b.asOf.getTime() - limits.escalationDays * DAY_MS).toISOString();
  const stale = byCommunity(
    db
      .select({ communityId: needs.communityId, n: count() })
      .from(needs)
      .innerJoin(communities, eq(communities.id, needs.communityId))
      .where(and(inStreets, eq(needs.status, "open"), lt(needs.createdAt, cutoff)))
      .groupBy(needs.communityId)
      .all(),
  );

  return base.map((c) => {
    const p = posted.get(c.communityId);
    const needsPosted = p?.posted ?? 0;
    const matched = p?.matched ?? 0;
    const fulfilled = p?.fulfilled ?? 0;
    const daysToMatch = daysOf.get(c.communityId) ?? [];
    const last = met.get(c.communityId)?.last ?? null;
    const daysSinceLastMeeting = last ? daysBetweenDates(last, b.asOfDate) : null;
    return {
      matched,
      fulfilled,
      daysToMatch,
      row: {
        ...c,
        needsPosted,
        matchedShare: share(matched, needsPosted),
        medianDaysToMatch: median(daysToMatch),
        fulfilledShare: share(fulfilled, needsPosted),
        escalations: escalated.get(c.communityId)?.n ?? 0,
        meetingsHeld: met.get(c.communityId)?.held ?? 0,
        staleNeeds: stale.get(c.communityId)?.n ?? 0,
        daysSinceLastMeeting,
        meetingOverdue: daysSinceLastMeeting === null || daysSinceLastMeeting > limits.meetingIntervalDays,
      },
    };
  });
}

/** Joint meetings held in the period per street, each counted once (not once per community). */
export function meetingsHeldPerStreet(db: Writer, streetIds: number[], b: PeriodBounds): Map<number, number> {
  if (streetIds.length === 0) return new Map();
  const meetingDay = sql<string>`substr(${meetings.scheduledAt}, 1, 10)`;
  const rows = db
    .select({ streetId: meetings.streetId, n: count() })
    .from(meetings)
    .where(and(inArray(meetings.streetId, streetIds), inArray(meetings.status, ["held", "published"]), sql`${meetingDay} BETWEEN ${b.from} AND ${b.to}`))
    .groupBy(meetings.streetId)
    .all();
  return new Map(rows.map((r) => [r.streetId, r.n]));
}
