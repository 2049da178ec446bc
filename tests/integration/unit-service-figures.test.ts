/**
 * 双报到双服务 figures per unit (issue 14, decision 041) where they are read — the unit record,
 * the evaluation opinion's draft, the street's and district's review (page and workbook) — and
 * the maintenance run's reminders: members idle in the quarter just ended and their liaisons,
 * and units whose members have not reported 30 days after registration. Through the served build
 * and the maintenance run on the test's own SQLite file; counts only, never a name or a phone.
 *
 * Unit A (区人民医院) this year: members A, two, three, elsewhere reported, pending not yet, one
 * left (5 registered, 4 reported); two, three and elsewhere served with confirmed hours, as did
 * the member who left (3 active, 2 + 1.5 + 2.5 + 3 = 9 hours). Unit B: one reported member who
 * never served. Unit C: two members registered, none reported. Unit D: no members.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { evaluations, notifications, opinions, partyMembers } from "#db/schema";
import { generateDraft } from "~/models/evaluations/opinions.server";
import { runAndRecordMaintenance } from "~/models/platform/maintenance.server";
import { quarterJustEnded, REPORT_GRACE_DAYS } from "~/models/platform/service-reminders.server";
import { reviewWorkbookInput } from "~/models/review/review-export.server";
import { buildReviewWorkbook } from "~/models/review/review-workbook";
import { createPartyMember, createUnit, createUser } from "~/seed/factories";
import { loadActor } from "~/utils/auth.server";
import { addDays, chinaToday, chinaYear } from "~/utils/china-time";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import {
  createServiceActivity,
  createServiceWorld,
  createSignup,
  type ServiceWorld,
} from "../support/service-fixtures";
import { PASSWORD } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: ServiceWorld;
let server: TestServer;
let as: Record<"unitA" | "communityA" | "streetA" | "district" | "memberA", Client>;
let unitC: { id: number; liaisonId: number };
let unitD: { id: number };
const year = chinaYear();
const today = chinaToday();

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(
    db,
    { unitA: "unit-a", communityA: "comm-a", streetA: "street-a", district: "district", memberA: "member-a" },
    {
      world: createServiceWorld,
      beforeStart: async (w) => {
        const A = w.communities.A.id;
        const c = createUnit(db, { streetId: w.streets.A.id, name: "市自来水公司", kind: "国有企业" });
        const liaison = await createUser(db, { role: "unit", username: "unit-c", password: PASSWORD, unitId: c.id });
        unitC = { id: c.id, liaisonId: liaison.id };
        await createPartyMember(db, {
          unitId: c.id,
          communityId: A,
          name: "冯未报",
          phone: "13600000011",
          status: "registered",
        });
        await createPartyMember(db, {
          unitId: c.id,
          communityId: A,
          name: "陈待核",
          phone: "13600000012",
          status: "member_confirmed",
        });
        unitD = createUnit(db, { streetId: w.streets.A.id, name: "区图书馆", kind: "事业单位" });

        const confirmed = { hoursConfirmedAt: new Date().toISOString(), hoursConfirmedBy: w.users.communityA.id };
        const here = createServiceActivity(db, { communityId: A, date: today });
        createSignup(db, { activityId: here.id, memberId: w.members.two.id, hours: 2, ...confirmed });
        createSignup(db, { activityId: here.id, memberId: w.members.three.id, hours: 1.5, ...confirmed });
        createSignup(db, { activityId: here.id, memberId: w.members.left.id, hours: 3, ...confirmed });
        // Checked in, hours not confirmed yet: not active.
        createSignup(db, { activityId: here.id, memberId: w.members.A.id, checkedInAt: new Date().toISOString() });
        const there = createServiceActivity(db, { communityId: w.communities.A2.id, date: today });
        createSignup(db, { activityId: there.id, memberId: w.members.elsewhere.id, hours: 2.5, ...confirmed });
        // A cancelled activity counts for nothing, whatever was confirmed.
        const cancelled = createServiceActivity(db, { communityId: A, date: today, status: "cancelled" });
        createSignup(db, { activityId: cancelled.id, memberId: w.members.A.id, hours: 4, ...confirmed });
      },
    },
  ));
}, 60_000);
afterAll(async () => server?.close());

const memberNames = () => db.select({ name: partyMembers.name, phone: partyMembers.phone }).from(partyMembers).all();

/** No member's name or phone; in words people wrote for others (not a page's data), no phone at all. */
function expectNoPersonalData(text: string, { anyPhone = false } = {}) {
  for (const m of memberNames()) {
    expect(text).not.toContain(m.name);
    expect(text).not.toContain(m.phone);
  }
  if (anyPhone) expect(text).not.toMatch(/1[3-9]\d{9}/);
}

