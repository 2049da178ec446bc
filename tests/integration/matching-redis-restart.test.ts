/**
 * Redis goes away and comes back: requests made meanwhile wait in SQLite (the outbox) and are all
 * delivered and applied once it is back — none lost, none applied twice. This test runs its own
 * redis-server on a free port, stops it and starts it again on the same port.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { matchRuns, proposals } from "#db/schema";
import { createNeed } from "~/models/catalog/needs.server";
import { getRun, latestRun } from "~/models/matching/match-runs.server";
import { loadActor } from "~/utils/auth.server";
import { needFormSchema } from "~/schemas/need";
import { jobIds, runKeyOf, type ComputeJobData } from "#workers/queue";
import { startComputeWorker, type ComputeWorker } from "#workers/compute/matching-job";
import { startMatchingRuntime, type MatchingRuntime } from "#workers/background/runtime";
import { RedisDispatcher } from "#workers/background/dispatcher";
import { producerConnection } from "#workers/queue";
import { setTimeout as sleep } from "node:timers/promises";
import { useFreshDatabase } from "../support/db";
import { createResource } from "~/seed/factories";
import { cleanQueues, ownRedisServer, useQueuePrefix, waitFor } from "../support/redis";
import { createWorld, type World } from "../support/world";

const server = await ownRedisServer();
const db = useFreshDatabase();

describe.skipIf(!server)("(d) Redis stopped and restarted", () => {
  const prefix = useQueuePrefix();
  let world: World;
  let runtime: MatchingRuntime;
  let compute: ComputeWorker;

  beforeAll(async () => {
    process.env.REDIS_URL = server!.url;
    world = await createWorld(db);
    createResource(db, {
      unitId: world.units.A.id,
      title: "医护志愿者上门探访独居老人",
      category: "养老服务",
      kind: "volunteers",
      capacity: 10,
    });
    createResource(db, {
      unitId: world.units.A.id,
      title: "党员志愿者陪老人聊天",
      category: "养老服务",
      kind: "volunteers",
      capacity: 10,
    });
    compute = startComputeWorker({ redisUrl: server!.url, concurrency: 2 });
    runtime = await startMatchingRuntime({ redisUrl: server!.url, pollMs: 100, log: () => {} });
  });

  afterAll(async () => {
    await runtime?.stop();
    await compute?.close(5_000);
    await cleanQueues(server!.url, prefix);
    await server!.stop();
  }, 30_000);

  const community = () => loadActor(world.users.communityA.id)!;
  const need = (title: string) =>
    createNeed(
      community(),
      needFormSchema.parse({ title, description: "高龄独居老人希望每周有人上门探访、陪伴聊天", category: "养老服务" }),
    );

  it("keeps requests in the outbox while Redis is down and delivers each exactly once when it is back", async () => {
    const before = need("独居老人需要上门陪伴");
    const beforeRun = latestRun("need", before.id)!;
    await waitFor("Redis 正常时的匹配", () => getRun(beforeRun.id)?.status === "done");

    await server!.stop();
    const created = [
      "老人需要有人陪伴聊天",
      "空巢老人希望定期探访",
      "高龄老人冬季上门探访",
      "独居长者需要志愿者陪伴",
    ].map(need);
    const runIds = created.map((n) => latestRun("need", n.id)!.id);
    // The dispatcher keeps polling but Redis cannot take anything: all wait in SQLite.
    await sleep(1_500);
    const waiting = db.select().from(matchRuns).where(inArray(matchRuns.id, runIds)).all();
    expect(waiting.map((r) => [r.status, r.dispatchedAt])).toEqual(runIds.map(() => ["queued", null]));

    await server!.start(); // same port: every client reconnects by itself
    await waitFor("Redis 恢复后全部匹配完成", () => runIds.every((id) => getRun(id)?.status === "done"), 25_000);

    const rows = db
      .select()
      .from(proposals)
      .where(
        inArray(
          proposals.needId,
          created.map((n) => n.id),
        ),
      )
      .all();
    for (const [i, n] of created.entries()) {
      const mine = rows.filter((p) => p.needId === n.id);
      expect(mine.length, `需求「${n.title}」应有建议`).toBeGreaterThan(0);
      expect(mine.every((p) => p.runId === runIds[i] && p.status === "proposed")).toBe(true);
      expect(new Set(mine.map((p) => p.resourceId)).size).toBe(mine.length);
      expect(getRun(runIds[i]!)!.proposalCount).toBe(mine.length);
    }
    // One compute job per run in the (new) Redis.
    const dispatcher = new RedisDispatcher(producerConnection(server!.url));
    try {
      await dispatcher.computeQueue.waitUntilReady();
      const jobs = await dispatcher.computeQueue.getJobs(["completed", "failed", "waiting", "active", "delayed"]);
      const perRun = runIds.map((id) => jobs.filter((j) => (j.data as ComputeJobData).runId === id).map((j) => j.id));
      expect(perRun).toEqual(runIds.map((id) => [jobIds.run(runKeyOf(getRun(id)!))]));
    } finally {
      await dispatcher.close();
      dispatcher.connection.disconnect();
    }
  }, 50_000);
});
