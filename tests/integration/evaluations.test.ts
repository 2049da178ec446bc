/**
 * Evaluations: opening one (form errors, the one-open-per-period rule, notifications), who may
 * see and manage what, live and closed results, closing by hand and at the deadline
 * (closeExpiredEvaluations / the maintenance run). Ballots themselves: ballots.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNotNull } from "drizzle-orm";
import { auditLog, ballots, evaluations, notifications } from "#db/schema";
import { castVote } from "~/models/evaluations/ballots.server";
import { closeExpiredEvaluations } from "~/models/evaluations/evaluation-changes.server";
import { evaluationResults } from "~/models/evaluations/evaluation-results.server";
import { createEvaluation, listEvaluations } from "~/models/evaluations/evaluations.server";
import { runMaintenance } from "~/models/platform/maintenance.server";
import { loadActor } from "~/utils/auth.server";
import { useFreshDatabase } from "../support/db";
import { Client, type TestServer } from "../support/server";
import { WORLD_LOGINS } from "../support/world";
import { startWorldServer } from "../support/world-server";
import { evaluationFields, evaluationWorld, futureDeadline, PERIOD, readable, tokensOf } from "./evaluations-fixtures";

const db = useFreshDatabase();
let fixture: Awaited<ReturnType<typeof evaluationWorld>>;
let server: TestServer;
let as: Record<string, Client>;
const LOGINS = { ...WORLD_LOGINS, unitPower: "unit-power" } as const;

beforeAll(async () => {
  ({ world: fixture, server, as } = await startWorldServer(db, LOGINS, { world: evaluationWorld }));
}, 60_000); // eleven sign-ins, each a deliberately slow password check
afterAll(async () => server?.close());

const evaluationCount = () => db.select().from(evaluations).all().length;
const text = async (res: Response) => readable(await res.text());
const userId = (key: keyof typeof LOGINS) =>
  key === "unitPower" ? fixture.otherUnitUser.id : fixture.world.users[key].id;
const actor = (key: keyof typeof LOGINS) => loadActor(userId(key))!;
/** Every evaluation the list shows (both of its lists fit one page here). */
const listed = (key: keyof typeof LOGINS) => {
  const list = listEvaluations(actor(key));
  return [...list.open.items, ...list.closed.items];
};