async function html(client: Client, path: string) {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

/** What a reader sees of some HTML: React's <!-- --> between text pieces is nothing, a tag a space. */
const text = (fragment: string) =>
  fragment
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

describe("the unit record", () => {
  const figures = (page: string) => {
    const start = page.indexOf(">", page.indexOf('data-testid="unit-member-figures"')) + 1;
    expect(start, "在职党员双报到 section").toBeGreaterThan(0);
    return text(page.slice(start, page.indexOf("</section>", start)));
  };

  it("shows the four figures of this year to the unit, the street and the district, and no member", async () => {
    for (const client of [as.unitA, as.streetA, as.district]) {
      const page = await html(client, `/units/${world.units.A.id}`);
      expect(page).toContain("在职党员双报到");
      expect(figures(page)).toBe(
        `登记在职党员 5 名 已到社区报到 4 名 ${year}年参加社区服务 3 人 ${year}年经社区确认服务工时 9 小时`,
      );
      expectNoPersonalData(page);
    }
  });

  it("says so when none of the unit's members has reported, and shows zeros for a unit without members", async () => {
    const c = await html(as.streetA, `/units/${unitC.id}`);
    expect(figures(c)).toContain("登记在职党员 2 名 已到社区报到 0 名");
    expect(figures(c)).toContain("尚无人经居住地社区确认报到");
    const d = await html(as.streetA, `/units/${unitD.id}`);
    expect(figures(d)).toContain("登记在职党员 0 名");
    expect(figures(d)).not.toContain("尚无人");
  });
});

describe("the opinion draft", () => {
  function draftFor(unitId: number) {
    const evaluation = db
      .insert(evaluations)
      .values({
        communityId: world.communities.A.id,
        unitId,
        title: `${year}年度共驻共建评议`,
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
        deadline: new Date(Date.now() - 3600_000).toISOString(),
        status: "closed",
      })
      .returning()
      .get();
    expect(generateDraft(loadActor(world.users.communityA.id)!, evaluation.id).ok).toBe(true);
    return db.select().from(opinions).where(eq(opinions.evaluationId, evaluation.id)).get()!;
  }

  it("states the unit's members of the period's year, with the figures stored beside it", () => {
    const { body, figures } = draftFor(world.units.A.id);
    expect(body).toContain(
      "区人民医院登记在职党员 5 名，已到居住地社区报到 4 名，本年度参加社区服务 3 人，经社区确认服务工时 9 小时。",
    );
    expect(figures).toMatchObject({ members: { year, registered: 5, reported: 4, active: 3, confirmedHours: 9 } });
    expectNoPersonalData(body, { anyPhone: true });
  });

  it("says no member has reported when none has, and nothing about members when the unit has none", () => {
    expect(draftFor(unitC.id).body).toContain("市自来水公司登记在职党员 2 名，尚无党员到居住地社区报到。");
    const none = draftFor(unitD.id).body;
    expect(none).not.toContain("在职党员");
    expect(none).not.toContain("报到");
  });
});

describe("the review", () => {
  /** The last four cells of a unit's row in the unit ranking: the member figures. */
  function memberCells(page: string, unitId: number) {
    const table = page.slice(
      page.indexOf('id="ranking-units"'),
      page.indexOf("</table>", page.indexOf('id="ranking-units"')),
    );
    const at = table.indexOf(`href="/units/${unitId}"`);
    expect(at, `unit ${unitId} in the ranking`).toBeGreaterThan(0);
    const row = table.slice(table.lastIndexOf("<tr>", at), table.indexOf("</tr>", at));
    return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => text(m[1]!)).slice(-4);
  }

  it("shows each unit's members beside its figures, to the street and to the district", async () => {
    for (const client of [as.streetA, as.district]) {
      const page = await html(client, "/review");
      const head = page.slice(
        page.indexOf('id="ranking-units"'),
        page.indexOf("</thead>", page.indexOf('id="ranking-units"')),
      );
      for (const label of ["登记党员", "已报到党员", `${year}年参加服务党员`, `${year}年确认工时（小时）`])
        expect(head).toContain(label);
      expect(memberCells(page, world.units.A.id)).toEqual(["5", "4", "3", "9.0"]);
      expect(memberCells(page, unitC.id)).toEqual(["2", "0", "0", "0.0"]);
      expect(memberCells(page, unitD.id)).toEqual(["0", "0", "0", "0.0"]);
      expectNoPersonalData(page);
    }
    // The district compares all its streets: unit B (西湖街道) is there too.
    expect(memberCells(await html(as.district, "/review"), world.units.B.id)).toEqual(["1", "1", "0", "0.0"]);
  });

  it("adds the same four columns to the unit sheet of the workbook", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    const bytes = await buildReviewWorkbook(
      reviewWorkbookInput({ scope: "street", scopeId: world.streets.A.id }, year),
    );
    await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const sheet = wb.getWorksheet("单位指标")!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(-4)).toEqual([
      "登记在职党员",
      "已报到党员",
      `${year}年参加服务党员`,
      `${year}年确认服务工时（小时）`,
    ]);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1));
    });
    const of = (name: string) => rows.find((r) => r[0] === name)!.slice(-4);
    expect(of("区人民医院")).toEqual([5, 4, 3, 9]);
    expect(of("市自来水公司")).toEqual([2, 0, 0, 0]);
  });
});

