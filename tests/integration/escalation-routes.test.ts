/**
 * /escalations and /admin/settings through the real server: who may see and act, the forms'
 * Chinese field errors, and a saved setting changing the escalation threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, escalations, notifications } from "#db/schema";
import { escalateStaleNeeds } from "~/models/escalations/escalations.server";
import { getSetting } from "~/models/platform/settings.server";
import { useFreshDatabase } from "../support/db";
import { createNeed } from "~/seed/factories";
import type { Client, TestServer } from "../support/server";
import { SECRET_PHONE, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
const DAY = 24 * 3600 * 1000;
let world: World;
let server: TestServer;
let as: Record<string, Client>;
let needId: number;
let escalationId: number;

beforeAll(async () => {
  const logins = {
    communityA: "comm-a",
    unitA: "unit-a",
    streetA: "street-a",
    streetB: "street-b",
    district: "district",
    otherDistrict: "district-other",
    admin: "admin-user",
  };
  ({ world, server, as } = await startWorldServer(db, logins, {
    beforeStart: (world) => {
      needId = createNeed(db, {
        communityId: world.communities.A.id,
        title: "老旧小区加装楼道扶手",
        category: "适老化改造",
        contactName: "王秀英",
        contactPhone: SECRET_PHONE,
        createdAt: new Date(Date.now() - 18 * DAY).toISOString(),
      }).id;
      escalateStaleNeeds(db, new Date());
      escalationId = db.select().from(escalations).where(eq(escalations.needId, needId)).get()!.id;
    },
  }));
});
afterAll(async () => server?.close());

const row = (id: number) => db.select().from(escalations).where(eq(escalations.id, id)).get()!;
const inbox = (userId: number) => db.select().from(notifications).where(eq(notifications.userId, userId)).all();

describe("/escalations", () => {
  it("shows the street its queue, without the resident's name or phone; refuses communities, units and admins", async () => {
    const res = await as.streetA!.get("/escalations");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("街道协调队列");
    expect(html).toContain("老旧小区加装楼道扶手");
    expect(html).toContain("已等待 18 天");
    expect(html).toContain("仅所属社区可见");
    expect(html).not.toContain(SECRET_PHONE);
    expect(html).not.toContain("139****5678");
    expect(html).not.toContain("王秀英");
    expect(html).toContain(`href="/needs/${needId}"`);
    // Each item's forms open one at a time, from links that keep the page.
    expect(html).not.toContain('name="reason"');
    expect(html).toContain(`href="/escalations?open=escalate-${escalationId}#escalation-${escalationId}"`);
    const opened = await (await as.streetA!.get(`/escalations?open=escalate-${escalationId}`)).text();
    expect(opened).toContain('name="reason"');
    expect(opened).not.toContain('name="unitId"');
    const referring = await (await as.streetA!.get(`/escalations?open=refer-${escalationId}`)).text();
    expect(referring).toContain("区人民医院");
    expect(referring).not.toContain('name="reason"');
    expect(await (await as.streetB!.get("/escalations")).text()).not.toContain("老旧小区加装楼道扶手");
    for (const who of ["communityA", "unitA", "admin"])
      expect((await as[who]!.get("/escalations")).status, who).toBe(403);
    expect(
      (
        await as.communityA!.post("/escalations", {
          intent: "refer",
          escalationId: String(escalationId),
          unitId: String(world.units.A.id),
        })
      ).status,
    ).toBe(403);
  });

  it("refers to a unit of the street, telling its liaisons; another street's reviewer is refused", async () => {
    const refused = await as.streetB!.post("/escalations", {
      intent: "refer",
      escalationId: String(escalationId),
      unitId: String(world.units.A.id),
    });
    expect(refused.status).toBe(403);
    expect(row(escalationId).referredUnitId).toBeNull();

    const noUnit = await as.streetA!.post("/escalations", {
      intent: "refer",
      escalationId: String(escalationId),
      unitId: "",
    });
    expect(noUnit.status).toBe(200);
    expect(await noUnit.text()).toContain("请选择要推荐的单位");
    const otherStreet = await as.streetA!.post("/escalations", {
      intent: "refer",
      escalationId: String(escalationId),
      unitId: String(world.units.B.id),
    });
    expect(await otherStreet.text()).toContain("只能推荐需求所在街道的驻区单位");

    const ok = await as.streetA!.post("/escalations", {
      intent: "refer",
      escalationId: String(escalationId),
      unitId: String(world.units.A.id),
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/escalations?done=refer");
    expect(row(escalationId)).toMatchObject({ referredUnitId: world.units.A.id, referredBy: world.users.streetA.id });
    expect(inbox(world.users.unitA.id).map((n) => n.link)).toContain(`/needs/${needId}`);
    // The unit can open the need it was referred, to claim it there.
    expect((await as.unitA!.get(`/needs/${needId}`)).status).toBe(200);
    expect(await (await as.streetA!.get("/escalations")).text()).toContain("区人民医院");
  });

  it("escalates to the district with a required reason; the district sees it, another district does not", async () => {
    const empty = await as.streetA!.post("/escalations", {
      intent: "escalate",
      escalationId: String(escalationId),
      reason: "",
    });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain("请填写上报理由");
    const short = await as.streetA!.post("/escalations", {
      intent: "escalate",
      escalationId: String(escalationId),
      reason: "没有",
    });
    expect(await short.text()).toContain("上报理由至少 5 个字");
    expect(
      (
        await as.streetB!.post("/escalations", {
          intent: "escalate",
          escalationId: String(escalationId),
          reason: "替别的街道上报一下",
        })
      ).status,
    ).toBe(403);
    expect(
      db
        .select()
        .from(escalations)
        .where(and(eq(escalations.needId, needId), eq(escalations.level, "district")))
        .all(),
    ).toEqual([]);

    const ok = await as.streetA!.post("/escalations", {
      intent: "escalate",
      escalationId: String(escalationId),
      reason: "本街道单位均无加装扶手的资质",
    });
    expect(ok.status).toBe(302);
    const district = db
      .select()
      .from(escalations)
      .where(and(eq(escalations.needId, needId), eq(escalations.level, "district")))
      .get()!;
    expect(district.reason).toBe("本街道单位均无加装扶手的资质");

    const page = await (await as.district!.get("/escalations")).text();
    expect(page).toContain("区级督办");
    expect(page).toContain("老旧小区加装楼道扶手");
    expect(page).toContain("本街道单位均无加装扶手的资质");
    expect(page).not.toContain(SECRET_PHONE);
    expect(await (await as.otherDistrict!.get("/escalations")).text()).not.toContain("老旧小区加装楼道扶手");
    expect(await (await as.streetA!.get("/escalations")).text()).toContain("已上报区级督办");

    // 督办意见: required; only the need's district; it reaches the street.
    expect(
      (
        await as.otherDistrict!.post("/escalations", {
          intent: "supervise",
          escalationId: String(district.id),
          note: "别区的督办意见",
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await as.otherDistrict!.post("/escalations", {
          intent: "refer",
          escalationId: String(district.id),
          unitId: String(world.units.A.id),
        })
      ).status,
    ).toBe(403);
    const noNote = await as.district!.post("/escalations", {
      intent: "supervise",
      escalationId: String(district.id),
      note: "",
    });
    expect(await noNote.text()).toContain("请填写督办意见");
    expect(
      (
        await as.district!.post("/escalations", {
          intent: "supervise",
          escalationId: String(district.id),
          note: "请协调区住建局两周内对接",
        })
      ).status,
    ).toBe(302);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "escalation.supervise"), eq(auditLog.entityId, district.id)))
        .all(),
    ).toHaveLength(1);
    expect(inbox(world.users.streetA.id).map((n) => n.body)).toContain("请协调区住建局两周内对接");
    expect(await (await as.streetA!.get("/escalations")).text()).toContain("请协调区住建局两周内对接");
    expect(row(district.id).resolvedAt).toBeNull();
  });
});

describe("/admin/settings", () => {
  it("is the admin's only", async () => {
    expect((await as.admin!.get("/admin/settings")).status).toBe(200);
    for (const who of ["streetA", "district", "communityA"])
      expect((await as[who]!.get("/admin/settings")).status, who).toBe(403);
    expect(
      (
        await as.streetA!.post("/admin/settings", {
          escalation_days: "3",
          meeting_interval_days: "90",
          agreement_reminder_days: "30",
        })
      ).status,
    ).toBe(403);
    expect(getSetting("escalation_days")).toBe(14);
  });

  it("gives field errors for bad values and keeps what was typed; saves nothing", async () => {
    const res = await as.admin!.post("/admin/settings", {
      escalation_days: "0",
      meeting_interval_days: "abc",
      agreement_reminder_days: "",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("“需求未匹配多少天后上报街道”须为 1 到 365 之间的整数");
    expect(html).toContain("须为数字");
    expect(html).toContain("请填写“协议到期前多少天提醒双方”");
    expect(html).toMatch(/value="abc"/);
    const tooMany = await (
      await as.admin!.post("/admin/settings", {
        escalation_days: "2.5",
        meeting_interval_days: "400",
        agreement_reminder_days: "30",
      })
    ).text();
    expect(tooMany).toContain("“联席会议间隔（天，超过即提示逾期）”须为 7 到 366 之间的整数");
    expect(getSetting("escalation_days")).toBe(14);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "settings.update")).all()).toEqual([]);
  });

  it("saves valid values, audited, and the saved threshold decides escalation", async () => {
    const young = createNeed(db, {
      communityId: world.communities.A.id,
      title: "六天前发布的需求",
      createdAt: new Date(Date.now() - 6 * DAY).toISOString(),
    });
    const res = await as.admin!.post("/admin/settings", {
      escalation_days: "5",
      meeting_interval_days: "60",
      agreement_reminder_days: "20",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/settings?saved=1");
    expect([
      getSetting("escalation_days"),
      getSetting("meeting_interval_days"),
      getSetting("agreement_reminder_days"),
    ]).toEqual([5, 60, 20]);
    const [audit] = db.select().from(auditLog).where(eq(auditLog.action, "settings.update")).all();
    expect(audit).toMatchObject({
      actorId: world.users.admin.id,
      before: { escalation_days: 14 },
      after: { escalation_days: 5 },
    });
    expect(await (await as.admin!.get("/admin/settings?saved=1")).text()).toContain('value="5"');

    escalateStaleNeeds(db, new Date());
    expect(db.select().from(escalations).where(eq(escalations.needId, young.id)).get()).toMatchObject({
      level: "street",
      reason: "需求发布已 6 天仍未匹配",
    });
  });
});
