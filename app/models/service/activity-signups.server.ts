/**
 * 报名 (decision 041): a reported member signs up for an upcoming activity of their residential
 * community from their phone, while places are left, and may cancel until they have checked in.
 * Places are counted inside immediate transactions, so the last one goes to one member only.
 */
import { and, asc, count, eq, gte, isNull, sql } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { activitySignups, grids, serviceActivities, type PartyMember, type ServiceActivity } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import { pageFromSql } from "~/models/platform/pagination";
import { chinaToday } from "~/utils/china-time";
import { DomainConflict, refuse, refusing, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";
import { requireReported } from "./member-actor.server";
import { activityListColumns } from "./service-activities.server";
import { memberActivity } from "./service-scope.server";

const signedUp = isNull(activitySignups.cancelledAt);

/** The upcoming open activities of the member's residential community, with their own sign-ups marked. */
export function memberActivities(member: PartyMember, page?: number, now = new Date()) {
  const db = getDb();
  const where = and(
    eq(serviceActivities.communityId, member.communityId),
    eq(serviceActivities.status, "open"),
    gte(serviceActivities.date, chinaToday(now)),
  );
  return pageFromSql(
    page,
    () => db.select({ n: count() }).from(serviceActivities).where(where).get()!.n,
    (limit, offset) =>
      db
        .select({
          ...activityListColumns,
          description: serviceActivities.description,
          mine: sql<number>`${activitySignups.id} IS NOT NULL`,
          checkedInAt: activitySignups.checkedInAt,
        })
        .from(serviceActivities)
        .leftJoin(grids, eq(grids.id, serviceActivities.gridId))
        .leftJoin(
          activitySignups,
          and(eq(activitySignups.activityId, serviceActivities.id), eq(activitySignups.memberId, member.id), signedUp),
        )
        .where(where)
        .orderBy(asc(serviceActivities.date), asc(serviceActivities.startTime), asc(serviceActivities.id))
        .limit(limit)
        .offset(offset)
        .all()
        .map((a) => ({ ...a, mine: Boolean(a.mine) })),
  );
}
export type MemberActivity = ReturnType<typeof memberActivities>["items"][number];

/**
 * Signs the member up inside the caller's (immediate) transaction: refused when the activity is
 * cancelled, over, or full. A sign-up cancelled earlier is taken up again (one row per pair).
 * Returns the live sign-up, and whether this call made it.
 */
export function signUpIn(tx: Tx, actor: Actor, member: PartyMember, activity: ServiceActivity, now: Date) {
  if (activity.status === "cancelled") throw new DomainConflict("这个活动已取消");
  if (activity.status !== "open" || activity.date < chinaToday(now))
    throw new DomainConflict("这个活动已经结束，不能再报名");
  const existing = tx
    .select()
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, activity.id), eq(activitySignups.memberId, member.id)))
    .get();
  if (existing && existing.cancelledAt === null) return { signup: existing, created: false };
  const taken = tx
    .select({ n: count() })
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, activity.id), signedUp))
    .get()!.n;
  if (taken >= activity.slots) throw new DomainConflict(`「${activity.title}」的 ${activity.slots} 个名额已满`);
  const at = now.toISOString();
  const signup = existing
    ? tx
        .update(activitySignups)
        .set({ signedUpAt: at, cancelledAt: null })
        .where(eq(activitySignups.id, existing.id))
        .returning()
        .get()
    : tx
        .insert(activitySignups)
        .values({ activityId: activity.id, memberId: member.id, signedUpAt: at })
        .returning()
        .get();
  writeAudit(tx, {
    actorId: actor.id,
    action: "activity_signup.sign_up",
    entityType: "activity_signup",
    entityId: signup.id,
    after: signup,
  });
  return { signup, created: true };
}

/** 报名: from the member's page. */
export function signUp(actor: Actor, member: PartyMember, activityId: number, now = new Date()): Result {
  requireReported(member);
  return refusing(() =>
    // Immediate: two members taking the last place cannot both count it free.
    getDb().transaction(
      (tx) => {
        signUpIn(tx, actor, member, memberActivity(tx, member, activityId), now);
        return {};
      },
      { behavior: "immediate" },
    ),
  );
}

/** 取消报名: before the activity's day has passed and before checking in. */
export function cancelSignUp(actor: Actor, member: PartyMember, activityId: number, now = new Date()): Result {
  return getDb().transaction((tx) => {
    const activity = memberActivity(tx, member, activityId);
    const before = tx
      .select()
      .from(activitySignups)
      .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.memberId, member.id), signedUp))
      .get();
    if (!before) return refuse("您没有报名这个活动", { status: 409 });
    if (before.checkedInAt !== null) return refuse("您已签到，不能取消报名", { status: 409 });
    if (activity.date < chinaToday(now)) return refuse("活动已经结束，不能取消报名", { status: 409 });
    const after = tx
      .update(activitySignups)
      .set({ cancelledAt: now.toISOString() })
      .where(eq(activitySignups.id, before.id))
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "activity_signup.cancel",
      entityType: "activity_signup",
      entityId: before.id,
      before,
      after,
    });
    return { ok: true };
  });
}
