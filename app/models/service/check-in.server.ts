/**
 * 扫码签到 (decision 041). On the activity's day the community opens its check-in sheet, which
 * issues a fresh code: only its SHA-256 is stored, so opening the sheet again replaces it and an
 * old photo of the QR stops working. A signed-in member who signed up and scans it is checked in
 * (scanning twice changes nothing); one who did not may sign up and check in at once while places
 * are left.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, isNull } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { activitySignups, communities, serviceActivities, type PartyMember, type ServiceActivity } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import { chinaToday, chineseDate } from "~/utils/china-time";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refuse, refusing, type Result } from "~/utils/domain-result.server";
import { loadQrCode } from "~/utils/lazy-modules.server";
import type { Actor } from "~/utils/permission-actor";
import { signUpIn } from "./activity-signups.server";
import { requireReported } from "./member-actor.server";
import { ownActivity, withoutTokenHash } from "./service-scope.server";

export function hashCheckInToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const onTheDay = (date: string) => `签到只在活动当天（${chineseDate(date)}）开放`;

export type CheckInSheet = { activity: ReturnType<typeof withoutTokenHash>; url: string; svg: string };

/** Issues the activity's check-in code (the previous one stops working) and draws its QR code. */
export async function openCheckIn(
  actor: Actor,
  activityId: number,
  origin: string,
  now = new Date(),
): Promise<Result<CheckInSheet>> {
  const issued = getDb().transaction((tx) => {
    const activity = ownActivity(tx, actor, activityId);
    if (activity.status === "cancelled") return refuse("这个活动已取消，不能签到", { status: 409 });
    if (activity.date !== chinaToday(now))
      return refuse(`签到二维码只能在活动当天（${chineseDate(activity.date)}）打开`, { status: 409 });
    const token = randomBytes(24).toString("base64url");
    const after = tx
      .update(serviceActivities)
      .set({ checkInTokenHash: hashCheckInToken(token) })
      .where(eq(serviceActivities.id, activityId))
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "service_activity.open_check_in",
      entityType: "service_activity",
      entityId: activityId,
      after: { id: activityId, communityId: activity.communityId, checkInOpenedAt: now.toISOString() },
    });
    return { ok: true as const, token, activity: withoutTokenHash(after) };
  });
  if (!issued.ok) return issued;
  const url = `${origin}/c/${issued.token}`;
  const svg = await (await loadQrCode()).toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { ok: true, activity: issued.activity, url, svg };
}

type TokenActivity = ServiceActivity & { communityName: string };

/** The activity a code belongs to; an unknown or replaced code is not found (404). */
function activityOfToken(tx: Tx, token: string): TokenActivity {
  const row = tx
    .select({ activity: serviceActivities, communityName: communities.name })
    .from(serviceActivities)
    .innerJoin(communities, eq(communities.id, serviceActivities.communityId))
    .where(eq(serviceActivities.checkInTokenHash, hashCheckInToken(token)))
    .get();
  if (!row) notFound("签到码无效或已更新：请扫描活动现场最新的签到二维码");
  return { ...row.activity, communityName: row.communityName };
}

/** Why a real code cannot be used now: the activity is cancelled (gone), or it is not its day. */
function closedReason(activity: ServiceActivity, now: Date): { status: 409 | 410; message: string } | null {
  if (activity.status === "cancelled") return { status: 410, message: "这个活动已取消，无需签到" };
  if (activity.date !== chinaToday(now)) return { status: 409, message: onTheDay(activity.date) };
  return null;
}

/** A member from another community scans a code they may not use: said plainly. */
function refuseOtherCommunity(member: PartyMember, activity: { communityId: number; communityName: string }) {
  if (member.communityId !== activity.communityId)
    forbidden(`这个活动由${activity.communityName}组织，只有在该社区报到的党员可以签到`);
}

export type CheckInState =
  | { state: "checked_in"; already: boolean; checkedInAt: string }
  | { state: "can_join"; free: number }
  | { state: "full" }
  | { state: "closed"; status: 409 | 410; message: string };

export type CheckInPage = CheckInState & {
  activity: { title: string; date: string; startTime: string; place: string; communityName: string };
};

/**
 * What scanning does: checks a signed-up member in (once), or says whether they may still join.
 * A write on GET on purpose: the scan is the member's act of checking in, the code is only good
 * on the day, and doing it again changes nothing.
 */
export function scanCheckIn(actor: Actor, member: PartyMember, token: string, now = new Date()): CheckInPage {
  requireReported(member);
  return getDb().transaction(
    (tx) => {
      const activity = activityOfToken(tx, token);
      const summary = summaryOf(activity);
      const closed = closedReason(activity, now);
      if (closed) return { state: "closed", ...closed, activity: summary };
      refuseOtherCommunity(member, activity);
      const signup = tx
        .select()
        .from(activitySignups)
        .where(and(eq(activitySignups.activityId, activity.id), eq(activitySignups.memberId, member.id)))
        .get();
      if (signup && signup.cancelledAt === null) {
        if (signup.checkedInAt !== null)
          return { state: "checked_in", already: true, checkedInAt: signup.checkedInAt, activity: summary };
        const checkedInAt = checkIn(tx, actor, signup, now);
        return { state: "checked_in", already: false, checkedInAt, activity: summary };
      }
      const taken = tx
        .select({ n: count() })
        .from(activitySignups)
        .where(and(eq(activitySignups.activityId, activity.id), isNull(activitySignups.cancelledAt)))
        .get()!.n;
      const free = activity.slots - taken;
      return free > 0 ? { state: "can_join", free, activity: summary } : { state: "full", activity: summary };
    },
    { behavior: "immediate" },
  );
}

/** 报名并签到: a member at the activity who had not signed up takes a free place and is checked in. */
export function joinAndCheckIn(actor: Actor, member: PartyMember, token: string, now = new Date()): Result {
  requireReported(member);
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const activity = activityOfToken(tx, token);
        const closed = closedReason(activity, now);
        if (closed) throw new DomainConflict(closed.message);
        refuseOtherCommunity(member, activity);
        const { signup } = signUpIn(tx, actor, member, activity, now);
        if (signup.checkedInAt === null) checkIn(tx, actor, signup, now);
        return {};
      },
      { behavior: "immediate" },
    ),
  );
}

function checkIn(tx: Tx, actor: Actor, before: typeof activitySignups.$inferSelect, now: Date): string {
  const after = tx
    .update(activitySignups)
    .set({ checkedInAt: now.toISOString(), checkInMethod: "qr" })
    .where(eq(activitySignups.id, before.id))
    .returning()
    .get();
  writeAudit(tx, {
    actorId: actor.id,
    action: "activity_signup.check_in",
    entityType: "activity_signup",
    entityId: before.id,
    before,
    after,
  });
  return after.checkedInAt!;
}

function summaryOf(activity: TokenActivity) {
  const { title, date, startTime, place, communityName } = activity;
  return { title, date, startTime, place, communityName };
}
