import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, needs, projectNeeds, projectResources, projects, proposals, resources } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import { createNeed, createProposal, createResource } from "~/seed/factories";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<string, Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    communityA: "comm-a",
    communityA2: "comm-a2",
    communityB: "comm-b",
    unitA: "unit-a",
    unitB: "unit-b",
    streetA: "street-a",
  }));
});
afterAll(async () => server?.close());

const proposal = (id: number) => db.select().from(proposals).where(eq(proposals.id, id)).get()!;
const accept = (who: string, id: number) =>
  as[who]!.post(`/proposals/${id}`, { intent: "accept", redirectTo: `/proposals/${id}` });

describe("deciding a proposal", () => {
  it("confirms when both sides accept: need matched, capacity drops, a draft project holds both", async () => {
    const need = createNeed(db, { communityId: world.communities.A.id, title: "独居老人助浴服务" });
    const resource = createResource(db, { unitId: world.units.A.id, title: "护理员上门助浴", capacity: 2 });
    const p = createProposal(db, { needId: need.id, resourceId: resource.id });
    const sibling = createProposal(db, { needId: need.id, resourceId: world.resources.A.id, score: 0.6 });

    expect((await accept("communityA", p.id)).status).toBe(302);
    expect(proposal(p.id)).toMatchObject({
      communityDecision: "accepted",
      unitDecision: "pending",
      status: "proposed",
    });
    expect((await accept("unitA", p.id)).status).toBe(302);

    expect(proposal(p.id)).toMatchObject({ status: "confirmed", unitDecision: "accepted" });
    expect(proposal(sibling.id).status).toBe("superseded");
    expect(db.select().from(needs).where(eq(needs.id, need.id)).get()!.status).toBe("matched");
    expect(db.select().from(resources).where(eq(resources.id, resource.id)).get()).toMatchObject({
      usedCapacity: 1,
      status: "open",
    });
    const project = db.select().from(projects).where(eq(projects.proposalId, p.id)).get()!;
    expect(project).toMatchObject({ status: "draft", communityId: world.communities.A.id, title: "独居老人助浴服务" });
    expect(db.select().from(projectNeeds).where(eq(projectNeeds.projectId, project.id)).all()).toEqual([
      { projectId: project.id, needId: need.id },
    ]);
    expect(db.select().from(projectResources).where(eq(projectResources.projectId, project.id)).all()).toEqual([
      { projectId: project.id, resourceId: resource.id, unitId: world.units.A.id },
    ]);
    const actions = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, p.id))
      .all()
      .filter((a) => a.entityType === "proposal")
      .map((a) => a.action);
    expect(actions).toEqual(["proposal.accept_by_community", "proposal.accept_by_unit", "proposal.confirm"]);
  });

  it("asks for a reason to reject, and records it", async () => {
    const p = createProposal(db, { needId: world.needs.A.id, resourceId: world.resources.A.id });
    const noReason = await as.unitA!.post(`/proposals/${p.id}`, { intent: "reject", reason: "" });
    expect(noReason.status).toBe(200);
    expect(await noReason.text()).toContain("拒绝时请写明理由");
    expect(proposal(p.id).status).toBe("proposed");
    expect((await as.unitA!.post(`/proposals/${p.id}`, { intent: "reject", reason: "这周人手不够" })).status).toBe(302);
    expect(proposal(p.id)).toMatchObject({
      status: "rejected",
      unitDecision: "rejected",
      rejectReason: "这周人手不够",
    });
    const again = await accept("communityA", p.id);
    expect(await again.text()).toContain("这条建议已被拒绝");
  });

  it("lets only the need's community and the resource's unit decide", async () => {
    const p = createProposal(db, { needId: world.needs.A.id, resourceId: world.resources.A.id });
    for (const who of ["communityB", "communityA2", "unitB"]) {
      expect((await accept(who, p.id)).status, who).toBe(403);
    }
    expect((await accept("streetA", p.id)).status).toBe(403);
    expect((await as.streetA!.get(`/proposals/${p.id}`)).status).toBe(200);
    expect((await as.communityB!.get(`/proposals/${p.id}`)).status).toBe(403);
    expect(proposal(p.id)).toMatchObject({ communityDecision: "pending", unitDecision: "pending" });
  });

  it("lets exactly one of two racing confirmations take a resource's last place", async () => {
    const last = createResource(db, { unitId: world.units.A.id, title: "最后一个名额的法律咨询", capacity: 1 });
    const needA = createNeed(db, { communityId: world.communities.A.id, title: "邻里纠纷需要律师调解" });
    const needA2 = createNeed(db, { communityId: world.communities.A2.id, title: "租房合同纠纷咨询" });
    const p1 = createProposal(db, { needId: needA.id, resourceId: last.id, unitDecision: "accepted" });
    const p2 = createProposal(db, { needId: needA2.id, resourceId: last.id, unitDecision: "accepted" });
    const [r1, r2] = await Promise.all([accept("communityA", p1.id), accept("communityA2", p2.id)]);
    const statuses = [r1.status, r2.status].sort();
    expect(statuses).toEqual([200, 302]);
    const loser = r1.status === 200 ? r1 : r2;
    expect(await loser.text()).toContain("该资源的可服务名额已经用完");
    expect(db.select().from(resources).where(eq(resources.id, last.id)).get()).toMatchObject({
      usedCapacity: 1,
      status: "exhausted",
    });
    const confirmed = db
      .select()
      .from(proposals)
      .where(and(eq(proposals.resourceId, last.id), eq(proposals.status, "confirmed")))
      .all();
    expect(confirmed).toHaveLength(1);
    expect(db.select().from(projectResources).where(eq(projectResources.resourceId, last.id)).all()).toHaveLength(1);
  });
});

