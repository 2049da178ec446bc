import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, notifications, opinions, projectEvents, projects } from "#db/schema";
import { confirmedTotals } from "~/models/records/activity-records.server";
import { buildMatchingInputs } from "~/models/matching/matching-input.server";
import {
  endorseOpinion,
  ENDORSED_REFUSAL,
  generateDraft,
  getOpinionPage,
  returnOpinion,
  saveOpinion,
} from "~/models/evaluations/opinions.server";
import { getUnitRecord } from "~/models/evaluations/unit-record.server";
import { useFreshDatabase } from "../support/db";
import { closeEvaluation, createEvaluation, opinionsWorld, PERIOD, TEN_VOTES } from "./opinions-fixtures";

const db = useFreshDatabase();
let w: Awaited<ReturnType<typeof opinionsWorld>>;
let evaluationId: number;

beforeAll(async () => {
  w = await opinionsWorld(db);
  evaluationId = createEvaluation(db, {
    communityId: w.world.communities.A.id,
    unitId: w.world.units.A.id,
    issued: 12,
    votes: TEN_VOTES,
  }).id;
}, 60_000);

const opinion = () => db.select().from(opinions).where(eq(opinions.evaluationId, evaluationId)).get()!;
const inbox = (userId: number, kind: string) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)))
    .all();
const audits = (action: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "opinion"), eq(auditLog.action, action)))
    .all();

/** A Response thrown by forbidden()/notFound(), as its status. */
function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
  return undefined;
}

const edit = (
  values: Partial<{ body: string; grade: "good" | "fairly_good" | "average" | "poor"; gradeReason: string }> = {},
) => ({
  body: opinion().body,
  grade: opinion().grade,
  gradeReason: opinion().gradeReason ?? "",
  suggestedGrade: opinion().suggestedGrade,
  ...values,
});

