/**
 * Issue 13's first-week stumbles of escalation and wording, through the served build: the district
 * timer (a street-level escalation left open goes up by itself, once, with audit and notices), the
 * district referring a unit of another street of its district, the community told of (and shown)
 * the district's 督办意见, the header naming the role once and the timeline naming both parties.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { agreements, auditLog, escalations, notifications } from "#db/schema";
import { contentHash, generateDrafts } from "~/models/agreements/agreements.server";
import { escalateStaleNeeds } from "~/models/escalations/escalations.server";
import { loadActor } from "~/utils/auth.server";
import { createNeed, createProject, createResource, createUnit, createUser } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import { PASSWORD, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";
import { readable } from "./evaluations-fixtures";

const db = useFreshDatabase();
const DAY = 24 * 3600_000;
let world: World;
let server: TestServer;
let as: Record<string, Client>;
/** Its street-level escalation was raised 15 days ago: overdue for the district (14 days). */
let overdueNeedId: number;
/** Raised 5 days ago: still the street's. */
let recentNeedId: number;
/** Raised 5 days ago too; the street reports it to the district by hand. */
let handNeedId: number;
let otherDistrictUnitId: number;

beforeAll(async () => {
  const logins = {
    communityA: "comm-a",
    unitA: "unit-a",
    unitB: "unit-b",
    streetA: "street-a",
    district: "district",
    admin: "admin-user",
    limin: "limin",
  };
  ({ world, server, as } = await startWorldServer(db, logins, {
    beforeStart: async (world) => {
      const now = Date.now();
      overdueNeedId = createNeed(db, {
        communityId: world.communities.A.id,
        title: "加装楼道扶手",
        category: "适老化改造",
        createdAt: new Date(now - 30 * DAY).toISOString(),
      }).id;
      recentNeedId = createNeed(db, {
        communityId: world.communities.A.id,
        title: "社区食堂帮厨",
        createdAt: new Date(now - 20 * DAY).toISOString(),
      }).id;
      handNeedId = createNeed(db, {
        communityId: world.communities.A.id,
        title: "老年大学书法课",
        createdAt: new Date(now - 20 * DAY).toISOString(),
      }).id;
      // The street timer as it ran in the past: 15 days ago for the first, 5 days ago for the second.
      escalateStaleNeeds(db, new Date(now - 15 * DAY));
      escalateStaleNeeds(db, new Date(now - 5 * DAY));
      otherDistrictUnitId = createUnit(db, { streetId: world.streets.C.id, name: "邻区图书馆" }).id;
      await createUser(db, {
        role: "community",
        username: "limin",
        password: PASSWORD,
        displayName: "李敏（社区）",
        communityId: world.communities.A.id,
      });
    },
  }));
}, 60_000);
afterAll(async () => server?.close());

const escalationsOf = (needId: number, level: "street" | "district") =>
  db
    .select()
    .from(escalations)
    .where(and(eq(escalations.needId, needId), eq(escalations.level, level)))
    .all();
const inbox = (userId: number) => db.select().from(notifications).where(eq(notifications.userId, userId)).all();
const runMaintenance = async () => {
  const res = await as.admin!.post("/admin", { intent: "run-maintenance" });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/admin?ran=ok");
};

describe("the district timer", () => {
  it("sends a street-level escalation open past escalation_days up to the district, with audit and notices, once", async () => {
    expect(escalationsOf(overdueNeedId, "street")).toHaveLength(1);
    expect(escalationsOf(recentNeedId, "street")).toHaveLength(1);
    await runMaintenance();

    const [raised] = escalationsOf(overdueNeedId, "district");
    expect(raised).toMatchObject({ escalatedBy: null, resolvedAt: null });
    expect(raised!.reason).toBe("街道协调已 15 天仍未解决，自动上报区级督办");
    expect(escalationsOf(recentNeedId, "district")).toEqual([]);
    // The street's escalation stays: the street keeps working on it alongside the district.
    expect(escalationsOf(overdueNeedId, "street")[0]!.resolvedAt).toBeNull();
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "escalation.create"), eq(auditLog.entityId, raised!.id)))
      .all();
    expect(audit.map((a) => a.actorId)).toEqual([null]);

    expect(inbox(world.users.communityA.id).map((n) => [n.title, n.link])).toContainEqual([
      "需求「加装楼道扶手」已上报区级督办",
      `/needs/${overdueNeedId}`,
    ]);
    expect(inbox(world.users.streetA.id).map((n) => n.title)).toContain(
      "1 条协调事项超过 14 天未解决，已自动上报区级督办",
    );
    const districtNotices = inbox(world.users.district.id);
    expect(districtNotices.map((n) => [n.title, n.body])).toEqual([
      ["1 条街道协调事项超过 14 天未解决，已进入区级督办", "「幸福里社区：加装楼道扶手」"],
    ]);
    for (const other of [world.users.otherDistrict, world.users.streetB])
      expect(inbox(other.id).filter((n) => n.kind === "escalation.district")).toEqual([]);

    const queue = readable(await (await as.district!.get("/escalations")).text());
    expect(queue).toContain("加装楼道扶手");
    expect(queue).toContain("街道协调已 15 天仍未解决");
    expect(queue).not.toContain("社区食堂帮厨");
    expect(readable(await (await as.communityA!.get(`/needs/${overdueNeedId}`)).text())).toContain("已上报区级督办");

    // Again: nothing new, nobody told twice.
    const counts = [world.users.communityA, world.users.streetA, world.users.district].map((u) => inbox(u.id).length);
    await runMaintenance();
    expect(escalationsOf(overdueNeedId, "district")).toHaveLength(1);
    expect(escalationsOf(recentNeedId, "district")).toEqual([]);
    expect([world.users.communityA, world.users.streetA, world.users.district].map((u) => inbox(u.id).length)).toEqual(
      counts,
    );
  });
});

