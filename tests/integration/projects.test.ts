import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activityRecords, auditLog, needs, notifications, projectEvents, projects, resources } from "#db/schema";
import { listProjects } from "~/models/projects/project-list.server";
import { loadActor } from "~/utils/auth.server";
import { useFreshDatabase } from "../support/db";
import { createNeed, createProject, createResource } from "~/seed/factories";
import { APPROVABLE } from "../support/projects";
import type { Client, TestServer } from "../support/server";
import { WORLD_LOGINS, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<string, Client>;
type Who = keyof typeof WORLD_LOGINS;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, WORLD_LOGINS));
  // Hashing and checking the accounts' passwords is slow on a busy machine.
}, 60_000);
afterAll(async () => server?.close());

const actor = (who: Exclude<Who, "admin">) => loadActor(world.users[who].id)!;
const project = (id: number) => db.select().from(projects).where(eq(projects.id, id)).get()!;
const events = (id: number) => db.select().from(projectEvents).where(eq(projectEvents.projectId, id)).all();
const audits = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "project"), eq(auditLog.entityId, id)))
    .all()
    .map((a) => a.action);

/** A project of community A with unit A (its own need and resource), in the given status. */
function projectOfA(values: Partial<Parameters<typeof createProject>[1]> = {}) {
  const need = createNeed(db, { communityId: world.communities.A.id, status: "matched", title: "老旧小区加装扶手" });
  const resource = createResource(db, { unitId: world.units.A.id, capacity: 1, usedCapacity: 1, status: "exhausted" });
  const p = createProject(db, {
    communityId: world.communities.A.id,
    needIds: [need.id],
    resources: [{ resourceId: resource.id, unitId: world.units.A.id }],
    ...APPROVABLE,
    ...values,
  });
  return { project: p, need, resource };
}

describe("the project list", () => {
  let ids: Record<string, number>;
  beforeAll(() => {
    const a = createProject(db, {
      communityId: world.communities.A.id,
      title: "幸福里助老食堂",
      period: "2027-Q1",
      resources: [{ resourceId: world.resources.A.id, unitId: world.units.A.id }],
    });
    const aOld = createProject(db, {
      communityId: world.communities.A.id,
      title: "幸福里去年的项目",
      period: "2026-Q4",
      status: "completed",
    });
    const a2 = createProject(db, {
      communityId: world.communities.A2.id,
      title: "光明社区义诊",
      period: "2027-Q1",
      status: "approved",
      resources: [{ resourceId: world.resources.A.id, unitId: world.units.A.id }],
    });
    const b = createProject(db, {
      communityId: world.communities.B.id,
      title: "西湖小饭桌",
      period: "2027-Q1",
      resources: [{ resourceId: world.resources.B.id, unitId: world.units.B.id }],
    });
    ids = { a: a.id, aOld: aOld.id, a2: a2.id, b: b.id };
  });
  const listed = (who: Exclude<Who, "admin">, filters = {}) =>
    listProjects(actor(who), { period: "all", ...filters }).projects.map((p) => p.id);

  it("scopes each role: a community its own, a unit where it is a party, a street or district its area", () => {
    expect(listed("communityA")).toEqual(expect.arrayContaining([ids.a, ids.aOld]));
    expect(listed("communityA")).not.toContain(ids.a2);
    expect(listed("communityA")).not.toContain(ids.b);
    expect(listed("unitA").sort()).toEqual([ids.a, ids.a2].sort());
    expect(listed("unitB")).toEqual([ids.b]);
    expect(listed("streetA")).toEqual(expect.arrayContaining([ids.a, ids.aOld, ids.a2]));
    expect(listed("streetA")).not.toContain(ids.b);
    expect(listed("streetA", { communityId: world.communities.A2.id })).toEqual([ids.a2]);
    // Another street's community as a filter does not widen the scope.
    expect(listed("streetA", { communityId: world.communities.B.id })).not.toContain(ids.b);
    expect(listed("district")).toEqual(expect.arrayContaining([ids.a, ids.a2, ids.b]));
    expect(listed("otherDistrict")).toEqual([]);
  });

  it("shows one period at a time: the current quarter if it has projects, else the latest", () => {
    const inQ1 = listProjects(actor("communityA"), {}, new Date("2027-02-10T00:00:00Z"));
    expect(inQ1.period).toBe("2027-Q1");
    expect(inQ1.projects.map((p) => p.id)).toEqual([ids.a]);
    const later = listProjects(actor("communityA"), {}, new Date("2027-08-10T00:00:00Z"));
    expect(later.period).toBe("2027-Q1");
    const old = listProjects(actor("communityA"), { period: "2026-Q4" });
    expect(old.projects.map((p) => p.id)).toEqual([ids.aOld]);
    expect(old.counts.completed).toBe(1);
    expect(listProjects(actor("streetA"), { period: "2027-Q1", status: "approved" }).projects.map((p) => p.id)).toEqual(
      [ids.a2],
    );
    const row = listProjects(actor("streetA"), { period: "2027-Q1" }).projects.find((p) => p.id === ids.a2)!;
    expect(row).toMatchObject({ communityName: "光明社区", units: ["区人民医院"], forms: ["joint_activity"] });
  });

  it("serves the page to every role with a list and refuses admins", async () => {
    const own = await (await as.communityA!.get("/projects?period=all")).text();
    expect(own).toContain("幸福里助老食堂");
    expect(own).not.toContain("西湖小饭桌");
    const unit = await (await as.unitA!.get("/projects?period=2027-Q1")).text();
    expect(unit).toContain("光明社区义诊");
    expect(unit).not.toContain("西湖小饭桌");
    expect((await as.district!.get("/projects")).status).toBe(200);
    expect((await as.admin!.get("/projects")).status).toBe(403);
  });
});

