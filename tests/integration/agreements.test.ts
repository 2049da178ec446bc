import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { agreements, auditLog, notifications, projectEvents, projects, type Agreement } from "#db/schema";
import {
  amendAgreement,
  signAgreement,
  terminateAgreement,
  updateDraft,
} from "~/models/agreements/agreement-changes.server";
import { addDays, addYears, chinaToday } from "~/utils/china-time";
import {
  contentHash,
  generateDrafts,
  getAgreementView,
  listProjectAgreements,
} from "~/models/agreements/agreements.server";
import { agreementEditSchema, type AgreementSide } from "~/schemas/agreement";
import { loadActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { useFreshDatabase } from "../support/db";
import { createNeed, createProject, createResource, createUnit, createUser } from "~/seed/factories";
import { createWorld, type World } from "../support/world";
import { refusalStatus } from "../support/refusal";

const db = useFreshDatabase();
let world: World;
const actors: Record<string, Actor> = {};
let unitA2: { id: number; name: string };
let liaisonA2: { id: number };

beforeAll(async () => {
  world = await createWorld(db);
  // A second unit in street A, so a project can have two units as parties.
  unitA2 = createUnit(db, { streetId: world.streets.A.id, name: "城建集团" });
  liaisonA2 = await createUser(db, { role: "unit", username: "unit-a2", unitId: unitA2.id });
  for (const [key, user] of Object.entries({ ...world.users, unitA2: liaisonA2 })) actors[key] = loadActor(user.id)!;
});

const row = (id: number) => db.select().from(agreements).where(eq(agreements.id, id)).get()!;
const projectStatus = (id: number) => db.select().from(projects).where(eq(projects.id, id)).get()!.status;
const inbox = (userId: number, link: string) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.link, link)))
    .all();

/** An approved project between community A and units A and A2, with a need and one resource each. */
function approvedProject(values: Partial<Parameters<typeof createProject>[1]> = {}) {
  const need = createNeed(db, {
    communityId: world.communities.A.id,
    title: "独居老人助餐服务",
    beneficiaryGroup: "独居老人",
    beneficiaryCount: 12,
    status: "matched",
  });
  const hall = createResource(db, { unitId: world.units.A.id, title: "医院多功能厅", kind: "venue" });
  const doctors = createResource(db, { unitId: unitA2.id, title: "党员志愿者送餐队", kind: "volunteers" });
  return createProject(db, {
    communityId: world.communities.A.id,
    title: "银发助餐行动",
    goals: "为 12 位独居老人每周送餐三次",
    status: "approved",
    forms: ["joint_activity", "resource_sharing"],
    needIds: [need.id],
    resources: [
      { resourceId: hall.id, unitId: world.units.A.id },
      { resourceId: doctors.id, unitId: unitA2.id },
    ],
    ...values,
  });
}

function draftsOf(projectId: number) {
  const result = generateDrafts(actors.communityA!, projectId);
  if (!result.ok) throw new Error(result.error);
  const rows = result.ids.map(row);
  return { a: rows.find((r) => r.unitId === world.units.A.id)!, a2: rows.find((r) => r.unitId === unitA2.id)! };
}

const sign = (who: string, a: Agreement, side: AgreementSide, name = "张三") =>
  signAgreement(actors[who]!, a.id, { side, signerName: name, agree: "on", contentHash: contentHash(row(a.id)) });

const refusal = refusalStatus;

function edits(a: Agreement, change: Partial<Agreement["content"]> & { termEnd?: string } = {}) {
  const { termEnd, ...content } = change;
  return {
    ...a.content,
    ...content,
    termStart: a.termStart,
    termEnd: termEnd ?? a.termEnd,
    contentHash: contentHash(row(a.id)),
  };
}

