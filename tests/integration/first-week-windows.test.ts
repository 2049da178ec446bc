/**
 * First-week stumbles (issue 13) around dates: a meeting's decisions wait for its day, a project
 * without goals or term is not approved, and needs and resources whose window ended expire in the
 * maintenance run, with one notice to their owner. Through the served build (meetings, lists) and
 * the maintenance run on the test's own SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, inArray } from "drizzle-orm";
import { auditLog, meetingItems, meetings, needs, notifications, projects, proposals, resources } from "#db/schema";
import { runAndRecordMaintenance } from "~/models/platform/maintenance.server";
import { addDays, chinaToday } from "~/utils/china-time";
import {
  createCommunity,
  createNeed,
  createProject,
  createProposal,
  createResource,
  createUser,
} from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import { APPROVABLE } from "../support/projects";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"streetA" | "communityA" | "unitA", Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    streetA: "street-a",
    communityA: "comm-a",
    unitA: "unit-a",
  }));
});
afterAll(async () => server?.close());

const today = () => chinaToday();
const meeting = (id: number) => db.select().from(meetings).where(eq(meetings.id, id)).get()!;
const itemsOf = (id: number) => db.select().from(meetingItems).where(eq(meetingItems.meetingId, id)).all();
const post = (id: number, fields: Record<string, string>) => as.streetA.post(`/meetings/${id}`, fields);

async function schedule(day: string) {
  const res = await as.streetA.post("/meetings/new", {
    title: "东城街道季度联席会议",
    scheduledAt: `${day}T09:30`,
    place: "街道党群服务中心",
    unitIds: String(world.units.A.id),
  });
  expect(res.status, await res.clone().text()).toBe(302);
  return Number(/^\/meetings\/(\d+)/.exec(res.headers.get("location") ?? "")![1]);
}

async function refused(res: Response, message: string) {
  expect(res.status).toBe(409);
  expect(await res.text()).toContain(message);
}

describe("a meeting's decisions wait for its day (China time)", () => {
  it("refuses marking held, deciding and publishing before the day, and the page offers none of them", async () => {
    const project = createProject(db, {
      communityId: world.communities.A.id,
      title: "明日审议的助老项目",
      ...APPROVABLE,
    });
    const tomorrow = addDays(today(), 1);
    const id = await schedule(tomorrow);
    const item = itemsOf(id).find((i) => i.projectId === project.id)!;

    const page = await (await as.streetA.get(`/meetings/${id}`)).text();
    expect(page).not.toContain("标记为已召开");
    expect(page).not.toContain('name="decision"');
    expect(page).toContain("召开当天起才能标记已召开、审议议题和发布通报");

    await refused(await post(id, { intent: "held" }), "会议当天起才能标记为“已召开”");
    expect(meeting(id).status).toBe("scheduled");
    await refused(
      await post(id, { intent: "decide", itemId: String(item.id), decision: "approved", note: "" }),
      "会议当天起才能审议议题",
    );
    expect(itemsOf(id).find((i) => i.id === item.id)!.decision).toBe("pending");
    expect(db.select().from(projects).where(eq(projects.id, project.id)).get()!.status).toBe("draft");

    // Even a meeting already recorded as held (before this rule) is not published before its day.
    db.update(meetings).set({ status: "held" }).where(eq(meetings.id, id)).run();
    db.update(meetingItems)
      .set({ decision: "deferred", note: "待补充材料" })
      .where(eq(meetingItems.meetingId, id))
      .run();
    await refused(await post(id, { intent: "publish" }), "会议当天起才能发布会议通报");
    expect(meeting(id)).toMatchObject({ status: "held", publicSlug: null });

    // On the day, the same steps go through.
    db.update(meetings)
      .set({ status: "scheduled", scheduledAt: `${today()}T00:00` })
      .where(eq(meetings.id, id))
      .run();
    expect((await post(id, { intent: "held" })).status).toBe(302);
    expect((await post(id, { intent: "publish" })).status).toBe(302);
    expect(meeting(id).status).toBe("published");
  });
});

describe("a project without goals or term is not approved", () => {
  it("names what is missing on the agenda and refuses the approval until it is filled in", async () => {
    const project = createProject(db, {
      communityId: world.communities.A.id,
      title: "没写目标和日期的项目",
      goals: "",
      startDate: null,
      endDate: null,
    });
    const id = await schedule(today());
    const item = itemsOf(id).find((i) => i.projectId === project.id)!;
    expect((await post(id, { intent: "held" })).status).toBe(302);

    const page = await (await as.streetA.get(`/meetings/${id}`)).text();
    expect(page).toContain("尚未填写：项目目标、计划开始日期、计划结束日期");

    const approve = () => post(id, { intent: "decide", itemId: String(item.id), decision: "approved", note: "" });
    await refused(await approve(), "项目尚未填写项目目标、计划开始日期、计划结束日期");
    expect(db.select().from(projects).where(eq(projects.id, project.id)).get()!.status).toBe("draft");

    db.update(projects).set({ goals: "每周两次上门探访独居老人" }).where(eq(projects.id, project.id)).run();
    await refused(await approve(), "项目尚未填写计划开始日期、计划结束日期");

    db.update(projects)
      .set({ startDate: addDays(today(), 10), endDate: addDays(today(), 100) })
      .where(eq(projects.id, project.id))
      .run();
    expect((await approve()).status).toBe(302);
    expect(db.select().from(projects).where(eq(projects.id, project.id)).get()!.status).toBe("approved");
  });

  it("is refused the street's direct approval too, naming what is missing", async () => {
    const project = createProject(db, {
      communityId: world.communities.A.id,
      title: "没有结束日期的项目",
      ...APPROVABLE,
      endDate: null,
    });
    const direct = () => as.streetA.post(`/projects/${project.id}`, { intent: "approve" });
    // The project page answers its form with the message beside the button (not a redirect).
    const answer = await direct();
    expect(answer.status).not.toBe(302);
    expect(await answer.text()).toContain("项目尚未填写计划结束日期");
    expect(db.select().from(projects).where(eq(projects.id, project.id)).get()!.status).toBe("draft");
    db.update(projects).set({ endDate: "2027-06-30" }).where(eq(projects.id, project.id)).run();
    expect((await direct()).status).toBe(302);
    expect(db.select().from(projects).where(eq(projects.id, project.id)).get()!.status).toBe("approved");
  });
});

const status = (table: typeof needs | typeof resources, id: number) =>
  db.select({ s: table.status }).from(table).where(eq(table.id, id)).get()!.s;
const noticesOf = (userId: number, kind: string) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)))
    .all();
const auditsOf = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe("needs and resources whose window has ended", () => {
  it("expire in the maintenance run, leave matching, tell their owner once, and show 已过期", async () => {
    const yesterday = addDays(today(), -1);
    const past = createNeed(db, {
      communityId: world.communities.A.id,
      title: "暑期儿童托管",
      startDate: addDays(today(), -60),
      endDate: yesterday,
    });
    const endsToday = createNeed(db, {
      communityId: world.communities.A.id,
      title: "今天截止的需求",
      endDate: today(),
    });
    const undated = createNeed(db, { communityId: world.communities.A.id, title: "长期需求" });
    const matchedPast = createNeed(db, {
      communityId: world.communities.A.id,
      title: "已匹配的过期需求",
      status: "matched",
      endDate: yesterday,
    });
    const pastRes = createResource(db, { unitId: world.units.A.id, title: "暑期义诊", endDate: yesterday });
    const laterRes = createResource(db, { unitId: world.units.A.id, title: "全年义诊", endDate: addDays(today(), 30) });
    const proposal = createProposal(db, {
      needId: past.id,
      resourceId: world.resources.A.id,
      communityId: world.communities.A.id,
      unitId: world.units.A.id,
    });

    const first = runAndRecordMaintenance(db, "cli");
    expect(first.error).toBeNull();
    expect(first.report).toMatchObject({ needsExpired: 1, resourcesExpired: 1 });
    expect(status(needs, past.id)).toBe("expired");
    for (const n of [endsToday, undated]) expect(status(needs, n.id)).toBe("open");
    expect(status(needs, matchedPast.id)).toBe("matched");
    expect(status(resources, pastRes.id)).toBe("expired");
    expect(status(resources, laterRes.id)).toBe("open");
    expect(db.select().from(proposals).where(eq(proposals.id, proposal.id)).get()!.status).toBe("superseded");

    const needNotices = noticesOf(world.users.communityA.id, "need.expired");
    expect(needNotices).toHaveLength(1);
    expect(needNotices[0]).toMatchObject({ link: `/needs/${past.id}` });
    expect(needNotices[0]!.title).toContain("暑期儿童托管");
    expect(noticesOf(world.users.unitA.id, "resource.expired")).toHaveLength(1);
    expect(auditsOf("need.expire").map((a) => a.entityId)).toEqual([past.id]);
    expect(auditsOf("resource.expire").map((a) => a.entityId)).toEqual([pastRes.id]);

    // Idempotent: a second run finds nothing and tells nobody again.
    const second = runAndRecordMaintenance(db, "cli");
    expect(second.report).toMatchObject({ needsExpired: 0, resourcesExpired: 0 });
    expect(noticesOf(world.users.communityA.id, "need.expired")).toHaveLength(1);
    expect(auditsOf("need.expire")).toHaveLength(1);

    // The lists and pages say 已过期; the 征集中 filter no longer finds it, the 已过期 filter does.
    const expiredList = await (await as.communityA.get("/needs?status=expired")).text();
    expect(expiredList).toContain("暑期儿童托管");
    expect(expiredList).toContain("已过期");
    expect(await (await as.communityA.get("/needs?status=open")).text()).not.toContain("暑期儿童托管");
    expect(await (await as.communityA.get(`/needs/${past.id}`)).text()).toContain("已过期");
    expect(await (await as.unitA.get("/resources?status=expired")).text()).toContain("暑期义诊");

    // Still wanted: the community gives it a window that has not ended, and it is open again.
    const edited = await as.communityA.post(`/needs/${past.id}/edit`, {
      title: "暑期儿童托管",
      description: "",
      category: "其他",
      beneficiaryGroup: "",
      beneficiaryCount: "0",
      urgency: "normal",
      startDate: today(),
      endDate: addDays(today(), 60),
      place: "",
      contactName: "",
      contactPhone: "",
      source: "grid_worker",
      intent: "publish",
    });
    expect(edited.status, await edited.clone().text()).toBe(302);
    expect(status(needs, past.id)).toBe("open");
  });

  it("expires a district's 10,000 needs in one run within seconds, each community told once", async () => {
    const communityIds = Array.from(
      { length: 20 },
      (_, i) => createCommunity(db, { streetId: world.streets.B.id, name: `规模社区${i + 1}` }).id,
    );
    const staff = await Promise.all(
      communityIds.slice(0, 5).map((communityId) => createUser(db, { role: "community", communityId })),
    );
    const ended = addDays(today(), -3);
    db.transaction((tx) => {
      for (let i = 0; i < 10_000; i++)
        tx.insert(needs)
          .values({
            communityId: communityIds[i % communityIds.length]!,
            title: `规模需求${i + 1}`,
            category: "其他",
            endDate: ended,
          })
          .run();
    });

    const started = performance.now();
    const { report, error } = runAndRecordMaintenance(db, "cli");
    const seconds = (performance.now() - started) / 1000;
    expect(error).toBeNull();
    expect(report.needsExpired).toBe(10_000);
    // About 4.5 s on the 2-core test machine (an audit row per need is most of it).
    expect(seconds, `${seconds.toFixed(1)} s`).toBeLessThan(15);
    const stillOpen = db
      .select({ n: count() })
      .from(needs)
      .where(and(inArray(needs.communityId, communityIds), eq(needs.status, "open")))
      .get()!.n;
    expect(stillOpen).toBe(0);
    for (const user of staff) {
      const notices = noticesOf(user.id, "need.expired");
      expect(notices).toHaveLength(1);
      expect(notices[0]!.title).toBe("500 条需求已过期");
      expect(notices[0]!.link).toBe("/needs?status=expired");
    }
  });
});
