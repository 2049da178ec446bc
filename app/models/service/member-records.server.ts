/**
 * 工作记实档案 (decision 041): a member's year of service — posts held, activities attended, hours
 * the community confirmed, the community's comment — for the member, their unit (all its members,
 * exported for the annual appraisal, 纳入个人年度考核) and their residential community.
 */
import { and, asc, count, eq, gt, gte, lte, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import {
  activityRecordMembers,
  activityRecords,
  communities,
  memberYearComments,
  partyMembers,
  projects,
  units,
} from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import { pageFromSql } from "~/models/platform/pagination";
import { forbidden, notFound } from "~/utils/auth.server";
import { chinaDayStart, chinaToday } from "~/utils/china-time";
import { refuse, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";
import { memberServiceYear, yearDays } from "./service-record.server";

/** The year a record page shows: the one asked for, if sensible, else this China year. */
export function recordYear(value: string | null): number {
  const thisYear = Number(chinaToday().slice(0, 4));
  const asked = Number(value);
  return Number.isInteger(asked) && asked >= 2020 && asked <= thisYear ? asked : thisYear;
}

/**
 * The member whose record `actor` may read: themselves; a unit's own member; a community's reporting
 * member (not one still to confirm their link). Anyone else is told it does not exist.
 */
function readableMember(actor: Actor, memberId: number) {
  const member = getDb().select().from(partyMembers).where(eq(partyMembers.id, memberId)).get();
  const allowed =
    member !== undefined &&
    ((actor.role === "member" && actor.memberId === member.id) ||
      (actor.role === "unit" && actor.unitId === member.unitId) ||
      (actor.role === "community" && actor.communityId === member.communityId && member.status !== "registered"));
  if (!allowed) notFound("找不到这位党员的服务记实");
  return member;
}

/**
 * The confirmed activity records of co-building projects that name the member (decision 041), in a
 * China year: shown beside their service activities, not added to their confirmed service hours
 * (a project record's hours are the activity's length, confirmed by the other side, not per person).
 */
function projectActivitiesOf(memberId: number, year: number) {
  return getDb()
    .select({
      recordId: activityRecords.id,
      date: activityRecords.date,
      place: activityRecords.place,
      hours: activityRecords.hours,
      projectTitle: projects.title,
    })
    .from(activityRecordMembers)
    .innerJoin(activityRecords, eq(activityRecords.id, activityRecordMembers.recordId))
    .innerJoin(projects, eq(projects.id, activityRecords.projectId))
    .where(
      and(
        eq(activityRecordMembers.memberId, memberId),
        eq(activityRecords.status, "confirmed"),
        gte(activityRecords.date, yearDays(year).first),
        lte(activityRecords.date, yearDays(year).last),
      ),
    )
    .orderBy(asc(activityRecords.date))
    .all();
}

/** One member's record of a year, with who they are and the community's comment. */
export function memberRecord(actor: Actor, memberId: number, year: number) {
  const member = readableMember(actor, memberId);
  const names = getDb()
    .select({ unitName: units.name, communityName: communities.name })
    .from(units)
    .innerJoin(communities, eq(communities.id, member.communityId))
    .where(eq(units.id, member.unitId))
    .get()!;
  const comment = getDb()
    .select({ comment: memberYearComments.comment, updatedAt: memberYearComments.updatedAt })
    .from(memberYearComments)
    .where(and(eq(memberYearComments.memberId, member.id), eq(memberYearComments.year, year)))
    .get();
  return {
    member: { id: member.id, name: member.name, status: member.status, ...names },
    service: memberServiceYear(member.id, year),
    projectActivities: projectActivitiesOf(member.id, year),
    comment: comment ?? null,
    canComment: actor.role === "community" && member.status === "reported",
  };
}

/** The community's comment on a reporting member's year; saving again replaces it. */
export function saveYearComment(actor: Actor, memberId: number, year: number, comment: string): Result {
  if (actor.role !== "community") forbidden("只有党员报到的社区可以写评语");
  const member = readableMember(actor, memberId);
  if (member.status !== "reported") return refuse("社区确认报到后才能写评语", { field: "comment", status: 409 });
  return getDb().transaction((tx) => {
    const before = tx
      .select()
      .from(memberYearComments)
      .where(and(eq(memberYearComments.memberId, member.id), eq(memberYearComments.year, year)))
      .get();
    const after = tx
      .insert(memberYearComments)
      .values({ memberId: member.id, year, comment, commentedBy: actor.id })
      .onConflictDoUpdate({
        target: [memberYearComments.memberId, memberYearComments.year],
        set: { comment, commentedBy: actor.id, updatedAt: new Date().toISOString() },
      })
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "party_member.comment",
      entityType: "party_member",
      entityId: member.id,
      before: before ?? undefined,
      after,
    });
    return { ok: true };
  });
}

