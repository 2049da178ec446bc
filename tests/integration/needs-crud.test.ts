import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, needs, resources } from "#db/schema";
import { createNeed, getNeedForActor, updateNeed, withdrawNeed } from "~/models/catalog/needs.server";
import { createResource, updateResource, withdrawResource } from "~/models/catalog/resources.server";
import { loadActor } from "~/utils/auth.server";
import { needFormSchema } from "~/schemas/need";
import { resourceFormSchema } from "~/schemas/resource";
import type { Actor } from "~/utils/permission-actor";
import { useFreshDatabase } from "../support/db";
import { createWorld, type World } from "../support/world";

const db = useFreshDatabase();
let world: World;
let community: Actor;
let unit: Actor;

beforeAll(async () => {
  world = await createWorld(db);
  community = loadActor(world.users.communityA.id)!;
  unit = loadActor(world.users.unitA.id)!;
});

const needInput = (extra: Record<string, unknown> = {}) =>
  needFormSchema.parse({
    title: "小区老人想学智能手机",
    description: "想学用微信视频和扫码挂号",
    contactName: "赵大爷",
    contactPhone: "13611112222",
    ...extra,
  });

function auditRows(entityType: string, entityId: number) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityId, entityId))
    .all()
    .filter((r) => r.entityType === entityType);
}

describe("needs: create, edit, withdraw", () => {
  it("creates an open need in the actor's community, suggests its category, and audits it", () => {
    const need = createNeed(community, needInput());
    expect(need).toMatchObject({
      communityId: world.communities.A.id,
      status: "open",
      category: "数字技能",
      createdBy: community.id,
    });
    const rows = auditRows("need", need.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "need.create", actorId: community.id, before: null });
    expect(rows[0]!.after).toMatchObject({ title: "小区老人想学智能手机", status: "open" });
  });

  it("keeps a chosen category and saves drafts as drafts", () => {
    const need = createNeed(community, needInput({ category: "养老服务", intent: "draft" }));
    expect(need).toMatchObject({ category: "养老服务", status: "draft" });
  });

  it("edits with before and after in the audit row, and publishes a draft", () => {
    const draft = createNeed(community, needInput({ intent: "draft" }));
    const edited = updateNeed(community, draft.id, needInput({ title: "老人智能手机培训班", beneficiaryCount: 30 }));
    expect(edited).toMatchObject({ title: "老人智能手机培训班", beneficiaryCount: 30, status: "open" });
    expect(edited.createdAt).toBe(draft.createdAt);
    expect(edited.updatedAt >= draft.updatedAt).toBe(true);
    const row = auditRows("need", draft.id).find((r) => r.action === "need.update")!;
    expect(row.before).toMatchObject({ title: "小区老人想学智能手机", status: "draft" });
    expect(row.after).toMatchObject({ title: "老人智能手机培训班", status: "open" });
  });

  it("withdraws, audits, and then refuses further edits", () => {
    const need = createNeed(community, needInput());
    expect(withdrawNeed(community, need.id).status).toBe("withdrawn");
    expect(auditRows("need", need.id).map((r) => r.action)).toEqual(["need.create", "need.withdraw"]);
    expect(() => updateNeed(community, need.id, needInput())).toThrow(Response);
    expect(db.select().from(needs).where(eq(needs.id, need.id)).get()?.title).toBe("小区老人想学智能手机");
  });

  it("refuses another community's need with 403 and changes nothing", () => {
    const other = loadActor(world.users.communityB.id)!;
    const before = db.select().from(needs).where(eq(needs.id, world.needs.A.id)).get();
    for (const attempt of [
      () => updateNeed(other, world.needs.A.id, needInput()),
      () => withdrawNeed(other, world.needs.A.id),
    ]) {
      try {
        attempt();
        expect.fail("should have thrown");
      } catch (e) {
        expect((e as Response).status).toBe(403);
      }
    }
    expect(db.select().from(needs).where(eq(needs.id, world.needs.A.id)).get()).toEqual(before);
  });

  it("answers 404 for an unknown need", () => {
    try {
      withdrawNeed(community, 999_999);
      expect.fail("should have thrown");
    } catch (e) {
      expect((e as Response).status).toBe(404);
    }
  });
});