describe("the district's referrals and 督办意见", () => {
  const districtEscalation = () => escalationsOf(handNeedId, "district")[0]!;

  beforeAll(async () => {
    const res = await as.streetA!.post("/escalations", {
      intent: "escalate",
      escalationId: String(escalationsOf(handNeedId, "street")[0]!.id),
      reason: "本街道没有书法老师",
    });
    expect(res.status).toBe(302);
  });

  it("lists and accepts units of every street of the district, not of another district", async () => {
    const id = districtEscalation().id;
    const form = readable(await (await as.district!.get(`/escalations?open=refer-${id}`)).text());
    expect(form).toContain("区人民医院（东城街道）");
    expect(form).toContain("市第三中学（西湖街道）");
    expect(form).not.toContain("邻区图书馆");

    const foreign = await as.district!.post("/escalations", {
      intent: "refer",
      escalationId: String(id),
      unitId: String(otherDistrictUnitId),
    });
    expect(foreign.status).toBe(200);
    expect(readable(await foreign.text())).toContain("只能推荐本区各街道的驻区单位");
    expect(districtEscalation().referredUnitId).toBeNull();

    const ok = await as.district!.post("/escalations", {
      intent: "refer",
      escalationId: String(id),
      unitId: String(world.units.B.id),
    });
    expect(ok.status).toBe(302);
    expect(districtEscalation()).toMatchObject({
      referredUnitId: world.units.B.id,
      referredBy: world.users.district.id,
    });
    expect(inbox(world.users.unitB.id).map((n) => n.link)).toContain(`/needs/${handNeedId}`);
    // The referred unit of another street reaches the need and claims it with its resource.
    expect((await as.unitB!.get(`/needs/${handNeedId}`)).status).toBe(200);
    const claim = await as.unitB!.post(`/needs/${handNeedId}`, { resourceId: String(world.resources.B.id) });
    expect(claim.status).toBe(302);
    expect(claim.headers.get("location")).toMatch(/^\/proposals\/\d+$/);
  });

  it("tells the community the district's 督办意见 and shows them on the need's page, not to units", async () => {
    const res = await as.district!.post("/escalations", {
      intent: "supervise",
      escalationId: String(districtEscalation().id),
      note: "请区文化馆本月内对接",
    });
    expect(res.status).toBe(302);
    expect(inbox(world.users.communityA.id).map((n) => [n.body, n.link])).toContainEqual([
      "请区文化馆本月内对接",
      `/needs/${handNeedId}`,
    ]);
    const page = readable(await (await as.communityA!.get(`/needs/${handNeedId}`)).text());
    expect(page).toContain("区级督办意见");
    expect(page).toContain("请区文化馆本月内对接");
    expect(readable(await (await as.streetA!.get(`/needs/${handNeedId}`)).text())).toContain("请区文化馆本月内对接");
    expect(readable(await (await as.unitA!.get(`/needs/${handNeedId}`)).text())).not.toContain("请区文化馆本月内对接");
  });
});

describe("wording", () => {
  it("names the signed-in person's role once in the header", async () => {
    const html = readable(await (await as.limin!.get("/")).text());
    const header = /data-testid="signed-in-as">([\s\S]*?)<\/span>/.exec(html)?.[1]?.replace(/<[^>]+>/g, "");
    expect(header).toBe("李敏（社区工作人员）");
  });

  it("writes who signed the agreement with whom on the project's timeline", async () => {
    const resource = createResource(db, { unitId: world.units.A.id, title: "医生进社区义诊", kind: "expertise" });
    const project = createProject(db, {
      communityId: world.communities.A.id,
      title: "健康小屋共建",
      status: "approved",
      forms: ["joint_activity"],
      resources: [{ resourceId: resource.id, unitId: world.units.A.id }],
    });
    const drafted = generateDrafts(loadActor(world.users.communityA.id)!, project.id);
    if (!drafted.ok) throw new Error(drafted.error);
    const a = db.select().from(agreements).where(eq(agreements.id, drafted.ids[0]!)).get()!;
    const sign = (who: string, side: string, signerName: string) =>
      as[who]!.post(`/agreements/${a.id}`, {
        intent: "sign",
        side,
        signerName,
        agree: "on",
        contentHash: contentHash(db.select().from(agreements).where(eq(agreements.id, a.id)).get()!),
      });
    expect((await sign("unitA", "unit", "王强")).status).toBe(302);
    expect((await sign("communityA", "community", "刘洋")).status).toBe(302);
    const timeline = readable(await (await as.communityA!.get(`/projects/${project.id}`)).text());
    expect(timeline).toContain(`${a.unitParty} 王强 签署了与${a.communityParty}的共建协议（第 1 版）`);
    expect(timeline).toContain(`${a.communityParty} 刘洋 签署了与${a.unitParty}的共建协议（第 1 版）`);
    expect(timeline).toContain(`${a.communityParty}与${a.unitParty}的共建协议（第 1 版）经双方签署生效`);
    expect(timeline).not.toContain(`签署了与${world.units.A.name}的共建协议`);
  });
});
