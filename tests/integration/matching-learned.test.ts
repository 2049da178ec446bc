/**
 * The platform learns from its own decisions (decision 045), through the real server and database:
 * sides accepting and refusing proposals, and a community correcting a need's category, leave
 * per-district evidence in matching_evidence; the next matching input of the district carries the
 * evidence of its needs' terms, and the engine ranks a need worded like the decided ones by it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { matchingEvidence, proposals } from "#db/schema";
import { buildMatchingInputs } from "~/models/matching/matching-input.server";
import { addEvidence, evidenceForNeeds, isFitRefusal } from "~/models/matching/decision-evidence.server";
import { rebuildDistrictEvidence } from "~/models/matching/decision-evidence-rebuild.server";
import { ALL_TERMS } from "#workers/matching/learned";
import { match } from "#workers/matching/engine";
import { createNeed, createProposal, createResource } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<string, Client>;
let fireTalk: number;
let afterSchool: number;
let districtId: number;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, { communityA: "comm-a", unitA: "unit-a" }));
  districtId = world.district.id;
  fireTalk = createResource(db, {
    unitId: world.units.A.id,
    title: "消防安全宣传进社区",
    description: "消防员上门讲解用火用电安全，排查楼道火灾隐患",
    category: "安全宣传",
    capacity: 20,
  }).id;
  afterSchool = createResource(db, {
    unitId: world.units.A.id,
    title: "小学生课后托管",
    description: "放学后看护小学生写作业，开展兴趣活动",
    category: "课后托管",
    capacity: 20,
  }).id;
});
afterAll(async () => server?.close());

const decide = (who: "communityA" | "unitA", id: number, intent: string, reason?: string) =>
  as[who]!.post(`/proposals/${id}`, { intent, ...(reason ? { reason } : {}), redirectTo: `/proposals/${id}` });

/** A need of community A and a proposal of it with the resource, both sides accepting. */
async function confirmed(title: string, description: string, category: string, resourceId: number) {
  const need = createNeed(db, { communityId: world.communities.A.id, title, description, category });
  const p = createProposal(db, { needId: need.id, resourceId });
  expect((await decide("communityA", p.id, "accept")).status).toBe(302);
  expect((await decide("unitA", p.id, "accept")).status).toBe(302);
  expect(db.select().from(proposals).where(eq(proposals.id, p.id)).get()!.status).toBe("confirmed");
}

const evidence = (term: string, category: string) =>
  db
    .select()
    .from(matchingEvidence)
    .where(
      and(
        eq(matchingEvidence.districtId, districtId),
        eq(matchingEvidence.term, term),
        eq(matchingEvidence.category, category),
      ),
    )
    .get();

/** The proposals the engine makes for one need, from the input the app builds for it. */
function proposalsFor(needId: number) {
  const [street] = buildMatchingInputs("need", needId, db);
  return match(street!.input).proposals.filter((p) => p.needId === String(needId));
}

