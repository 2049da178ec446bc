/**
 * 设岗定责, 认岗服务 (issue 14; decision 041): a community publishes posts and activities (messages
 * at the fields); its reported members claim posts and sign up from /member/service (full, past,
 * cancelled refused; unreported members 403; another community's items 404); on the day the
 * community opens the check-in QR, whose code checks a member in once and stops working when
 * reissued; the community marks attendance by hand, confirms hours (final), and the members' year
 * and the units' figures count only those hours. Other communities 404, other roles 403.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { activitySignups, auditLog, notifications, postClaims, serviceActivities, servicePosts } from "#db/schema";
import { memberServiceYear, unitServiceFigures } from "~/models/service/service-record.server";
import { addDays, chinaToday } from "~/utils/china-time";
import { useFreshDatabase } from "../support/db";
import { Client, type TestServer } from "../support/server";
import {
  createServiceActivity,
  createServiceWorld,
  createSignup,
  type ServiceWorld,
} from "../support/service-fixtures";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
const LOGINS = {
  communityA: "comm-a",
  communityA2: "comm-a2",
  unitA: "unit-a",
  streetA: "street-a",
  gridA2: "grid-a2",
  admin: "admin-user",
  memberA: "member-a",
  two: "member-two",
  three: "member-three",
  pending: "member-pending",
  elsewhere: "member-a2",
};
let world: ServiceWorld;
let server: TestServer;
let as: Record<keyof typeof LOGINS, Client>;
const today = chinaToday();
const year = Number(today.slice(0, 4));

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, LOGINS, { world: createServiceWorld }));
});
afterAll(async () => server?.close());

const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");
const signupOf = (activityId: number, memberId: number) =>
  db
    .select()
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.memberId, memberId)))
    .get();
const actionsOf = (entityType: string, ids: number[]) =>
  db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), inArray(auditLog.entityId, ids)))
    .all()
    .map((r) => r.action);
/** The check-in address printed on the QR sheet, as a member's phone would read it. */
async function openQr(activityId: number) {
  const res = await as.communityA.get(`/service/activities/${activityId}/qr`);
  const page = await text(res);
  return { res, page, token: /\/c\/([A-Za-z0-9_-]{32})</.exec(page)?.[1] };
}

let postId: number;
let activityId: number;

