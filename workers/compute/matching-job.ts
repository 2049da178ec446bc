/**
 * The compute worker: processes the `matching` queue and publishes what the database owner must
 * write to `matching-results`. It needs Redis only — no database — so it can run on any machine.
 *
 * - compute (alone): runs the engine on one street's input and publishes the result to apply.
 * - compute (child of a district flow): runs the engine, publishes the run's progress, and returns
 *   its result for the parent.
 * - merge (parent of a district flow): merges its children's results and publishes them to apply.
 *
 * Every publication has a job id derived from the run, so a retried or duplicated job publishes
 * nothing twice while the first publication is still in the queue; applying is idempotent anyway.
 *
 * The engine runs on a thread of the worker (compute-pool.ts), so the worker's own event loop stays
 * free: BullMQ renews the job's lock, and the job reports a heartbeat (its progress) every
 * heartbeatEveryMs, which the web side writes to match_runs.heartbeat_at. A worker that dies stops
 * both; the page shows 等待重试 and another worker takes the job over when its lock expires.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import {
  APPLY_JOB,
  COMPUTE_JOB,
  COMPUTE_QUEUE,
  FAIL_JOB,
  MERGE_JOB,
  PROGRESS_JOB,
  RESULTS_QUEUE,
  finishedWithin,
  jobIds,
  producerConnection,
  queuePrefix,
  resultsJobOptions,
  workerConnection,
  workerSettings,
  type ApplyJobData,
  type ComputeJobData,
  type ComputeResult,
  type FailJobData,
  type MergeJobData,
  type ProgressJobData,
} from "../queue";
import { logRedisError } from "../redis-errors";
import { computeMatching, mergeResults } from "./compute";
import { ComputePool } from "./compute-pool";

export type MatchingJobData = ComputeJobData | MergeJobData;
/** Runs the engine on one street's input: on a thread in the worker, in this thread by default (tests). */
export type ComputeStreet = (data: ComputeJobData) => Promise<ComputeResult>;
export type MatchingJobResult = ComputeResult | { runId: number; proposals: number };

export interface ComputeWorkerOptions {
  redisUrl: string;
  concurrency?: number;
  /** Tests only: wait this long before computing (see MATCH_WORKER_TEST_DELAY_MS). */
  testDelayMs?: number;
  name?: string;
  log?: (message: string) => void;
}

export interface ComputeWorker {
  worker: Worker<MatchingJobData, MatchingJobResult>;
  /** Waits for the current jobs (at most `timeoutMs`, after which they are left to be taken over), then disconnects. */
  close(timeoutMs?: number): Promise<void>;
}

async function publishApply(results: Queue, result: ComputeResult) {
  const data: ApplyJobData = {
    runId: result.runId,
    runKey: result.runKey,
    needIds: result.needIds,
    resourceIds: result.resourceIds,
    output: result.output,
  };
  await results.add(APPLY_JOB, data, { ...resultsJobOptions, jobId: jobIds.apply(result.runKey) });
}

/** How many parts of a district run are computed: a set per run, so a retried part counts once. */
async function countDonePart(redis: Redis, runKey: string, streetId: number): Promise<number> {
  const key = `${queuePrefix()}:${COMPUTE_QUEUE}:parts-done:${runKey}`;
  const replies = await redis
    .multi()
    .sadd(key, String(streetId))
    .expire(key, 7 * 24 * 3600)
    .scard(key)
    .exec();
  const last = replies?.[2];
  if (!last || last[0]) throw last?.[0] ?? new Error("无法记录匹配进度");
  return Number(last[1]);
}

