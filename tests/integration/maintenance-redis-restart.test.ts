/**
 * Maintenance survives Redis: this test runs its own redis-server (no persistence) on a free port,
 * stops it and starts it again, empty, on the same port. While Redis is away the web process
 * notices that no run happened for twice the interval, logs it and runs maintenance itself; once
 * Redis is back the job scheduler is registered again and maintenance runs from Redis within two
 * intervals; a scheduler removed while Redis stays up comes back at the next check. The admin page,
 * served by the built app, reports the runs. Every run is a row in maintenance_runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, gt } from "drizzle-orm";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { escalations, maintenanceRuns } from "#db/schema";
import { MAINTENANCE_QUEUE, MAINTENANCE_SCHEDULER_ID } from "#workers/queue";
import { startMaintenance, type MaintenanceRuntime } from "#workers/background/maintenance";
import { createNeed } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import { cleanQueues, ownRedisServer, useQueuePrefix, waitFor } from "../support/redis";
import { Client, startServer, type TestServer } from "../support/server";
import { createWorld, PASSWORD, type World } from "../support/world";

const redis = await ownRedisServer();
const db = useFreshDatabase();
const EVERY = 3_000;
const DAY = 24 * 3600_000;

describe.skipIf(!redis)("maintenance when Redis restarts empty", () => {
  const prefix = useQueuePrefix();
  const logs: string[] = [];
  let world: World;
  let runtime: MaintenanceRuntime | undefined;
  let server: TestServer;
  let admin: Client;

  beforeAll(async () => {
    process.env.REDIS_URL = redis!.url;
    process.env.MAINTENANCE_EVERY_MS = String(EVERY);
    world = await createWorld(db);
    server = await startServer();
    admin = new Client(server.baseUrl);
    await admin.login("admin-user", PASSWORD);
    // As server.ts starts it: REDIS_URL and MAINTENANCE_EVERY_MS from the environment.
    runtime = await startMaintenance({ log: (m) => logs.push(m) });
    await runtime.scheduled;
  });

  afterAll(async () => {
    await runtime?.stop();
    await server?.close();
    await cleanQueues(redis!.url, prefix);
    await redis!.stop();
  }, 30_000);

  const runsSince = (source: string, since: number) =>
    db
      .select()
      .from(maintenanceRuns)
      .where(
        and(
          eq(maintenanceRuns.source, source),
          eq(maintenanceRuns.ok, true),
          gt(maintenanceRuns.startedAt, new Date(since).toISOString()),
        ),
      )
      .orderBy(asc(maintenanceRuns.startedAt))
      .all();
  const stale = (title: string) =>
    createNeed(db, {
      communityId: world.communities.A.id,
      title,
      createdAt: new Date(Date.now() - 20 * DAY).toISOString(),
    }).id;
  const escalated = (needId: number) =>
    db.select().from(escalations).where(eq(escalations.needId, needId)).all().length === 1;
  const adminPage = async () => (await admin.get("/admin")).text();
  const schedulerIn = async (url: string) => {
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
    try {
      return await queue.getJobScheduler(MAINTENANCE_SCHEDULER_ID);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  };

  it("runs from the Redis job scheduler, recorded as the queue's", async () => {
    const started = Date.now();
    expect(runtime!.mode).toBe("redis");
    const need = stale("Redis 正常时超期的需求");
    await waitFor("定时作业上报超期需求", () => escalated(need), 2 * EVERY + 2_000);
    const [run] = await waitFor(
      "定时作业的运行记录",
      () => runsSince("queue", started)[0] && runsSince("queue", started),
    );
    expect(run!.finishedAt).not.toBeNull();
    const html = await adminPage();
    expect(html).toContain("Redis 定时作业");
    expect(html).not.toContain('data-testid="maintenance-overdue"');
  }, 20_000);

  it("runs in the web process while Redis is away, and logs why", async () => {
    await redis!.stop();
    const stopped = Date.now();
    const need = stale("Redis 停止期间超期的需求");
    // No run for twice the interval, noticed at the next check (every interval).
    const [fallback] = await waitFor(
      "Redis 停止后本进程补跑",
      () => runsSince("timer", stopped)[0] && runsSince("timer", stopped),
      3 * EVERY + 3_000,
    );
    expect(Date.parse(fallback!.startedAt) - stopped).toBeLessThanOrEqual(3 * EVERY + 1_000);
    expect(escalated(need)).toBe(true);
    expect(
      logs.some((l) =>
        /^维护任务已超过 .+ 未运行（应每 3 秒 运行一次）：Redis 定时作业没有按时送来作业，本进程先运行一次$/.test(l),
      ),
    ).toBe(true);
    expect(runsSince("queue", stopped)).toEqual([]);
  }, 20_000);

  it("registers the scheduler again in the restarted, empty Redis and runs from it within two intervals", async () => {
    const relogged = logs.filter((l) => l.includes("已重新登记")).length;
    await redis!.start(); // same port, nothing kept: the scheduler is gone
    const back = Date.now();
    const [first] = await waitFor(
      "Redis 恢复后定时作业再次运行",
      () => runsSince("queue", back)[0] && runsSince("queue", back),
      2 * EVERY + 3_000,
    );
    expect(Date.parse(first!.startedAt) - back).toBeLessThanOrEqual(2 * EVERY);
    expect(await schedulerIn(redis!.url)).toMatchObject({ every: EVERY, name: "run" });
    expect(logs.filter((l) => l.includes("已重新登记")).length).toBeGreaterThan(relogged);
    expect(logs).toContain(
      "维护任务：Redis 中的维护定时作业已丢失（Redis 重启过或数据被清空），已重新登记，每 3 秒 运行一次",
    );

    // And it keeps running from Redis: the next job comes an interval later.
    const need = stale("Redis 恢复后超期的需求");
    await waitFor("恢复后的下一次作业", () => runsSince("queue", back).length >= 2, 2 * EVERY + 2_000);
    await waitFor("恢复后上报超期需求", () => escalated(need), 2 * EVERY);
    const html = await adminPage();
    expect(html).toContain("Redis 定时作业）：成功");
    expect(html).not.toContain('data-testid="maintenance-overdue"');
  }, 30_000);

  it("registers a scheduler removed while Redis stays up at the next check", async () => {
    const connection = new Redis(redis!.url, { maxRetriesPerRequest: null });
    const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
    try {
      await queue.removeJobScheduler(MAINTENANCE_SCHEDULER_ID);
      expect(await queue.getJobScheduler(MAINTENANCE_SCHEDULER_ID)).toBeFalsy();
      const relogged = logs.filter((l) => l.includes("已重新登记")).length;
      await waitFor(
        "检查时重新登记",
        async () => (await queue.getJobScheduler(MAINTENANCE_SCHEDULER_ID))?.every === EVERY,
        EVERY + 3_000,
      );
      expect(logs.filter((l) => l.includes("已重新登记")).length).toBe(relogged + 1);
      expect(await queue.getJobSchedulersCount()).toBe(1);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }, 20_000);

  it("registers it again as soon as Redis answers, without waiting for a check", async () => {
    await runtime!.stop();
    // Checks far apart: only the connection's coming back can re-register within the test.
    runtime = await startMaintenance({ checkMs: 10 * 60_000, log: (m) => logs.push(m) });
    await runtime.scheduled;
    await redis!.stop();
    await redis!.start();
    const back = Date.now();
    await waitFor("重连后立即重新登记", async () => (await schedulerIn(redis!.url))?.every === EVERY, 2 * EVERY);
    const [run] = await waitFor(
      "重连后定时作业运行",
      () => runsSince("queue", back)[0] && runsSince("queue", back),
      2 * EVERY + 1_000,
    );
    expect(Date.parse(run!.startedAt) - back).toBeLessThanOrEqual(2 * EVERY);
  }, 20_000);
});
