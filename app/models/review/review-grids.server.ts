/**
 * One community's review figures by grid (述职评议考核 · 按网格, issue 14; decisions 038–041): for
 * each grid of the community, and for what was placed in none (未指定网格), the dashboard's
 * community measures that belong to a place — needs posted in the period, matched and fulfilled
 * (the same definitions as review-communities.server.ts), how long matching took, escalations,
 * needs waiting beyond the limit — plus the needs open now, the in-service members the community
 * placed in the grid, and the hours it confirmed for the period's activities held there.
 *
 * Two statements for the one community, whatever its number of grids: the counts (each measure a
 * grouped subquery by grid_id, joined to the community's grids) and the days to match (window
 * functions, as review-match-days.server.ts). No need row leaves SQLite, and nothing personal does:
 * grid names and counts only. Not kept like the dashboard's figures (review-cache.server.ts): one
 * community's grids are a few rows on indexes keyed by community, cheaper than a cache check.
 */
import { eq, sql } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { communities, streets } from "#db/schema";
import { parseReviewQuery, periodBounds, reviewPeriodLabel, type PeriodBounds } from "~/schemas/review";
import { forbidden, notFound } from "~/utils/auth.server";
import { canViewStreetReview } from "~/utils/evaluation-permissions";
import type { Actor } from "~/utils/permission-actor";
import { roundDays, share, type ReviewLimits } from "./review-communities.server";
import { reviewLimits } from "./review-figures.server";
import { middle } from "./review-match-days.server";

const DAY_MS = 24 * 3600_000;
export const NO_GRID_LABEL = "未指定网格";

export interface GridReviewRow {
  /** null: needs, members and activities placed in no grid. */
  gridId: number | null;
  gridName: string;
  needsPosted: number;
  matched: number;
  matchedShare: number | null;
  medianDaysToMatch: number | null;
  fulfilled: number;
  fulfilledShare: number | null;
  escalations: number;
  staleNeeds: number;
  /** Open (征集中) now, whenever posted. */
  openNow: number;
  /** In-service members whose report the community confirmed, placed in this grid. */
  reportedMembers: number;
  /** Confirmed hours of the period's activities (not cancelled) held in this grid. */
  confirmedHours: number;
}

interface CountRow {
  gridId: number | null;
  gridName: string;
  needsPosted: number;
  marked: number;
  fulfilled: number;
  escalations: number;
  staleNeeds: number;
  openNow: number;
  reportedMembers: number;
  hours: number;
}

function gridCounts(db: Writer, communityId: number, b: PeriodBounds, staleBefore: string): CountRow[] {
  const inPeriod = sql`created_at >= ${b.fromInstant} AND created_at < ${b.toInstant} AND status <> 'draft'`;
  // `IS` rather than `=`: the row of no grid joins its NULL group.
  return db.all<CountRow>(sql`
    WITH g AS (SELECT id AS grid_id, name, 0 AS last FROM grids WHERE community_id = ${communityId}
               UNION ALL SELECT NULL, ${NO_GRID_LABEL}, 1)
    SELECT g.grid_id AS gridId, g.name AS gridName,
           coalesce(nd.posted, 0) AS needsPosted, coalesce(nd.marked, 0) AS marked, coalesce(nd.fulfilled, 0) AS fulfilled,
           coalesce(esc.n, 0) AS escalations, coalesce(nd.stale, 0) AS staleNeeds, coalesce(nd.open_now, 0) AS openNow,
           coalesce(mem.n, 0) AS reportedMembers, coalesce(hrs.hours, 0) AS hours
    FROM g
    -- The community's needs once (needs_community_status_idx), each measure a conditional sum.
    LEFT JOIN (SELECT grid_id, sum(${inPeriod}) AS posted,
                      sum(${inPeriod} AND status IN ('matched', 'fulfilled')) AS marked,
                      sum(${inPeriod} AND status = 'fulfilled') AS fulfilled,
                      sum(status = 'open') AS open_now,
                      sum(status = 'open' AND created_at < ${staleBefore}) AS stale
               FROM needs WHERE community_id = ${communityId} GROUP BY grid_id) nd ON nd.grid_id IS g.grid_id
    LEFT JOIN (SELECT n.grid_id, count(*) AS n FROM needs n JOIN escalations e ON e.need_id = n.id
               WHERE n.community_id = ${communityId} AND e.created_at >= ${b.fromInstant} AND e.created_at < ${b.toInstant}
               GROUP BY n.grid_id) esc ON esc.grid_id IS g.grid_id
    LEFT JOIN (SELECT grid_id, count(*) AS n FROM party_members
               WHERE community_id = ${communityId} AND status = 'reported' GROUP BY grid_id) mem ON mem.grid_id IS g.grid_id
    -- Only hours the community confirmed, of live sign-ups to activities not cancelled (as the member's record).
    LEFT JOIN (SELECT a.grid_id, sum(s.hours) AS hours FROM service_activities a
               JOIN activity_signups s ON s.activity_id = a.id AND s.hours_confirmed_at IS NOT NULL AND s.cancelled_at IS NULL
               WHERE a.community_id = ${communityId} AND a.status <> 'cancelled' AND a.date >= ${b.from} AND a.date <= ${b.to}
               GROUP BY a.grid_id) hrs ON hrs.grid_id IS g.grid_id
    ORDER BY g.last, g.grid_id
  `);
}

