import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import {
  auditLog,
  escalations,
  meetingItems,
  meetings,
  needs,
  notifications,
  projectEvents,
  projects,
} from "#db/schema";
import { decideMeetingItem } from "~/models/meetings/meeting-decisions.server";
import { loadActor } from "~/utils/auth.server";
import { useFreshDatabase } from "../support/db";
import { createNeed, createProject as createBareProject, createResource } from "~/seed/factories";
import { APPROVABLE } from "../support/projects";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

/** Drafts here are complete enough to be approved (goals and term, decision 031) unless a test says otherwise. */
const createProject = (db: Parameters<typeof createBareProject>[0], values: Parameters<typeof createBareProject>[1]) =>
  createBareProject(db, { ...APPROVABLE, ...values });

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<string, Client>;
const USERNAMES = {
  communityA: "comm-a",
  communityA2: "comm-a2",
  unitA: "unit-a",
  unitB: "unit-b",
  streetA: "street-a",
  streetB: "street-b",
  district: "district",
};

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, USERNAMES));
});
afterAll(async () => server?.close());

const escalate = (needId: number, values: Partial<typeof escalations.$inferInsert> = {}) =>
  db
    .insert(escalations)
    .values({ needId, level: "street", reason: "超过 14 天未匹配", ...values })
    .returning()
    .get();
const itemsOf = (meetingId: number) =>
  db.select().from(meetingItems).where(eq(meetingItems.meetingId, meetingId)).all();
const item = (id: number) => db.select().from(meetingItems).where(eq(meetingItems.id, id)).get()!;
const project = (id: number) => db.select().from(projects).where(eq(projects.id, id)).get()!;

/** Schedules through the real form; returns the new meeting's id. */
async function schedule(who: "streetA" | "communityA", fields: Record<string, string> = {}) {
  const res = await as[who]!.post("/meetings/new", {
    title: "东城街道2026年第一季度联席会议",
    // In the past: a meeting is held, decided and published from its day on.
    scheduledAt: "2026-03-15T14:30",
    place: "街道党群服务中心",
    unitIds: String(world.units.A.id),
    ...fields,
  });
  expect(res.status, await res.clone().text()).toBe(302);
  const match = /^\/meetings\/(\d+)\?scheduled=1$/.exec(res.headers.get("location") ?? "");
  expect(match).not.toBeNull();
  return Number(match![1]);
}

const decide = (who: string, meetingId: number, itemId: number, decision: string, note = "") =>
  as[who]!.post(`/meetings/${meetingId}`, { intent: "decide", itemId: String(itemId), decision, note });

