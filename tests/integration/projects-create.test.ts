import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import {
  auditLog,
  matchingEvidence,
  needs,
  notifications,
  projectEvents,
  projectNeeds,
  projectResources,
  projects,
  proposals,
  resources,
} from "#db/schema";
import { getNeedForActor } from "~/models/catalog/needs.server";
import { approveProject, cancelProjectAs } from "~/models/projects/projects.server";
import { loadActor } from "~/utils/auth.server";
import { useFreshDatabase } from "../support/db";
import { createNeed, createProject, createProposal, createResource } from "~/seed/factories";
import { APPROVABLE } from "../support/projects";
import type { Client, TestServer } from "../support/server";
import { SECRET_PHONE, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<string, Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    communityA: "comm-a",
    communityB: "comm-b",
    unitA: "unit-a",
    unitB: "unit-b",
    streetA: "street-a",
  }));
  // Hashing and checking the accounts' passwords is slow on a busy machine.
}, 60_000);
afterAll(async () => server?.close());

const projectCount = () => db.select().from(projects).all().length;
const need = (id: number) => db.select().from(needs).where(eq(needs.id, id)).get()!;
const resource = (id: number) => db.select().from(resources).where(eq(resources.id, id)).get()!;

/** The creation form's fields; several needs or resources repeat the field, as checkboxes do. */
function form(values: { needIds: number[]; resourceIds: number[] } & Record<string, string | (string | number)[]>) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries({ forms: "joint_activity", period: "2027-Q2", goals: "", ...values })) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, String(v));
  }
  return body;
}
async function create(who: string, body: URLSearchParams) {
  return fetch(`${server.baseUrl}/projects/new`, {
    method: "POST",
    headers: { cookie: as[who]!.cookie, origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded" },
    body,
    redirect: "manual",
  });
}

describe("creating a project by hand", () => {
  it("takes the needs and a place of each resource, supersedes live proposals, and tells the units and the street", async () => {
    const n1 = createNeed(db, { communityId: world.communities.A.id, title: "老年人智能手机培训" });
    const n2 = createNeed(db, { communityId: world.communities.A.id, title: "老人防诈骗讲座" });
    const last = createResource(db, { unitId: world.units.A.id, title: "青年志愿者授课", capacity: 1 });
    const roomy = createResource(db, { unitId: world.units.A.id, title: "多功能会议室", kind: "venue", capacity: 5 });
    const live = createProposal(db, { needId: n1.id, resourceId: world.resources.A.id });
    const onLast = createProposal(db, { needId: world.needs.A.id, resourceId: last.id });

    const res = await create(
      "communityA",
      form({
        needIds: [n1.id, n2.id],
        resourceIds: [last.id, roomy.id],
        title: "",
        forms: ["joint_activity", "resource_sharing"],
        startDate: "2027-04-01",
        endDate: "2027-06-30",
      }),
    );
    expect(res.status).toBe(302);
    const id = Number(/\/projects\/(\d+)/.exec(res.headers.get("location")!)![1]);
    expect(db.select().from(projects).where(eq(projects.id, id)).get()).toMatchObject({
      communityId: world.communities.A.id,
      status: "draft",
      title: "老年人智能手机培训",
      forms: ["joint_activity", "resource_sharing"],
      period: "2027-Q2",
      startDate: "2027-04-01",
      createdBy: world.users.communityA.id,
    });
    expect(
      db
        .select()
        .from(projectNeeds)
        .where(eq(projectNeeds.projectId, id))
        .all()
        .map((r) => r.needId)
        .sort(),
    ).toEqual([n1.id, n2.id].sort());
    expect(db.select().from(projectResources).where(eq(projectResources.projectId, id)).all()).toHaveLength(2);
    expect([need(n1.id).status, need(n2.id).status]).toEqual(["matched", "matched"]);
    expect(resource(last.id)).toMatchObject({ usedCapacity: 1, status: "exhausted" });
    expect(resource(roomy.id)).toMatchObject({ usedCapacity: 1, status: "open" });
    const statuses = db
      .select({ id: proposals.id, status: proposals.status })
      .from(proposals)
      .where(inArray(proposals.id, [live.id, onLast.id]))
      .all();
    expect(statuses.map((s) => s.status)).toEqual(["superseded", "superseded"]);
    const timeline = db.select().from(projectEvents).where(eq(projectEvents.projectId, id)).all();
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.message).toContain("社区手工创建项目");
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "project"), eq(auditLog.entityId, id)))
        .all()
        .map((a) => a.action),
    ).toEqual(["project.create"]);
    const told = db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(eq(notifications.link, `/projects/${id}`))
      .all()
      .map((n) => n.userId);
    expect(told).toEqual(expect.arrayContaining([world.users.unitA.id, world.users.streetA.id]));
    expect(told).not.toContain(world.users.communityA.id);
    expect((await as.unitA!.get(`/projects/${id}`)).status).toBe(200);
  });

  it("teaches matching: each need was served by the project's resources, shared among them (decision 045)", async () => {
    const n = createNeed(db, { communityId: world.communities.A.id, title: "楼道堆放杂物清理" });
    const talk = createResource(db, { unitId: world.units.A.id, category: "安全宣传", capacity: 3 });
    const crew = createResource(db, { unitId: world.units.A.id, category: "环境整治", capacity: 3 });
    expect((await create("communityA", form({ needIds: [n.id], resourceIds: [talk.id, crew.id] }))).status).toBe(302);
    const learned = (category: string) =>
      db
        .select()
        .from(matchingEvidence)
        .where(
          and(
            eq(matchingEvidence.districtId, world.district.id),
            eq(matchingEvidence.term, "杂物"),
            eq(matchingEvidence.category, category),
          ),
        )
        .get();
    expect(learned("安全宣传")).toMatchObject({ accepted: 0.5, rejected: 0 });
    expect(learned("环境整治")).toMatchObject({ accepted: 0.5, rejected: 0 });
  });

  it("names a resource that has no place left, and saves nothing", async () => {
    const n = createNeed(db, { communityId: world.communities.A.id, title: "楼道照明改造" });
    const full = createResource(db, {
      unitId: world.units.A.id,
      title: "电工维修服务",
      capacity: 2,
      usedCapacity: 2,
      status: "exhausted",
    });
    const fine = createResource(db, { unitId: world.units.A.id, title: "水管维修服务", capacity: 2 });
    const before = projectCount();
    const res = await create(
      "communityA",
      form({ needIds: [n.id], resourceIds: [fine.id, full.id], title: "楼道照明改造项目" }),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("资源“电工维修服务”（区人民医院）已没有可服务名额");
    expect(html).toContain("楼道照明改造项目");
    expect(projectCount()).toBe(before);
    expect(need(n.id).status).toBe("open");
    expect(resource(fine.id).usedCapacity).toBe(0);
  });

  it("names a need that is no longer open", async () => {
    const taken = createNeed(db, { communityId: world.communities.A.id, title: "已被承接的需求", status: "matched" });
    const res = await create("communityA", form({ needIds: [taken.id], resourceIds: [world.resources.A.id] }));
    expect(await res.text()).toContain("需求“已被承接的需求”已不在征集中");
    expect(resource(world.resources.A.id).usedCapacity).toBe(0);
  });

  it("refuses another community's need, another street's resource, and anyone but a community", async () => {
    const before = projectCount();
    expect(
      (await create("communityA", form({ needIds: [world.needs.A2.id], resourceIds: [world.resources.A.id] }))).status,
    ).toBe(403);
    expect(
      (await create("communityA", form({ needIds: [world.needs.A.id], resourceIds: [world.resources.B.id] }))).status,
    ).toBe(403);
    expect(
      (await create("unitA", form({ needIds: [world.needs.A.id], resourceIds: [world.resources.A.id] }))).status,
    ).toBe(403);
    expect(
      (await create("streetA", form({ needIds: [world.needs.A.id], resourceIds: [world.resources.A.id] }))).status,
    ).toBe(403);
    expect((await as.unitA!.get("/projects/new")).status).toBe(403);
    expect(projectCount()).toBe(before);
    expect(need(world.needs.A2.id).status).toBe("open");
    expect(need(world.needs.A.id).status).toBe("open");
  });

  it("asks for needs, resources and a form, keeping what was typed", async () => {
    const res = await create(
      "communityA",
      form({ needIds: [], resourceIds: [], forms: [], title: "我的手工项目", goals: "让老人吃上热饭" }),
    );
    const html = await res.text();
    for (const text of [
      "请至少选择一条本社区征集中的需求",
      "请至少选择一项驻区单位的资源",
      "请至少选择一种共建形式",
      "我的手工项目",
      "让老人吃上热饭",
    ])
      expect(html, text).toContain(text);
  });

  it("offers the community's open needs and its street's resources with places left", async () => {
    const html = await (await as.communityA!.get("/projects/new")).text();
    expect(html).toContain("独居老人冬季上门探访");
    expect(html).toContain("医生进社区义诊");
    expect(html).not.toContain("课后托管小饭桌");
    expect(html).not.toContain("学校操场周末开放");
    expect(html).not.toContain("旧设备捐赠");
  });
});

