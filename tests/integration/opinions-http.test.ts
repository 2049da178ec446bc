import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { opinions, projects } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import { startWorldServer } from "../support/world-server";
import { closeEvaluation, createEvaluation, opinionsWorld, TEN_VOTES } from "./opinions-fixtures";

const db = useFreshDatabase();
let w: Awaited<ReturnType<typeof opinionsWorld>>;
let server: TestServer;
let evaluationId: number;
let as: Record<string, Client>;

beforeAll(async () => {
  const logins = {
    communityA: "comm-a",
    communityA2: "comm-a2",
    communityB: "comm-b",
    unitA: "unit-a",
    unitB: "unit-b",
    streetA: "street-a",
    streetB: "street-b",
    district: "district",
    admin: "admin-user",
  };
  ({
    world: w,
    server,
    as,
  } = await startWorldServer(db, logins, {
    world: opinionsWorld,
    beforeStart: (w) => {
      evaluationId = createEvaluation(db, {
        communityId: w.world.communities.A.id,
        unitId: w.world.units.A.id,
        issued: 12,
        votes: TEN_VOTES,
      }).id;
    },
  }));
}, 90_000);
afterAll(async () => server?.close());

const page = () => `/evaluations/${evaluationId}/opinion`;
const row = () => db.select().from(opinions).where(eq(opinions.evaluationId, evaluationId)).get();
const editFields = (values: Record<string, string> = {}) => {
  const o = row()!;
  return {
    body: o.body,
    grade: o.grade,
    gradeReason: o.gradeReason ?? "",
    suggestedGrade: o.suggestedGrade,
    ...values,
  };
};