interface DaysRow {
  scope: "grid" | "community";
  gridId: number | null;
  heldOnly: number | null;
  median: number | null;
}

/** Needs held by a live project but not marked matched, and the median days to match, per grid and for the community. */
function gridMatchDays(db: Writer, communityId: number, b: PeriodBounds) {
  const rows = db.all<DaysRow>(sql`
    WITH held AS MATERIALIZED (
      SELECT n.grid_id AS grid_id, n.status IN ('matched', 'fulfilled') AS marked,
             max(0, julianday(min(p.created_at)) - julianday(n.created_at)) AS days
      FROM needs n JOIN project_needs pn ON pn.need_id = n.id JOIN projects p ON p.id = pn.project_id
      WHERE n.community_id = ${communityId} AND n.created_at >= ${b.fromInstant} AND n.created_at < ${b.toInstant}
        AND n.status <> 'draft' AND p.status <> 'cancelled'
      GROUP BY n.id
    ), ranked AS (
      SELECT grid_id, marked, days,
             row_number() OVER (PARTITION BY grid_id ORDER BY days) AS g_rank, count(*) OVER (PARTITION BY grid_id) AS g_total,
             row_number() OVER (ORDER BY days) AS c_rank, count(*) OVER () AS c_total
      FROM held
    )
    SELECT 'grid' AS scope, grid_id AS gridId, sum(NOT marked) AS heldOnly, ${sql.raw(middle("g_rank", "g_total"))} AS median
    FROM ranked GROUP BY grid_id
    UNION ALL
    SELECT 'community', NULL, sum(NOT marked), ${sql.raw(middle("c_rank", "c_total"))} FROM ranked
  `);
  const grids = new Map<number | null, { heldOnly: number; median: number | null }>();
  let community: number | null = null;
  for (const r of rows) {
    if (r.scope === "community") community = r.median === null ? null : Number(r.median);
    else
      grids.set(r.gridId, { heldOnly: Number(r.heldOnly ?? 0), median: r.median === null ? null : Number(r.median) });
  }
  return { grids, communityMedian: community };
}

/** A need open since before this instant is beyond the limit at the end of the period (as the dashboard). */
function staleCutoff(b: PeriodBounds, limits: ReviewLimits) {
  return new Date(b.asOf.getTime() - limits.escalationDays * DAY_MS).toISOString();
}

const hours = (value: number) => Math.round(value * 10) / 10;

/** The figures of one community by grid; the community's totals, equal to its row on the dashboard. */
export function communityGridFigures(db: Writer, communityId: number, b: PeriodBounds, limits: ReviewLimits) {
  const days = gridMatchDays(db, communityId, b);
  const rows: GridReviewRow[] = gridCounts(db, communityId, b, staleCutoff(b, limits)).map(
    ({ marked, hours: h, ...r }) => {
      const d = days.grids.get(r.gridId);
      const matched = marked + (d?.heldOnly ?? 0);
      return {
        ...r,
        matched,
        matchedShare: share(matched, r.needsPosted),
        medianDaysToMatch: roundDays(d?.median ?? null),
        fulfilledShare: share(r.fulfilled, r.needsPosted),
        confirmedHours: hours(h),
      };
    },
  );
  const sum = (value: (r: GridReviewRow) => number) => rows.reduce((s, r) => s + value(r), 0);
  const needsPosted = sum((r) => r.needsPosted);
  const total: Omit<GridReviewRow, "gridId" | "gridName"> = {
    needsPosted,
    matched: sum((r) => r.matched),
    matchedShare: share(
      sum((r) => r.matched),
      needsPosted,
    ),
    medianDaysToMatch: roundDays(days.communityMedian),
    fulfilled: sum((r) => r.fulfilled),
    fulfilledShare: share(
      sum((r) => r.fulfilled),
      needsPosted,
    ),
    escalations: sum((r) => r.escalations),
    staleNeeds: sum((r) => r.staleNeeds),
    openNow: sum((r) => r.openNow),
    reportedMembers: sum((r) => r.reportedMembers),
    confirmedHours: hours(sum((r) => r.confirmedHours)),
  };
  return { rows, total };
}

/**
 * /review/communities/:communityId: a street reviewer's communities of their street, the
 * district's of its streets. A community outside that reach answers 404, as one that does not
 * exist: a reviewer learns nothing about communities they do not review.
 */
export function reviewCommunityGrids(actor: Actor, communityId: number, url: URL, now = new Date()) {
  if (actor.role !== "street" && actor.role !== "district") forbidden("述职评议考核仅供街道和区委组织部查看");
  const db = getDb();
  const community = db
    .select({
      id: communities.id,
      name: communities.name,
      streetId: streets.id,
      streetName: streets.name,
      districtId: streets.districtId,
    })
    .from(communities)
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(communities.id, communityId))
    .get();
  if (!community || !canViewStreetReview(actor, community)) notFound("找不到这个社区");
  const query = parseReviewQuery(url, now);
  const limits = reviewLimits(db);
  const { rows, total } = communityGridFigures(db, community.id, periodBounds(query.period, now), limits);
  return {
    role: actor.role,
    community: {
      id: community.id,
      name: community.name,
      streetId: community.streetId,
      streetName: community.streetName,
    },
    period: query.period,
    periodLabel: reviewPeriodLabel(query.period),
    form: query.form,
    errors: query.errors,
    limits,
    rows,
    total,
  };
}