describe("opening an evaluation", () => {
  it("offers the street's units, those with projects with the community first, and this year by default", async () => {
    const res = await as.communityA!.get("/evaluations/new");
    expect(res.status).toBe(200);
    const html = await text(res);
    const partners = html.indexOf('label="与本社区有共建项目的单位"');
    const others = html.indexOf('label="本街道其他单位"');
    expect(partners).toBeGreaterThan(-1);
    expect(html.indexOf("区人民医院", partners)).toBeLessThan(others);
    expect(html.indexOf("东城供电所", others)).toBeGreaterThan(others);
    expect(html).not.toContain("市第三中学");
    const year = new Date().getFullYear();
    expect(html).toContain(`value="${year}-01-01"`);
    expect(html).toContain(`value="${year}-12-31"`);
  });

  it("puts Chinese messages next to the fields, keeps the values and saves nothing", async () => {
    const res = await as.communityA!.post("/evaluations/new", {
      unitId: "",
      periodStart: "2026-06-01",
      periodEnd: "2026-01-31",
      deadline: "2020-01-01T10:00",
      ballotCount: "0",
      title: "区人民医院年终评议",
    });
    expect(res.status).toBe(400);
    const html = await text(res);
    for (const message of [
      "请选择被评议的驻区单位",
      "结束日期不能早于开始日期",
      "截止时间须晚于现在",
      "至少发放 1 张评议票",
    ])
      expect(html).toContain(message);
    expect(html).toContain('value="区人民医院年终评议"');
    expect(html).toContain('value="2026-06-01"');

    const long = await as.communityA!.post(
      "/evaluations/new",
      evaluationFields(fixture.world.units.A.id, {
        periodStart: "2026-01-01",
        periodEnd: "2028-01-01",
        ballotCount: "501",
        deadline: "",
      }),
    );
    const longHtml = await text(long);
    for (const message of ["评议期间不能超过 2 年", "一次最多发放 500 张评议票", "请选择投票截止时间"])
      expect(longHtml).toContain(message);

    const foreign = await as.communityA!.post("/evaluations/new", evaluationFields(fixture.world.units.B.id));
    expect(foreign.status).toBe(400);
    expect(await text(foreign)).toContain("只能评议本街道的驻区单位");
    expect(evaluationCount()).toBe(0);
    expect(db.select().from(ballots).all()).toHaveLength(0);
  });

  it("is for community staff only", async () => {
    for (const who of ["streetA", "unitA", "district", "admin"] as const) {
      expect((await as[who]!.get("/evaluations/new")).status, who).toBe(403);
      expect((await as[who]!.post("/evaluations/new", evaluationFields(fixture.world.units.A.id))).status, who).toBe(
        403,
      );
    }
    expect((await new Client(server.baseUrl).get("/evaluations/new")).status).toBe(302);
    expect(evaluationCount()).toBe(0);
  });

  it("opens with the default title, notifies the unit and the street, and refuses an overlapping open one", async () => {
    const res = await as.communityA!.post(
      "/evaluations/new",
      evaluationFields(fixture.world.units.A.id, { ballotCount: "3" }),
    );
    expect(res.status).toBe(200);
    expect(tokensOf(await text(res))).toHaveLength(3);
    const evaluation = db.select().from(evaluations).get()!;
    expect(evaluation).toMatchObject({
      title: "区人民医院 2026年度共驻共建评议",
      ...PERIOD,
      status: "open",
      communityId: fixture.world.communities.A.id,
      unitId: fixture.world.units.A.id,
    });
    const notified = db
      .select()
      .from(notifications)
      .where(eq(notifications.link, `/evaluations/${evaluation.id}`))
      .all()
      .map((n) => n.userId);
    expect(notified.sort()).toEqual([fixture.world.users.unitA.id, fixture.world.users.streetA.id].sort());
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "evaluation.create"), eq(auditLog.entityId, evaluation.id)))
        .get()!.after,
    ).toMatchObject({ ballotsIssued: 3 });

    const overlap = await as.communityA!.post(
      "/evaluations/new",
      evaluationFields(fixture.world.units.A.id, { periodStart: "2026-07-01", periodEnd: "2027-06-30" }),
    );
    expect(overlap.status).toBe(400);
    expect(await text(overlap)).toContain("该单位已有进行中的评议“区人民医院 2026年度共驻共建评议”");
    // Another period, or another community evaluating the same unit, is fine.
    expect(
      (
        await as.communityA!.post(
          "/evaluations/new",
          evaluationFields(fixture.world.units.A.id, {
            ...{ periodStart: "2027-01-01", periodEnd: "2027-12-31" },
            ballotCount: "1",
          }),
        )
      ).status,
    ).toBe(200);
    expect(
      (await as.communityA2!.post("/evaluations/new", evaluationFields(fixture.world.units.A.id, { ballotCount: "1" })))
        .status,
    ).toBe(200);
    expect(evaluationCount()).toBe(3);
  });
});

