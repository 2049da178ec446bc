/**
 * Attendance and hours (decision 041), kept by the organising community from the activity's day
 * on: 标记到场 for a member who came without scanning, a member who came without signing up (found
 * by phone among the community's reported members), and 确认工时. Confirmed hours are final: what
 * a member's record and the units' figures count, and only ever set once (the update is
 * conditional, so two staff confirming at once cannot both write).
 */
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { activitySignups, partyMembers, type ServiceActivity } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import { chinaToday, chineseDate } from "~/utils/china-time";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";
import { ownActivity } from "./service-scope.server";

const live = isNull(activitySignups.cancelledAt);

/** Attendance is a fact of the day: not before it, and not for a cancelled activity. */
function refuseUnlessHeld(activity: ServiceActivity, now: Date) {
  if (activity.status === "cancelled") throw new DomainConflict("这个活动已取消");
  if (activity.date > chinaToday(now))
    throw new DomainConflict(`活动在 ${chineseDate(activity.date)} 举行，当天起才能标记到场、确认工时`);
}

function liveSignup(tx: Tx, activityId: number, signupId: number) {
  const signup = tx
    .select()
    .from(activitySignups)
    .where(and(eq(activitySignups.id, signupId), eq(activitySignups.activityId, activityId), live))
    .get();
  if (!signup) throw new DomainConflict("找不到这条报名记录，请刷新页面后重试");
  return signup;
}

/** 标记到场: a signed-up member the staff saw there; marking twice changes nothing. */
export function markPresent(actor: Actor, activityId: number, signupId: number, now = new Date()): Result {
  return refusing(() =>
    getDb().transaction((tx) => {
      const activity = ownActivity(tx, actor, activityId);
      refuseUnlessHeld(activity, now);
      const before = liveSignup(tx, activityId, signupId);
      if (before.checkedInAt !== null) return {};
      const after = tx
        .update(activitySignups)
        .set({ checkedInAt: now.toISOString(), checkInMethod: "manual" })
        .where(eq(activitySignups.id, signupId))
        .returning()
        .get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "activity_signup.mark_present",
        entityType: "activity_signup",
        entityId: signupId,
        before,
        after,
      });
      return {};
    }),
  );
}

/**
 * A reported member of the community who came without signing up: found by phone and marked
 * present. Places limit sign-ups, not attendance: someone who served is recorded even when full.
 */
export function markWalkIn(actor: Actor, activityId: number, phone: string, now = new Date()): Result {
  return refusing(() =>
    getDb().transaction((tx) => {
      const activity = ownActivity(tx, actor, activityId);
      refuseUnlessHeld(activity, now);
      const member = tx
        .select({ id: partyMembers.id })
        .from(partyMembers)
        .where(
          and(
            eq(partyMembers.phone, phone),
            eq(partyMembers.communityId, activity.communityId),
            eq(partyMembers.status, "reported"),
          ),
        )
        .get();
      if (!member) throw new DomainConflict("本社区没有这个手机号的已报到党员", "phone");
      const before = tx
        .select()
        .from(activitySignups)
        .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.memberId, member.id)))
        .get();
      if (before && before.cancelledAt === null && before.checkedInAt !== null)
        throw new DomainConflict("这位党员已经签到", "phone");
      const at = now.toISOString();
      const present = { checkedInAt: at, checkInMethod: "manual" as const, cancelledAt: null };
      const after = before
        ? tx.update(activitySignups).set(present).where(eq(activitySignups.id, before.id)).returning().get()
        : tx
            .insert(activitySignups)
            .values({ activityId, memberId: member.id, signedUpAt: at, ...present })
            .returning()
            .get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "activity_signup.mark_present",
        entityType: "activity_signup",
        entityId: after.id,
        before: before ?? null,
        after,
      });
      return {};
    }),
  );
}

/** Confirms one participant's hours, as the community enters them; final. */
export function confirmHours(
  actor: Actor,
  activityId: number,
  signupId: number,
  hours: number,
  now = new Date(),
): Result {
  return refusing(() =>
    getDb().transaction((tx) => {
      const activity = ownActivity(tx, actor, activityId);
      refuseUnlessHeld(activity, now);
      const before = liveSignup(tx, activityId, signupId);
      if (before.checkedInAt === null) throw new DomainConflict("尚未到场，不能确认工时：请先标记到场");
      confirmOne(tx, actor, before, hours, now);
      return {};
    }),
  );
}

/** 一键确认: every participant present and not yet confirmed, with the hours entered or planned. */
export function confirmAllHours(actor: Actor, activityId: number, now = new Date()): Result<{ confirmed: number }> {
  return refusing(() =>
    getDb().transaction((tx) => {
      const activity = ownActivity(tx, actor, activityId);
      refuseUnlessHeld(activity, now);
      const pending = tx
        .select()
        .from(activitySignups)
        .where(
          and(
            eq(activitySignups.activityId, activityId),
            live,
            isNotNull(activitySignups.checkedInAt),
            isNull(activitySignups.hoursConfirmedAt),
          ),
        )
        .all();
      if (pending.length === 0) throw new DomainConflict("没有待确认工时的到场党员");
      for (const signup of pending) confirmOne(tx, actor, signup, signup.hours ?? activity.plannedHours, now);
      return { confirmed: pending.length };
    }),
  );
}

function confirmOne(tx: Tx, actor: Actor, before: typeof activitySignups.$inferSelect, hours: number, now: Date) {
  const after = tx
    .update(activitySignups)
    .set({ hours, hoursConfirmedAt: now.toISOString(), hoursConfirmedBy: actor.id })
    .where(and(eq(activitySignups.id, before.id), isNull(activitySignups.hoursConfirmedAt)))
    .returning()
    .get();
  if (!after) throw new DomainConflict("工时已经确认，不能更改");
  writeAudit(tx, {
    actorId: actor.id,
    action: "activity_signup.confirm_hours",
    entityType: "activity_signup",
    entityId: before.id,
    before,
    after,
  });
}