describe("the opinion over HTTP", () => {
  it("refuses a draft before the evaluation closes, and anyone but the community", async () => {
    const early = await as.communityA!.post(page(), { intent: "generate" });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("评议尚未结束，结束后才能生成评议意见草稿");
    closeEvaluation(db, evaluationId);
    expect((await as.unitA!.post(page(), { intent: "generate" })).status).toBe(403);
    expect((await as.communityA2!.post(page(), { intent: "generate" })).status).toBe(403);
    expect(row()).toBeUndefined();
    const ok = await as.communityA!.post(page(), { intent: "generate" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`${page()}?generated=1`);
  });

  it("shows the draft to its community only", async () => {
    const html = await (await as.communityA!.get(page())).text();
    expect(html).toContain("经双方确认的活动记实共 3 次，其中组织共建 1 次、活动共联 2 次、资源共享 0 次");
    expect(html).toContain("出具评议意见");
    const unitView = await as.unitA!.get(page());
    expect(unitView.status).toBe(200);
    const unitHtml = await unitView.text();
    expect(unitHtml).toContain("社区尚未出具评议意见");
    expect(unitHtml).not.toContain("经双方确认的活动记实");
    expect((await as.communityA2!.get(page())).status).toBe(403);
    expect((await as.streetB!.get(page())).status).toBe(403);
    expect((await as.unitA!.get(`/opinions/${row()!.id}/print`)).status).toBe(403);
    expect((await as.streetA!.get(`/opinions/${row()!.id}/print`)).status).toBe(403);
  });

  it("refuses edits by the unit and by another community, and a changed grade without a reason", async () => {
    const before = row();
    expect(
      (await as.unitA!.post(page(), { intent: "save", ...editFields({ body: `${before!.body}改` }) })).status,
    ).toBe(403);
    expect(
      (await as.communityA2!.post(page(), { intent: "save", ...editFields({ body: `${before!.body}改` }) })).status,
    ).toBe(403);
    const noReason = await as.communityA!.post(page(), { intent: "issue", ...editFields({ grade: "average" }) });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("评定等级与平台建议的“好”不同，请写明调整理由");
    expect(row()).toEqual(before);
  });

  it("is issued by the community and endorsed only by its street", async () => {
    const issued = await as.communityA!.post(page(), {
      intent: "issue",
      ...editFields({ grade: "fairly_good", gradeReason: "样本以老年居民为主，下调一档" }),
    });
    expect(issued.status).toBe(302);
    expect(row()).toMatchObject({ status: "issued", grade: "fairly_good" });
    const streetView = await (await as.streetA!.get(page())).text();
    expect(streetView).toContain("审核通过");
    expect(streetView).toContain("样本以老年居民为主，下调一档");

    const other = await as.streetB!.post(page(), { intent: "endorse" });
    expect(other.status).toBe(403);
    expect((await as.communityA!.post(page(), { intent: "endorse" })).status).toBe(403);
    expect(row()!.status).toBe("issued");

    // Refused for who they are before anything they typed is looked at.
    expect((await as.unitA!.post(page(), { intent: "return", note: "" })).status).toBe(403);
    expect((await as.communityA2!.post(page(), { intent: "issue", body: "" })).status).toBe(403);
    const noNote = await as.streetA!.post(page(), { intent: "return", note: "" });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain("请填写退回意见");
    expect((await as.streetA!.post(page(), { intent: "endorse" })).status).toBe(302);
    expect(row()!.status).toBe("endorsed");
    expect(db.select().from(projects).where(eq(projects.id, w.projects.completed.id)).get()!.status).toBe("evaluated");
  });

  it("refuses every edit once endorsed, with a clear message, and changes nothing", async () => {
    const before = row();
    const edit = await as.communityA!.post(page(), { intent: "save", ...editFields({ body: `${before!.body}改` }) });
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain("评议意见已经街道审核通过，不能再修改");
    const byStreet = await as.streetA!.post(page(), { intent: "save", ...editFields({ body: `${before!.body}改` }) });
    expect(byStreet.status).toBe(403);
    expect(await byStreet.text()).toContain("评议意见已经街道审核通过，不能再修改");
    expect((await as.communityA!.post(page(), { intent: "generate" })).status).toBe(409);
    expect((await as.streetA!.post(page(), { intent: "return", note: "请再修改一下" })).status).toBe(409);
    expect(row()).toEqual(before);
  });

  it("prints the endorsed opinion for its readers", async () => {
    const id = row()!.id;
    const res = await as.communityA2!.get(`/opinions/${id}/print`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("关于区人民医院2026年度共驻共建工作的评议意见");
    expect(html).toContain("经东城街道审核同意");
    expect(html).toContain("出具单位：<!-- -->幸福里社区");
    expect(html).toContain("@page { size: A4");
    expect((await as.unitA!.get(`/opinions/${id}/print`)).status).toBe(200);
    expect((await as.unitB!.get(`/opinions/${id}/print`)).status).toBe(403);
    expect((await as.communityB!.get(`/opinions/${id}/print`)).status).toBe(403);
  });

  it("shows the unit's record with endorsed opinions only, to those who may see it", async () => {
    // Community A2's own opinion of the same unit, still a draft.
    const draft = createEvaluation(db, {
      communityId: w.world.communities.A2.id,
      unitId: w.world.units.A.id,
      issued: 2,
      votes: [{ grade: "poor" }],
      closed: true,
    });
    expect((await as.communityA2!.post(`/evaluations/${draft.id}/opinion`, { intent: "generate" })).status).toBe(302);
    const draftId = db.select().from(opinions).where(eq(opinions.evaluationId, draft.id)).get()!.id;
    const unitPath = `/units/${w.world.units.A.id}`;
    for (const who of ["unitA", "communityA2", "streetA", "district"]) {
      const res = await as[who]!.get(unitPath);
      expect(res.status, who).toBe(200);
      const html = await res.text();
      expect(html).toContain(`/opinions/${row()!.id}/print`);
      expect(html).toContain("评定等级：<!-- -->较好");
      expect(html).not.toContain(`/opinions/${draftId}/print`);
    }
    for (const who of ["unitB", "communityB", "streetB", "admin"])
      expect((await as[who]!.get(unitPath)).status, who).toBe(403);
  });
});