describe("a need's contact for the unit of an agreed project", () => {
  it("stays hidden from the partner of a draft (who reads the need) and shows once the street approves it", async () => {
    const n = createNeed(db, {
      communityId: world.communities.A.id,
      title: "高龄老人助浴",
      status: "matched",
      contactName: "李桂芳",
      contactPhone: SECRET_PHONE,
      place: "7号楼2单元",
    });
    const r = createResource(db, { unitId: world.units.A.id, capacity: 3, usedCapacity: 1 });
    const p = createProject(db, {
      communityId: world.communities.A.id,
      ...APPROVABLE,
      needIds: [n.id],
      resources: [{ resourceId: r.id, unitId: world.units.A.id }],
    });
    const unitA = loadActor(world.users.unitA.id)!;
    const unitB = loadActor(world.users.unitB.id)!;
    // A partner of the draft reads the need it will serve (decision 030), but not the resident's details.
    const draft = getNeedForActor(unitA, n.id);
    expect(draft.contact).toBeNull();
    expect(draft.need.place).toBe("");
    const draftPage = await (await as.unitA!.get(`/needs/${n.id}`)).text();
    expect(draftPage).toContain("高龄老人助浴");
    expect(draftPage).not.toContain(SECRET_PHONE);
    expect(draftPage).not.toContain("李桂芳");
    expect(draftPage).not.toContain("7号楼2单元");

    expect(approveProject(loadActor(world.users.streetA.id)!, p.id)).toEqual({ ok: true });
    const seen = getNeedForActor(unitA, n.id);
    expect(seen.contact).toEqual({ name: "李桂芳", phone: SECRET_PHONE });
    expect(seen.need.place).toBe("7号楼2单元");
    const page = await (await as.unitA!.get(`/needs/${n.id}`)).text();
    expect(page).toContain(SECRET_PHONE);
    expect(page).toContain("7号楼2单元");
    expect(() => getNeedForActor(unitB, n.id)).toThrow(Response);

    // Cancelled, the project no longer entitles the unit; the reopened need is public again, without contact.
    expect(cancelProjectAs(loadActor(world.users.streetA.id)!, p.id, "居民已另行安排")).toEqual({ ok: true });
    const after = getNeedForActor(unitA, n.id);
    expect(after.contact).toBeNull();
    expect(after.need.place).toBe("");
    expect(JSON.stringify(after)).not.toContain(SECRET_PHONE);
  });

  it("never shows an open need's place or contact to a unit without an agreed project", async () => {
    const view = getNeedForActor(loadActor(world.users.unitA.id)!, world.needs.A.id);
    expect(view.contact).toBeNull();
    expect(view.need.place).toBe("");
    const html = await (await as.unitA!.get(`/needs/${world.needs.A.id}.data`)).text();
    expect(html).not.toContain("3号网格 5号楼");
  });
});