describe("generating drafts", () => {
  it("is refused until the street approves the project, and for a cancelled one", () => {
    for (const status of ["draft", "cancelled"] as const) {
      const p = approvedProject({ status });
      const result = generateDrafts(actors.communityA!, p.id);
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.error).toMatch(status === "draft" ? "审批通过后" : "已取消");
      expect(db.select().from(agreements).where(eq(agreements.projectId, p.id)).all()).toHaveLength(0);
    }
  });

  it("writes one draft per unit in Chinese from the project, with parties, forms, obligations and term", () => {
    const p = approvedProject({ startDate: null, endDate: null });
    const { a, a2 } = draftsOf(p.id);
    expect(a).toMatchObject({
      version: 1,
      status: "draft",
      previousId: null,
      title: "关于“银发助餐行动”的共建协议",
      communityParty: "幸福里社区党组织",
      unitParty: "区人民医院党组织",
    });
    expect(a2.unitParty).toBe("城建集团党组织");
    // The project's forms are filled in specifically, the other stated as not involved.
    expect(a.content.orgBuilding).toMatch(/^本协议不涉及组织共建/);
    expect(a.content.jointActivity).toContain("联合开展主题党日");
    expect(a.content.jointActivity).toContain("项目目标：为 12 位独居老人每周送餐三次");
    expect(a.content.jointActivity).toContain("“独居老人助餐服务”");
    expect(a.content.jointActivity).toContain("重点服务独居老人（约 12 人）");
    expect(a.content.resourceSharing).toContain("乙方向甲方开放“医院多功能厅”");
    expect(a2.content.resourceSharing).toContain("乙方按本协议提供“党员志愿者送餐队”");
    expect(a.content.communityObligations).toContain("“银发助餐行动”项目");
    expect(a2.content.unitObligations).toContain("“党员志愿者送餐队”");
    // No schedule: one year from today.
    const today = chinaToday(new Date());
    expect(a.termStart).toBe(today);
    expect(a.termEnd).toBe(addYears(today, 1));
    const events = db.select().from(projectEvents).where(eq(projectEvents.projectId, p.id)).all();
    expect(events.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("生成与区人民医院的共建协议草稿")]),
    );
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "agreement"), eq(auditLog.entityId, a.id)))
        .all()
        .map((r) => r.action),
    ).toEqual(["agreement.generate"]);
    expect(inbox(world.users.unitA.id, `/agreements/${a.id}`)).toHaveLength(1);
    // Nothing left to generate.
    const again = generateDrafts(actors.communityA!, p.id);
    expect(again.ok ? "" : again.error).toContain("已有待签署或已生效的协议");
  });

  it("uses the project schedule as the term when it lies ahead", () => {
    const start = addDays(chinaToday(new Date()), 10);
    const end = addDays(start, 200);
    const { a } = draftsOf(approvedProject({ startDate: start, endDate: end, forms: ["org_building"] }).id);
    expect([a.termStart, a.termEnd]).toEqual([start, end]);
    expect(a.content.orgBuilding).toContain("干部双向挂职");
    expect(a.content.orgBuilding).toContain("人才结对");
    expect(a.content.jointActivity).toMatch(/^本协议不涉及活动共联/);
    expect(a.content.resourceSharing).toMatch(/^本协议不涉及资源共享/);
    // A schedule already over gives way to one year from today.
    const today = chinaToday(new Date());
    const stale = draftsOf(approvedProject({ startDate: "2020-01-01", endDate: "2020-06-30" }).id).a;
    expect([stale.termStart, stale.termEnd]).toEqual([today, addYears(today, 1)]);
  });

  it("lets a unit generate only its own draft, and nobody outside the project", () => {
    const p = approvedProject();
    const mine = generateDrafts(actors.unitA2!, p.id);
    expect(mine.ok && mine.ids.map(row).map((r) => r.unitId)).toEqual([unitA2.id]);
    expect(refusal(() => generateDrafts(actors.unitB!, p.id))).toBe(403);
    expect(refusal(() => generateDrafts(actors.streetA!, p.id))).toBe(403);
    expect(refusal(() => generateDrafts(actors.communityA2!, p.id))).toBe(403);
    const list = listProjectAgreements(actors.communityA!, p.id);
    expect(list.canGenerate).toBe(true);
    expect(list.units.map((u) => [u.unitName, u.versions.length, u.canGenerate])).toEqual([
      ["区人民医院", 0, true],
      ["城建集团", 1, false],
    ]);
  });
});