/** Per member of a set, the year's figures: posts held, activities attended, confirmed hours. */
function figuresOf(memberIds: number[], year: number) {
  const ids = JSON.stringify(memberIds);
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  // Claims are instants (UTC); the year is China's.
  const from = chinaDayStart(`${year}-01-01`);
  const until = chinaDayStart(`${year + 1}-01-01`);
  const rows = getDb().all<{ memberId: number; attended: number; hours: number; posts: number; comment: string }>(sql`
    SELECT m.id AS memberId,
      (SELECT count(s.checked_in_at) FROM activity_signups s JOIN service_activities a ON a.id = s.activity_id
        WHERE s.member_id = m.id AND s.cancelled_at IS NULL AND a.status <> 'cancelled'
          AND a.date >= ${first} AND a.date <= ${last}) AS attended,
      (SELECT coalesce(sum(s.hours), 0) FROM activity_signups s JOIN service_activities a ON a.id = s.activity_id
        WHERE s.member_id = m.id AND s.hours_confirmed_at IS NOT NULL AND s.cancelled_at IS NULL
          AND a.status <> 'cancelled' AND a.date >= ${first} AND a.date <= ${last}) AS hours,
      (SELECT count(*) FROM post_claims c WHERE c.member_id = m.id
        AND c.claimed_at < ${until} AND (c.released_at IS NULL OR c.released_at >= ${from})) AS posts,
      (SELECT y.comment FROM member_year_comments y WHERE y.member_id = m.id AND y.year = ${year}) AS comment
    FROM party_members m WHERE m.id IN (SELECT value FROM json_each(${ids}))`);
  return new Map(rows.map((r) => [r.memberId, r]));
}

const memberColumns = {
  id: partyMembers.id,
  name: partyMembers.name,
  phone: partyMembers.phone,
  status: partyMembers.status,
  communityName: communities.name,
};

function unitOf(actor: Actor) {
  if (actor.role !== "unit" || actor.unitId === null) forbidden("只有驻区单位联络员可以查看本单位党员的服务记实");
  return actor.unitId;
}

/** A page of the unit's members (every status: a member who left keeps the hours served) with their year. */
export function unitMemberRecords(actor: Actor, year: number, requested: number | undefined) {
  const unitId = unitOf(actor);
  const db = getDb();
  const where = eq(partyMembers.unitId, unitId);
  const page = pageFromSql(
    requested,
    () => db.select({ n: count() }).from(partyMembers).where(where).get()!.n,
    (limit, offset) =>
      db
        .select(memberColumns)
        .from(partyMembers)
        .innerJoin(communities, eq(communities.id, partyMembers.communityId))
        .where(where)
        .orderBy(asc(partyMembers.id))
        .limit(limit)
        .offset(offset)
        .all(),
  );
  const figures = figuresOf(
    page.items.map((m) => m.id),
    year,
  );
  return { ...page, items: page.items.map((m) => ({ ...m, ...figures.get(m.id)! })) };
}

/** The rows of the unit's records workbook, 500 members at a time (keyset by id: no OFFSET walk). */
export function* unitMemberRecordRows(actor: Actor, year: number, statusLabel: (s: string) => string) {
  const unitId = unitOf(actor);
  let after = 0;
  for (;;) {
    const batch = getDb()
      .select(memberColumns)
      .from(partyMembers)
      .innerJoin(communities, eq(communities.id, partyMembers.communityId))
      .where(and(eq(partyMembers.unitId, unitId), gt(partyMembers.id, after)))
      .orderBy(asc(partyMembers.id))
      .limit(500)
      .all();
    if (batch.length === 0) return;
    const figures = figuresOf(
      batch.map((m) => m.id),
      year,
    );
    yield batch.map((m) => {
      const f = figures.get(m.id)!;
      return [m.name, m.phone, m.communityName, statusLabel(m.status), f.posts, f.attended, f.hours, f.comment ?? ""];
    });
    after = batch[batch.length - 1]!.id;
  }
}