describe("the project page", () => {
  it("is open to the parties and reviewers in scope, 403 to others, 404 when unknown", async () => {
    const { project: p } = projectOfA();
    for (const who of ["communityA", "unitA", "streetA", "district"] as const) {
      const res = await as[who]!.get(`/projects/${p.id}`);
      expect(res.status, who).toBe(200);
    }
    for (const who of ["communityA2", "communityB", "unitB", "streetB", "otherDistrict", "admin"] as const) {
      expect((await as[who]!.get(`/projects/${p.id}`)).status, who).toBe(403);
      expect((await as[who]!.get(`/projects/${p.id}.data`)).status, `${who} .data`).toBe(403);
    }
    expect((await as.communityA!.get("/projects/999999")).status).toBe(404);
    expect((await as.communityA!.get("/projects/abc")).status).toBe(404);
  });

  it("shows the details, the parties, the timeline and the counts of agreements and records", async () => {
    const { project: p, need } = projectOfA({ status: "in_progress", goals: "每周两次上门" });
    db.insert(projectEvents)
      .values({
        projectId: p.id,
        actorId: world.users.streetA.id,
        kind: "status",
        fromStatus: "draft",
        toStatus: "approved",
        message: "街道审批通过",
      })
      .run();
    db.insert(activityRecords)
      .values({
        projectId: p.id,
        unitId: world.units.A.id,
        recordedBy: world.users.unitA.id,
        recordedSide: "unit",
        date: "2027-01-10",
        form: "joint_activity",
        place: "社区活动室",
        summary: "上门探访",
        status: "pending",
      })
      .run();
    const html = await (await as.unitA!.get(`/projects/${p.id}`)).text();
    for (const text of [
      p.title,
      "每周两次上门",
      need.title,
      "区人民医院",
      "街道审批通过",
      "活动记实",
      `/projects/${p.id}/records`,
      `/projects/${p.id}/agreements`,
      "待对方确认 1",
    ]) {
      expect(html, text).toContain(text);
    }
  });
});

