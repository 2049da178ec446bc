/**
 * Matching through the queues, with a real Redis and a real SQLite file: the outbox, the
 * dispatcher, a compute worker, the results worker, idempotency, and a district flow.
 * (A worker killed mid-job: matching-worker-process.test.ts; Redis stopped and restarted:
 * matching-redis-restart.test.ts; no Redis at all: matching-fallback.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { matchRuns, needs, proposals } from "#db/schema";
import { createNeed, withdrawNeed } from "~/models/catalog/needs.server";
import { getRun, latestRun, requestMatch } from "~/models/matching/match-runs.server";
import { applyMatchingResult } from "~/models/matching/match-results.server";
import { buildMatchingInputs } from "~/models/matching/matching-input.server";
import { loadActor } from "~/utils/auth.server";
import { needFormSchema } from "~/schemas/need";
import type { Actor } from "~/utils/permission-actor";
import { COMPUTE_QUEUE, jobIds, runKeyOf, type ComputeJobData } from "#workers/queue";
import { computeMatching } from "#workers/compute/compute";
import { startComputeWorker, type ComputeWorker } from "#workers/compute/matching-job";
import { startMatchingRuntime, type MatchingRuntime } from "#workers/background/runtime";
import { RedisDispatcher } from "#workers/background/dispatcher";
import { producerConnection } from "#workers/queue";
import { useFreshDatabase } from "../support/db";
import { createNeed as createNeedRow, createResource } from "~/seed/factories";
import { cleanQueues, findRedis, useQueuePrefix, waitFor } from "../support/redis";
import { createWorld, type World } from "../support/world";

const redis = await findRedis();
const db = useFreshDatabase();
const HAN = /[\u4e00-\u9fff]/;

describe.skipIf(!redis)("matching through Redis queues", () => {
  const prefix = useQueuePrefix();
  let world: World;
  let community: Actor;
  let runtime: MatchingRuntime;
  let compute: ComputeWorker;
  let dispatcher: RedisDispatcher;
  const resourceIds = { elderly: 0, afterSchool: 0 };

  beforeAll(async () => {
    process.env.REDIS_URL = redis!.url;
    world = await createWorld(db);
    community = loadActor(world.users.communityA.id)!;
    resourceIds.elderly = createResource(db, {
      unitId: world.units.A.id,
      title: "医护志愿者上门探访独居老人",
      description: "每周为独居、空巢老人上门探访、陪伴聊天、测量血压",
      category: "养老服务",
      kind: "volunteers",
      capacity: 5,
    }).id;
    resourceIds.afterSchool = createResource(db, {
      unitId: world.units.B.id,
      title: "中学教师志愿者课后辅导",
      description: "放学后为双职工家庭孩子辅导作业、托管看护",
      category: "课后托管",
      kind: "volunteers",
      capacity: 3,
    }).id;
    // Children of a district flow run one after another with a pause, so progress can be watched.
    compute = startComputeWorker({ redisUrl: redis!.url, concurrency: 1, testDelayMs: 300 });
    runtime = await startMatchingRuntime({ redisUrl: redis!.url, pollMs: 100, log: () => {} });
    dispatcher = new RedisDispatcher(producerConnection(redis!.url));
    await dispatcher.computeQueue.waitUntilReady();
  });

  afterAll(async () => {
    await runtime?.stop();
    await compute?.close(5_000);
    await dispatcher?.close();
    dispatcher?.connection.disconnect();
    await cleanQueues(redis!.url, prefix);
    await redis!.stop();
  });

  const elderlyNeed = (extra: Record<string, unknown> = {}) =>
    needFormSchema.parse({
      title: "独居老人需要志愿者上门陪伴",
      description: "5号楼几位高龄独居老人希望每周有人上门探访、陪伴聊天",
      category: "养老服务",
      place: "幸福里5号楼302室",
      contactName: "李秀兰",
      contactPhone: "13600001111",
      ...extra,
    });

  const proposalsOf = (needId: number) =>
    db.select().from(proposals).where(eq(proposals.needId, needId)).orderBy(proposals.id).all();
  const liveOf = (needId: number) => proposalsOf(needId).filter((p) => p.status === "proposed");
  const snapshot = (needId: number) =>
    proposalsOf(needId).map(({ id, resourceId, score, reasons, status, runId, assigned }) => ({
      id,
      resourceId,
      score,
      reasons,
      status,
      runId,
      assigned,
    }));
  const done = (runId: number) => waitFor(`匹配任务 ${runId} 完成`, () => getRun(runId)?.status === "done");

  describe("(a) a created need is matched through the outbox and the queues", () => {
    it("records the request in the need's transaction, dispatches it, computes it and applies proposals with Chinese reasons", async () => {
      const need = createNeed(community, elderlyNeed());
      // Nothing has yielded to the event loop yet: the request exists because the need does.
      const run = latestRun("need", need.id)!;
      expect(run).toMatchObject({
        scope: "need",
        scopeId: need.id,
        status: "queued",
        dispatchedAt: null,
        requestedBy: community.id,
      });

      await done(run.id);
      const finished = getRun(run.id)!;
      expect(finished.dispatchedAt).not.toBeNull();
      expect(finished).toMatchObject({ totalParts: 1, doneParts: 1 });
      const live = liveOf(need.id);
      expect(live.length).toBeGreaterThan(0);
      expect(finished.proposalCount).toBe(live.length);
      const best = live.find((p) => p.resourceId === resourceIds.elderly);
      expect(best, "养老志愿者资源应被推荐").toBeDefined();
      expect(best!.score).toBeGreaterThanOrEqual(0);
      expect(best!.score).toBeLessThanOrEqual(1);
      expect(best!.reasons.length).toBeGreaterThan(0);
      for (const p of live) {
        expect(p).toMatchObject({
          origin: "matching",
          runId: run.id,
          communityDecision: "pending",
          unitDecision: "pending",
        });
        expect(p.reasons.every((r) => HAN.test(r))).toBe(true);
      }
      // Only resources of the need's own street are proposed.
      expect(live.every((p) => p.resourceId !== resourceIds.afterSchool)).toBe(true);

      // The job carried the engine's input, never the beneficiaries' personal data.
      const job = await dispatcher.computeQueue.getJob(jobIds.run(runKeyOf(run)));
      const data = job!.data as ComputeJobData;
      expect(data.input.needs.map((n) => n.id)).toEqual([String(need.id)]);
      const carried = JSON.stringify(data);
      for (const secret of ["13600001111", "李秀兰", "幸福里5号楼302室", "13912345678", "王秀英"])
        expect(carried).not.toContain(secret);
    });

    it("leaves no request behind when the need's write fails", () => {
      const runsBefore = db.select().from(matchRuns).all().length;
      const needsBefore = db.select().from(needs).all().length;
      db.$client.exec(
        `CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
      );
      try {
        expect(() => createNeed(community, elderlyNeed({ title: "这条需求不应保存" }))).toThrow(/disk full/);
      } finally {
        db.$client.exec("DROP TRIGGER fail_audit");
      }
      expect(db.select().from(needs).all().length).toBe(needsBefore);
      expect(db.select().from(matchRuns).all().length).toBe(runsBefore);
    });

    it("supersedes a withdrawn need's live proposals in the withdrawal's transaction", async () => {
      const need = createNeed(community, elderlyNeed({ title: "高龄老人需要上门陪伴聊天" }));
      await done(latestRun("need", need.id)!.id);
      expect(liveOf(need.id).length).toBeGreaterThan(0);
      withdrawNeed(community, need.id);
      expect(liveOf(need.id)).toEqual([]);
      expect(proposalsOf(need.id).every((p) => p.status === "superseded")).toBe(true);
    });
  });

  describe("(b) a run dispatched twice or a job retried writes no duplicate proposals", () => {
    it("keeps one job per run and the same proposal rows however often the run is delivered or applied", async () => {
      const need = createNeed(community, elderlyNeed({ title: "空巢老人希望有人定期探访" }));
      const run = latestRun("need", need.id)!;
      // The runtime's own dispatcher may be doing the same right now: all of these are one job.
      await Promise.all([dispatcher.dispatch(run), dispatcher.dispatch(run), runtime.tick()]);
      const jobs = (
        await dispatcher.computeQueue.getJobs(["waiting", "active", "delayed", "completed", "failed"])
      ).filter((j) => (j.data as ComputeJobData).runId === run.id);
      expect(jobs.map((j) => j.id)).toEqual([jobIds.run(runKeyOf(run))]);
      await done(run.id);
      const first = snapshot(need.id);
      expect(first.length).toBeGreaterThan(0);

      // The bookkeeping of the dispatch is lost (dispatchedAt never written) and the job is gone
      // from Redis: the run is dispatched and computed again; the result finds the run done.
      const job = await dispatcher.computeQueue.getJob(jobIds.run(runKeyOf(run)));
      await job!.remove();
      const applied = await dispatcher.resultsQueue.getJob(jobIds.apply(runKeyOf(run)));
      await applied?.remove();
      db.update(matchRuns).set({ dispatchedAt: null }).where(eq(matchRuns.id, run.id)).run();
      await waitFor("再次派发", () => getRun(run.id)?.dispatchedAt !== null);
      await waitFor(
        "再次计算并送回结果",
        async () => (await dispatcher.resultsQueue.getJob(jobIds.apply(runKeyOf(run))))?.finishedOn,
      );
      expect(snapshot(need.id)).toEqual(first);

      // A duplicated compute job (another id, same run) and a retried apply: still the same rows.
      const data = (await dispatcher.computeQueue.getJob(jobIds.run(runKeyOf(run))))!.data as ComputeJobData;
      await dispatcher.computeQueue.add("compute", data, { jobId: `${jobIds.run(runKeyOf(run))}-duplicate` });
      await waitFor(
        "重复作业完成",
        async () => (await dispatcher.computeQueue.getJob(`${jobIds.run(runKeyOf(run))}-duplicate`))?.finishedOn,
      );
      const result = computeMatching(data);
      expect(applyMatchingResult(run.id, result, result.output).applied).toBe(false);
      expect(snapshot(need.id)).toEqual(first);

      // Even for a run not yet marked done, applying the same result again rewrites the same rows.
      db.update(matchRuns).set({ status: "running" }).where(eq(matchRuns.id, run.id)).run();
      const again = applyMatchingResult(run.id, result, result.output);
      expect(again).toMatchObject({
        applied: true,
        inserted: 0,
        superseded: 0,
        updated: first.filter((p) => p.status === "proposed").length,
      });
      expect(snapshot(need.id)).toEqual(first);
      expect(getRun(run.id)).toMatchObject({ status: "done", proposalCount: again.proposalCount });

      // Every pair has exactly one row.
      const pairs = proposalsOf(need.id).map((p) => p.resourceId);
      expect(new Set(pairs).size).toBe(pairs.length);
    });

    it("leaves decided and claimed proposals alone and never writes to a closed or full resource", () => {
      // Written directly (no request), with a run the dispatcher does not pick up: applied by hand.
      const need = createNeedRow(db, {
        communityId: world.communities.A.id,
        title: "独居老人冬季需要上门探访",
        category: "养老服务",
      });
      const run = db
        .insert(matchRuns)
        .values({ scope: "need", scopeId: need.id, status: "running", dispatchedAt: new Date().toISOString() })
        .returning()
        .get();
      const [input] = buildMatchingInputs("need", need.id);
      const r1 = resourceIds.elderly;
      const r2 = createResource(db, {
        unitId: world.units.A.id,
        title: "社区志愿服务队",
        category: "养老服务",
        kind: "volunteers",
      }).id;
      const r3 = createResource(db, {
        unitId: world.units.A.id,
        title: "已满额的资源",
        category: "养老服务",
        kind: "volunteers",
        capacity: 1,
        usedCapacity: 1,
      }).id;
      // Live before the run: a claimed one (other origin) and one the community already accepted.
      db.insert(proposals)
        .values({ needId: need.id, resourceId: r2, score: 0.4, reasons: ["单位认领"], origin: "unit_claim" })
        .run();
      const accepted = db
        .insert(proposals)
        .values({ needId: need.id, resourceId: r1, score: 0.3, reasons: ["旧理由"], communityDecision: "accepted" })
        .returning()
        .get();
      const output = {
        proposals: [
          { needId: String(need.id), resourceId: String(r1), score: 0.9, reasons: ["类别相符：养老服务"] },
          { needId: String(need.id), resourceId: String(r2), score: 0.8, reasons: ["类别相符：养老服务"] },
          { needId: String(need.id), resourceId: String(r3), score: 0.7, reasons: ["类别相符：养老服务"] },
        ],
        assignment: [{ needId: String(need.id), resourceId: String(r1) }],
      };
      const outcome = applyMatchingResult(run.id, { needIds: input!.input.needs.map((n) => n.id) }, output);
      expect(outcome).toMatchObject({ inserted: 0, updated: 0 });
      const live = liveOf(need.id);
      expect(live.map((p) => [p.resourceId, p.origin, p.score])).toEqual([
        [r2, "unit_claim", 0.4],
        [r1, "matching", 0.3],
      ]);
      expect(live.find((p) => p.id === accepted.id)?.reasons).toEqual(["旧理由"]);
      expect(proposalsOf(need.id).some((p) => p.resourceId === r3)).toBe(false);
    });
  });

  describe("(e) a district rematch is a flow with one child per street", () => {
    it("computes every street, advances progress as children finish, and applies proposals for every street", async () => {
      const runId = db.transaction((tx) =>
        requestMatch(tx, { scope: "district", scopeId: world.district.id, requestedBy: world.users.district.id }),
      );
      const seen = new Set<number>();
      await waitFor(
        "区级匹配完成",
        () => {
          const run = getRun(runId)!;
          if (run.dispatchedAt) seen.add(run.doneParts);
          return run.status === "done";
        },
        20_000,
        20,
      );
      const run = getRun(runId)!;
      const runKey = runKeyOf(run);
      expect(run).toMatchObject({ status: "done", totalParts: 2, doneParts: 2 });
      expect(seen.has(1), `进度应逐步推进，观察到 ${[...seen].join(",")}`).toBe(true);

      // The flow: a parent (merge) whose two children (one per street) both completed.
      const parent = await dispatcher.computeQueue.getJob(jobIds.run(runKey));
      expect(parent!.name).toBe("merge");
      const deps = await parent!.getDependencies();
      expect(Object.keys(deps.processed ?? {}).sort()).toEqual(
        [world.streets.A.id, world.streets.B.id]
          .map((s) => `${prefix}:${COMPUTE_QUEUE}:${jobIds.part(runKey, s)}`)
          .sort(),
      );

      // Proposals for both streets, written by this run.
      const byRun = db.select().from(proposals).where(eq(proposals.runId, runId)).all();
      expect(run.proposalCount).toBe(byRun.length);
      expect(byRun.some((p) => p.needId === world.needs.A.id && p.resourceId === resourceIds.elderly)).toBe(true);
      expect(byRun.some((p) => p.needId === world.needs.B.id && p.resourceId === resourceIds.afterSchool)).toBe(true);
      const assigned = byRun.filter((p) => p.assigned);
      expect(new Set(assigned.map((p) => p.needId)).size).toBe(assigned.length);
      // Never a pair twice among live proposals.
      const live = db
        .select()
        .from(proposals)
        .where(inArray(proposals.needId, [world.needs.A.id, world.needs.B.id]))
        .all()
        .filter((p) => p.status === "proposed");
      expect(new Set(live.map((p) => `${p.needId}:${p.resourceId}`)).size).toBe(live.length);
    });
  });
  describe("when Redis and the database disagree", () => {
    const lostRun = (needId: number) =>
      db
        .insert(matchRuns)
        .values({
          scope: "need",
          scopeId: needId,
          status: "running",
          dispatchedAt: new Date(Date.now() - 3_600_000).toISOString(),
        })
        .returning()
        .get();

    it("sends a run whose job Redis no longer has back to the outbox, and it is matched", async () => {
      const need = createNeedRow(db, {
        communityId: world.communities.A.id,
        title: "高龄独居老人需要上门探访",
        category: "养老服务",
      });
      const run = lostRun(need.id); // dispatched an hour ago, but Redis has no job for it
      await runtime.sweep();
      await done(run.id);
      expect(getRun(run.id)!.dispatchAttempts).toBe(1);
      expect(liveOf(need.id).length).toBeGreaterThan(0);
    });

    it("marks a run failed when its compute job fails for good", async () => {
      const need = createNeedRow(db, {
        communityId: world.communities.A.id,
        title: "老人需要陪伴",
        category: "养老服务",
      });
      const run = lostRun(need.id);
      const broken = {
        runId: run.id,
        runKey: runKeyOf(run),
        streetId: world.streets.A.id,
        input: { needs: [{ id: String(need.id) }] },
      };
      await dispatcher.computeQueue.add("compute", broken as unknown as ComputeJobData, {
        jobId: jobIds.run(runKeyOf(run)),
        attempts: 2,
        backoff: { type: "fixed", delay: 100 },
      });
      await waitFor("任务标记为失败", () => getRun(run.id)?.status === "failed");
      expect(getRun(run.id)!.error).toMatch(/^匹配计算失败：/);
      expect(liveOf(need.id)).toEqual([]);
    });

    it("ignores results for a run this database does not have under that id", async () => {
      const need = createNeedRow(db, {
        communityId: world.communities.A.id,
        title: "独居老人冬季探访",
        category: "养老服务",
      });
      const run = lostRun(need.id);
      const staleKey = `${run.id}-19990101000000000`;
      const output = {
        proposals: [
          {
            needId: String(need.id),
            resourceId: String(resourceIds.elderly),
            score: 0.9,
            reasons: ["类别相符：养老服务"],
          },
        ],
        assignment: [],
      };
      await dispatcher.resultsQueue.add(
        "apply",
        { runId: run.id, runKey: staleKey, needIds: [String(need.id)], resourceIds: [], output },
        { jobId: jobIds.apply(staleKey) },
      );
      await waitFor(
        "过期结果已处理",
        async () => (await dispatcher.resultsQueue.getJob(jobIds.apply(staleKey)))?.finishedOn,
      );
      expect(getRun(run.id)!.status).toBe("running");
      expect(proposalsOf(need.id)).toEqual([]);
    });
  });
});
