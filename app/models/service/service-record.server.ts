/**
 * What members' service adds up to (decision 041), for the member's record (工作记实) and the
 * units' figures in the review. Only hours the community confirmed count; a year is a China
 * calendar year, and an activity belongs to the year of its date. Cancelled activities count for
 * nothing.
 */
import { and, asc, eq, gte, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import { activitySignups, communities, postClaims, serviceActivities, servicePosts } from "#db/schema";
import { chinaDayStart } from "~/utils/china-time";

/** The first and last day of a China calendar year, as dates compare in SQL. */
export const yearDays = (year: number) => ({ first: `${year}-01-01`, last: `${year}-12-31` });

/** The activities of `year` a sign-up counts for: live sign-ups of activities not cancelled. */
const countedActivity = (year: number) =>
  and(
    isNull(activitySignups.cancelledAt),
    ne(serviceActivities.status, "cancelled"),
    gte(serviceActivities.date, yearDays(year).first),
    lte(serviceActivities.date, yearDays(year).last),
  );

/**
 * One member's year: the posts they held at some time in it, the activities they signed up for
 * (with check-in and confirmed hours), and the totals — activities attended (checked in, by scan
 * or by the community's mark) and confirmed hours — summed by SQL.
 */
export function memberServiceYear(memberId: number, year: number) {
  const db = getDb();
  // Claims are instants (UTC): the year is China's, from its first day's start to the next's.
  const from = chinaDayStart(`${year}-01-01`);
  const until = chinaDayStart(`${year + 1}-01-01`);
  const claims = db
    .select({
      postId: servicePosts.id,
      title: servicePosts.title,
      communityName: communities.name,
      postStatus: servicePosts.status,
      claimedAt: postClaims.claimedAt,
      releasedAt: postClaims.releasedAt,
    })
    .from(postClaims)
    .innerJoin(servicePosts, eq(servicePosts.id, postClaims.postId))
    .innerJoin(communities, eq(communities.id, servicePosts.communityId))
    .where(
      and(
        eq(postClaims.memberId, memberId),
        lt(postClaims.claimedAt, until),
        or(isNull(postClaims.releasedAt), gte(postClaims.releasedAt, from)),
      ),
    )
    .orderBy(asc(postClaims.claimedAt))
    .all();
  const activities = db
    .select({
      activityId: serviceActivities.id,
      title: serviceActivities.title,
      communityName: communities.name,
      place: serviceActivities.place,
      date: serviceActivities.date,
      startTime: serviceActivities.startTime,
      plannedHours: serviceActivities.plannedHours,
      checkedInAt: activitySignups.checkedInAt,
      checkInMethod: activitySignups.checkInMethod,
      confirmedHours: sql<number | null>`CASE WHEN ${activitySignups.hoursConfirmedAt} IS NOT NULL
        THEN ${activitySignups.hours} END`,
      hoursConfirmedAt: activitySignups.hoursConfirmedAt,
    })
    .from(activitySignups)
    .innerJoin(serviceActivities, eq(serviceActivities.id, activitySignups.activityId))
    .innerJoin(communities, eq(communities.id, serviceActivities.communityId))
    .where(and(eq(activitySignups.memberId, memberId), countedActivity(year)))
    .orderBy(asc(serviceActivities.date), asc(serviceActivities.startTime), asc(serviceActivities.id))
    .all();
  const totals = db
    .select({
      activitiesAttended: sql<number>`count(${activitySignups.checkedInAt})`,
      confirmedHours: sql<number>`coalesce(sum(CASE WHEN ${activitySignups.hoursConfirmedAt} IS NOT NULL
        THEN ${activitySignups.hours} END), 0)`,
    })
    .from(activitySignups)
    .innerJoin(serviceActivities, eq(serviceActivities.id, activitySignups.activityId))
    .where(and(eq(activitySignups.memberId, memberId), countedActivity(year)))
    .get()!;
  return { year, claims, activities, totals };
}
export type MemberServiceYear = ReturnType<typeof memberServiceYear>;

export interface UnitServiceFigures {
  unitId: number;
  /** Members the unit has registered and who have not left (any status but `left`). */
  registered: number;
  /** Of those, confirmed by their residential community. */
  reported: number;
  /** Members not left with at least one activity of the year whose hours were confirmed. */
  active: number;
  /**
   * Confirmed hours of the year served by the unit's members, including members who have left
   * since: the hours were served while they were the unit's.
   */
  confirmedHours: number;
}

/**
 * Per unit, for any number of units (a city has 10,000): two grouped queries whose unit list is
 * one JSON parameter, so there is no query per unit and no limit on SQLite's variables. Units
 * without members come back with zeros.
 */
export function unitServiceFigures(unitIds: number[], year: number): Map<number, UnitServiceFigures> {
  const figures = new Map<number, UnitServiceFigures>(
    unitIds.map((unitId) => [unitId, { unitId, registered: 0, reported: 0, active: 0, confirmedHours: 0 }]),
  );
  if (unitIds.length === 0) return figures;
  const db = getDb();
  const ids = JSON.stringify(unitIds);
  const { first, last } = yearDays(year);
  const members = db.all<{ unitId: number; registered: number; reported: number }>(sql`
    SELECT unit_id AS unitId, sum(status <> 'left') AS registered, sum(status = 'reported') AS reported
    FROM party_members
    WHERE unit_id IN (SELECT value FROM json_each(${ids}))
    GROUP BY unit_id`);
  for (const row of members) Object.assign(figures.get(row.unitId)!, row);
  // By member first (their confirmed sign-ups through activity_signups_member_idx), then by unit.
  const service = db.all<{ unitId: number; active: number; hours: number }>(sql`
    SELECT m.unit_id AS unitId,
           count(DISTINCT CASE WHEN m.status <> 'left' THEN m.id END) AS active,
           sum(s.hours) AS hours
    FROM party_members m
    JOIN activity_signups s ON s.member_id = m.id AND s.hours_confirmed_at IS NOT NULL AND s.cancelled_at IS NULL
    JOIN service_activities a ON a.id = s.activity_id AND a.status <> 'cancelled'
      AND a.date >= ${first} AND a.date <= ${last}
    WHERE m.unit_id IN (SELECT value FROM json_each(${ids}))
    GROUP BY m.unit_id`);
  for (const row of service) {
    const unit = figures.get(row.unitId)!;
    unit.active = row.active;
    // Halves add up exactly; rounding only guards against hours entered some other way.
    unit.confirmedHours = Math.round(row.hours * 10) / 10;
  }
  return figures;
}