describe("the evaluation opinion", () => {
  it("can be drafted only once the evaluation is closed, and only by its community", () => {
    const early = generateDraft(w.actors.communityA, evaluationId);
    expect(early).toEqual({ ok: false, error: "评议尚未结束，结束后才能生成评议意见草稿", field: undefined });
    closeEvaluation(db, evaluationId);
    expect(statusOf(() => generateDraft(w.actors.communityA2, evaluationId))).toBe(403);
    expect(statusOf(() => generateDraft(w.actors.unitA, evaluationId))).toBe(403);
    expect(statusOf(() => generateDraft(w.actors.streetA, evaluationId))).toBe(403);
    expect(db.select().from(opinions).all()).toHaveLength(0);
    expect(generateDraft(w.actors.communityA, evaluationId).ok).toBe(true);
    expect(audits("opinion.draft")).toHaveLength(1);
  });

  it("writes the draft from confirmed records of the period only (pending and disputed ones excluded)", () => {
    const { body, figures, suggestedGrade, grade, status } = opinion();
    expect(status).toBe("draft");
    expect(body).toContain("经双方确认的活动记实共 3 次，其中组织共建 1 次、活动共联 2 次、资源共享 0 次");
    expect(body).toContain("单位党员参与 23 人次，累计服务 37.5 小时，服务居民 180 人次");
    for (const excluded of ["91", "92", "93", "94", "901", "902"]) expect(body).not.toContain(` ${excluded} `);
    // The same number as the shared definition of what counts, for this community's projects.
    const shared = [w.projects.completed, w.projects.running].map((p) =>
      confirmedTotals(db, {
        projectId: p.id,
        unitId: w.world.units.A.id,
        from: PERIOD.periodStart,
        to: PERIOD.periodEnd,
      }),
    );
    expect(shared.reduce((s, t) => s + t.partyMembers, 0)).toBe(23);
    expect(body).toContain("共同开展共建项目 2 个：“健康小屋共建”（已完成）、“老人义诊进社区”（实施中）");
    expect(body).not.toContain("往年助学项目");
    expect(body).not.toContain("光明社区楼道整治");
    expect(body).toContain("签订并生效共建协议 1 份");
    expect(body).toContain("本次评议共发放评议票 12 张，收回有效票 10 张，参评率 83.3%");
    expect(body).toContain("平均评分分别为 4.0 分、4.0 分、4.6 分");
    expect(body).toContain("评为“好”的 6 票，评为“较好”的 3 票，评为“一般”的 1 票，评为“差”的 0 票");
    expect(body).toContain("“医生每月都来，量血压很方便”；“希望增加周末的义诊”；“有问题请打我电话【电话已隐去】”");
    expect(body).not.toContain("13912345678");
    expect(body).toContain("等级为“好”");
    expect(suggestedGrade).toBe("good");
    expect(grade).toBe("good");
    expect(figures).toMatchObject({
      activities: { records: 3, partyMembers: 23, residentsServed: 180, hours: 37.5 },
      ballots: { issued: 12, cast: 10 },
    });
  });

  it("is edited and issued by the community; a changed grade needs a reason", () => {
    expect(statusOf(() => saveOpinion(w.actors.unitA, evaluationId, edit()))).toBe(403);
    expect(statusOf(() => saveOpinion(w.actors.communityA2, evaluationId, edit()))).toBe(403);
    const noReason = saveOpinion(w.actors.communityA, evaluationId, edit({ grade: "fairly_good", gradeReason: "" }));
    expect(noReason).toMatchObject({ ok: false, field: "gradeReason" });
    expect(opinion().grade).toBe("good");

    const body = `${opinion().body}\n（社区补充）该单位年内还参与了社区防汛值守。`;
    expect(
      saveOpinion(
        w.actors.communityA,
        evaluationId,
        edit({ body, grade: "fairly_good", gradeReason: "评议票样本以老年居民为主，综合考虑后下调一档" }),
      ).ok,
    ).toBe(true);
    expect(opinion()).toMatchObject({
      status: "draft",
      grade: "fairly_good",
      suggestedGrade: "good",
      gradeReason: "评议票样本以老年居民为主，综合考虑后下调一档",
      body,
    });
    expect(saveOpinion(w.actors.communityA, evaluationId, edit(), { issue: true }).ok).toBe(true);
    expect(opinion()).toMatchObject({ status: "issued", issuedBy: w.actors.communityA.id });
    expect(inbox(w.world.users.streetA.id, "opinion.issued")).toHaveLength(1);
    expect(inbox(w.world.users.streetB.id, "opinion.issued")).toHaveLength(0);
    expect(audits("opinion.issue")).toHaveLength(1);
  });

  it("cannot be changed by the community while it waits for the street", () => {
    expect(saveOpinion(w.actors.communityA, evaluationId, edit({ body: `${opinion().body}改` }))).toMatchObject({
      ok: false,
      error: expect.stringContaining("等待街道审核"),
    });
    expect(generateDraft(w.actors.communityA, evaluationId).ok).toBe(false);
  });

  it("is sent back by the street with a note, edited and issued again", () => {
    expect(statusOf(() => returnOpinion(w.actors.streetB, evaluationId, "请补充数据"))).toBe(403);
    expect(statusOf(() => returnOpinion(w.actors.communityA, evaluationId, "请补充数据"))).toBe(403);
    expect(returnOpinion(w.actors.streetA, evaluationId, "请补充该单位参与防汛的具体次数").ok).toBe(true);
    expect(opinion()).toMatchObject({ status: "draft", returnNote: "请补充该单位参与防汛的具体次数", issuedAt: null });
    expect(inbox(w.world.users.communityA.id, "opinion.returned")[0]!.body).toContain("请补充该单位参与防汛的具体次数");
    const body = opinion().body.replace("社区防汛值守", "社区防汛值守 3 次");
    expect(
      saveOpinion(
        w.actors.communityA,
        evaluationId,
        edit({ body, gradeReason: "评议票样本以老年居民为主，综合考虑后下调一档" }),
        { issue: true },
      ).ok,
    ).toBe(true);
    expect(opinion()).toMatchObject({ status: "issued", returnNote: null });
  });

  it("is endorsed only by the community's street; the period's completed projects become evaluated", () => {
    expect(statusOf(() => endorseOpinion(w.actors.streetB, evaluationId))).toBe(403);
    expect(statusOf(() => endorseOpinion(w.actors.communityA, evaluationId))).toBe(403);
    expect(statusOf(() => endorseOpinion(w.actors.district, evaluationId))).toBe(403);
    expect(opinion().status).toBe("issued");

    expect(endorseOpinion(w.actors.streetA, evaluationId)).toMatchObject({ ok: true, evaluatedProjects: 1 });
    expect(opinion()).toMatchObject({ status: "endorsed", endorsedBy: w.actors.streetA.id });
    const status = (id: number) => db.select().from(projects).where(eq(projects.id, id)).get()!.status;
    expect(status(w.projects.completed.id)).toBe("evaluated");
    expect(status(w.projects.running.id)).toBe("in_progress");
    expect(status(w.projects.old.id)).toBe("completed");
    const event = db
      .select()
      .from(projectEvents)
      .where(and(eq(projectEvents.projectId, w.projects.completed.id), eq(projectEvents.toStatus, "evaluated")))
      .get();
    expect(event?.message).toBe("评议意见经街道审核，项目已评议");
    expect(inbox(w.world.users.communityA.id, "opinion.endorsed")).toHaveLength(1);
    expect(inbox(w.world.users.unitA.id, "opinion.endorsed")).toHaveLength(1);
  });

  it("is immutable once endorsed: every change is refused and nothing is written", () => {
    const before = opinion();
    const auditCount = db.select().from(auditLog).all().length;
    expect(saveOpinion(w.actors.communityA, evaluationId, edit({ body: `${before.body}改` }))).toMatchObject({
      ok: false,
      error: ENDORSED_REFUSAL,
    });
    expect(saveOpinion(w.actors.communityA, evaluationId, edit(), { issue: true })).toMatchObject({
      ok: false,
      error: ENDORSED_REFUSAL,
    });
    expect(generateDraft(w.actors.communityA, evaluationId)).toMatchObject({ ok: false, error: ENDORSED_REFUSAL });
    expect(returnOpinion(w.actors.streetA, evaluationId, "再改一下吧")).toMatchObject({
      ok: false,
      error: expect.stringContaining("已经审核通过"),
    });
    expect(endorseOpinion(w.actors.streetA, evaluationId).ok).toBe(false);
    expect(statusOf(() => saveOpinion(w.actors.streetA, evaluationId, edit()))).toBe(403);
    expect(opinion()).toEqual(before);
    expect(db.select().from(auditLog).all()).toHaveLength(auditCount);
  });

  it("shows each reader only what they may read", () => {
    const page = (who: keyof typeof w.actors) => getOpinionPage(w.actors[who], evaluationId);
    expect(page("unitA").opinion?.status).toBe("endorsed");
    expect(page("district").opinion?.status).toBe("endorsed");
    expect(page("streetA").can).toEqual({ generate: false, edit: false, review: false });
    expect(statusOf(() => page("communityA2"))).toBe(403);
    expect(statusOf(() => page("streetB"))).toBe(403);
    expect(statusOf(() => page("unitB"))).toBe(403);
  });
});

