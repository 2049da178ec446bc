/**
 * The maintenance job through a real Redis: a BullMQ job scheduler on the `maintenance` queue,
 * processed by a Worker in this (the web) process, escalates a stale need created after start;
 * restarting upserts the same scheduler; stopping closes everything.
 * (Without Redis: maintenance-timer.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { escalations, maintenanceRuns, needs } from "#db/schema";
import { MAINTENANCE_QUEUE, MAINTENANCE_SCHEDULER_ID } from "#workers/queue";
import { startMaintenance, type MaintenanceRuntime } from "#workers/background/maintenance";
import { useFreshDatabase } from "../support/db";
import { createNeed } from "~/seed/factories";
import { cleanQueues, findRedis, useQueuePrefix, waitFor } from "../support/redis";
import { createWorld, type World } from "../support/world";

const redis = await findRedis();
const db = useFreshDatabase();
const DAY = 24 * 3600 * 1000;

describe.skipIf(!redis)("maintenance as a repeatable BullMQ job", () => {
  const prefix = useQueuePrefix();
  let world: World;
  let runtime: MaintenanceRuntime | undefined;
  let connection: Redis;
  let queue: Queue;

  beforeAll(async () => {
    world = await createWorld(db);
    connection = new Redis(redis!.url, { maxRetriesPerRequest: null });
    queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix });
  });

  afterAll(async () => {
    await runtime?.stop();
    await queue?.close();
    connection?.disconnect();
    await cleanQueues(redis!.url, prefix);
    await redis!.stop();
  });

  const stale = (title: string) =>
    createNeed(db, {
      communityId: world.communities.A.id,
      title,
      createdAt: new Date(Date.now() - 20 * DAY).toISOString(),
    });
  const escalationsOf = (needId: number) => db.select().from(escalations).where(eq(escalations.needId, needId)).all();

  it("runs once at start, then the scheduler's jobs escalate needs that become stale later", async () => {
    const before = stale("启动前就已超期的需求");
    runtime = await startMaintenance({ redisUrl: redis!.url, everyMs: 300, log: () => {} });
    expect(runtime.mode).toBe("redis");
    // The run at start, before any job.
    expect(escalationsOf(before.id)).toHaveLength(1);
    await runtime.scheduled;
    expect(await queue.getJobScheduler(MAINTENANCE_SCHEDULER_ID)).toMatchObject({ every: 300, name: "run" });

    const later = stale("启动后才写入的超期需求");
    const row = await waitFor("定时作业上报超期需求", () => escalationsOf(later.id)[0], 10_000);
    expect(row).toMatchObject({ level: "street", reason: "需求发布已 20 天仍未匹配", resolvedAt: null });
    const done = await waitFor("作业完成记录", async () => (await queue.getJobs(["completed"]))[0]);
    expect(done.name).toBe("run");
    expect(done.returnvalue).toMatchObject({
      escalated: expect.any(Number),
      resolvedEscalations: expect.any(Number),
      agreementsReminded: 0,
      agreementsExpired: 0,
    });

    // Each job is recorded as the queue's (the run at start as the web process's own).
    const sources = db.select({ source: maintenanceRuns.source, ok: maintenanceRuns.ok }).from(maintenanceRuns).all();
    expect(sources[0]).toEqual({ source: "timer", ok: true });
    expect(sources.filter((r) => r.source === "queue" && r.ok).length).toBeGreaterThanOrEqual(1);

    // Jobs keep coming: still one open escalation per need.
    const seen = (await queue.getJobs(["completed"])).length;
    await waitFor("更多作业完成", async () => (await queue.getJobs(["completed"])).length >= seen + 2, 10_000);
    expect(escalationsOf(before.id)).toHaveLength(1);
    expect(escalationsOf(later.id)).toHaveLength(1);
  });

  it("resolves the escalation when its need is matched, on the next job", async () => {
    const need = stale("即将被匹配的需求");
    await waitFor("上报", () => escalationsOf(need.id).length === 1, 10_000);
    db.update(needs).set({ status: "matched" }).where(eq(needs.id, need.id)).run();
    const row = await waitFor("办结", () => escalationsOf(need.id).find((e) => e.resolvedAt !== null), 10_000);
    expect(row.resolution).toBe("需求已匹配");
  });

  it("upserts the same scheduler on restart, with the new interval, and stops cleanly", async () => {
    await runtime!.stop();
    runtime = await startMaintenance({ redisUrl: redis!.url, everyMs: 400, log: () => {} });
    await runtime.scheduled;
    expect(await queue.getJobSchedulersCount()).toBe(1);
    expect(await queue.getJobScheduler(MAINTENANCE_SCHEDULER_ID)).toMatchObject({ every: 400 });
    const need = stale("重启后超期的需求");
    await waitFor("重启后作业上报", () => escalationsOf(need.id).length === 1, 10_000);

    await runtime.stop();
    runtime = undefined;
    // Nothing processes the queue any more: a stale need stays as it is.
    const afterStop = stale("停止后才超期的需求");
    await new Promise((r) => setTimeout(r, 1_200));
    expect(escalationsOf(afterStop.id)).toEqual([]);
  });
});