describe("scheduling and the agenda", () => {
  it("puts the street's draft projects and open street escalations on the agenda, and nothing else", async () => {
    const draftA = createProject(db, { communityId: world.communities.A.id, title: "幸福里助老理发" });
    const draftA2 = createProject(db, { communityId: world.communities.A2.id, title: "光明社区楼道清理" });
    const approvedA = createProject(db, {
      communityId: world.communities.A.id,
      status: "approved",
      title: "已审批的项目",
    });
    const cancelledA = createProject(db, {
      communityId: world.communities.A.id,
      status: "cancelled",
      title: "已取消的项目",
    });
    const draftB = createProject(db, { communityId: world.communities.B.id, title: "西湖街道的草稿" });
    const escalatedA2 = escalate(world.needs.A2.id);
    const resolvedNeed = createNeed(db, { communityId: world.communities.A.id, title: "已协调解决的需求" });
    escalate(resolvedNeed.id, { resolvedAt: new Date().toISOString(), resolution: "已解决" });
    const districtNeed = createNeed(db, { communityId: world.communities.A.id, title: "上报区级的需求" });
    escalate(districtNeed.id, { level: "district" });
    escalate(world.needs.B.id);

    const meetingId = await schedule("streetA");
    const items = itemsOf(meetingId);
    const projectIds = items.filter((i) => i.kind === "project").map((i) => i.projectId);
    expect(projectIds).toEqual(expect.arrayContaining([draftA.id, draftA2.id]));
    for (const excluded of [approvedA.id, cancelledA.id, draftB.id]) expect(projectIds).not.toContain(excluded);
    expect(items.filter((i) => i.kind === "escalated_need").map((i) => i.needId)).toEqual([escalatedA2.needId]);
    expect(items.every((i) => i.decision === "pending")).toBe(true);

    const meeting = db.select().from(meetings).where(eq(meetings.id, meetingId)).get()!;
    expect(meeting).toMatchObject({
      streetId: world.streets.A.id,
      communityId: null,
      status: "scheduled",
      scheduledAt: "2026-03-15T14:30",
      publicSlug: null,
    });
    const notified = (userId: number) =>
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.link, `/meetings/${meetingId}`)))
        .all();
    expect(notified(world.users.unitA.id)).toHaveLength(1);
    expect(notified(world.users.communityA2.id)).toHaveLength(1);
    expect(notified(world.users.unitB.id)).toHaveLength(0);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "meeting"), eq(auditLog.entityId, meetingId)))
        .all()
        .map((a) => a.action),
    ).toEqual(["meeting.schedule"]);

    const page = await (await as.streetA!.get(`/meetings/${meetingId}`)).text();
    expect(page).toContain("幸福里助老理发");
    expect(page).toContain(world.needs.A2.title);
    expect(page).not.toContain("13800001111");
  });

  it("keeps an item on one live meeting at a time; refreshing adds new drafts and keeps decisions", async () => {
    const streetMeeting = await schedule("streetA", { title: "东城街道第二次联席会议" });
    // Everything pending is already on the first meeting's agenda.
    expect(itemsOf(streetMeeting)).toHaveLength(0);

    const fresh = createProject(db, { communityId: world.communities.A.id, title: "新提交的项目草稿" });
    const communityMeeting = await schedule("communityA", { title: "幸福里社区联席会议" });
    expect(db.select().from(meetings).where(eq(meetings.id, communityMeeting)).get()).toMatchObject({
      communityId: world.communities.A.id,
      streetId: world.streets.A.id,
    });
    expect(itemsOf(communityMeeting).map((i) => i.projectId)).toEqual([fresh.id]);

    const later = createProject(db, { communityId: world.communities.A.id, title: "刷新时加入的项目" });
    const otherCommunity = createProject(db, { communityId: world.communities.A2.id, title: "光明社区的新项目" });
    const [only] = itemsOf(communityMeeting);
    expect((await decide("streetA", communityMeeting, only!.id, "deferred", "资料不全，下次再议")).status).toBe(302);
    expect((await as.communityA!.post(`/meetings/${communityMeeting}`, { intent: "refresh" })).status).toBe(302);
    const after = itemsOf(communityMeeting);
    expect(after.map((i) => i.projectId)).toEqual([fresh.id, later.id]);
    expect(after[0]).toMatchObject({ decision: "deferred", note: "资料不全，下次再议" });
    expect(after.map((i) => i.projectId)).not.toContain(otherCommunity.id);
  });

  it("refuses bad input at the field, keeps the typed values and saves nothing", async () => {
    const before = db.select().from(meetings).all().length;
    const res = await as.streetA!.post("/meetings/new", {
      title: "会",
      scheduledAt: "2027-02-30T10:00",
      place: "会议室甲",
      unitIds: String(world.units.B.id),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("会议名称至少 4 个字");
    expect(html).toContain("会议时间无效");
    expect(html).toContain("会议室甲");
    const noUnits = await (
      await as.streetA!.post("/meetings/new", {
        title: "东城街道联席会议",
        scheduledAt: "2027-03-01T09:00",
        place: "会议室",
      })
    ).text();
    expect(noUnits).toContain("请至少邀请一家驻区单位");
    const otherStreetUnit = await (
      await as.streetA!.post("/meetings/new", {
        title: "东城街道联席会议",
        scheduledAt: "2027-03-01T09:00",
        place: "会议室",
        unitIds: String(world.units.B.id),
      })
    ).text();
    expect(otherStreetUnit).toContain("只能邀请本街道的驻区单位");
    expect(db.select().from(meetings).all()).toHaveLength(before);
    for (const who of ["unitA", "district"]) expect((await as[who]!.get("/meetings/new")).status, who).toBe(403);
  });
});

