/**
 * `npm run worker` as its own process: killed with SIGKILL in the middle of a job, the job's lock
 * expires, a second worker takes the stalled job over and the request is applied exactly once;
 * stopped with SIGTERM, a worker finishes its current job and exits 0.
 *
 * The workers are spawned with `npx tsx workers/compute/worker.ts`, short locks (MATCH_LOCK_MS) and
 * stalled checks (MATCH_STALLED_INTERVAL_MS), and MATCH_WORKER_TEST_DELAY_MS to keep a job
 * running long enough to kill its worker. They get no usable DATABASE_URL: they need none.
 * Each runs in a process group of its own, so SIGKILL reaches the worker itself and not only npx.
 * Where the test reads the worker's exit code after SIGTERM it starts the worker as package.json's
 * script does (`node --import tsx`, one process), since npm exec neither forwards SIGTERM nor
 * reports the worker's exit code, and tsx's own CLI SIGKILLs its child when a busy machine keeps
 * the child from acknowledging the relayed signal within 30 ms.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import { proposals } from "#db/schema";
import { createNeed } from "~/models/catalog/needs.server";
import { getRun, latestRun } from "~/models/matching/match-runs.server";
import { loadActor } from "~/utils/auth.server";
import { needFormSchema } from "~/schemas/need";
import { jobIds, runKeyOf, producerConnection, type ApplyJobData } from "#workers/queue";
import { startMatchingRuntime, type MatchingRuntime } from "#workers/background/runtime";
import { RedisDispatcher } from "#workers/background/dispatcher";
import { useFreshDatabase } from "../support/db";
import { createResource } from "~/seed/factories";
import { cleanQueues, findRedis, useQueuePrefix, waitFor } from "../support/redis";
import { createWorld, type World } from "../support/world";
import { WorkerProcess } from "../support/worker-process";

const redis = await findRedis();
const db = useFreshDatabase();

describe.skipIf(!redis)("the compute worker process", () => {
  const prefix = useQueuePrefix();
  let world: World;
  let runtime: MatchingRuntime;
  let dispatcher: RedisDispatcher;
  const spawned: WorkerProcess[] = [];

  function spawnWorker(env: Record<string, string>, via: "npx" | "tsx" = "npx") {
    const [command, args] =
      via === "npx"
        ? ["npx", ["tsx", "workers/compute/worker.ts"]]
        : [process.execPath, ["--import", "tsx", "workers/compute/worker.ts"]];
    const child = spawn(command as string, args as string[], {
      cwd: process.cwd(),
      detached: true,
      env: {
        ...process.env,
        REDIS_URL: redis!.url,
        MATCH_QUEUE_PREFIX: prefix,
        MATCH_LOCK_MS: "1500",
        MATCH_STALLED_INTERVAL_MS: "500",
        MATCH_WORKER_CONCURRENCY: "1",
        MATCH_WORKER_TEST_DELAY_MS: "0",
        // The worker never opens the database: a path it could not even create.
        DATABASE_URL: "/proc/no-database-for-workers/app.db",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const worker = new WorkerProcess(child);
    spawned.push(worker);
    return worker;
  }

  beforeAll(async () => {
    process.env.REDIS_URL = redis!.url;
    world = await createWorld(db);
    createResource(db, {
      unitId: world.units.A.id,
      title: "医护志愿者上门探访独居老人",
      description: "每周为独居老人上门探访、陪伴聊天",
      category: "养老服务",
      kind: "volunteers",
      capacity: 5,
    });
    runtime = await startMatchingRuntime({ redisUrl: redis!.url, pollMs: 100, log: () => {} });
    dispatcher = new RedisDispatcher(producerConnection(redis!.url));
    await dispatcher.computeQueue.waitUntilReady();
  });

  afterAll(async () => {
    for (const w of spawned) w.kill("SIGKILL");
    await runtime?.stop();
    await dispatcher?.close();
    dispatcher?.connection.disconnect();
    await cleanQueues(redis!.url, prefix);
    await redis!.stop();
  }, 20_000);

  const community = () => loadActor(world.users.communityA.id)!;
  const need = (title: string) =>
    createNeed(
      community(),
      needFormSchema.parse({
        title,
        description: "高龄独居老人希望每周有人上门探访",
        category: "养老服务",
        contactPhone: "13600002222",
      }),
    );

  it("(c) a worker killed with SIGKILL mid-job: a second worker takes the job over and it is applied exactly once", async () => {
    const first = spawnWorker({ MATCH_WORKER_TEST_DELAY_MS: "60000" });
    await first.waitForOutput("等待匹配作业");
    const created = need("独居老人需要上门陪伴");
    const run = latestRun("need", created.id)!;
    await first.waitForOutput(`开始计算：作业 ${jobIds.run(runKeyOf(run))}`);
    expect(await (await dispatcher.computeQueue.getJob(jobIds.run(runKeyOf(run))))!.getState()).toBe("active");

    const workerPid = Number(/\[matching-worker (\d+)\]/.exec(first.output)?.[1]);
    first.kill("SIGKILL"); // npx, tsx and the worker itself
    expect(await first.exited).toMatchObject({ signal: "SIGKILL" });
    await waitFor("被杀的工作进程已不存在", () => {
      try {
        process.kill(workerPid, 0);
        return false;
      } catch {
        return true;
      }
    });
    expect(getRun(run.id)!.status).toBe("running");

    const second = spawnWorker({}, "tsx");
    await waitFor(`任务 ${run.id} 由第二个工作进程完成`, () => getRun(run.id)?.status === "done", 30_000).catch(
      async (e) => {
        const j = await dispatcher.computeQueue.getJob(jobIds.run(runKeyOf(run)));
        throw new Error(
          `${(e as Error).message}\n作业状态：${await j?.getState()} stalled=${j?.stalledCounter} started=${j?.attemptsStarted}\n${second.output}`,
        );
      },
    );
    expect(second.output).toContain(`开始计算：作业 ${jobIds.run(runKeyOf(run))}`);

    const job = (await dispatcher.computeQueue.getJob(jobIds.run(runKeyOf(run))))!;
    expect(await job.getState()).toBe("completed");
    expect(job.stalledCounter).toBeGreaterThanOrEqual(1);
    expect(job.attemptsStarted).toBeGreaterThanOrEqual(2);

    // Applied exactly once: one result job for the run, and one row per proposed pair.
    const applies = (
      await dispatcher.resultsQueue.getJobs(["completed", "failed", "waiting", "active", "delayed"])
    ).filter((j) => j.name === "apply" && (j.data as ApplyJobData).runId === run.id);
    expect(applies).toHaveLength(1);
    const rows = db.select().from(proposals).where(eq(proposals.needId, created.id)).all();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((p) => p.runId === run.id && p.status === "proposed")).toBe(true);
    expect(new Set(rows.map((p) => p.resourceId)).size).toBe(rows.length);
    expect(getRun(run.id)!.proposalCount).toBe(rows.length);

    second.child.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it("a worker stopped with SIGTERM mid-job finishes the job, closes its connections and exits 0", async () => {
    const worker = spawnWorker({ MATCH_WORKER_TEST_DELAY_MS: "1500" }, "tsx");
    await worker.waitForOutput("等待匹配作业");
    const created = need("空巢老人希望有人定期探访");
    const run = latestRun("need", created.id)!;
    await worker.waitForOutput(`开始计算：作业 ${jobIds.run(runKeyOf(run))}`);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output).toContain(`计算完成：作业 ${jobIds.run(runKeyOf(run))}`);
    expect(worker.output).toContain("已退出");
    await waitFor(`任务 ${run.id} 完成`, () => getRun(run.id)?.status === "done");
    const job = (await dispatcher.computeQueue.getJob(jobIds.run(runKeyOf(run))))!;
    expect(job.stalledCounter).toBe(0);
  }, 40_000);
});