describe("a failing write leaves nothing behind", () => {
  it("rolls back the need when its audit row cannot be written", () => {
    const count = () => db.select().from(needs).all().length;
    const before = count();
    db.$client.exec(
      `CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
    );
    try {
      expect(() => createNeed(community, needInput({ title: "这条不应保存下来" }))).toThrow(/disk full/);
      expect(() => updateNeed(community, world.needs.A.id, needInput({ title: "这次修改不应生效" }))).toThrow(
        /disk full/,
      );
    } finally {
      db.$client.exec("DROP TRIGGER fail_audit");
    }
    expect(count()).toBe(before);
    expect(db.select().from(needs).where(eq(needs.title, "这条不应保存下来")).all()).toEqual([]);
    expect(db.select().from(needs).where(eq(needs.id, world.needs.A.id)).get()?.title).toBe("独居老人冬季上门探访");
  });
});

describe("resources: create, edit, withdraw", () => {
  const input = (extra: Record<string, unknown> = {}) =>
    resourceFormSchema.parse({
      title: "律师每月驻点法律咨询",
      description: "每月第一个周六上午",
      kind: "expertise",
      capacity: "2",
      ...extra,
    });

  it("creates, edits and withdraws with audit rows, for the owning unit only", () => {
    const r = createResource(unit, input());
    expect(r).toMatchObject({ unitId: world.units.A.id, category: "法律服务", status: "open", serviceRadiusKm: null });
    updateResource(unit, r.id, input({ serviceRadiusKm: "3", capacity: "4" }));
    withdrawResource(unit, r.id);
    expect(auditRows("resource", r.id).map((row) => row.action)).toEqual([
      "resource.create",
      "resource.update",
      "resource.withdraw",
    ]);
    const other = loadActor(world.users.unitB.id)!;
    expect(() => updateResource(other, world.resources.A.id, input())).toThrow(Response);
    expect(db.select().from(resources).where(eq(resources.id, world.resources.A.id)).get()?.title).toBe(
      "医生进社区义诊",
    );
  });
});

describe("a resource's capacity and status", () => {
  const input = (capacity: number) =>
    resourceFormSchema.parse({
      title: "周末志愿者助老服务",
      description: "每周六上午",
      kind: "volunteers",
      capacity: String(capacity),
    });
  const row = (id: number) => db.select().from(resources).where(eq(resources.id, id)).get()!;

  it("refuses a capacity below the places in use, next to the field, and changes nothing", () => {
    const r = createResource(unit, input(3));
    db.update(resources).set({ usedCapacity: 2 }).where(eq(resources.id, r.id)).run();
    const audits = auditRows("resource", r.id).length;
    expect(updateResource(unit, r.id, input(0))).toEqual({
      ok: false,
      error: "已有 2 个需求正在使用这项资源，可服务需求数不能少于 2",
      field: "capacity",
      status: 400,
    });
    expect(row(r.id)).toMatchObject({ capacity: 3, usedCapacity: 2, status: "open" });
    expect(auditRows("resource", r.id)).toHaveLength(audits);
  });

  it("follows capacity both ways: exhausted when no place is left, open again when one is freed", () => {
    const r = createResource(unit, input(3));
    db.update(resources).set({ usedCapacity: 2 }).where(eq(resources.id, r.id)).run();
    expect(updateResource(unit, r.id, input(2))).toMatchObject({ ok: true, resource: { status: "exhausted" } });
    expect(row(r.id).status).toBe("exhausted");
    expect(updateResource(unit, r.id, input(5))).toMatchObject({ ok: true, resource: { status: "open" } });
    expect(row(r.id)).toMatchObject({ capacity: 5, status: "open" });
  });
});

describe("privacy of a need's contact", () => {
  it("gives the contact and place to the owning community, and to reviewers and units only that they exist", () => {
    const own = getNeedForActor(community, world.needs.A.id);
    expect(own.contact).toEqual({ name: "王秀英", phone: "13912345678" });
    expect(own.need.place).toBe("3号网格 5号楼");
    for (const reviewer of [world.users.streetA.id, world.users.district.id]) {
      const view = getNeedForActor(loadActor(reviewer)!, world.needs.A.id);
      expect(view.contact).toBeNull();
      expect(view.withheld).toEqual({ contact: true, place: true });
      expect(view.need.place).toBe("");
      expect(JSON.stringify(view)).not.toMatch(/王秀英|13912345678|139\*{4}5678|3号网格/);
    }
    const unitView = getNeedForActor(unit, world.needs.A.id);
    expect(unitView.contact).toBeNull();
    expect(JSON.stringify(unitView)).not.toContain("13912345678");
    expect(JSON.stringify(unitView)).not.toContain("王秀英");
  });
});
