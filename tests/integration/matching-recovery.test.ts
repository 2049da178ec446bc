/**
 * Matching never hangs (docs/decisions/028-matching-never-hangs.md), against the served build, a
 * real SQLite file, a real Redis and real worker processes:
 * - a request handed to Redis and then left there by a switch to in-process matching is
 *   recovered at start-up and finished; meanwhile the need page says 匹配排队中;
 * - `npm run restore` of a backup taken while a request was in Redis puts it back in the outbox,
 *   and it is matched again at once, although Redis still holds a finished job under its id;
 * - of two rematch POSTs at once, one is refused; a worker killed with SIGKILL mid-job: /matching
 *   shows 等待重试, another worker takes the job over within 15 s and the run finishes;
 * - one dispatch pass hands a burst of requests to Redis in bulk.
 * (Matching through the queues: matching-queue.test.ts; worker processes: matching-worker-process.test.ts.)
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { closeDb, databasePath, getDb } from "#db/client";
import { matchRuns, proposals } from "#db/schema";
import { createNeed } from "~/models/catalog/needs.server";
import { getRun, latestRun, requestMatch } from "~/models/matching/match-runs.server";
import { needFormSchema } from "~/schemas/need";
import { loadActor } from "~/utils/auth.server";
import { backupTo } from "~/models/platform/backup.server";
import { createNeed as createNeedRow, createResource } from "~/seed/factories";
import { jobIds, producerConnection, runKeyOf, type ComputeJobData } from "#workers/queue";
import { startComputeWorker } from "#workers/compute/matching-job";
import { startMatchingRuntime } from "#workers/background/runtime";
import { RedisDispatcher } from "#workers/background/dispatcher";
import { TMP_DIR, useOwnDataFolder } from "../support/db";
import { cleanQueues, findRedis, useQueuePrefix, waitFor } from "../support/redis";
import { signInAll, startServer, type Client, type TestServer } from "../support/server";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";
import { createWorld, PASSWORD, type World } from "../support/world";

const redis = await findRedis();
const db = useOwnDataFolder("matching-recovery");
const backups = path.join(TMP_DIR, `recovery-backups-${process.pid}`);

/** A page's text as the user reads it (React separates adjacent text with empty comments). */
const textOf = (html: string) => html.replace(/<!-- -->/g, "");