describe("two-way claiming", () => {
  it("a unit claims an open need of its street; the community's yes confirms it", async () => {
    const need = createNeed(db, { communityId: world.communities.A.id, title: "小区老人需要理发服务" });
    const resource = createResource(db, { unitId: world.units.A.id, title: "志愿者义务理发", capacity: 3 });
    const res = await as.unitA!.post(`/needs/${need.id}`, { resourceId: String(resource.id) });
    expect(res.status).toBe(302);
    const p = db.select().from(proposals).where(eq(proposals.needId, need.id)).get()!;
    expect(res.headers.get("location")).toBe(`/proposals/${p.id}`);
    expect(p).toMatchObject({
      origin: "unit_claim",
      unitDecision: "accepted",
      communityDecision: "pending",
      status: "proposed",
    });
    expect(p.reasons[0]).toBe("由驻区单位主动认领");
    expect((await accept("communityA", p.id)).status).toBe(302);
    expect(proposal(p.id).status).toBe("confirmed");
  });

  it("a community requests a resource for its need; the unit's yes confirms it", async () => {
    const need = createNeed(db, { communityId: world.communities.A.id, title: "楼道声控灯坏了需要维修" });
    const resource = createResource(db, { unitId: world.units.A.id, title: "电工师傅上门维修", capacity: 2 });
    expect((await as.communityA!.post(`/resources/${resource.id}`, { needId: String(need.id) })).status).toBe(302);
    const p = db.select().from(proposals).where(eq(proposals.needId, need.id)).get()!;
    expect(p).toMatchObject({ origin: "community_request", communityDecision: "accepted", unitDecision: "pending" });
    expect((await accept("unitA", p.id)).status).toBe(302);
    expect(proposal(p.id).status).toBe("confirmed");
  });

  it("refuses claims across streets or with another unit's resource, and asks for a choice", async () => {
    expect(
      (await as.unitB!.post(`/needs/${world.needs.A.id}`, { resourceId: String(world.resources.B.id) })).status,
    ).toBe(403);
    expect(
      (await as.unitA!.post(`/needs/${world.needs.A.id}`, { resourceId: String(world.resources.B.id) })).status,
    ).toBe(403);
    expect(
      (await as.communityB!.post(`/resources/${world.resources.A.id}`, { needId: String(world.needs.B.id) })).status,
    ).toBe(403);
    const empty = await as.unitA!.post(`/needs/${world.needs.A.id}`, { resourceId: "" });
    expect(await empty.text()).toContain("请选择用于认领的资源");
  });
});