describe("learning from decisions", () => {
  it("after a few confirmed decisions for a phrase the engine did not know, a new need with it gets the served resource first", async () => {
    // The district's other business: needs about old people, served by the world's resource.
    for (const text of ["老人想有人常来看看", "子女在外地老人没人照顾", "老两口年纪大了想有人陪"])
      await confirmed(text, `${text}，希望有志愿者帮忙`, "养老服务", world.resources.A.id);

    const newcomer = createNeed(db, {
      communityId: world.communities.A.id,
      title: "三楼有人从窗口甩线下来",
      description: "一到晚上就有人从窗口甩线下来接到楼下，大家看着心慌",
    });
    expect(proposalsFor(newcomer.id)[0]?.resourceId).not.toBe(String(fireTalk));

    await confirmed("五楼有人甩线下来充电", "晚上有人从五楼窗口甩线下来给电动车充电，邻居担心起火", "其他", fireTalk);
    await confirmed("楼上甩线给电瓶车充电", "二单元有住户甩线到楼下，线就挂在树上", "其他", fireTalk);
    await confirmed("窗口甩线的事还是没人管", "一楼门口天天有线从楼上甩下来，下雨天更吓人", "其他", fireTalk);
    // Each side's acceptance counts half: three confirmed pairs make three.
    expect(evidence("甩线", "安全宣传")).toMatchObject({ accepted: 3, rejected: 0 });

    const [street] = buildMatchingInputs("need", newcomer.id, db);
    expect(street!.input.evidence).toContainEqual({ term: "甩线", category: "安全宣传", accepted: 3, rejected: 0 });
    const first = proposalsFor(newcomer.id)[0];
    expect(first?.resourceId).toBe(String(fireTalk));
    expect(first?.reasons).toContain("本区以往 3 个类似需求由此类资源承接");
  });

  it("a refusal about whom a resource serves teaches; one about logistics does not", async () => {
    const toddler = (title: string) =>
      createNeed(db, {
        communityId: world.communities.A.id,
        title,
        description: "一两岁的娃白天没人带，大人都要上班",
        category: "课后托管",
      });
    const refused = createProposal(db, { needId: toddler("一两岁的娃想找人带").id, resourceId: afterSchool });
    expect((await decide("unitA", refused.id, "reject", "对象不符，我们只托管小学生")).status).toBe(302);
    expect(evidence("两岁", "课后托管")).toMatchObject({ accepted: 0, rejected: 1 });

    const busy = createProposal(db, { needId: toddler("两岁的娃白天没人管").id, resourceId: afterSchool });
    expect((await decide("unitA", busy.id, "reject", "这周人手不够")).status).toBe(302);
    expect(evidence("两岁", "课后托管")).toMatchObject({ rejected: 1 });
    expect(isFitRefusal("时间排不开")).toBe(false);
    expect(isFitRefusal("服务对象年龄不符")).toBe(true);
  });

  it("taking an acceptance back takes its evidence back", async () => {
    const need = createNeed(db, {
      communityId: world.communities.A.id,
      title: "楼道里堆满纸箱",
      description: "楼道里堆满纸箱和旧家具",
      category: "环境整治",
    });
    const p = createProposal(db, { needId: need.id, resourceId: fireTalk });
    await decide("communityA", p.id, "accept");
    expect(evidence("纸箱", "安全宣传")).toMatchObject({ accepted: 0.5 });
    expect((await decide("communityA", p.id, "withdraw")).status).toBe(302);
    expect(evidence("纸箱", "安全宣传")).toMatchObject({ accepted: 0 });
  });

  it("a community correcting a need's category teaches that category", async () => {
    const need = createNeed(db, {
      communityId: world.communities.A.id,
      title: "想把房子留给小女儿",
      description: "王阿姨想把房子留给照顾她的小女儿，不知道怎么写才作数",
      category: "养老服务",
    });
    const res = await as.communityA!.post(`/needs/${need.id}/edit`, {
      title: need.title,
      description: need.description,
      category: "法律服务",
      beneficiaryGroup: "老年人",
      beneficiaryCount: "1",
      urgency: "normal",
      place: "幸福里5号楼",
      contactName: "王秀英",
      contactPhone: "13600002222",
      source: "grid_worker",
      intent: "publish",
    });
    expect(res.status).toBe(302);
    expect(evidence("女儿", "法律服务")).toMatchObject({ accepted: 1 });
    expect(evidence("女儿", "养老服务")).toBeUndefined();
  });
});

describe("relearning from the database", () => {
  it("gives the evidence the decisions gave, but for category corrections (kept only in the audit trail)", () => {
    const rows = () =>
      new Map(
        db
          .select()
          .from(matchingEvidence)
          .where(eq(matchingEvidence.districtId, districtId))
          .all()
          .filter((r) => r.accepted + r.rejected > 0)
          .map((r) => [`${r.term}|${r.category}`, { accepted: r.accepted, rejected: r.rejected }]),
      );
    const learned = rows();
    const counts = rebuildDistrictEvidence(db, districtId);
    expect(counts.projects).toBe(6);
    const relearned = rows();
    const corrected = (key: string) => key.endsWith("|法律服务");
    for (const [key, value] of learned) {
      if (corrected(key)) continue;
      if (key.startsWith(`${ALL_TERMS}|`)) continue;
      expect([key, relearned.get(key)]).toEqual([key, value]);
    }
    expect([...relearned.keys()].filter(corrected)).toEqual([]);
    expect(relearned.get(`${ALL_TERMS}|安全宣传`)).toEqual({ accepted: 3, rejected: 0 });
  });
});

describe("evidence over time", () => {
  it("halves in a year, both when read and when added to", () => {
    const need = { districtId, title: "井盖松动", description: "小区门口井盖松动", category: "设施维修" };
    const day0 = new Date("2027-03-01T08:00:00Z");
    const year = new Date("2028-02-29T08:00:00Z");
    addEvidence(db, need, 2, 0, day0);
    const read = (at: Date) =>
      evidenceForNeeds(db, districtId, [need], at).find((e) => e.term === "井盖" && e.category === "设施维修");
    expect(read(day0)).toMatchObject({ accepted: 2, rejected: 0 });
    expect(read(year)).toMatchObject({ accepted: 1 });
    addEvidence(db, need, 1, 1, year);
    expect(evidence("井盖", "设施维修")).toMatchObject({ accepted: 2, rejected: 1 });
  });
});
