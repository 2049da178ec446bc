/**
 * The admin's status page (/admin) on the served build: what it says about maintenance from
 * `maintenance_runs` — a warning when the last successful run is older than twice
 * MAINTENANCE_EVERY_MS (or there is none), the last run when it is fresh — and its "run now"
 * button, which runs maintenance for real, records the run as the admin's and audits it.
 * (Runs recorded by the queue and the timer: maintenance-redis-restart and maintenance-timer tests.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { auditLog, escalations, maintenanceRuns } from "#db/schema";
import type { MaintenanceReport } from "~/models/platform/maintenance.server";
import { createNeed } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import { startWorldServer } from "../support/world-server";
import type { World } from "../support/world";

delete process.env.REDIS_URL;
const EVERY_MINUTES = 10;
process.env.MAINTENANCE_EVERY_MS = String(EVERY_MINUTES * 60_000);
const db = useFreshDatabase();
const MINUTE = 60_000;
const DAY = 24 * 3600_000;

let world: World;
let server: TestServer;
let as: Record<"admin" | "streetA", Client>;

beforeAll(async () => {
  // No maintenance runtime: the rows this file writes are all there is.
  ({ world, server, as } = await startWorldServer(db, { admin: "admin-user", streetA: "street-a" }));
});
afterAll(async () => server?.close());

function recordRun(minutesAgo: number, fields: Partial<typeof maintenanceRuns.$inferInsert> = {}) {
  const at = new Date(Date.now() - minutesAgo * MINUTE).toISOString();
  return db
    .insert(maintenanceRuns)
    .values({ source: "queue", startedAt: at, finishedAt: at, ok: true, report: { escalated: 2 }, ...fields })
    .returning()
    .get();
}

const page = async () => {
  const res = await as.admin.get("/admin");
  expect(res.status).toBe(200);
  return res.text();
};
const overdue = (html: string) => /data-testid="maintenance-overdue"[^>]*>([^<]*)</.exec(html)?.[1] ?? null;
const lastRun = (html: string) => /data-testid="maintenance-last"[\s\S]*?<dd>([^<]*)<\/dd>/.exec(html)?.[1] ?? null;
const runCount = () => db.select().from(maintenanceRuns).all().length;

describe("the admin's status page", () => {
  it("warns while no run has ever succeeded", async () => {
    const html = await page();
    expect(overdue(html)).toContain("维护任务尚无成功运行的记录");
    expect(lastRun(html)).toBe("尚无记录");
  });

  it("warns when the last successful run is older than twice the interval, naming how long", async () => {
    recordRun(3 * EVERY_MINUTES + 5); // 35 minutes ago; a failure since does not count as a run
    recordRun(EVERY_MINUTES, { ok: false, error: "维护任务出错：需求超期上报：database is locked", report: {} });
    const html = await page();
    expect(overdue(html)).toContain(
      `维护任务已超过 ${3 * EVERY_MINUTES + 5} 分钟 未成功运行（应每 ${EVERY_MINUTES} 分钟 运行一次）`,
    );
    expect(lastRun(html)).toMatch(/（10 分钟前，Redis 定时作业）：出错$/);
    expect(html).toContain("需求超期上报：database is locked");
    expect(html).toContain("超期需求上报 2");
  });

  it("shows a fresh run without a warning", async () => {
    recordRun(EVERY_MINUTES + 5, { source: "timer" }); // 15 minutes: within twice the interval
    const html = await page();
    expect(overdue(html)).toBeNull();
    expect(html).not.toContain("未成功运行");
    // The latest run is still the failure; the page says when the last success was.
    expect(html).toMatch(/最近一次成功<\/dt><dd>[^<]*（15 分钟前）<\/dd>/);
  });

  it("runs maintenance when the admin asks: a real run, recorded as the admin's and audited", async () => {
    const stale = createNeed(db, {
      communityId: world.communities.A.id,
      title: "等待管理员触发维护的超期需求",
      createdAt: new Date(Date.now() - 20 * DAY).toISOString(),
    });
    const before = runCount();
    const res = await as.admin.post("/admin", { intent: "run-maintenance" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin?ran=ok");
    expect(runCount()).toBe(before + 1);

    const run = db.select().from(maintenanceRuns).orderBy(desc(maintenanceRuns.id)).limit(1).get()!;
    expect(run).toMatchObject({ source: "admin", ok: true, error: null });
    expect(run.finishedAt).not.toBeNull();
    expect((run.report as MaintenanceReport).escalated).toBeGreaterThanOrEqual(1);
    expect(db.select().from(escalations).where(eq(escalations.needId, stale.id)).all()).toHaveLength(1);
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "maintenance.run"), eq(auditLog.entityId, run.id)))
      .get();
    expect(audit).toMatchObject({ actorId: world.users.admin.id, entityType: "maintenance_run" });
    expect(audit!.after).toMatchObject({
      ok: true,
      report: { escalated: (run.report as MaintenanceReport).escalated },
    });

    const html = await (await as.admin.get("/admin?ran=ok")).text();
    expect(html).toContain("已运行一次维护任务。");
    expect(overdue(html)).toBeNull();
    expect(lastRun(html)).toMatch(/（\d+ 毫秒前|（\d+ 秒前/);
    expect(lastRun(html)).toMatch(/管理员手动运行）：成功$/);
  });

  it("records a run that fails, with its message, and says so", async () => {
    db.$client.exec(
      `CREATE TRIGGER fail_maintenance_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'escalation.create' BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
    );
    try {
      createNeed(db, {
        communityId: world.communities.A.id,
        title: "维护出错时的超期需求",
        createdAt: new Date(Date.now() - 20 * DAY).toISOString(),
      });
      const res = await as.admin.post("/admin", { intent: "run-maintenance" });
      expect(res.headers.get("location")).toBe("/admin?ran=failed");
    } finally {
      db.$client.exec("DROP TRIGGER fail_maintenance_audit");
    }
    const run = db.select().from(maintenanceRuns).orderBy(desc(maintenanceRuns.id)).limit(1).get()!;
    expect(run).toMatchObject({ source: "admin", ok: false });
    expect(run.error).toMatch(/需求超期上报：disk full/);
    // The other tasks still ran and reported.
    expect(run.report).toMatchObject({ agreementsExpired: expect.any(Number), runsPruned: expect.any(Number) });
    const audit = db.select().from(auditLog).where(eq(auditLog.entityId, run.id)).all();
    expect(audit.find((a) => a.action === "maintenance.run")?.after).toMatchObject({ ok: false });

    const html = await (await as.admin.get("/admin?ran=failed")).text();
    expect(html).toContain("维护任务运行出错，详见下方记录。");
    expect(lastRun(html)).toMatch(/：出错$/);
    expect(html).toContain("需求超期上报：disk full");
  });

  it("is the admin's alone, and refuses what is not its form", async () => {
    const before = runCount();
    expect((await as.streetA.get("/admin")).status).toBe(403);
    expect((await as.streetA.post("/admin", { intent: "run-maintenance" })).status).toBe(403);
    expect((await as.admin.post("/admin", { intent: "drop-everything" })).status).toBe(400);
    expect((await as.admin.post("/admin", {})).status).toBe(400);
    expect(runCount()).toBe(before);
  });
});
