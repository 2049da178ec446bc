/**
 * Escalation rules on a real SQLite file: which needs escalate and when, idempotency, resolution,
 * the threshold setting, and the street's and district's actions with their permissions.
 * (Pages and forms: escalation-routes.test.ts; the timer and the BullMQ job: maintenance-*.test.ts.)
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, lt } from "drizzle-orm";
import { auditLog, escalations, needs, notifications } from "#db/schema";
import {
  addSupervisionNote,
  escalateToDistrict,
  referralUnits,
  referToUnit,
} from "~/models/escalations/escalation-actions.server";
import { coordinationQueue } from "~/models/escalations/escalation-queue.server";
import { escalateStaleNeeds, openEscalationsOfNeed } from "~/models/escalations/escalations.server";
import { runMaintenance } from "~/models/platform/maintenance.server";
import { getNeedForActor } from "~/models/catalog/needs.server";
import { saveSettings } from "~/models/platform/settings.server";
import { loadActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { useFreshDatabase } from "../support/db";
import { createNeed, createUnit } from "~/seed/factories";
import { createWorld, SECRET_PHONE, type World } from "../support/world";

const db = useFreshDatabase();
const DAY = 24 * 3600 * 1000;
const now = new Date();
const daysAgo = (d: number, from = now) => new Date(from.getTime() - d * DAY).toISOString();

let world: World;
const actors: Record<string, Actor> = {};

beforeAll(async () => {
  world = await createWorld(db);
  for (const [key, user] of Object.entries(world.users)) actors[key] = loadActor(user.id)!;
});

beforeEach(() => {
  // Each test sees only its own needs, escalations and notifications; the default threshold (14 days).
  db.update(needs)
    .set({ status: "expired" })
    .where(and(eq(needs.status, "open"), lt(needs.createdAt, daysAgo(1))))
    .run();
  db.delete(escalations).run();
  db.delete(notifications).run();
  saveSettings(world.users.admin.id, { escalation_days: 14 });
});

const escalationsOf = (needId: number) =>
  db.select().from(escalations).where(eq(escalations.needId, needId)).orderBy(escalations.id).all();
const inbox = (userId: number) =>
  db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id).all();
const staleNeed = (days: number, extra: Partial<Parameters<typeof createNeed>[1]> = {}) =>
  createNeed(db, {
    communityId: world.communities.A.id,
    title: `等待了${days}天的需求`,
    contactPhone: SECRET_PHONE,
    createdAt: daysAgo(days),
    ...extra,
  });

function expectResponse(fn: () => unknown, status: number) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Response);
    expect((e as Response).status).toBe(status);
    return;
  }
  throw new Error(`应以 ${status} 拒绝`);
}

describe("escalateStaleNeeds", () => {
  it("escalates a need open longer than the threshold to its street, once however often it runs", () => {
    const stale = staleNeed(15);
    const young = staleNeed(13);
    const oldDraft = staleNeed(40, { status: "draft" });
    const oldWithdrawn = staleNeed(40, { status: "withdrawn" });

    expect(escalateStaleNeeds(db, now)).toEqual({ escalated: 1, resolved: 0, toDistrict: 0 });
    const [row] = escalationsOf(stale.id);
    expect(row).toMatchObject({
      level: "street",
      reason: "需求发布已 15 天仍未匹配",
      escalatedBy: null,
      resolvedAt: null,
      referredUnitId: null,
    });
    for (const n of [young, oldDraft, oldWithdrawn, world.needs.A]) expect(escalationsOf(n.id)).toEqual([]);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "escalation"), eq(auditLog.entityId, row!.id)))
        .all()
        .map((a) => a.action),
    ).toEqual(["escalation.create"]);

    // The street's reviewers: one message for the run, pointing at the queue; the community: one per need.
    expect(inbox(world.users.streetA.id).map((n) => [n.title, n.link])).toEqual([
      ["1 条需求超过 14 天未匹配，已进入协调队列", "/escalations"],
    ]);
    expect(inbox(world.users.communityA.id).map((n) => [n.title, n.link])).toEqual([
      [`需求「${stale.title}」已上报街道协调`, `/needs/${stale.id}`],
    ]);
    for (const other of [world.users.streetB, world.users.communityA2, world.users.unitA, world.users.district])
      expect(inbox(other.id)).toEqual([]);

    // Again, and again a day later: nothing new.
    expect(escalateStaleNeeds(db, now)).toEqual({ escalated: 0, resolved: 0, toDistrict: 0 });
    expect(escalateStaleNeeds(db, new Date(now.getTime() + DAY))).toEqual({ escalated: 0, resolved: 0, toDistrict: 0 });
    expect(escalationsOf(stale.id)).toHaveLength(1);
    expect(inbox(world.users.streetA.id)).toHaveLength(1);
    expect(inbox(world.users.communityA.id)).toHaveLength(1);
    expect(openEscalationsOfNeed(stale.id).map((e) => e.level)).toEqual(["street"]);
  });

  it("follows the escalation_days setting", () => {
    const need = staleNeed(15);
    saveSettings(world.users.admin.id, { escalation_days: 30 });
    expect(escalateStaleNeeds(db, now).escalated).toBe(0);
    saveSettings(world.users.admin.id, { escalation_days: 10 });
    expect(escalateStaleNeeds(db, now).escalated).toBe(1);
    expect(escalationsOf(need.id)[0]!.reason).toBe("需求发布已 15 天仍未匹配");
    expect(inbox(world.users.streetA.id)[0]!.title).toBe("1 条需求超过 10 天未匹配，已进入协调队列");
  });

  it("resolves escalations whose need is no longer open, at both levels, with what happened", () => {
    const matched = staleNeed(20);
    const withdrawn = staleNeed(20);
    escalateStaleNeeds(db, now);
    const street = escalationsOf(matched.id)[0]!;
    expect(
      escalateToDistrict(actors.streetA!, { escalationId: street.id, reason: "本街道单位均无相应资源" }, now),
    ).toEqual({ ok: true });

    db.update(needs).set({ status: "matched" }).where(eq(needs.id, matched.id)).run();
    db.update(needs).set({ status: "withdrawn" }).where(eq(needs.id, withdrawn.id)).run();
    const later = new Date(now.getTime() + 3600_000);
    expect(escalateStaleNeeds(db, later)).toEqual({ escalated: 0, resolved: 3, toDistrict: 0 });
    expect(escalationsOf(matched.id).map((e) => [e.level, e.resolution, e.resolvedAt])).toEqual([
      ["street", "需求已匹配", later.toISOString()],
      ["district", "需求已匹配", later.toISOString()],
    ]);
    expect(escalationsOf(withdrawn.id).map((e) => e.resolution)).toEqual(["需求已撤回"]);
    expect(inbox(world.users.district.id).map((n) => n.title)).toContain(`督办事项已办结：${matched.title}`);
    expect(openEscalationsOfNeed(matched.id)).toEqual([]);
    // Resolved once: later runs leave them alone.
    expect(escalateStaleNeeds(db, later).resolved).toBe(0);
  });

  it("gives a need released back to open the full threshold again", () => {
    const need = staleNeed(20);
    escalateStaleNeeds(db, now);
    db.update(needs).set({ status: "matched" }).where(eq(needs.id, need.id)).run();
    escalateStaleNeeds(db, now);
    db.update(needs).set({ status: "open" }).where(eq(needs.id, need.id)).run(); // its project was cancelled
    expect(escalateStaleNeeds(db, new Date(now.getTime() + 13 * DAY)).escalated).toBe(0);
    escalateStaleNeeds(db, new Date(now.getTime() + 15 * DAY)); // (the world's needs are 15 days old by then too)
    expect(escalationsOf(need.id).map((e) => [e.resolvedAt === null, e.reason])).toEqual([
      [false, "需求发布已 20 天仍未匹配"],
      [true, "需求发布已 35 天仍未匹配"],
    ]);
  });

  it("writes escalations, audit rows and notifications together or not at all; maintenance reports the failure", () => {
    const need = staleNeed(15);
    db.$client.exec(
      `CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'escalation.create' BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
    );
    try {
      expect(() => runMaintenance(db, now)).toThrow(/维护任务出错：需求超期上报：disk full/);
    } finally {
      db.$client.exec("DROP TRIGGER fail_audit");
    }
    expect(escalationsOf(need.id)).toEqual([]);
    expect(inbox(world.users.streetA.id)).toEqual([]);
    expect(inbox(world.users.communityA.id)).toEqual([]);
    expect(runMaintenance(db, now)).toMatchObject({ escalated: 1 });
  });

  it("keeps one open escalation per need and level even when written directly", () => {
    const need = staleNeed(15);
    escalateStaleNeeds(db, now);
    expect(() => db.insert(escalations).values({ needId: need.id, level: "street", reason: "重复" }).run()).toThrow(
      /UNIQUE/,
    );
  });
});

describe("the street's and the district's actions", () => {
  let escalationId: number;
  let needId: number;
  beforeEach(() => {
    needId = staleNeed(16, { title: "老旧小区加装扶手" }).id;
    escalateStaleNeeds(db, now);
    escalationId = escalationsOf(needId)[0]!.id;
  });

  it("shows the queue to the need's street only, without the resident's contact", () => {
    const queue = coordinationQueue(actors.streetA!, now);
    const item = queue.items.find((i) => i.id === escalationId)!;
    expect(item).toMatchObject({
      needTitle: "老旧小区加装扶手",
      communityName: "幸福里社区",
      daysWaiting: 16,
      hasContact: true,
      districtReason: null,
    });
    expect(JSON.stringify(queue)).not.toContain(SECRET_PHONE);
    expect(JSON.stringify(queue)).not.toMatch(/139\*{4}5678/);
    expect(referralUnits(actors.streetA!, escalationId).map((u) => u.id)).toContain(world.units.A.id);
    expect(referralUnits(actors.streetA!, escalationId).map((u) => u.id)).not.toContain(world.units.B.id);
    expectResponse(() => referralUnits(actors.streetB!, escalationId), 403);
    expect(coordinationQueue(actors.streetB!, now).items).toEqual([]);
    // District users see district-level items only; communities and units have no queue.
    expect(coordinationQueue(actors.district!, now).items).toEqual([]);
    for (const who of ["communityA", "unitA", "admin"]) expectResponse(() => coordinationQueue(actors[who]!, now), 403);
  });

  it("refers the need to any unit of the street, whose liaisons are told and may open it", () => {
    const unitA2 = createUnit(db, { streetId: world.streets.A.id, name: "区税务局" });
    expect(referToUnit(actors.streetA!, { escalationId, unitId: unitA2.id }, now)).toEqual({ ok: true });
    expect(referToUnit(actors.streetA!, { escalationId, unitId: world.units.A.id }, now)).toEqual({ ok: true });
    expect(escalationsOf(needId)[0]).toMatchObject({
      referredUnitId: world.units.A.id,
      referredBy: world.users.streetA.id,
      referredAt: now.toISOString(),
    });
    const [told] = inbox(world.users.unitA.id);
    expect(told).toMatchObject({
      title: "街道推荐贵单位承接需求：老旧小区加装扶手",
      link: `/needs/${needId}`,
      kind: "escalation.referral",
    });
    expect(told!.body).toContain("已等待 16 天");
    expect(getNeedForActor(actors.unitA!, needId).need.title).toBe("老旧小区加装扶手");
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "escalation.refer"), eq(auditLog.entityId, escalationId)))
        .all(),
    ).toHaveLength(2);
  });

  it("refuses a unit of another street and anyone but the need's street", () => {
    expect(referToUnit(actors.streetA!, { escalationId, unitId: world.units.B.id }, now)).toEqual({
      ok: false,
      error: "只能推荐需求所在街道的驻区单位",
      field: "unitId",
    });
    for (const who of ["streetB", "district", "otherDistrict", "communityA", "unitA"]) {
      expectResponse(() => referToUnit(actors[who]!, { escalationId, unitId: world.units.A.id }, now), 403);
    }
    expectResponse(() => referToUnit(actors.streetA!, { escalationId: 999_999, unitId: world.units.A.id }, now), 404);
    expect(escalationsOf(needId)[0]!.referredUnitId).toBeNull();
    expect(inbox(world.users.unitA.id)).toEqual([]);
  });

  it("escalates to the district once; the district sees it, refers within the district and adds notes", () => {
    expectResponse(() => escalateToDistrict(actors.streetB!, { escalationId, reason: "不是本街道的需求" }, now), 403);
    expect(escalateToDistrict(actors.streetA!, { escalationId, reason: "本街道单位均无电梯改造资质" }, now)).toEqual({
      ok: true,
    });
    expect(escalateToDistrict(actors.streetA!, { escalationId, reason: "再报一次" }, now)).toEqual({
      ok: false,
      error: "这条需求已上报区级督办",
    });
    const district = escalationsOf(needId).find((e) => e.level === "district")!;
    expect(district).toMatchObject({
      reason: "本街道单位均无电梯改造资质",
      escalatedBy: world.users.streetA.id,
      resolvedAt: null,
    });
    expect(inbox(world.users.district.id).map((n) => [n.title, n.link])).toEqual([
      ["街道上报督办：老旧小区加装扶手", `/escalations#escalation-${district.id}`],
    ]);
    expect(inbox(world.users.otherDistrict.id)).toEqual([]);

    expect(coordinationQueue(actors.district!, now).items.map((i) => [i.id, i.streetName, i.reason])).toEqual([
      [district.id, "东城街道", "本街道单位均无电梯改造资质"],
    ]);
    expect(coordinationQueue(actors.otherDistrict!, now).items).toEqual([]);
    expectResponse(
      () => referToUnit(actors.otherDistrict!, { escalationId: district.id, unitId: world.units.A.id }, now),
      403,
    );
    expectResponse(
      () => referToUnit(actors.streetA!, { escalationId: district.id, unitId: world.units.A.id }, now),
      403,
    );
    // Any street of its district (unit B is 西湖街道's), never another district's.
    const elsewhere = createUnit(db, { streetId: world.streets.C.id, name: "邻区图书馆" });
    expect(referToUnit(actors.district!, { escalationId: district.id, unitId: elsewhere.id }, now)).toMatchObject({
      ok: false,
      error: "只能推荐本区各街道的驻区单位",
    });
    expect(referToUnit(actors.district!, { escalationId: district.id, unitId: world.units.B.id }, now)).toEqual({
      ok: true,
    });
    expect(inbox(world.users.unitB.id).map((n) => n.title)).toEqual(["区委组织部推荐贵单位承接需求：老旧小区加装扶手"]);

    expectResponse(() => addSupervisionNote(actors.streetA!, { escalationId, note: "街道不能写督办意见" }), 403);
    expectResponse(
      () => addSupervisionNote(actors.otherDistrict!, { escalationId: district.id, note: "别区的意见" }),
      403,
    );
    expect(
      addSupervisionNote(actors.district!, { escalationId: district.id, note: "请两周内协调区住建局对接" }),
    ).toEqual({ ok: true });
    expect(inbox(world.users.streetA.id).at(-1)).toMatchObject({
      title: "区级督办意见：老旧小区加装扶手",
      body: "请两周内协调区住建局对接",
    });
    // The street's item shows the district's reason and notes; both stay open until the need is matched.
    const item = coordinationQueue(actors.streetA!, now).items.find((i) => i.id === escalationId)!;
    expect(item.districtReason).toBe("本街道单位均无电梯改造资质");
    expect(item.notes.map((n) => n.note)).toEqual(["请两周内协调区住建局对接"]);
    expect(escalationsOf(needId).every((e) => e.resolvedAt === null)).toBe(true);
  });

  it("refuses to act on a need that is no longer open", () => {
    db.update(needs).set({ status: "matched" }).where(eq(needs.id, needId)).run();
    expect(referToUnit(actors.streetA!, { escalationId, unitId: world.units.A.id }, now)).toEqual({
      ok: false,
      error: "该需求已不在征集中，无需再协调",
    });
    expect(escalateToDistrict(actors.streetA!, { escalationId, reason: "已经匹配了还上报" }, now)).toMatchObject({
      ok: false,
    });
    expect(coordinationQueue(actors.streetA!, now).items).toEqual([]);
  });
});