describe("the reminders of the maintenance run", () => {
  // A quarter wholly after today, so this year's service above is not in it, and today's reports
  // are more than REPORT_GRACE_DAYS before its end; the run comes ten days into the next quarter.
  const runDay = addDays(quarterJustEnded(new Date(`${addDays(today, 250)}T04:00:00Z`)).next, 10);
  const runAt = new Date(`${runDay}T04:00:00Z`);
  const quarter = quarterJustEnded(runAt);
  const KINDS = ["member.service_idle", "unit.members_idle", "unit.members_unreported"];
  const sent = () => db.select().from(notifications).where(inArray(notifications.kind, KINDS)).all();

  it("sends nothing while reports are recent", () => {
    expect(quarter.from > addDays(today, REPORT_GRACE_DAYS)).toBe(true);
    const early = runAndRecordMaintenance(db, "cli", new Date(Date.now() + 10 * 24 * 3600_000));
    expect(early.report).toMatchObject({ memberServiceReminders: 0, unreportedReminders: 0 });
    expect(sent()).toEqual([]);
  });

  it("tells idle reported members and their units' liaisons once a quarter, and units without reports once", async () => {
    const m = world.members;
    const served = createServiceActivity(db, { communityId: world.communities.A.id, date: addDays(quarter.from, 10) });
    const confirmed = { hoursConfirmedAt: runAt.toISOString(), hoursConfirmedBy: world.users.communityA.id };
    createSignup(db, { activityId: served.id, memberId: m.two.id, hours: 2, ...confirmed });
    // Signed up, hours never confirmed: still idle. A cancelled activity: still idle.
    createSignup(db, { activityId: served.id, memberId: m.three.id });
    const called = createServiceActivity(db, {
      communityId: world.communities.A.id,
      date: addDays(quarter.from, 20),
      status: "cancelled",
    });
    createSignup(db, { activityId: called.id, memberId: m.A.id, hours: 2, ...confirmed });

    const first = runAndRecordMaintenance(db, "cli", runAt);
    // Members A, three and elsewhere (with accounts; two served); liaisons of A (3) and B (1).
    expect(first.report).toMatchObject({ memberServiceReminders: 5, unreportedReminders: 1 });
    const second = runAndRecordMaintenance(db, "cli", new Date(runAt.getTime() + 3600_000));
    expect(second.report).toMatchObject({ memberServiceReminders: 0, unreportedReminders: 0 });

    const rows = sent();
    const to = (kind: string) =>
      rows
        .filter((r) => r.kind === kind)
        .map((r) => r.userId)
        .sort((a, b) => a - b);
    expect(to("member.service_idle")).toEqual(
      [world.users.memberA.id, m.three.userId!, m.elsewhere.userId!].sort((a, b) => a - b),
    );
    expect(to("unit.members_idle")).toEqual([world.users.unitA.id, world.users.unitB.id].sort((a, b) => a - b));
    expect(to("unit.members_unreported")).toEqual([unitC.liaisonId]);
    const title = (userId: number, kind: string) => rows.find((r) => r.userId === userId && r.kind === kind)!.title;
    expect(title(world.users.unitA.id, "unit.members_idle")).toBe(`3 名在职党员${quarter.label}未参加社区服务`);
    expect(title(world.users.unitB.id, "unit.members_idle")).toBe(`1 名在职党员${quarter.label}未参加社区服务`);
    expect(rows.find((r) => r.kind === "unit.members_unreported")!.body).toContain(
      "本单位已登记在职党员 2 名，最早的登记已满 30 天",
    );
    for (const r of rows) expectNoPersonalData(`${r.title} ${r.body}`, { anyPhone: true });

    // The member reads it in their inbox.
    expect(await html(as.memberA, "/notifications")).toContain(`${quarter.label}您还没有参加社区服务`);
  });
});
