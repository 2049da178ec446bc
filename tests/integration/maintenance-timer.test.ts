/**
 * No REDIS_URL: maintenance runs on a timer in the web process, started beside the real server as
 * server.ts starts it. It runs at start, escalates needs that become stale later, never twice, and
 * closes escalations whose need was matched; every run is recorded as the timer's, and the admin
 * page shows it. (With Redis: maintenance-queue.test.ts, maintenance-redis-restart.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { escalations, maintenanceRuns, needs } from "#db/schema";
import type { MaintenanceReport } from "~/models/platform/maintenance.server";
import { useFreshDatabase } from "../support/db";
import { createNeed } from "~/seed/factories";
import { waitFor } from "../support/redis";
import { Client, startServer, type TestServer } from "../support/server";
import { createWorld, PASSWORD, type World } from "../support/world";

delete process.env.REDIS_URL;
const db = useFreshDatabase();
const DAY = 24 * 3600 * 1000;
let world: World;
let server: TestServer;
let before: number;

const stale = (title: string) =>
  createNeed(db, {
    communityId: world.communities.A.id,
    title,
    createdAt: new Date(Date.now() - 15 * DAY).toISOString(),
  }).id;
const escalationsOf = (needId: number) => db.select().from(escalations).where(eq(escalations.needId, needId)).all();

beforeAll(async () => {
  world = await createWorld(db);
  before = stale("启动前就已超期的需求");
  server = await startServer({ maintenance: { everyMs: 300 } });
});
afterAll(async () => server?.close());

describe("maintenance without Redis", () => {
  it("runs at start and then on its timer; the street sees the result", async () => {
    expect(server.maintenance).toMatchObject({ mode: "in-process", everyMs: 300 });
    expect(escalationsOf(before)).toHaveLength(1);

    const later = stale("启动后才写入的超期需求");
    await waitFor("定时器上报超期需求", () => escalationsOf(later).length === 1, 5_000);
    expect(escalationsOf(later)[0]).toMatchObject({ level: "street", reason: "需求发布已 15 天仍未匹配" });

    const street = new Client(server.baseUrl);
    await street.login("street-a", PASSWORD);
    const html = await (await street.get("/escalations")).text();
    expect(html).toContain("启动前就已超期的需求");
    expect(html).toContain("启动后才写入的超期需求");
  });

  it("records every run as the timer's, and the admin page shows the latest", async () => {
    const laterAt = new Date().toISOString();
    const later = stale("记录运行时写入的超期需求");
    await waitFor("定时器上报", () => escalationsOf(later).length === 1, 5_000);
    const runs = db.select().from(maintenanceRuns).orderBy(asc(maintenanceRuns.id)).all();
    expect(runs.length).toBeGreaterThanOrEqual(3); // at start, then at least twice on the timer
    expect(runs.every((r) => r.source === "timer" && r.ok === true && r.finishedAt !== null)).toBe(true);
    const escalatedBy = (r: (typeof runs)[number]) => (r.report as MaintenanceReport).escalated;
    expect(escalatedBy(runs[0]!)).toBeGreaterThanOrEqual(1); // the need stale before start
    expect(runs.some((r) => r.startedAt > laterAt && escalatedBy(r) >= 1)).toBe(true);

    const admin = new Client(server.baseUrl);
    await admin.login("admin-user", PASSWORD);
    const html = await (await admin.get("/admin")).text();
    expect(html).toMatch(/前，Web 进程定时器）：成功/);
    expect(html).toContain("由 Web 进程定时器触发");
  });

  it("creates no duplicates however many times it runs, and resolves when the need is matched", async () => {
    const need = stale("将被匹配的需求");
    await waitFor("上报", () => escalationsOf(need).length === 1, 5_000);
    for (let i = 0; i < 3; i++) await server.maintenance!.runNow();
    await new Promise((r) => setTimeout(r, 700)); // and a couple of timer runs
    expect(escalationsOf(need)).toHaveLength(1);
    expect(escalationsOf(before)).toHaveLength(1);

    db.update(needs).set({ status: "matched" }).where(eq(needs.id, need)).run();
    await waitFor("办结", () => escalationsOf(need)[0]?.resolvedAt, 5_000);
    expect(escalationsOf(need)[0]!.resolution).toBe("需求已匹配");
  });

  it("stops its timer on stop", async () => {
    await server.maintenance!.stop();
    const afterStop = stale("停止后才超期的需求");
    await new Promise((r) => setTimeout(r, 800));
    expect(escalationsOf(afterStop)).toEqual([]);
  });
});