describe("signing", () => {
  it("takes effect when both sides sign, in either order, and the project moves on when every unit has signed", () => {
    const p = approvedProject();
    const { a, a2 } = draftsOf(p.id);

    expect(sign("communityA", a, "community", "李敏")).toEqual({ ok: true, effective: false });
    expect(row(a.id)).toMatchObject({
      status: "draft",
      communitySignerName: "李敏",
      communitySignerId: world.users.communityA.id,
    });
    expect(inbox(world.users.unitA.id, `/agreements/${a.id}`).map((n) => n.title)).toContain(
      `请签署共建协议：${a.title}`,
    );
    expect(sign("unitA", a, "unit", "王强")).toEqual({ ok: true, effective: true });
    expect(row(a.id)).toMatchObject({ status: "effective", unitSignerName: "王强" });
    expect(row(a.id).effectiveAt).not.toBeNull();
    expect(projectStatus(p.id)).toBe("approved");

    // The other order: the unit first.
    expect(sign("unitA2", a2, "unit", "赵六")).toEqual({ ok: true, effective: false });
    expect(inbox(world.users.communityA.id, `/agreements/${a2.id}`).map((n) => n.title)).toContain(
      `请签署共建协议：${a2.title}`,
    );
    expect(sign("communityA", a2, "community", "李敏")).toEqual({ ok: true, effective: true });
    expect(projectStatus(p.id)).toBe("agreement_signed");

    const events = db.select().from(projectEvents).where(eq(projectEvents.projectId, p.id)).all();
    expect(events.filter((e) => e.kind === "agreement_signed")).toHaveLength(4);
    expect(events.filter((e) => e.kind === "agreement_effective")).toHaveLength(2);
    expect(events.find((e) => e.kind === "status")).toMatchObject({
      fromStatus: "approved",
      toStatus: "agreement_signed",
    });
    expect(inbox(liaisonA2.id, `/agreements/${a2.id}`).map((n) => n.title)).toContain(`共建协议已生效：${a2.title}`);
    const actions = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "agreement"), eq(auditLog.entityId, a2.id)))
      .all()
      .map((r) => r.action);
    expect(actions).toEqual([
      "agreement.generate",
      "agreement.sign_by_unit",
      "agreement.sign_by_community",
      "agreement.effective",
    ]);
  });

  it("refuses anyone signing for a side they do not belong to, and changes nothing", () => {
    const { a } = draftsOf(approvedProject().id);
    const before = row(a.id);
    expect(refusal(() => sign("unitA2", a, "unit"))).toBe(403); // another unit of the same project
    expect(refusal(() => sign("unitA2", a, "community"))).toBe(403);
    expect(refusal(() => sign("unitB", a, "unit"))).toBe(403);
    expect(refusal(() => sign("unitA", a, "community"))).toBe(403);
    expect(refusal(() => sign("communityA", a, "unit"))).toBe(403);
    expect(refusal(() => sign("communityA2", a, "community"))).toBe(403);
    expect(refusal(() => sign("streetA", a, "community"))).toBe(403);
    expect(row(a.id)).toEqual(before);
  });

  it("refuses a second signature by the same side and a signature on text that changed since it was read", () => {
    const { a } = draftsOf(approvedProject().id);
    const readHash = contentHash(a);
    expect(sign("communityA", a, "community").ok).toBe(true);
    expect(sign("communityA", a, "community")).toEqual({ ok: false, error: "本方已经签署过这份协议" });
    expect(
      updateDraft(
        actors.communityA!,
        a.id,
        edits(a, { jointActivity: `${a.content.jointActivity}\n4. 每月开展一次健康讲座。` }),
      ).ok,
    ).toBe(true);
    const stale = signAgreement(actors.unitA!, a.id, {
      side: "unit",
      signerName: "王强",
      agree: "on",
      contentHash: readHash,
    });
    expect(stale.ok ? "" : stale.error).toContain("重新阅读");
    expect(row(a.id).unitSignedAt).toBeNull();
  });
});

