/**
 * The review's figures per community (述职评议考核 · 社区): needs posted in the period and how
 * many were matched and fulfilled, how long matching took, escalations, joint meetings, and the
 * needs left waiting beyond the escalation limit.
 *
 * One statement: each measure is a grouped subquery over an index keyed by community (or, for
 * escalations, by date), joined to the communities of the given streets, so the cost follows the
 * needs of the period and SQLite hands back one finished row per community. How long matching
 * took comes from review-match-days.server.ts, which also gives the streets' medians.
 */
import { and, count, eq, gte, inArray, sql } from "drizzle-orm";
import type { Writer } from "#db/client";
import { communities, meetings, needs } from "#db/schema";
import type { PeriodBounds } from "~/schemas/review";
import { daysBetweenDates } from "~/utils/china-time";
import { matchDays, type MatchDays } from "./review-match-days.server";
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
}

export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null;
}

/** Days are shown to one decimal. */
export function roundDays(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

const idList = (ids: number[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

interface Row {
  communityId: number;
  communityName: string;
  streetId: number;
  streetName: string;
  needsPosted: number;
  marked: number;
  fulfilled: number;
  escalations: number;
  meetingsHeld: number;
  lastMeeting: string | null;
  staleNeeds: number;
}

/** `days` is passed when the caller needs the streets' medians too (the same query gives both). */
export function communityFigures(
  db: Writer,
  streetIds: number[],
  b: PeriodBounds,
  limits: ReviewLimits,
  days: MatchDays = matchDays(db, streetIds, b),
): CommunityFigures[] {
  if (streetIds.length === 0) return [];
  const inStreets = idList(streetIds);
  const meetingDay = sql.raw("substr(m.scheduled_at, 1, 10)");
  const rows = db.all<Row>(sql`
    WITH scope AS (SELECT id, street_id FROM communities WHERE street_id IN (${inStreets}))
    SELECT c.id AS communityId, c.name AS communityName, s.id AS streetId, s.name AS streetName,
           coalesce(posted.n, 0) AS needsPosted, coalesce(posted.marked, 0) AS marked, coalesce(posted.fulfilled, 0) AS fulfilled,
           coalesce(escalated.n, 0) AS escalations, coalesce(met.held, 0) AS meetingsHeld, met.last AS lastMeeting, coalesce(stale.n, 0) AS staleNeeds
    FROM communities c
    JOIN streets s ON s.id = c.street_id
    -- Posted in the period (drafts never are): a range of needs_community_created_idx per community.
    LEFT JOIN (SELECT n.community_id, count(*) AS n, sum(n.status IN ('matched', 'fulfilled')) AS marked, sum(n.status = 'fulfilled') AS fulfilled
               FROM scope JOIN needs n ON n.community_id = scope.id
               WHERE n.created_at >= ${b.fromInstant} AND n.created_at < ${b.toInstant} AND n.status <> 'draft' GROUP BY n.community_id) posted ON posted.community_id = c.id
    LEFT JOIN (SELECT n.community_id, count(*) AS n FROM escalations e JOIN needs n ON n.id = e.need_id JOIN scope ON scope.id = n.community_id
               WHERE e.created_at >= ${b.fromInstant} AND e.created_at < ${b.toInstant} GROUP BY n.community_id) escalated ON escalated.community_id = c.id
    -- A street's meeting covers every community of the street; a community's meeting only itself.
    LEFT JOIN (SELECT scope.id AS community_id, sum(${meetingDay} BETWEEN ${b.from} AND ${b.to}) AS held, max(CASE WHEN ${meetingDay} <= ${b.asOfDate} THEN ${meetingDay} END) AS last
               FROM scope JOIN meetings m ON m.street_id = scope.street_id AND (m.community_id IS NULL OR m.community_id = scope.id)
               WHERE m.status IN ('held', 'published') GROUP BY scope.id) met ON met.community_id = c.id
    -- Open beyond the limit at the end of the period (needs_community_status_created_idx).
    LEFT JOIN (SELECT n.community_id, count(*) AS n FROM scope JOIN needs n ON n.community_id = scope.id
               WHERE n.status = 'open' AND n.created_at < ${staleCutoff(b, limits)} GROUP BY n.community_id) stale ON stale.community_id = c.id
    WHERE c.street_id IN (${inStreets})
    ORDER BY s.id, c.id
  `);

  return rows.map(({ marked, lastMeeting, ...r }) => {
    // A need also counts as matched while a project that is not cancelled holds it.
    const d = days.communities.get(r.communityId);
    const matched = marked + (d?.heldOnly ?? 0);
    const daysSinceLastMeeting = lastMeeting ? daysBetweenDates(lastMeeting, b.asOfDate) : null;
    return {
      matched,
      fulfilled: r.fulfilled,
      row: {
        communityId: r.communityId,
        communityName: r.communityName,
        streetId: r.streetId,
        streetName: r.streetName,
        needsPosted: r.needsPosted,
        matchedShare: share(matched, r.needsPosted),
        medianDaysToMatch: roundDays(d?.median ?? null),
        fulfilledShare: share(r.fulfilled, r.needsPosted),
        escalations: r.escalations,
        meetingsHeld: r.meetingsHeld,
        staleNeeds: r.staleNeeds,
        daysSinceLastMeeting,
        meetingOverdue: daysSinceLastMeeting === null || daysSinceLastMeeting > limits.meetingIntervalDays,
      },
    };
  });
}

/** A need open since before this instant is stale at the end of the period. */
function staleCutoff(b: PeriodBounds, limits: ReviewLimits) {
  return new Date(b.asOf.getTime() - limits.escalationDays * DAY_MS).toISOString();
}

/**
 * The last instant at which the stale counts of these figures still hold by the clock alone: the
 * oldest open need not yet stale becomes stale just after it. Infinity when no open need is waiting.
 */
export function staleCountsHoldUntil(db: Writer, streetIds: number[], b: PeriodBounds, limits: ReviewLimits): number {
  if (streetIds.length === 0) return Infinity;
  const next = db
    .select({ at: sql<string | null>`min(${needs.createdAt})` })
    .from(communities)
    .innerJoin(needs, eq(needs.communityId, communities.id))
    .where(
      and(
        inArray(communities.streetId, streetIds),
        eq(needs.status, "open"),
        gte(needs.createdAt, staleCutoff(b, limits)),
      ),
    )
    .get()?.at;
  return next ? Date.parse(next) + limits.escalationDays * DAY_MS : Infinity;
}

/** Joint meetings held in the period per street, each counted once (not once per community). */
export function meetingsHeldPerStreet(db: Writer, streetIds: number[], b: PeriodBounds): Map<number, number> {
  if (streetIds.length === 0) return new Map();
  const meetingDay = sql<string>`substr(${meetings.scheduledAt}, 1, 10)`;
  const rows = db
    .select({ streetId: meetings.streetId, n: count() })
    .from(meetings)
    .where(
      and(
        inArray(meetings.streetId, streetIds),
        inArray(meetings.status, ["held", "published"]),
        sql`${meetingDay} BETWEEN ${b.from} AND ${b.to}`,
      ),
    )
    .groupBy(meetings.streetId)
    .all();
  return new Map(rows.map((r) => [r.streetId, r.n]));
}