describe("decisions", () => {
  it("approving moves the project to approved with a timeline event naming the meeting; the approval is final", async () => {
    const p = createProject(db, { communityId: world.communities.A.id, title: "医生进社区义诊项目" });
    const meetingId = await schedule("streetA", { title: "东城街道审批会议甲" });
    const it = itemsOf(meetingId).find((i) => i.projectId === p.id)!;
    expect((await decide("streetA", meetingId, it.id, "approved")).status).toBe(302);
    expect(project(p.id).status).toBe("approved");
    const events = db.select().from(projectEvents).where(eq(projectEvents.projectId, p.id)).all();
    expect(events.map((e) => e.message)).toContain("联席会议审议通过：东城街道审批会议甲");
    expect(item(it.id)).toMatchObject({ decision: "approved", decidedBy: world.users.streetA.id });
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "meeting_item"), eq(auditLog.entityId, it.id)))
        .all()
        .map((a) => a.action),
    ).toEqual(["meeting_item.approved"]);

    const change = await decide("streetA", meetingId, it.id, "rejected", "改变主意了");
    expect(change.status).toBe(409);
    expect(await change.text()).toContain("已通过的决定不能修改");
    const again = decideMeetingItem(loadActor(world.users.streetA.id)!, meetingId, {
      itemId: it.id,
      decision: "deferred",
      note: "再议",
    });
    expect(again).toMatchObject({ ok: false });
    expect(item(it.id)).toMatchObject({ decision: "approved", note: "" });
    expect(project(p.id).status).toBe("approved");
  });

  it("rejecting cancels the project and reopens its need; a reason is required", async () => {
    const need = createNeed(db, { communityId: world.communities.A.id, title: "小区健身器材维修", status: "matched" });
    const resource = createResource(db, {
      unitId: world.units.A.id,
      title: "后勤维修队",
      capacity: 2,
      usedCapacity: 1,
    });
    const p = createProject(db, {
      communityId: world.communities.A.id,
      title: "健身器材维修项目",
      needIds: [need.id],
      resources: [{ resourceId: resource.id, unitId: world.units.A.id }],
    });
    const meetingId = await schedule("streetA", { title: "东城街道审批会议乙" });
    const it = itemsOf(meetingId).find((i) => i.projectId === p.id)!;

    const noReason = await decide("streetA", meetingId, it.id, "rejected", "");
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("不通过时请写明理由");
    expect(item(it.id).decision).toBe("pending");
    expect(project(p.id).status).toBe("draft");

    expect((await decide("streetA", meetingId, it.id, "rejected", "与已有项目重复")).status).toBe(302);
    expect(project(p.id)).toMatchObject({ status: "cancelled", cancelReason: "联席会议未通过：与已有项目重复" });
    expect(db.select().from(needs).where(eq(needs.id, need.id)).get()!.status).toBe("open");
    expect(item(it.id)).toMatchObject({ decision: "rejected", note: "与已有项目重复" });
    expect(
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, world.users.communityA.id), eq(notifications.link, `/projects/${p.id}`)))
        .all(),
    ).toHaveLength(1);
  });

  it("deferring leaves the project a draft with a timeline note, free for the next meeting", async () => {
    const p = createProject(db, { communityId: world.communities.A2.id, title: "暂缓的共建项目" });
    const first = await schedule("streetA", { title: "东城街道审批会议丙" });
    const it = itemsOf(first).find((i) => i.projectId === p.id)!;
    expect((await decide("streetA", first, it.id, "deferred", "")).status).toBe(400);
    expect((await decide("streetA", first, it.id, "deferred", "等待单位确认时间")).status).toBe(302);
    expect(project(p.id).status).toBe("draft");
    const events = db.select().from(projectEvents).where(eq(projectEvents.projectId, p.id)).all();
    expect(events.map((e) => e.message)).toContain("联席会议暂缓审议：东城街道审批会议丙。原因：等待单位确认时间");
    const next = await schedule("streetA", { title: "东城街道审批会议丁" });
    expect(itemsOf(next).map((i) => i.projectId)).toContain(p.id);
  });

  it("can only take note of a project cancelled outside the meeting", async () => {
    const p = createProject(db, { communityId: world.communities.A.id, title: "社区自行取消的项目" });
    const meetingId = await schedule("streetA", { title: "东城街道审批会议戊" });
    const it = itemsOf(meetingId).find((i) => i.projectId === p.id)!;
    db.update(projects).set({ status: "cancelled", cancelReason: "社区撤回" }).where(eq(projects.id, p.id)).run();
    const approve = await decide("streetA", meetingId, it.id, "approved");
    expect(approve.status).toBe(409);
    expect(await approve.text()).toContain("只能记为“不通过”");
    expect((await decide("streetA", meetingId, it.id, "rejected", "社区已撤回该项目")).status).toBe(302);
    expect(project(p.id)).toMatchObject({ status: "cancelled", cancelReason: "社区撤回" });
    expect(item(it.id).decision).toBe("rejected");
  });

  it("records an escalated need's coordination plan", async () => {
    const need = createNeed(db, {
      communityId: world.communities.A2.id,
      title: "老旧小区加装扶手",
      contactName: "赵大爷",
      contactPhone: "13611112222",
    });
    escalate(need.id);
    const meetingId = await schedule("streetA", { title: "东城街道协调会议" });
    const it = itemsOf(meetingId).find((i) => i.needId === need.id)!;
    const html = await (await as.streetA!.get(`/meetings/${meetingId}`)).text();
    expect(html).toContain("老旧小区加装扶手");
    expect(html).not.toContain("赵大爷");
    expect(html).not.toContain("13611112222");
    const noPlan = await decide("streetA", meetingId, it.id, "approved", "");
    expect(await noPlan.text()).toContain("请在说明中写明协调方案");
    expect((await decide("streetA", meetingId, it.id, "approved", "由区人民医院后勤处负责安装")).status).toBe(302);
    expect(item(it.id)).toMatchObject({ decision: "approved", note: "由区人民医院后勤处负责安装" });
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "meeting_item"), eq(auditLog.entityId, it.id)))
        .all(),
    ).toHaveLength(1);
  });

  it("lets only a reviewer of the meeting's street decide; others get 403 and nothing changes", async () => {
    const p = createProject(db, { communityId: world.communities.A.id, title: "权限测试项目" });
    const meetingId = await schedule("communityA", { title: "幸福里社区权限测试会议" });
    const it = itemsOf(meetingId).find((i) => i.projectId === p.id)!;
    for (const who of ["communityA", "communityA2", "unitA", "unitB", "streetB", "district"]) {
      expect((await decide(who, meetingId, it.id, "approved")).status, who).toBe(403);
    }
    expect(item(it.id).decision).toBe("pending");
    expect(project(p.id).status).toBe("draft");
    // The street decides even at a community's own meeting.
    expect((await decide("streetA", meetingId, it.id, "approved")).status).toBe(302);
    expect(project(p.id).status).toBe("approved");
  });

  it("shows meetings to those concerned only: invited units read-only, others 403, unknown 404", async () => {
    const meetingId = await schedule("streetA", { title: "东城街道可见性测试会议" });
    const unitPage = await as.unitA!.get(`/meetings/${meetingId}`);
    expect(unitPage.status).toBe(200);
    const unitHtml = await unitPage.text();
    expect(unitHtml).toContain("东城街道可见性测试会议");
    expect(unitHtml).not.toContain('name="decision"');
    expect((await as.communityA2!.get(`/meetings/${meetingId}`)).status).toBe(200);
    expect((await as.district!.get(`/meetings/${meetingId}`)).status).toBe(200);
    expect((await as.unitB!.get(`/meetings/${meetingId}`)).status).toBe(403);
    expect((await as.streetB!.get(`/meetings/${meetingId}`)).status).toBe(403);
    expect((await as.streetA!.get("/meetings/999999")).status).toBe(404);
    const communityMeeting = await schedule("communityA", { title: "幸福里社区内部会议" });
    expect((await as.communityA2!.get(`/meetings/${communityMeeting}`)).status).toBe(403);
    expect((await as.unitA!.post(`/meetings/${meetingId}`, { intent: "held" })).status).toBe(403);
    expect((await as.communityA2!.post(`/meetings/${meetingId}`, { intent: "held" })).status).toBe(403);
    expect(db.select().from(meetings).where(eq(meetings.id, meetingId)).get()!.status).toBe("scheduled");

    const list = await (await as.unitB!.get("/meetings")).text();
    expect(list).not.toContain("东城街道可见性测试会议");
    expect(await (await as.unitA!.get("/meetings")).text()).toContain("东城街道可见性测试会议");
  });
});