describe("who sees and manages an evaluation", () => {
  let id: number;
  let tokens: string[];
  beforeAll(async () => {
    const created = createEvaluation(actor("communityA"), {
      unitId: fixture.otherUnit.id,
      ...PERIOD,
      deadline: futureDeadline(),
      ballotCount: 6,
      title: "东城供电所评议",
    });
    if (!created.ok) throw new Error(created.error);
    id = created.evaluation.id;
    tokens = created.issued.map((b) => b.token);
  });

  it("lets the community, its street, the unit and the district see it; refuses others; 404 when unknown", async () => {
    for (const who of ["communityA", "streetA", "unitPower", "district"] as const) {
      expect((await as[who]!.get(`/evaluations/${id}`)).status, who).toBe(200);
    }
    for (const who of ["communityA2", "communityB", "unitA", "unitB", "streetB", "otherDistrict", "admin"] as const) {
      expect((await as[who]!.get(`/evaluations/${id}`)).status, who).toBe(403);
    }
    expect((await as.communityA!.get("/evaluations/999999")).status).toBe(404);
    expect((await as.communityA!.get("/evaluations/abc")).status).toBe(404);
  });

  it("lets only the community manage ballots and close it", async () => {
    expect((await as.communityA!.get(`/evaluations/${id}/ballots`)).status).toBe(200);
    for (const who of ["streetA", "district", "communityA2", "unitPower", "admin"] as const) {
      expect((await as[who]!.get(`/evaluations/${id}/ballots`)).status, who).toBe(403);
      expect(
        (await as[who]!.post(`/evaluations/${id}/ballots`, { intent: "issue", ballotCount: "3" })).status,
        who,
      ).toBe(403);
      expect((await as[who]!.post(`/evaluations/${id}/ballots`, { intent: "revoke" })).status, who).toBe(403);
      expect((await as[who]!.post(`/evaluations/${id}`, { intent: "close" })).status, who).toBe(403);
    }
    expect(db.select().from(ballots).where(eq(ballots.evaluationId, id)).all()).toHaveLength(6);
    expect(
      db
        .select()
        .from(ballots)
        .where(and(eq(ballots.evaluationId, id), isNotNull(ballots.revokedAt)))
        .all(),
    ).toHaveLength(0);
    expect(db.select().from(evaluations).where(eq(evaluations.id, id)).get()!.status).toBe("open");
  });

  it("aggregates the results: counts, averages to one decimal, grade shares, comments", async () => {
    const empty = evaluationResults(db, id);
    expect(empty).toEqual({
      ballotsIssued: 6,
      ballotsCast: 0,
      averages: { engagement: null, effectiveness: null, satisfaction: null },
      grades: { good: 0, fairly_good: 0, average: 0, poor: 0 },
      comments: [],
    });
    const votes = [
      { engagement: 5, effectiveness: 4, satisfaction: 5, grade: "good", comment: "抢修及时" },
      { engagement: 4, effectiveness: 4, satisfaction: 3, grade: "fairly_good", comment: "" },
      { engagement: 3, effectiveness: 2, satisfaction: 4, grade: "average", comment: "希望提前通知停电" },
      { engagement: 5, effectiveness: 5, satisfaction: 5, grade: "good", comment: "" },
    ] as const;
    votes.forEach((vote, i) => expect(castVote(tokens[i]!, vote)).toEqual({ ok: true }));
    expect(evaluationResults(db, id)).toEqual({
      ballotsIssued: 6,
      ballotsCast: 4,
      // 4.25 → 4.3, 3.75 → 3.8, 4.25 → 4.3
      averages: { engagement: 4.3, effectiveness: 3.8, satisfaction: 4.3 },
      grades: { good: 2, fairly_good: 1, average: 1, poor: 0 },
      comments: ["抢修及时", "希望提前通知停电"],
    });
  });

  it("shows live results to the community and the street, and to the unit and district only after close", async () => {
    for (const who of ["communityA", "streetA"] as const) {
      const html = await text(await as[who]!.get(`/evaluations/${id}`));
      expect(html, who).toContain("实时统计");
      expect(html).toContain("4.3");
      expect(html).toContain("50.0%");
      expect(html).toContain("希望提前通知停电");
      expect(html).not.toContain(`/evaluations/${id}/opinion`);
    }
    for (const who of ["district", "unitPower"] as const) {
      const html = await text(await as[who]!.get(`/evaluations/${id}`));
      expect(html, who).toContain("评议结束后可查看结果");
      expect(html).not.toContain("希望提前通知停电");
    }
    // The unit sees its own evaluations in its list, without live counts.
    const unitList = listed("unitPower");
    expect(unitList.map((e) => e.id)).toEqual([id]);
    expect(unitList[0]!.counts).toBeNull();
    expect(listed("streetA").find((e) => e.id === id)!.counts).toMatchObject({ issued: 6, voted: 4 });
    expect(listed("communityA2").some((e) => e.id === id)).toBe(false);
    expect(listed("streetB")).toHaveLength(0);
  });

  it("closes by hand, notifies the unit and the street, then shows results to all and links the opinion", async () => {
    db.delete(notifications).run();
    const res = await as.communityA!.post(`/evaluations/${id}`, { intent: "close" });
    expect(res.status).toBe(302);
    const closed = db.select().from(evaluations).where(eq(evaluations.id, id)).get()!;
    expect(closed).toMatchObject({ status: "closed", closedBy: fixture.world.users.communityA.id });
    expect(closed.closedAt).not.toBeNull();
    const notified = db.select().from(notifications).where(eq(notifications.kind, "evaluation.closed")).all();
    expect(notified.map((n) => n.userId).sort()).toEqual(
      [fixture.otherUnitUser.id, fixture.world.users.streetA.id].sort(),
    );
    expect(notified[0]!.body).toContain("共收回评议票 4 张");
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "evaluation.close"), eq(auditLog.entityId, id)))
        .all(),
    ).toHaveLength(1);
    for (const who of ["communityA", "streetA", "district", "unitPower"] as const) {
      const html = await text(await as[who]!.get(`/evaluations/${id}`));
      expect(html, who).toContain("希望提前通知停电");
      expect(html).toContain(`/evaluations/${id}/opinion`);
      expect(html).not.toContain("实时统计");
    }
    const again = await as.communityA!.post(`/evaluations/${id}`, { intent: "close" });
    expect(again.status).toBe(409);
    expect(await text(again)).toContain("评议已结束");
    const more = await as.communityA!.post(`/evaluations/${id}/ballots`, { intent: "issue", ballotCount: "2" });
    expect(more.status).toBe(409);
    expect(db.select().from(ballots).where(eq(ballots.evaluationId, id)).all()).toHaveLength(6);
  });
});