/** Sends the job's progress every `everyMs` while `work` runs: the web side reads it as the run's heartbeat. */
async function withHeartbeat<T>(job: Job, everyMs: number, work: () => Promise<T>): Promise<T> {
  let beats = 0;
  const timer = setInterval(() => {
    job.updateProgress({ beats: ++beats }).catch(() => {}); // a missed beat only makes the page cautious
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

export function createMatchingProcessor(
  results: Queue,
  publisher: Redis,
  testDelayMs = 0,
  log: (m: string) => void = () => {},
  compute: ComputeStreet = async (data) => computeMatching(data),
  heartbeatMs = workerSettings().heartbeatMs,
) {
  return async (
    job: Job<MatchingJobData, MatchingJobResult>,
    _token?: string,
    signal?: AbortSignal,
  ): Promise<MatchingJobResult> =>
    withHeartbeat(job, heartbeatMs, async () => {
      if (job.name === MERGE_JOB) {
        const data = job.data as MergeJobData;
        const parts = Object.values(await job.getChildrenValues<ComputeResult>());
        const merged = mergeResults(data, parts);
        await publishApply(results, merged);
        log(`合并完成：任务 ${data.runId}，${parts.length} 个街道，${merged.output.proposals.length} 条建议`);
        return { runId: data.runId, proposals: merged.output.proposals.length };
      }
      if (job.name !== COMPUTE_JOB) throw new Error(`未知的匹配作业：${job.name}`);
      const data = job.data as ComputeJobData;
      log(
        `开始计算：作业 ${job.id}（任务 ${data.runId}，街道 ${data.streetId}，需求 ${data.input.needs.length} 条，资源 ${data.input.resources.length} 条）`,
      );
      if (testDelayMs > 0) await sleep(testDelayMs, undefined, { signal });
      const result = await compute(data);
      if (job.parent) {
        const doneParts = await countDonePart(publisher, data.runKey, data.streetId);
        const progress: ProgressJobData = { runId: data.runId, runKey: data.runKey, doneParts };
        await results.add(PROGRESS_JOB, progress, {
          ...resultsJobOptions,
          jobId: jobIds.progress(data.runKey, doneParts),
        });
        log(`街道完成：作业 ${job.id}，第 ${doneParts} 个`);
        return result; // the parent merges it
      }
      await publishApply(results, result);
      log(`计算完成：作业 ${job.id}，${result.output.proposals.length} 条建议`);
      return { runId: data.runId, proposals: result.output.proposals.length };
    });
}

/** Starts a Worker on `matching`. Used by workers/compute/worker.ts and by tests. */
export function startComputeWorker(options: ComputeWorkerOptions): ComputeWorker {
  const settings = workerSettings();
  const log = options.log ?? (() => {});
  const prefix = queuePrefix();
  const publisher = producerConnection(options.redisUrl, "matching-worker-publisher");
  // Reconnects by itself (failures surface as failed jobs); errors logged, at most one line a minute.
  const onError = logRedisError(options.name ?? "matching-worker", log);
  publisher.on("error", onError);
  const results = new Queue(RESULTS_QUEUE, { connection: publisher, prefix });
  results.on("error", onError);
  const connection = workerConnection(options.redisUrl, options.name ?? "matching-worker");
  connection.on("error", onError);
  const concurrency = options.concurrency ?? settings.concurrency;
  const pool = new ComputePool(concurrency);
  const worker = new Worker<MatchingJobData, MatchingJobResult>(
    COMPUTE_QUEUE,
    createMatchingProcessor(results, publisher, options.testDelayMs ?? settings.testDelayMs, log, (data) =>
      pool.compute(data),
    ),
    {
      connection,
      prefix,
      name: options.name,
      concurrency,
      lockDuration: settings.lockDuration,
      stalledInterval: settings.stalledInterval,
      maxStalledCount: settings.maxStalledCount,
    },
  );
  worker.on("error", onError); // its connections' errors arrive here too: one limit for all
  worker.on("failed", (job, err) => {
    if (!job) return;
    const { runId, runKey } = job.data;
    // A job that will not be retried ends its run; a district part fails its parent as well.
    if (typeof job.finishedOn !== "number") {
      log(`作业 ${job.id} 第 ${job.attemptsMade} 次失败，将重试：${err.message}`);
      return;
    }
    log(`作业 ${job.id} 最终失败：${err.message}`);
    const data: FailJobData = { runId, runKey, error: `匹配计算失败：${err.message}` };
    results
      .add(FAIL_JOB, data, { ...resultsJobOptions, jobId: jobIds.fail(runKey) })
      .catch((e: Error) => log(`无法报告失败：${e.message}`));
  });

  let closing: Promise<void> | undefined;
  async function close(timeoutMs = 30_000) {
    closing ??= (async () => {
      if (!(await finishedWithin(worker.close(), timeoutMs))) {
        // Stop waiting: the unfinished jobs are cancelled (and retried) or keep their lock until it
        // expires, then another worker takes them over.
        worker.cancelAllJobs("worker shutting down");
        await finishedWithin(worker.close(true), 2_000);
      }
      await results.close().catch(() => {});
      await pool.close();
      connection.disconnect();
      publisher.disconnect();
    })();
    return closing;
  }
  return { worker, close };
}