describe("editing a project", () => {
  const fields = (extra: Record<string, string> = {}) => ({
    title: "助老食堂扩建项目",
    goals: "每周三次送餐",
    forms: "joint_activity",
    startDate: "2027-03-01",
    endDate: "2027-06-30",
    period: "2027-Q2",
    ...extra,
  });

  it("lets the community change a draft's details, with a timeline event and an audit row", async () => {
    const { project: p } = projectOfA();
    const res = await as.communityA!.post(`/projects/${p.id}/edit`, fields());
    expect(res.status).toBe(302);
    expect(project(p.id)).toMatchObject({
      title: "助老食堂扩建项目",
      goals: "每周三次送餐",
      forms: ["joint_activity"],
      period: "2027-Q2",
      startDate: "2027-03-01",
    });
    expect(events(p.id).at(-1)!.message).toContain("社区修改了项目");
    expect(audits(p.id)).toContain("project.update");
  });

  it("keeps typed values and says what is wrong", async () => {
    const { project: p } = projectOfA();
    const res = await as.communityA!.post(`/projects/${p.id}/edit`, {
      title: "我输入的新名称",
      goals: "",
      period: "2027-Q2",
      startDate: "2027-05-01",
      endDate: "2027-04-01",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("请至少选择一种共建形式");
    expect(html).toContain("我输入的新名称");
    const window = await as.communityA!.post(
      `/projects/${p.id}/edit`,
      fields({ startDate: "2027-05-01", endDate: "2027-04-01" }),
    );
    expect(await window.text()).toContain("结束日期不能早于开始日期");
    expect(project(p.id).title).toBe(p.title);
  });

  it("after approval changes only goals and schedule", async () => {
    const { project: p } = projectOfA({ status: "approved" });
    expect((await as.communityA!.post(`/projects/${p.id}/edit`, fields({ goals: "新的目标" }))).status).toBe(302);
    expect(project(p.id)).toMatchObject({ title: p.title, period: p.period, goals: "新的目标", endDate: "2027-06-30" });
  });

  it("is refused after completion or cancellation, and to anyone but the community", async () => {
    for (const status of ["completed", "cancelled", "in_progress"] as const) {
      const { project: p } = projectOfA({ status });
      const get = await as.communityA!.get(`/projects/${p.id}/edit`);
      expect(get.status, status).toBe(403);
      const post = await as.communityA!.post(`/projects/${p.id}/edit`, fields());
      expect(post.status, status).toBe(403);
      if (status === "completed") expect(await post.text()).toContain("项目已完成，不能再修改");
      expect(project(p.id).title).toBe(p.title);
    }
    const { project: draft } = projectOfA();
    for (const who of ["unitA", "streetA", "communityA2", "district"] as const) {
      expect((await as[who]!.post(`/projects/${draft.id}/edit`, fields())).status, who).toBe(403);
    }
    expect(project(draft.id).title).toBe(draft.title);
  });
});

describe("direct approval by the street", () => {
  it("approves a draft: timeline '街道审批通过', audit row, the community is notified", async () => {
    const { project: p } = projectOfA();
    const res = await as.streetA!.post(`/projects/${p.id}`, { intent: "approve" });
    expect(res.status).toBe(302);
    expect(project(p.id).status).toBe("approved");
    expect(events(p.id).at(-1)).toMatchObject({
      kind: "status",
      fromStatus: "draft",
      toStatus: "approved",
      message: "街道审批通过",
      actorId: world.users.streetA.id,
    });
    expect(audits(p.id)).toContain("project.approved");
    const note = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, world.users.communityA.id), eq(notifications.link, `/projects/${p.id}`)))
      .all();
    expect(note.map((n) => n.kind)).toContain("project.approved");
  });

  it("is refused to another street, the community, the unit and the district", async () => {
    const { project: p } = projectOfA();
    for (const who of ["streetB", "communityA", "unitA", "district"] as const) {
      expect((await as[who]!.post(`/projects/${p.id}`, { intent: "approve" })).status, who).toBe(403);
    }
    expect(project(p.id).status).toBe("draft");
    expect(audits(p.id)).toEqual([]);
  });

  it("needs at least one form of co-building", async () => {
    const { project: p } = projectOfA({ forms: [] });
    const res = await as.streetA!.post(`/projects/${p.id}`, { intent: "approve" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("还没有选择共建形式");
    expect(project(p.id).status).toBe("draft");
  });
});

describe("cancelling a project", () => {
  it("asks for a reason, then releases the need and the resource's place", async () => {
    const { project: p, need, resource } = projectOfA({ status: "approved" });
    const noReason = await as.communityA!.post(`/projects/${p.id}`, { intent: "cancel", reason: "" });
    expect(noReason.status).toBe(200);
    expect(await noReason.text()).toContain("请填写取消原因");
    expect(project(p.id).status).toBe("approved");

    expect((await as.communityA!.post(`/projects/${p.id}`, { intent: "cancel", reason: "单位人手调整" })).status).toBe(
      302,
    );
    expect(project(p.id)).toMatchObject({ status: "cancelled", cancelReason: "单位人手调整" });
    expect(db.select().from(needs).where(eq(needs.id, need.id)).get()!.status).toBe("open");
    expect(db.select().from(resources).where(eq(resources.id, resource.id)).get()).toMatchObject({
      usedCapacity: 0,
      status: "open",
    });
    expect(events(p.id).at(-1)).toMatchObject({ toStatus: "cancelled", message: "项目取消：单位人手调整" });
    expect(audits(p.id)).toContain("project.cancelled");
    const page = await (await as.communityA!.get(`/projects/${p.id}`)).text();
    expect(page).toContain("取消原因：单位人手调整");
  });

  it("lets the community cancel only before the agreement; the street until completion", async () => {
    const { project: signed } = projectOfA({ status: "in_progress" });
    const refused = await as.communityA!.post(`/projects/${signed.id}`, { intent: "cancel", reason: "不想做了" });
    expect(await refused.text()).toContain("社区不能自行取消项目");
    expect(project(signed.id).status).toBe("in_progress");
    expect((await as.unitA!.post(`/projects/${signed.id}`, { intent: "cancel", reason: "不想做了" })).status).toBe(403);
    expect((await as.streetB!.post(`/projects/${signed.id}`, { intent: "cancel", reason: "不想做了" })).status).toBe(
      403,
    );
    expect(
      (await as.streetA!.post(`/projects/${signed.id}`, { intent: "cancel", reason: "经联席会议研究终止" })).status,
    ).toBe(302);
    expect(project(signed.id).status).toBe("cancelled");

    const { project: done } = projectOfA({ status: "completed" });
    expect(
      await (await as.streetA!.post(`/projects/${done.id}`, { intent: "cancel", reason: "迟到的取消" })).text(),
    ).toContain("不能取消");
    expect(project(done.id).status).toBe("completed");
  });
});

describe("completing a project", () => {
  const record = (projectId: number, status: "pending" | "confirmed" | "disputed") =>
    db
      .insert(activityRecords)
      .values({
        projectId,
        unitId: world.units.A.id,
        recordedBy: world.users.unitA.id,
        recordedSide: "unit",
        date: "2027-02-01",
        form: "joint_activity",
        place: "社区活动室",
        summary: "助老活动",
        status,
      })
      .run();

  it("needs a confirmed activity record; then the project completes and its needs are fulfilled", async () => {
    const { project: p, need } = projectOfA({ status: "in_progress" });
    const none = await as.communityA!.post(`/projects/${p.id}`, { intent: "complete" });
    expect(none.status).toBe(200);
    expect(await none.text()).toContain("至少需要一条对方已确认的活动记实");
    record(p.id, "pending");
    record(p.id, "disputed");
    expect(await (await as.communityA!.post(`/projects/${p.id}`, { intent: "complete" })).text()).toContain(
      "至少需要一条对方已确认的活动记实",
    );
    expect(project(p.id).status).toBe("in_progress");

    record(p.id, "confirmed");
    expect((await as.unitA!.post(`/projects/${p.id}`, { intent: "complete" })).status).toBe(403);
    expect((await as.communityA!.post(`/projects/${p.id}`, { intent: "complete" })).status).toBe(302);
    expect(project(p.id).status).toBe("completed");
    expect(db.select().from(needs).where(eq(needs.id, need.id)).get()!.status).toBe("fulfilled");
    expect(events(p.id).at(-1)).toMatchObject({ fromStatus: "in_progress", toStatus: "completed" });
    expect(audits(p.id)).toContain("project.completed");
  });

  it("is only possible from in progress", async () => {
    const { project: p } = projectOfA({ status: "approved" });
    record(p.id, "confirmed");
    expect(await (await as.communityA!.post(`/projects/${p.id}`, { intent: "complete" })).text()).toContain(
      "只有实施中的项目可以标记完成",
    );
    expect(project(p.id).status).toBe("approved");
  });
});