describe("refusals (decision 018: one error model, no try/catch in the route)", () => {
  const meeting = (id: number) => db.select().from(meetings).where(eq(meetings.id, id)).get()!;
  /** What the browser sends with JavaScript: the action's own status and data, whatever the page then shows. */
  const postData = (who: string, meetingId: number, fields: Record<string, string>) =>
    as[who]!.post(`/meetings/${meetingId}.data`, fields);

  it("answers a change to a cancelled meeting with 409 and the reason, not 500, and changes nothing", async () => {
    const p = createProject(db, { communityId: world.communities.A.id, title: "取消会议测试项目" });
    const meetingId = await schedule("streetA", { title: "东城街道临时联席会议" });
    const onAgenda = itemsOf(meetingId).find((i) => i.projectId === p.id)!;
    const cancelled = await as.streetA!.post(`/meetings/${meetingId}`, { intent: "cancel" });
    expect(cancelled.status).toBe(302);
    expect(cancelled.headers.get("location")).toBe("/meetings");
    expect(meeting(meetingId).status).toBe("cancelled");
    const before = meeting(meetingId);
    const wrongState = "会议当前为“已取消”，不能进行此操作";
    const changes: Record<string, string>[] = [
      { intent: "held" },
      { intent: "refresh" },
      { intent: "cancel" },
      { intent: "record", attendees: "街道党工委", minutes: "补记纪要" },
    ];
    for (const fields of changes) {
      const page = await as.streetA!.post(`/meetings/${meetingId}`, fields);
      expect(page.status, fields.intent).toBe(409);
      const answer = await postData("streetA", meetingId, fields);
      expect(answer.status, fields.intent).toBe(409);
      expect(await answer.text(), fields.intent).toContain(wrongState);
    }
    const decided = await postData("streetA", meetingId, {
      intent: "decide",
      itemId: String(onAgenda.id),
      decision: "deferred",
      note: "下次再议",
    });
    expect(decided.status).toBe(409);
    expect(await decided.text()).toContain("会议已取消，不能再作决定");
    expect(item(onAgenda.id).decision).toBe("pending");
    expect(meeting(meetingId)).toEqual(before);
  });

  it("rolls back a refused change: a meeting with a decided item cannot be cancelled", async () => {
    const p = createProject(db, { communityId: world.communities.A.id, title: "回滚测试项目" });
    const meetingId = await schedule("streetA", { title: "东城街道回滚测试会议" });
    const it = itemsOf(meetingId).find((i) => i.projectId === p.id)!;
    expect((await decide("streetA", meetingId, it.id, "deferred", "材料不全")).status).toBe(302);
    const refused = await as.streetA!.post(`/meetings/${meetingId}`, { intent: "cancel" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("会议已有议题作出决定，不能取消");
    expect(meeting(meetingId).status).toBe("scheduled");
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "meeting.cancel"), eq(auditLog.entityId, meetingId)))
        .all(),
    ).toHaveLength(0);
    expect(
      db
        .select()
        .from(notifications)
        .where(eq(notifications.kind, "meeting.cancelled"))
        .all()
        .filter((n) => n.link === `/meetings/${meetingId}`),
    ).toHaveLength(0);
  });
});
