/**
 * 服务活动 (decision 041): one-off activities a community organises on a China date, with a place,
 * planned hours and places; its reported members sign up (报名) from their phone until the day and
 * check in there (check-in.server.ts). Cancelling tells everyone signed up. Audited writes.
 */
import { and, asc, count, desc, eq, gte, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import { activitySignups, grids, partyMembers, serviceActivities, servicePosts, units } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { pageFromSql } from "~/models/platform/pagination";
import { needGridId } from "~/models/platform/grids.server";
import type { ActivityFormValues } from "~/schemas/service";
import { chinaToday, chineseDate } from "~/utils/china-time";
import { DomainConflict, refuse, refusing, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";
import { memberUserIds, ownActivity, serviceCommunityOf, withoutTokenHash } from "./service-scope.server";

const signedUp = isNull(activitySignups.cancelledAt);
// Written out in full: inside a subquery drizzle leaves columns unqualified.
const signupCount = sql<number>`(SELECT count(*) FROM activity_signups s
  WHERE s.activity_id = "service_activities"."id" AND s.cancelled_at IS NULL)`;
const checkedInCount = sql<number>`(SELECT count(*) FROM activity_signups s
  WHERE s.activity_id = "service_activities"."id" AND s.cancelled_at IS NULL AND s.checked_in_at IS NOT NULL)`;

export const activityListColumns = {
  id: serviceActivities.id,
  title: serviceActivities.title,
  place: serviceActivities.place,
  date: serviceActivities.date,
  startTime: serviceActivities.startTime,
  plannedHours: serviceActivities.plannedHours,
  slots: serviceActivities.slots,
  status: serviceActivities.status,
  gridName: grids.name,
  signedUp: signupCount,
};

export function createActivity(actor: Actor, values: ActivityFormValues, now = new Date()): Result<{ id: number }> {
  const communityId = serviceCommunityOf(actor);
  if (values.date < chinaToday(now)) return refuse("活动日期不能早于今天", { field: "date" });
  return refusing(() =>
    getDb().transaction((tx) => {
      const gridId = needGridId(tx, communityId, values.gridId);
      if (values.postId !== undefined) {
        const post = tx.select().from(servicePosts).where(eq(servicePosts.id, values.postId)).get();
        if (!post || post.communityId !== communityId || post.status !== "open")
          throw new DomainConflict("请选择本社区招募中的岗位", "postId");
      }
      const { gridId: _grid, postId, ...fields } = values;
      const after = tx
        .insert(serviceActivities)
        .values({ ...fields, communityId, gridId, postId: postId ?? null, createdBy: actor.id })
        .returning()
        .get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "service_activity.create",
        entityType: "service_activity",
        entityId: after.id,
        after: withoutTokenHash(after),
      });
      return { id: after.id };
    }),
  );
}

/** The community's upcoming activities (today on, soonest first) or past ones (latest first). */
export function communityActivities(communityId: number, when: "upcoming" | "past", page?: number, now = new Date()) {
  const db = getDb();
  const today = chinaToday(now);
  const where = and(
    eq(serviceActivities.communityId, communityId),
    when === "upcoming" ? gte(serviceActivities.date, today) : lt(serviceActivities.date, today),
  );
  const order =
    when === "upcoming"
      ? [asc(serviceActivities.date), asc(serviceActivities.startTime), asc(serviceActivities.id)]
      : [desc(serviceActivities.date), desc(serviceActivities.startTime), desc(serviceActivities.id)];
  return pageFromSql(
    page,
    () => db.select({ n: count() }).from(serviceActivities).where(where).get()!.n,
    (limit, offset) =>
      db
        .select({ ...activityListColumns, checkedIn: checkedInCount })
        .from(serviceActivities)
        .leftJoin(grids, eq(grids.id, serviceActivities.gridId))
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset)
        .all(),
  );
}
export type CommunityActivity = ReturnType<typeof communityActivities>["items"][number];

/**
 * One activity of the actor's community with everyone signed up: the community sees its
 * reporting members' names and phones (docs/design.md, "Privacy"). Places are capped at 200, so
 * the list is too.
 */
export function activityDetail(actor: Actor, activityId: number) {
  const db = getDb();
  const activity = ownActivity(db, actor, activityId);
  const extra = db
    .select({ gridName: grids.name, postTitle: servicePosts.title })
    .from(serviceActivities)
    .leftJoin(grids, eq(grids.id, serviceActivities.gridId))
    .leftJoin(servicePosts, eq(servicePosts.id, serviceActivities.postId))
    .where(eq(serviceActivities.id, activityId))
    .get()!;
  const signups = db
    .select({
      id: activitySignups.id,
      memberId: activitySignups.memberId,
      name: partyMembers.name,
      phone: partyMembers.phone,
      unitName: units.name,
      signedUpAt: activitySignups.signedUpAt,
      checkedInAt: activitySignups.checkedInAt,
      checkInMethod: activitySignups.checkInMethod,
      hours: activitySignups.hours,
      hoursConfirmedAt: activitySignups.hoursConfirmedAt,
    })
    .from(activitySignups)
    .innerJoin(partyMembers, eq(partyMembers.id, activitySignups.memberId))
    .innerJoin(units, eq(units.id, partyMembers.unitId))
    .where(and(eq(activitySignups.activityId, activityId), signedUp))
    .orderBy(asc(activitySignups.signedUpAt), asc(activitySignups.id))
    .limit(1000)
    .all();
  return { activity: withoutTokenHash(activity), ...extra, signups };
}
export type ActivityDetail = ReturnType<typeof activityDetail>;
export type ActivitySignupRow = ActivityDetail["signups"][number];

/** Cancels an activity before it has taken place; everyone signed up is told. */
export function cancelActivity(actor: Actor, activityId: number, reason: string, now = new Date()): Result {
  return getDb().transaction((tx) => {
    const before = ownActivity(tx, actor, activityId);
    if (before.status === "cancelled") return refuse("这个活动已经取消", { status: 409 });
    if (before.date < chinaToday(now)) return refuse("活动日期已过，不能再取消", { status: 409 });
    const signups = tx
      .select({ memberId: activitySignups.memberId, checkedInAt: activitySignups.checkedInAt })
      .from(activitySignups)
      .where(and(eq(activitySignups.activityId, activityId), signedUp))
      .all();
    if (signups.some((s) => s.checkedInAt !== null)) return refuse("已有党员签到，活动不能取消", { status: 409 });
    const after = tx
      .update(serviceActivities)
      .set({ status: "cancelled" })
      .where(eq(serviceActivities.id, activityId))
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "service_activity.cancel",
      entityType: "service_activity",
      entityId: activityId,
      before: withoutTokenHash(before),
      after: { ...withoutTokenHash(after), reason },
    });
    notify(
      tx,
      {
        userIds: memberUserIds(
          tx,
          signups.map((s) => s.memberId),
        ),
      },
      {
        kind: "service_activity.cancelled",
        title: `服务活动「${before.title}」已取消`,
        body:
          `原定 ${chineseDate(before.date)} ${before.startTime} 在${before.place}举行的活动已取消，无需前往。` +
          (reason ? `取消原因：${reason}` : ""),
        link: "/member/service",
      },
    );
    return { ok: true };
  });
}