describe("the unit's record and the matching history", () => {
  it("lists endorsed opinions only, with the unit's projects and confirmed totals", () => {
    // Another community's opinion of the same unit, still a draft: not on the record.
    const draftEvaluation = createEvaluation(db, {
      communityId: w.world.communities.A2.id,
      unitId: w.world.units.A.id,
      issued: 3,
      votes: [{ grade: "poor" }],
      closed: true,
    });
    expect(generateDraft(w.actors.communityA2, draftEvaluation.id).ok).toBe(true);
    const record = getUnitRecord(w.actors.communityA2, w.world.units.A.id, new Date("2026-12-01T00:00:00Z"));
    expect(record.opinions).toEqual([
      expect.objectContaining({
        id: opinion().id,
        grade: "fairly_good",
        communityName: "幸福里社区",
        periodLabel: "2026年度",
      }),
    ]);
    expect(record.projectCount).toBe(4);
    expect(record.projectGroups.map((g) => g.status)).toEqual(["in_progress", "completed", "evaluated"]);
    // Community A2 may open its own project, not community A's.
    const links = Object.fromEntries(record.projectGroups.flatMap((g) => g.projects).map((p) => [p.title, p.linked]));
    expect(links).toMatchObject({ 光明社区楼道整治: true, 健康小屋共建: false });
    expect(record.totals.thisYear).toEqual({ records: 4, partyMembers: 117, residentsServed: 1084, hours: 131.5 });
    expect(record.totals.allTime.records).toBe(5);
    expect(statusOf(() => getUnitRecord(w.actors.unitB, w.world.units.A.id))).toBe(403);
    expect(statusOf(() => getUnitRecord(w.actors.communityB, w.world.units.A.id))).toBe(403);
    expect(statusOf(() => getUnitRecord(w.actors.admin, w.world.units.A.id))).toBe(403);
    expect(getUnitRecord(w.actors.unitA, w.world.units.A.id).unit.name).toBe("区人民医院");
  });

  it("gives the matching engine the pair's latest endorsed grade", () => {
    const [street] = buildMatchingInputs("street", w.world.streets.A.id, db);
    const pair = (communityId: number) =>
      street!.input.history!.find(
        (h) => h.communityId === String(communityId) && h.unitId === String(w.world.units.A.id),
      );
    expect(pair(w.world.communities.A.id)).toEqual({
      communityId: String(w.world.communities.A.id),
      unitId: String(w.world.units.A.id),
      completedProjects: 2,
      grades: ["较好"],
    });
    // Community A2 has no finished project with the unit, and its opinion is only a draft.
    expect(pair(w.world.communities.A2.id)).toBeUndefined();
  });
});