describe.skipIf(!redis)("matching never hangs", () => {
  const prefix = useQueuePrefix();
  let world: World;
  let resourceTitle: string;
  let inspector: RedisDispatcher;
  const workers: WorkerProcess[] = [];
  const logged: string[] = [];
  const log = (m: string) => logged.push(m);

  beforeAll(async () => {
    process.env.REDIS_URL = redis!.url;
    world = await createWorld(db);
    resourceTitle = createResource(db, {
      unitId: world.units.A.id,
      title: "医护志愿者上门探访独居老人",
      description: "每周为独居老人上门探访、陪伴聊天",
      category: "养老服务",
      kind: "volunteers",
      capacity: 5,
    }).title;
    inspector = new RedisDispatcher(producerConnection(redis!.url));
    await inspector.computeQueue.waitUntilReady();
  });

  afterAll(async () => {
    for (const w of workers) w.kill("SIGKILL");
    await inspector?.close();
    inspector?.connection.disconnect();
    await cleanQueues(redis!.url, prefix);
    await redis!.stop();
    rmSync(backups, { recursive: true, force: true });
  }, 30_000);

  // getDb(), not the file's first connection: a test restores the database under it.
  const liveProposals = (needId: number) =>
    getDb()
      .select()
      .from(proposals)
      .where(and(eq(proposals.needId, needId), eq(proposals.status, "proposed")))
      .all();

  // First, before the served app opens the database too (its build has a connection of its own,
  // which a restore on a stopped app must not find open).
  describe("after a restore", () => {
    it("npm run restore puts a request that was in Redis back in the outbox, and it is matched again at once", async () => {
      let runtime = await startMatchingRuntime({ redisUrl: redis!.url, pollMs: 100, log });
      const need = createNeed(
        loadActor(world.users.communityA.id)!,
        needFormSchema.parse({
          title: "空巢老人希望有人定期探访",
          description: "几位高龄独居老人希望每周有人上门探访、陪伴聊天",
          category: "养老服务",
          contactPhone: "13600001111",
        }),
      );
      const run = latestRun("need", need.id)!;
      await waitFor("请求已派发到 Redis", () => getRun(run.id)?.dispatchedAt);
      const backup = backupTo(path.join(backups, "in-redis"));
      expect(backup.ok).toBe(true);

      // After the backup the request is computed and applied: Redis now holds a finished job under its id.
      let compute = startComputeWorker({ redisUrl: redis!.url, concurrency: 1 });
      await waitFor("备份之后完成", () => getRun(run.id)?.status === "done");
      const job = await inspector.computeQueue.getJob(jobIds.run(runKeyOf(run)));
      expect(await job?.getState()).toBe("completed");
      await runtime.stop();
      await compute.close(5_000);

      // The app is stopped and the backup restored with the npm script.
      closeDb();
      const restore = spawnSync("npx", ["tsx", "scripts/restore.ts", "--from", path.join(backups, "in-redis")], {
        env: { ...process.env, DATABASE_URL: databasePath() },
        encoding: "utf8",
      });
      expect(restore.status, restore.stderr).toBe(0);
      expect(restore.stdout).toContain("1 个未完成的匹配请求已重新排队");
      expect(getRun(run.id)).toMatchObject({ status: "queued", dispatchedAt: null });
      expect(liveProposals(need.id)).toEqual([]);

      // Started again: matched at once, not after the sweeper's minutes.
      runtime = await startMatchingRuntime({ redisUrl: redis!.url, pollMs: 100, log });
      compute = startComputeWorker({ redisUrl: redis!.url, concurrency: 1 });
      try {
        await waitFor("恢复后的请求完成", () => getRun(run.id)?.status === "done", 15_000);
      } finally {
        await runtime.stop();
        await compute.close(5_000);
      }
      const rows = liveProposals(need.id);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((p) => p.runId === run.id)).toBe(true);
      await cleanQueues(redis!.url, prefix);
    }, 60_000);
  });

  describe("served", () => {
    let server: TestServer;
    let as: Record<"communityA" | "streetA", Client>;

    beforeAll(async () => {
      // Each test starts the matching runtime it needs, in the mode it needs.
      server = await startServer({ matching: false });
      as = await signInAll(server.baseUrl, { communityA: "comm-a", streetA: "street-a" }, PASSWORD);
    });

    afterAll(async () => {
      await server?.close();
    });

    /** A community publishes a need through the form; its id. */
    async function publishNeed(title: string): Promise<number> {
      const res = await as.communityA.post("/needs/new", {
        title,
        description: "几位高龄独居老人希望每周有人上门探访、陪伴聊天",
        category: "养老服务",
        beneficiaryGroup: "独居老人",
        beneficiaryCount: "5",
        urgency: "normal",
        contactName: "李秀兰",
        contactPhone: "13600001111",
        source: "grid_worker",
        intent: "publish",
      });
      expect(res.status).toBe(302);
      return Number(/\/needs\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
    }

    const needPage = async (needId: number) => textOf(await (await as.communityA.get(`/needs/${needId}`)).text());

    it("recovers a request handed to Redis when the web process starts in-process; the need page says 匹配排队中 meanwhile", async () => {
      // With Redis and no worker: the request is handed over and waits there.
      const withRedis = await startMatchingRuntime({ redisUrl: redis!.url, pollMs: 100, log });
      const needId = await publishNeed("独居老人需要志愿者上门陪伴");
      const run = latestRun("need", needId)!;
      await waitFor("请求已派发到 Redis", () => getRun(run.id)?.dispatchedAt);
      expect(getRun(run.id)!.status).toBe("running");
      const waiting = await needPage(needId);
      expect(waiting).toContain("匹配排队中");
      expect(waiting).not.toContain("暂无匹配建议");
      await withRedis.stop();

      // Started again without Redis: the request comes back from the queue it was left in.
      const inProcess = await startMatchingRuntime({ redisUrl: null, pollMs: 100, log });
      try {
        expect(inProcess.mode).toBe("in-process");
        expect(logged.join("\n")).toContain("1 个此前交给 Redis 队列而未完成的匹配请求回到发件箱");
        await waitFor("请求在本进程内完成", () => getRun(run.id)?.status === "done");
      } finally {
        await inProcess.stop();
      }
      expect(liveProposals(needId).length).toBeGreaterThan(0);
      const matched = await needPage(needId);
      expect(matched).toContain(resourceTitle);
      expect(matched).not.toContain("匹配排队中");
      await cleanQueues(redis!.url, prefix);
    });

    it("refuses a second rematch while one runs; a killed worker's job shows 等待重试 and resumes on another worker within 15 s", async () => {
      // Default lock settings (MATCH_LOCK_MS), as deployed.
      const runtime = await startMatchingRuntime({ redisUrl: redis!.url, pollMs: 100, log });
      const first = spawnWorker(redis!.url, prefix, { MATCH_WORKER_TEST_DELAY_MS: "60000" });
      workers.push(first);
      try {
        await first.waitForOutput("等待匹配作业");
        const answers = await Promise.all([as.streetA.post("/matching", {}), as.streetA.post("/matching", {})]);
        expect(answers.map((r) => r.status).sort()).toEqual([302, 409]);
        const refused = answers.find((r) => r.status === 409)!;
        expect(textOf(await refused.text())).toContain("尚未完成，请等它完成后再发起重新匹配");
        const streetRuns = getDb()
          .select()
          .from(matchRuns)
          .where(and(eq(matchRuns.scope, "street"), eq(matchRuns.scopeId, world.streets.A.id)))
          .all();
        expect(streetRuns).toHaveLength(1);
        const run = streetRuns[0]!;
        const jobId = jobIds.run(runKeyOf(run));

        const matchingPage = async () => textOf(await (await as.streetA.get("/matching")).text());
        await first.waitForOutput(`开始计算：作业 ${jobId}`);
        await waitFor("页面显示匹配中", async () => (await matchingPage()).includes("最近一次匹配：匹配中"));
        const again = await as.streetA.post("/matching", {});
        expect(again.status).toBe(409);
        expect(textOf(await again.text())).toContain("这个街道的重新匹配（正在计算）尚未完成");

        const second = spawnWorker(redis!.url, prefix);
        workers.push(second);
        await second.waitForOutput("等待匹配作业");
        first.kill("SIGKILL");
        expect(await first.exited).toMatchObject({ signal: "SIGKILL" });
        const killedAt = Date.now();

        let sawRetry = false;
        await waitFor(
          "第二个工作进程接手",
          async () => {
            if ((await matchingPage()).includes("最近一次匹配：等待重试")) sawRetry = true;
            return second.output.includes(`开始计算：作业 ${jobId}`);
          },
          30_000,
          200,
        );
        const resumedAfterMs = Date.now() - killedAt;
        console.log(`被杀的工作进程的作业在 ${resumedAfterMs} ms 后由另一个工作进程接手`);
        expect(sawRetry, "停滞期间页面应显示等待重试").toBe(true);
        expect(resumedAfterMs).toBeLessThan(15_000);

        await waitFor("重新匹配完成", () => getRun(run.id)?.status === "done", 15_000);
        const done = await matchingPage();
        expect(done).toContain("最近一次匹配：已完成");
        expect(done).not.toContain("等待重试");
        second.kill("SIGTERM");
        await second.exited;
      } finally {
        await runtime.stop();
        await cleanQueues(redis!.url, prefix);
      }
    }, 90_000);

    it("hands a burst of requests to Redis in one pass, in bulk", async () => {
      const needIds = Array.from(
        { length: 150 },
        (_, i) =>
          createNeedRow(getDb(), {
            communityId: world.communities.A.id,
            title: `老人助餐需求${i}`,
            category: "养老服务",
          }).id,
      );
      getDb().transaction((tx) => {
        for (const id of needIds) requestMatch(tx, { scope: "need", scopeId: id });
      });
      try {
        await inspector.dispatchPending();
        expect(getDb().select().from(matchRuns).where(isNull(matchRuns.dispatchedAt)).all()).toEqual([]);
        expect((await inspector.computeQueue.getJobCounts("waiting")).waiting).toBe(150);
        // Each job carries its own need and its street's resources (read once for the batch).
        for (const job of await inspector.computeQueue.getJobs(["waiting"], 0, 149)) {
          const data = job.data as ComputeJobData;
          expect(data.input.needs).toHaveLength(1);
          expect(data.input.resources.map((r) => r.title)).toContain(resourceTitle);
        }
        const carried = (await inspector.computeQueue.getJobs(["waiting"], 0, 149)).map((j) =>
          Number((j.data as ComputeJobData).input.needs[0]!.id),
        );
        expect(carried.sort((a, b) => a - b)).toEqual(needIds);
      } finally {
        await cleanQueues(redis!.url, prefix);
      }
    });
  });
});