describe("editing a draft", () => {
  it("clears a signature already made and asks that side to read it again", () => {
    const { a } = draftsOf(approvedProject().id);
    sign("communityA", a, "community");
    const result = updateDraft(actors.unitA!, a.id, edits(a, { unitObligations: "1. 每周安排两名医生参与服务。" }));
    expect(result).toEqual({ ok: true, clearedSides: ["community"] });
    expect(row(a.id)).toMatchObject({
      status: "draft",
      communitySignedAt: null,
      communitySignerName: null,
      communitySignerId: null,
    });
    expect(row(a.id).content.unitObligations).toBe("1. 每周安排两名医生参与服务。");
    expect(inbox(world.users.communityA.id, `/agreements/${a.id}`).map((n) => n.title)).toContain(
      `请重新签署：${a.title}`,
    );
    // Saving unchanged text keeps signatures.
    sign("communityA", a, "community");
    expect(updateDraft(actors.unitA!, a.id, edits(row(a.id)))).toEqual({ ok: true, clearedSides: [] });
    expect(row(a.id).communitySignedAt).not.toBeNull();
  });

  it("lets only the two sides edit", () => {
    const { a } = draftsOf(approvedProject().id);
    for (const who of ["unitA2", "unitB", "streetA", "communityA2"])
      expect(
        refusal(() => updateDraft(actors[who]!, a.id, edits(a, { orgBuilding: "改动内容" }))),
        who,
      ).toBe(403);
    expect(row(a.id).content.orgBuilding).toBe(a.content.orgBuilding);
  });

  it("explains bad input in Chinese next to the field", () => {
    const base = {
      orgBuilding: "本协议不涉及",
      jointActivity: "联合开展主题党日",
      resourceSharing: "开放场地",
      communityObligations: "组织居民",
      unitObligations: "提供服务",
      contentHash: "x",
    };
    const errors = (values: object) => agreementEditSchema.safeParse(values).error?.flatten().fieldErrors ?? {};
    expect(errors({ ...base, orgBuilding: "", termStart: "2030-01-01", termEnd: "2029-01-01" })).toMatchObject({
      orgBuilding: ["组织共建条款至少 2 个字"],
      termEnd: ["结束日期不能早于开始日期"],
    });
    expect(errors({ ...base, termStart: "2030-02-30", termEnd: "2031-01-01" })).toMatchObject({
      termStart: ["协议开始日期不是有效日期（格式：2027-03-01）"],
    });
    expect(errors({ ...base, termStart: "2030-01-01", termEnd: "2036-01-01" })).toMatchObject({
      termEnd: ["协议期限不能超过 5 年"],
    });
    expect(errors({ ...base, termStart: "2020-01-01", termEnd: "2020-06-01" })).toMatchObject({
      termEnd: ["结束日期不能早于今天"],
    });
  });
});