describe("closing at the deadline", () => {
  it("treats a past deadline as closed on read, and closeExpiredEvaluations records it once", async () => {
    const make = (unitId: number, periodStart: string, periodEnd: string) => {
      const created = createEvaluation(actor("communityA"), {
        unitId,
        periodStart,
        periodEnd,
        deadline: futureDeadline(1),
        ballotCount: 2,
        title: "",
      });
      if (!created.ok) throw new Error(created.error);
      return created.evaluation.id;
    };
    const due = make(fixture.otherUnit.id, "2024-01-01", "2024-12-31");
    const notDue = make(fixture.otherUnit.id, "2023-01-01", "2023-12-31");
    const deadline = new Date(Date.now() - 3600_000).toISOString();
    db.update(evaluations).set({ deadline }).where(eq(evaluations.id, due)).run();
    db.delete(notifications).run();

    // Before any job ran: stored open, shown closed, results visible to the unit.
    expect(listEvaluations(actor("communityA")).closed.items.find((e) => e.id === due)!.status).toBe("closed");
    const unitHtml = await text(await as.unitPower!.get(`/evaluations/${due}`));
    expect(unitHtml).toContain("已结束");
    expect(unitHtml).toContain(`/evaluations/${due}/opinion`);

    const now = new Date();
    expect(closeExpiredEvaluations(db, now)).toBe(1);
    expect(db.select().from(evaluations).where(eq(evaluations.id, due)).get()).toMatchObject({
      status: "closed",
      closedAt: deadline,
      closedBy: null,
    });
    expect(db.select().from(evaluations).where(eq(evaluations.id, notDue)).get()!.status).toBe("open");
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "evaluation.close"), eq(auditLog.entityId, due)))
      .get()!;
    expect(audit.actorId).toBeNull();
    const notified = db
      .select()
      .from(notifications)
      .where(eq(notifications.link, `/evaluations/${due}`))
      .all()
      .map((n) => n.userId);
    expect(notified.sort()).toEqual(
      [fixture.world.users.communityA.id, fixture.otherUnitUser.id, fixture.world.users.streetA.id].sort(),
    );

    expect(closeExpiredEvaluations(db, now)).toBe(0);
    db.update(evaluations).set({ deadline }).where(eq(evaluations.id, notDue)).run();
    expect(runMaintenance(db, now)).toMatchObject({ evaluationsClosed: 1 });
    expect(db.select().from(evaluations).where(eq(evaluations.id, notDue)).get()!.status).toBe("closed");
  });
});
