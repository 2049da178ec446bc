/**
 * 单位报到 / 结对 (issue 14, decision 041) through the real server: a unit reports to communities of
 * its street and the community confirms (the pair then shows on the unit page, on the community's
 * list and in the street's matching input) or declines with a reason (required, said at the
 * field); a declined or ended pair is reported again on the same row; the street pairs a unit with
 * a community, which confirms; either side ends a pair. Another street's community or unit,
 * another community's report and another unit's reports are out of reach; the district reads
 * only; the admin gets 403. Each change writes its audit row and its notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, notifications, unitReports } from "#db/schema";
import { buildMatchingInputs } from "~/models/matching/matching-input.server";
import { createCommunity, createUnit } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
const LOGINS = {
  communityA: "comm-a",
  communityA2: "comm-a2",
  communityB: "comm-b",
  unitA: "unit-a",
  unitB: "unit-b",
  streetA: "street-a",
  streetB: "street-b",
  district: "district",
  admin: "admin-user",
} as const;
let as: Record<keyof typeof LOGINS, Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, LOGINS));
});
afterAll(async () => server?.close());

const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");
const pairOf = (unitId: number, communityId: number) =>
  db
    .select()
    .from(unitReports)
    .where(and(eq(unitReports.unitId, unitId), eq(unitReports.communityId, communityId)))
    .get();
const inbox = (userId: number, kind: string) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)))
    .all();
const audits = (reportId: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "unit_report"), eq(auditLog.entityId, reportId)))
    .orderBy(auditLog.id)
    .all()
    .map((a) => [a.action, a.actorId]);
const report = (who: Client, communityId: number, note = "") =>
  who.post("/reports", { intent: "report", communityIds: String(communityId), note });
const decide = (who: Client, reportId: number, intent: string, reason?: string) =>
  who.post("/reports", { intent, reportId: String(reportId), ...(reason === undefined ? {} : { reason }) });

describe("a unit's report (单位报到)", () => {
  it("is confirmed by the community, and the pair shows on both sides and in matching", async () => {
    const form = await text(await as.unitA.get("/reports"));
    // The unit's own street's communities, the nearest ticked; none of another street.
    expect(form).toContain("幸福里社区");
    expect(form).toContain("光明社区");
    expect(form).not.toContain("西湖社区");

    const sent = await report(as.unitA, world.communities.A.id, "每月组织党员到社区开展义诊");
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe("/reports?done=report");
    const pending = pairOf(world.units.A.id, world.communities.A.id)!;
    expect(pending).toMatchObject({ origin: "unit", status: "pending", requestedBy: world.users.unitA.id });
    expect(inbox(world.users.communityA.id, "unit_report.new")[0]).toMatchObject({
      title: "「区人民医院」向本社区报到，请确认",
      link: `/reports#report-${pending.id}`,
    });
    // Only that community's staff hear of it.
    expect(inbox(world.users.communityA2.id, "unit_report.new")).toEqual([]);

    const incoming = await text(await as.communityA.get("/reports"));
    expect(incoming).toContain("待确认的报到（1 条）");
    expect(incoming).toContain("每月组织党员到社区开展义诊");
    expect(incoming).toContain("确认结对");

    expect((await decide(as.communityA, pending.id, "confirm")).status).toBe(302);
    expect(pairOf(world.units.A.id, world.communities.A.id)).toMatchObject({
      status: "confirmed",
      decidedBy: world.users.communityA.id,
    });
    expect(inbox(world.users.unitA.id, "unit_report.confirmed")[0]?.title).toBe(
      "「幸福里社区」确认了本单位的报到，双方已结对",
    );

    const community = await text(await as.communityA.get("/reports"));
    expect(community).toContain("本社区的结对共建单位（1 家）");
    expect(community).toContain("区人民医院（医院）");
    for (const who of [as.unitA, as.communityA, as.streetA, as.district]) {
      const unitPage = await text(await who.get(`/units/${world.units.A.id}`));
      expect(unitPage).toContain("结对社区（1 个）");
      expect(unitPage).toMatch(/data-testid="paired-communities"><li>幸福里社区/);
    }
    // The street's matching input carries the pair, as ids only.
    const [streetInput] = buildMatchingInputs("street", world.streets.A.id);
    expect(streetInput!.input.pairs).toEqual([
      { communityId: String(world.communities.A.id), unitId: String(world.units.A.id) },
    ]);
    expect(audits(pending.id)).toEqual([
      ["unit_report.submit", world.users.unitA.id],
      ["unit_report.confirm", world.users.communityA.id],
    ]);
    // Reporting again to a community already paired is refused at the field, changing nothing.
    const again = await report(as.unitA, world.communities.A.id);
    expect(again.status).toBe(409);
    expect(await text(again)).toContain("已与「幸福里社区」结对，无需重复提交");
    expect(audits(pending.id)).toHaveLength(2);
  });

  it("is declined only with a reason, said at the field, and can be reported again on the same row", async () => {
    expect((await report(as.unitA, world.communities.A2.id, "开放单位会议室")).status).toBe(302);
    const pending = pairOf(world.units.A.id, world.communities.A2.id)!;

    const bare = await decide(as.communityA2, pending.id, "decline", " ");
    expect(bare.status).toBe(400);
    const page = await text(bare);
    expect(page).toContain(`id="reason-${pending.id}-error"`);
    expect(page).toMatch(new RegExp(`id="reason-${pending.id}-error" role="alert">不接受时请写明理由（至少 2 个字）`));
    expect(pairOf(world.units.A.id, world.communities.A2.id)!.status).toBe("pending");

    expect((await decide(as.communityA2, pending.id, "decline", "本社区暂无会议室需求")).status).toBe(302);
    expect(pairOf(world.units.A.id, world.communities.A2.id)).toMatchObject({
      status: "declined",
      declineReason: "本社区暂无会议室需求",
    });
    expect(inbox(world.users.unitA.id, "unit_report.declined")[0]).toMatchObject({
      title: "「光明社区」未接受本单位的报到",
      body: "理由：本社区暂无会议室需求",
    });
    const mine = await text(await as.unitA.get("/reports"));
    expect(mine).toContain("社区未接受");
    expect(mine).toContain("未接受的理由：本社区暂无会议室需求");

    // Reported again: the same row, pending, the old decision cleared.
    expect((await report(as.unitA, world.communities.A2.id, "改为每季度一次党员志愿服务")).status).toBe(302);
    expect(pairOf(world.units.A.id, world.communities.A2.id)).toMatchObject({
      id: pending.id,
      status: "pending",
      note: "改为每季度一次党员志愿服务",
      declineReason: null,
      decidedBy: null,
    });
    const twice = await report(as.unitA, world.communities.A2.id);
    expect(twice.status).toBe(409);
    expect(await text(twice)).toContain("与「光明社区」的报到已在等待社区确认");
    expect(audits(pending.id).map(([action]) => action)).toEqual([
      "unit_report.submit",
      "unit_report.decline",
      "unit_report.submit",
    ]);
  });

  it("is ended by either side and can then be reported again", async () => {
    const paired = pairOf(world.units.A.id, world.communities.A.id)!;
    expect((await decide(as.communityA2, paired.id, "end")).status).toBe(404);
    expect((await decide(as.unitA, paired.id, "end")).status).toBe(302);
    expect(pairOf(world.units.A.id, world.communities.A.id)!.status).toBe("ended");
    expect(inbox(world.users.communityA.id, "unit_report.ended")[0]?.title).toBe("「区人民医院」解除了与本社区的结对");
    expect(await text(await as.unitA.get(`/units/${world.units.A.id}`))).toContain("结对社区（0 个）");
    expect(buildMatchingInputs("street", world.streets.A.id)[0]!.input.pairs).toEqual([]);
    // Ending twice, or confirming what is not pending, is refused on its card.
    const twice = await decide(as.unitA, paired.id, "end");
    expect(twice.status).toBe(409);
    expect(await text(twice)).toContain("只有已结对的才能解除");

    expect((await report(as.unitA, world.communities.A.id)).status).toBe(302);
    expect((await decide(as.communityA, paired.id, "confirm")).status).toBe(302);
    expect((await decide(as.communityA, paired.id, "end", "单位搬迁")).status).toBe(302);
    expect(inbox(world.users.unitA.id, "unit_report.ended")[0]).toMatchObject({
      title: "「幸福里社区」解除了与本单位的结对",
      body: "单位搬迁",
    });
    expect(audits(paired.id).map(([action]) => action)).toEqual([
      "unit_report.submit",
      "unit_report.confirm",
      "unit_report.end",
      "unit_report.submit",
      "unit_report.confirm",
      "unit_report.end",
    ]);
  });
});

describe("a street's pairing (结对)", () => {
  it("is confirmed by the community; the street lists its pairs by status, the district reads them", async () => {
    const library = createUnit(db, { streetId: world.streets.A.id, name: "区图书馆", kind: "事业单位" });
    const paired = await as.streetA.post("/reports", {
      intent: "pair",
      unitId: String(library.id),
      communityId: String(world.communities.A.id),
      note: "共建社区书屋",
    });
    expect(paired.status).toBe(302);
    const row = pairOf(library.id, world.communities.A.id)!;
    expect(row).toMatchObject({ origin: "street", status: "pending", requestedBy: world.users.streetA.id });
    expect(inbox(world.users.communityA.id, "unit_report.new").map((n) => n.title)).toContain(
      "街道安排「区图书馆」与本社区结对，请确认",
    );
    expect((await decide(as.communityA, row.id, "confirm")).status).toBe(302);
    expect(pairOf(library.id, world.communities.A.id)!.status).toBe("confirmed");
    expect(audits(row.id)).toEqual([
      ["unit_report.pair", world.users.streetA.id],
      ["unit_report.confirm", world.users.communityA.id],
    ]);

    const all = await text(await as.streetA.get("/reports"));
    expect(all).toContain("区图书馆 ↔ 幸福里社区");
    expect(all).toContain("区人民医院 ↔ 光明社区");
    const confirmed = await text(await as.streetA.get("/reports?status=confirmed"));
    expect(confirmed).toContain("区图书馆 ↔ 幸福里社区");
    expect(confirmed).not.toContain("区人民医院 ↔ 光明社区");
    expect(await text(await as.streetA.get("/reports?status=pending"))).toContain("区人民医院 ↔ 光明社区");
    // Street B sees none of street A's pairs.
    expect(await text(await as.streetB.get("/reports"))).not.toContain("幸福里社区");

    const district = await text(await as.district.get("/reports"));
    expect(district).toContain("区图书馆 ↔ 幸福里社区（东城街道）");
    expect(district).not.toContain("确认结对");
    expect(district).not.toContain("解除结对");
    expect(await text(await as.district.get(`/reports?streetId=${world.streets.B.id}`))).not.toContain("区图书馆");
    expect((await decide(as.district, row.id, "end")).status).toBe(403);
  });
});

describe("reporting to several communities at once", () => {
  const postPairs = (who: Client, fields: [string, string][]) =>
    fetch(`${server.baseUrl}/reports`, {
      method: "POST",
      headers: { cookie: who.cookie, origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
      redirect: "manual",
    });

  it("reports to each, telling each community, or to none when one is not of the unit's street", async () => {
    const second = createCommunity(db, { streetId: world.streets.B.id, name: "湖滨社区" });
    const mixed = await postPairs(as.unitB, [
      ["intent", "report"],
      ["communityIds", String(world.communities.B.id)],
      ["communityIds", String(world.communities.A.id)],
    ]);
    expect(mixed.status).toBe(400);
    expect(pairOf(world.units.B.id, world.communities.B.id)).toBeUndefined();

    const both = await postPairs(as.unitB, [
      ["intent", "report"],
      ["communityIds", String(world.communities.B.id)],
      ["communityIds", String(second.id)],
      ["note", "学校操场周末向居民开放"],
    ]);
    expect(both.status).toBe(302);
    expect(pairOf(world.units.B.id, world.communities.B.id)?.status).toBe("pending");
    expect(pairOf(world.units.B.id, second.id)?.status).toBe("pending");
    expect(inbox(world.users.communityB.id, "unit_report.new")[0]?.title).toBe("「市第三中学」向本社区报到，请确认");
    const mine = await text(await as.unitB.get("/reports"));
    expect(mine).toContain("本单位的报到与结对（2 个）");
  });
});

describe("refusals", () => {
  it("keeps a unit to its own street's communities, said at the field, saving nothing", async () => {
    const refused = await report(as.unitA, world.communities.B.id);
    expect(refused.status).toBe(400);
    expect(await text(refused)).toMatch(/role="alert">只能向本单位所在街道的社区报到，请在列表中选择/);
    expect(pairOf(world.units.A.id, world.communities.B.id)).toBeUndefined();
    const empty = await as.unitA.post("/reports", { intent: "report" });
    expect(empty.status).toBe(400);
    expect(await text(empty)).toContain("请至少选择一个社区");
  });

  it("keeps a report to its own community and unit", async () => {
    const pending = pairOf(world.units.A.id, world.communities.A2.id)!;
    expect(pending.status).toBe("pending");
    expect((await decide(as.communityB, pending.id, "confirm")).status).toBe(404);
    expect((await decide(as.communityA, pending.id, "confirm")).status).toBe(404);
    expect((await decide(as.unitB, pending.id, "end")).status).toBe(404);
    // The unit does not confirm its own report.
    expect((await decide(as.unitA, pending.id, "confirm")).status).toBe(403);
    expect(pairOf(world.units.A.id, world.communities.A2.id)).toEqual(pending);
    // Unit B sees its street's communities and nothing of unit A's reports.
    const other = await text(await as.unitB.get("/reports"));
    expect(other).toContain("西湖社区");
    expect(other).not.toContain("光明社区");
    expect(other).not.toContain("改为每季度一次党员志愿服务");
    expect(await text(await as.communityB.get("/reports"))).not.toContain("区人民医院");
  });

  it("keeps a street to its own units and communities", async () => {
    const foreignUnit = await as.streetB.post("/reports", {
      intent: "pair",
      unitId: String(world.units.A.id),
      communityId: String(world.communities.B.id),
    });
    expect(foreignUnit.status).toBe(400);
    expect(await text(foreignUnit)).toContain("请选择本街道的驻区单位");
    const foreignCommunity = await as.streetB.post("/reports", {
      intent: "pair",
      unitId: String(world.units.B.id),
      communityId: String(world.communities.A.id),
    });
    expect(foreignCommunity.status).toBe(400);
    expect(await text(foreignCommunity)).toContain("请选择本街道的社区");
    expect(pairOf(world.units.A.id, world.communities.B.id)).toBeUndefined();
    expect(pairOf(world.units.B.id, world.communities.A.id)).toBeUndefined();
    // Another role's form is not theirs to send.
    expect((await report(as.streetA, world.communities.A.id)).status).toBe(403);
    expect(
      (
        await as.unitA.post("/reports", {
          intent: "pair",
          unitId: String(world.units.A.id),
          communityId: String(world.communities.A2.id),
        })
      ).status,
    ).toBe(403);
  });

  it("answers 403 to the admin, and to the district for any change", async () => {
    expect((await as.admin.get("/reports")).status).toBe(403);
    expect((await report(as.admin, world.communities.A.id)).status).toBe(403);
    expect((await report(as.district, world.communities.A.id)).status).toBe(403);
    expect((await as.district.get("/reports")).status).toBe(200);
  });
});