describe("effective agreements, amendments and termination", () => {
  it("cannot be edited by anyone; a change is a new version both sign, which supersedes the old one", () => {
    const p = approvedProject();
    const { a, a2 } = draftsOf(p.id);
    for (const [who, side] of [
      ["communityA", "community"],
      ["unitA", "unit"],
    ] as const)
      sign(who, a, side);
    for (const [who, side] of [
      ["communityA", "community"],
      ["unitA2", "unit"],
    ] as const)
      sign(who, a2, side);
    expect(projectStatus(p.id)).toBe("agreement_signed");
    const effective = row(a.id);
    for (const who of ["communityA", "unitA"]) {
      const refused = updateDraft(actors[who]!, a.id, edits(effective, { orgBuilding: "想偷偷改掉" }));
      expect(refused.ok ? "" : refused.error).toContain("发起变更");
    }
    expect(row(a.id)).toEqual(effective);
    expect(getAgreementView(actors.communityA!, a.id).can).toMatchObject({
      edit: false,
      sign: false,
      amend: true,
      terminate: true,
    });

    const amended = amendAgreement(actors.unitA!, a.id);
    expect(amended.ok).toBe(true);
    const v2 = row(amended.ok ? amended.id : 0);
    expect(v2).toMatchObject({
      version: 2,
      previousId: a.id,
      status: "draft",
      content: effective.content,
      communitySignedAt: null,
      unitSignedAt: null,
    });
    expect(amendAgreement(actors.communityA!, a.id)).toEqual({
      ok: false,
      error: "这份协议已有一份待签署的变更草稿，请在该草稿上修改",
    });
    expect(refusal(() => amendAgreement(actors.unitA2!, a.id))).toBe(403);

    const newText = effective.content.jointActivity.replace(
      "每季度至少联合开展一次主题党日活动",
      "每月至少联合开展一次主题党日活动",
    );
    expect(newText).not.toBe(effective.content.jointActivity);
    expect(updateDraft(actors.communityA!, v2.id, edits(v2, { jointActivity: newText })).ok).toBe(true);
    expect(row(a.id).status).toBe("effective"); // still in force until v2 is signed
    sign("unitA", v2, "unit");
    sign("communityA", v2, "community");
    expect(row(v2.id)).toMatchObject({ status: "effective" });
    expect(row(a.id)).toMatchObject({ status: "superseded", endReason: "被第 2 版取代" });
    expect(projectStatus(p.id)).toBe("agreement_signed");

    const view = getAgreementView(actors.streetA!, v2.id);
    expect(view.previous).toEqual({ id: a.id, version: 1 });
    const joint = view.diff!.find((c) => c.key === "jointActivity")!;
    expect(joint.changed).toBe(true);
    expect(joint.segments.filter((s) => s.op === "delete").map((s) => s.text)).toEqual(["季度"]);
    expect(joint.segments.filter((s) => s.op === "insert").map((s) => s.text)).toEqual(["月"]);
    expect(view.diff!.filter((c) => c.changed).map((c) => c.key)).toEqual(["jointActivity"]);
    // The old version stays readable.
    expect(getAgreementView(actors.unitA!, a.id).agreement.content).toEqual(effective.content);
    expect(view.versions.map((v) => [v.version, v.status])).toEqual([
      [2, "effective"],
      [1, "superseded"],
    ]);
  });

  it("can be terminated by either side with a reason, which ends a pending amendment too", () => {
    const { a } = draftsOf(approvedProject().id);
    sign("communityA", a, "community");
    expect(terminateAgreement(actors.unitA!, a.id, "单位搬迁")).toEqual({
      ok: false,
      error: "只有已生效的协议可以终止",
    });
    sign("unitA", a, "unit");
    const amended = amendAgreement(actors.communityA!, a.id);
    expect(refusal(() => terminateAgreement(actors.unitA2!, a.id, "不是我的协议"))).toBe(403);
    expect(terminateAgreement(actors.unitA!, a.id, "单位整体搬迁出本街道")).toEqual({ ok: true });
    expect(row(a.id)).toMatchObject({ status: "terminated", endReason: "单位整体搬迁出本街道" });
    expect(row(amended.ok ? amended.id : 0).status).toBe("terminated");
    expect(inbox(world.users.communityA.id, `/agreements/${a.id}`).map((n) => n.title)).toContain(
      `共建协议已终止：${a.title}`,
    );
  });
});