describe("service posts and activities", () => {
  it("are published by the community, with messages at the fields", async () => {
    const badPost = await as.communityA.post("/service", { intent: "create-post", title: "楼栋文明劝导", slots: "0" });
    expect(badPost.status).toBe(400);
    expect(await text(badPost)).toContain("名额至少为 1");
    const post = await as.communityA.post("/service", {
      intent: "create-post",
      title: "楼栋文明劝导",
      description: "劝导楼道堆物、高空抛物",
      slots: "1",
    });
    expect(post.headers.get("location")).toBe("/service?done=post");
    postId = db.select().from(servicePosts).where(eq(servicePosts.title, "楼栋文明劝导")).get()!.id;

    const fields = {
      intent: "create-activity",
      title: "周六助老陪护",
      place: "幸福里社区党群服务中心",
      startTime: "09:00",
    };
    const missing = await as.communityA.post("/service", { ...fields, plannedHours: "13", slots: "0" });
    expect(missing.status).toBe(400);
    const page = await text(missing);
    for (const message of ["请选择活动日期", "计划时长不能超过 12 小时", "名额至少为 1"])
      expect(page).toContain(message);
    const halves = await as.communityA.post("/service", { ...fields, date: today, plannedHours: "1.2", slots: "3" });
    expect(await text(halves)).toContain("计划时长按半小时计");
    const past = await as.communityA.post("/service", {
      ...fields,
      date: addDays(today, -1),
      plannedHours: "2",
      slots: "3",
    });
    expect(past.status).toBe(400);
    expect(await text(past)).toContain("活动日期不能早于今天");
    const created = await as.communityA.post("/service", {
      ...fields,
      date: today,
      plannedHours: "2",
      slots: "3",
      postId: String(postId),
    });
    expect(created.status).toBe(302);
    activityId = Number(/\/service\/activities\/(\d+)/.exec(created.headers.get("location") ?? "")?.[1]);
    expect(db.select().from(serviceActivities).where(eq(serviceActivities.id, activityId)).get()).toMatchObject({
      communityId: world.communities.A.id,
      postId,
      date: today,
      plannedHours: 2,
      slots: 3,
      status: "open",
      checkInTokenHash: null,
    });
    const list = await text(await as.communityA.get("/service"));
    expect(list).toContain("<h3>楼栋文明劝导</h3>");
    expect(list).toContain(`href="/service/activities/${activityId}"`);
    expect(actionsOf("service_post", [postId])).toEqual(["service_post.create"]);
    expect(actionsOf("service_activity", [activityId])).toEqual(["service_activity.create"]);
  });

  it("are claimed and signed up for by reported members of the community only", async () => {
    const page = await text(await as.memberA.get("/member/service"));
    expect(page).toContain("楼栋文明劝导");
    expect(page).toContain("周六助老陪护");
    const claim = (who: Client, intent = "claim") => who.post("/member/service", { intent, postId: String(postId) });
    expect((await claim(as.memberA)).headers.get("location")).toBe("/member/service?done=claim");
    const full = await claim(as.two);
    expect(full.status).toBe(409);
    expect(await text(full)).toContain("「楼栋文明劝导」的 1 个名额已满");
    expect((await claim(as.memberA, "release")).status).toBe(302);
    expect((await claim(as.memberA)).status).toBe(302);
    expect(db.select().from(postClaims).where(eq(postClaims.postId, postId)).all()).toMatchObject([
      { memberId: world.members.A.id, releasedAt: null },
    ]);

    const signUp = (who: Client, id: number, intent = "sign-up") =>
      who.post("/member/service", { intent, activityId: String(id) });
    expect((await signUp(as.memberA, activityId)).headers.get("location")).toBe("/member/service?done=sign-up");
    expect((await signUp(as.memberA, activityId, "cancel-sign-up")).status).toBe(302);
    expect(signupOf(activityId, world.members.A.id)?.cancelledAt).not.toBeNull();
    expect((await signUp(as.memberA, activityId)).status).toBe(302);
    expect((await signUp(as.two, activityId)).status).toBe(302);
    expect(await text(await as.memberA.get("/member/service"))).toContain("我已报名");

    const communityId = world.communities.A.id;
    const small = createServiceActivity(db, { communityId, title: "一人岗活动", slots: 1 });
    createSignup(db, { activityId: small.id, memberId: world.members.three.id });
    const fullActivity = await signUp(as.memberA, small.id);
    expect(fullActivity.status).toBe(409);
    expect(await text(fullActivity)).toContain("「一人岗活动」的 1 个名额已满");
    const yesterday = createServiceActivity(db, { communityId, title: "昨天的活动", date: addDays(today, -1) });
    const over = await signUp(as.memberA, yesterday.id);
    expect(over.status).toBe(409);
    expect(await text(over)).toContain("已经结束");

    // Not yet confirmed by the community: no posts, no sign-ups.
    const unconfirmed = await as.pending.get("/member/service");
    expect(unconfirmed.status).toBe(403);
    expect(await text(unconfirmed)).toContain("社区确认您的报到后");
    expect((await signUp(as.pending, activityId)).status).toBe(403);
    // A member living in another community neither sees nor reaches community A's.
    expect(await text(await as.elsewhere.get("/member/service"))).not.toContain("周六助老陪护");
    expect((await signUp(as.elsewhere, activityId)).status).toBe(404);
    expect((await claim(as.elsewhere)).status).toBe(404);
    expect(signupOf(activityId, world.members.elsewhere.id)).toBeUndefined();
    expect((await as.communityA.get("/member/service")).status).toBe(403);
  });

  it("checks a member in once by the day's QR code, which stops working when reissued", async () => {
    const first = await openQr(activityId);
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get("cache-control")).toBe("no-store");
    const token = first.token!;
    const stored = db.select().from(serviceActivities).where(eq(serviceActivities.id, activityId)).get()!;
    expect(stored.checkInTokenHash).toBe(createHash("sha256").update(token).digest("hex"));

    const anonymous = await new Client(server.baseUrl).get(`/c/${token}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/c/${token}`)}`);
    const scan = await as.memberA.get(`/c/${token}`);
    expect(scan.status).toBe(200);
    expect(scan.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await text(scan)).toContain("签到成功");
    const checkedIn = signupOf(activityId, world.members.A.id)!;
    expect(checkedIn).toMatchObject({ checkInMethod: "qr" });
    const again = await text(await as.memberA.get(`/c/${token}`));
    expect(again).toContain("签到成功");
    expect(again).toContain("无需重复签到");
    expect(signupOf(activityId, world.members.A.id)!.checkedInAt).toBe(checkedIn.checkedInAt);
    expect(actionsOf("activity_signup", [checkedIn.id]).filter((a) => a === "activity_signup.check_in")).toHaveLength(
      1,
    );
    expect((await as.communityA.get(`/c/${token}`)).status).toBe(403);

    const second = await openQr(activityId);
    expect(second.token).not.toBe(token);
    const old = await as.memberA.get(`/c/${token}`);
    expect(old.status).toBe(404);
    expect(await text(old)).toContain("签到码无效或已更新");
    expect((await as.memberA.get(`/c/${"A".repeat(31)}`)).status).toBe(404);

    // Member three did not sign up: there is a place left, so they join and check in at once.
    expect(await text(await as.three.get(`/c/${second.token}`))).toContain("报名并签到");
    const joined = await as.three.post(`/c/${second.token}`, {});
    expect(joined.headers.get("location")).toBe(`/c/${second.token}?joined=1`);
    const thanks = await text(await as.three.get(`/c/${second.token}?joined=1`));
    expect(thanks).toContain("签到成功");
    expect(thanks).not.toContain("无需重复签到");
    expect(signupOf(activityId, world.members.three.id)).toMatchObject({ checkInMethod: "qr", cancelledAt: null });
    // A member of another community who scans it is told whose activity it is.
    const foreign = await as.elsewhere.get(`/c/${second.token}`);
    expect(foreign.status).toBe(403);
    expect(await text(foreign)).toContain("只有在该社区报到的党员可以签到");

    const tomorrow = createServiceActivity(db, { communityId: world.communities.A.id, date: addDays(today, 1) });
    const early = await openQr(tomorrow.id);
    expect(early.res.status).toBe(409);
    expect(early.page).toContain("签到二维码只能在活动当天");
    expect(early.token).toBeUndefined();
    expect(actionsOf("service_activity", [activityId])).toEqual([
      "service_activity.create",
      "service_activity.open_check_in",
      "service_activity.open_check_in",
    ]);
  });

  it("are attended by hand and their hours confirmed by the community, once", async () => {
    const page = await text(await as.communityA.get(`/service/activities/${activityId}`));
    for (const seen of ["赵建民", "13677778888", "钱晓红", "13600000002", "孙立平", "区人民医院"])
      expect(page).toContain(seen);
    const two = signupOf(activityId, world.members.two.id)!;
    expect(two.checkedInAt).toBeNull();
    expect(
      (await as.communityA.post(`/service/activities/${activityId}`, { intent: "mark", signupId: String(two.id) }))
        .status,
    ).toBe(302);
    expect(signupOf(activityId, world.members.two.id)).toMatchObject({ checkInMethod: "manual" });

    // Full (3 of 3), yet a member who came and served is recorded: found by their phone.
    const walkIn = (phone: string) =>
      as.communityA.post(`/service/activities/${activityId}`, { intent: "walk-in", phone });
    const unknown = await walkIn("13900009999");
    expect(unknown.status).toBe(400);
    expect(await text(unknown)).toContain("本社区没有这个手机号的已报到党员");
    expect(await text(await walkIn(world.members.pending.phone))).toContain("本社区没有这个手机号的已报到党员");
    expect((await walkIn(world.members.walkIn.phone)).status).toBe(302);
    expect(signupOf(activityId, world.members.walkIn.id)).toMatchObject({ checkInMethod: "manual" });

    const a = signupOf(activityId, world.members.A.id)!;
    const confirm = (hours: string) =>
      as.communityA.post(`/service/activities/${activityId}`, { intent: "confirm", signupId: String(a.id), hours });
    const odd = await confirm("1.3");
    expect(odd.status).toBe(400);
    expect(await text(odd)).toContain("工时按半小时计");
    expect((await confirm("1.5")).status).toBe(302);
    const final = await confirm("3");
    expect(final.status).toBe(409);
    expect(await text(final)).toContain("工时已经确认，不能更改");
    const all = () => as.communityA.post(`/service/activities/${activityId}`, { intent: "confirm-all" });
    expect((await all()).status).toBe(302);
    expect(await text(await all())).toContain("没有待确认工时的到场党员");
    const confirmed = db.select().from(activitySignups).where(eq(activitySignups.activityId, activityId)).all();
    expect(Object.fromEntries(confirmed.map((s) => [s.memberId, s.hours]))).toEqual({
      [world.members.A.id]: 1.5,
      [world.members.two.id]: 2,
      [world.members.three.id]: 2,
      [world.members.walkIn.id]: 2,
    });
    expect(confirmed.every((s) => s.hoursConfirmedBy === world.users.communityA.id)).toBe(true);
    const ids = confirmed.map((s) => s.id);
    expect(actionsOf("activity_signup", ids).filter((x) => x === "activity_signup.confirm_hours")).toHaveLength(4);
    expect(actionsOf("activity_signup", ids).filter((x) => x === "activity_signup.mark_present")).toHaveLength(2);
    // No member's phone or full name in any audit row.
    const audited = db.all<{ text: string }>(
      sql`SELECT coalesce(before, '') || coalesce(after, '') AS text FROM audit_log`,
    );
    for (const secret of ["13677778888", "13600000006", "赵建民", "吴西湖"])
      expect(audited.some((row) => row.text.includes(secret))).toBe(false);
  });

  it("add up, per member and per unit, to the hours the community confirmed", async () => {
    const communityId = world.communities.A.id;
    // A left member's hours still count for the unit; last year's and a cancelled activity's do not.
    const earlier = createServiceActivity(db, { communityId, title: "去年的活动", date: `${year - 1}-06-01` });
    const cancelled = createServiceActivity(db, { communityId, title: "取消的活动", status: "cancelled" });
    const done = { hoursConfirmedAt: new Date().toISOString(), checkedInAt: new Date().toISOString() };
    createSignup(db, { activityId: earlier.id, memberId: world.members.A.id, hours: 4, ...done });
    createSignup(db, { activityId: cancelled.id, memberId: world.members.A.id, hours: 6, ...done });
    const other = createServiceActivity(db, { communityId, title: "老党员的活动" });
    createSignup(db, { activityId: other.id, memberId: world.members.left.id, hours: 3, ...done });

    const record = memberServiceYear(world.members.A.id, year);
    expect(record.claims.map((c) => c.title)).toEqual(["楼栋文明劝导"]);
    expect(record.activities.map((x) => [x.title, x.checkInMethod, x.confirmedHours])).toEqual([
      ["周六助老陪护", "qr", 1.5],
    ]);
    expect(record.totals).toEqual({ activitiesAttended: 1, confirmedHours: 1.5 });
    expect(memberServiceYear(world.members.A.id, year - 1).totals).toEqual({
      activitiesAttended: 1,
      confirmedHours: 4,
    });

    const figures = unitServiceFigures([world.units.A.id, world.units.B.id, 987654], year);
    expect(figures.get(world.units.A.id)).toEqual({
      unitId: world.units.A.id,
      registered: 5,
      reported: 4,
      active: 3,
      confirmedHours: 8.5,
    });
    expect(figures.get(world.units.B.id)).toMatchObject({ registered: 1, reported: 1, active: 1, confirmedHours: 2 });
    expect(figures.get(987654)).toMatchObject({ registered: 0, active: 0, confirmedHours: 0 });
  });

  it("are cancelled and closed by the community, telling the members concerned", async () => {
    const activity = createServiceActivity(db, { communityId: world.communities.A.id, title: "雨天取消的活动" });
    await as.memberA.post("/member/service", { intent: "sign-up", activityId: String(activity.id) });
    const { token } = await openQr(activity.id);
    const path = `/service/activities/${activity.id}`;
    expect((await as.communityA.post(path, { intent: "cancel", reason: "暴雨预警" })).status).toBe(302);
    const told = (kind: string) =>
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, world.users.memberA.id), eq(notifications.kind, kind)))
        .all();
    expect(told("service_activity.cancelled")).toMatchObject([
      { title: "服务活动「雨天取消的活动」已取消", link: "/member/service" },
    ]);
    expect(told("service_activity.cancelled")[0]!.body).toContain("暴雨预警");
    const scan = await as.memberA.get(`/c/${token}`);
    expect(scan.status).toBe(410);
    expect(await text(scan)).toContain("这个活动已取消");
    const late = await as.two.post("/member/service", { intent: "sign-up", activityId: String(activity.id) });
    expect(late.status).toBe(409);
    expect(await text(late)).toContain("已取消");
    expect(actionsOf("service_activity", [activity.id])).toContain("service_activity.cancel");

    expect((await as.communityA.post("/service", { intent: "close-post", postId: String(postId) })).status).toBe(302);
    expect(told("service_post.closed")).toHaveLength(1);
    expect(db.select().from(postClaims).where(eq(postClaims.postId, postId)).get()!.releasedAt).not.toBeNull();
    const twice = await as.communityA.post("/service", { intent: "close-post", postId: String(postId) });
    expect(twice.status).toBe(409);
    expect(await text(twice)).toContain("这个岗位已经关闭");
    expect(actionsOf("service_post", [postId])).toEqual(["service_post.create", "service_post.close"]);
    expect(
      actionsOf(
        "post_claim",
        db
          .select()
          .from(postClaims)
          .all()
          .map((c) => c.id),
      ),
    ).toEqual(["post_claim.claim", "post_claim.release", "post_claim.claim"]);
  });

  it("are not shown to another community (404) nor to other roles (403)", async () => {
    const path = `/service/activities/${activityId}`;
    const before = db.select().from(activitySignups).all();
    expect((await as.communityA2.get(path)).status).toBe(404);
    expect((await as.communityA2.get(`${path}/qr`)).status).toBe(404);
    expect((await as.communityA2.post(path, { intent: "confirm-all" })).status).toBe(404);
    expect((await as.communityA2.post(path, { intent: "cancel" })).status).toBe(404);
    expect((await as.communityA2.post("/service", { intent: "close-post", postId: String(postId) })).status).toBe(404);
    const theirs = await text(await as.communityA2.get("/service"));
    expect(theirs).not.toContain(`href="${path}"`);
    expect(theirs).not.toContain("<h3>楼栋文明劝导</h3>");
    for (const who of [as.unitA, as.streetA, as.gridA2, as.admin, as.memberA]) {
      expect((await who.get("/service")).status).toBe(403);
      expect((await who.post("/service", { intent: "create-post", title: "越权岗位", slots: "1" })).status).toBe(403);
      expect((await who.get(path)).status).toBe(403);
      expect((await who.get(`${path}/qr`)).status).toBe(403);
    }
    expect(db.select().from(activitySignups).all()).toEqual(before);
    expect(db.select().from(servicePosts).where(eq(servicePosts.title, "越权岗位")).all()).toEqual([]);
  });
  it("are listed a page at a time", async () => {
    const communityId = world.communities.B.id;
    for (let i = 1; i <= 23; i++)
      createServiceActivity(db, {
        communityId,
        title: `分页活动${String(i).padStart(2, "0")}`,
        date: addDays(today, i),
      });
    const comm = new Client(server.baseUrl);
    await comm.login("comm-b", "test-password");
    const first = await text(await comm.get("/service"));
    expect(first.match(/data-testid="service-activity"/g)).toHaveLength(20);
    expect(first).toContain("第 1 / 2 页，共 23 条");
    expect(first).toContain("分页活动01");
    const second = await text(await comm.get("/service?upage=2"));
    expect(second.match(/data-testid="service-activity"/g)).toHaveLength(3);
    expect(second).toContain("分页活动23");
  });

  it("stay fast for a city's 10,000 units: grouped queries, not one per unit", () => {
    const streetId = world.streets.A.id;
    const communityId = world.communities.A.id;
    const activity = createServiceActivity(db, { communityId, title: "全市统一行动" });
    db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
      INSERT INTO units (street_id, name, kind, lat, lng) SELECT ${streetId}, 'city-unit-' || i, '机关', 34.6, 112.4 FROM n`);
    db.run(sql`INSERT INTO party_members (unit_id, name, phone, community_id, status)
      SELECT id, '党员', '13800000000', ${communityId}, 'reported' FROM units WHERE name LIKE 'city-unit-%'`);
    db.run(sql`INSERT INTO activity_signups (activity_id, member_id, checked_in_at, hours, hours_confirmed_at)
      SELECT ${activity.id}, m.id, '2020-01-01', 1, '2020-01-01' FROM party_members m
      JOIN units u ON u.id = m.unit_id WHERE u.name LIKE 'city-unit-%'`);
    const ids = db.all<{ id: number }>(sql`SELECT id FROM units WHERE name LIKE 'city-unit-%'`).map((r) => r.id);
    const started = performance.now();
    const figures = unitServiceFigures(ids, year);
    const elapsed = performance.now() - started;
    expect(figures.size).toBe(10_000);
    expect([...figures.values()].every((f) => f.registered === 1 && f.active === 1 && f.confirmedHours === 1)).toBe(
      true,
    );
    // Generous for a busy two-core machine; a query per unit takes several times this.
    expect(elapsed).toBeLessThan(1500);
  });
});
