/**
 * Matching inside the web process (the process that owns the database).
 *
 * With REDIS_URL: the web process only enqueues and applies.
 *   - A dispatcher polls the outbox (match_runs rows with dispatchedAt null) about every 500 ms,
 *     builds each run's input from the database and adds a compute job (a flow with one child per
 *     street for a district) whose job id derives from the run id, so dispatching a run twice
 *     never makes two jobs. dispatchedAt is set only after Redis accepted the job: while Redis is
 *     away, requests wait in SQLite and go out when it is back.
 *   - A results worker on `matching-results` applies results, progress and failures, each in one
 *     SQLite transaction.
 *   - A sweeper looks at runs dispatched long ago and not finished: a run whose jobs Redis no
 *     longer has goes back to the outbox; a run whose job failed for good is marked failed.
 *   `npm run worker` processes do the computing. The dispatcher and sweeper are in dispatcher.ts.
 * Without REDIS_URL: the same compute and apply functions run here on a timer, so `npm start`
 * alone still matches; the engine runs on a worker thread (compute/compute-thread.ts) and
 * results are written in chunks, so requests are served while a district is rematched.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { Worker, type Job } from "bullmq";
import {
  markDispatched,
  markRunFailed,
  markStarted,
  noteApplyFailure,
  pendingRuns,
  recordProgress,
} from "~/models/matching/match-runs.server";
import { applyMatchingResultInChunks } from "~/models/matching/match-results.server";
import {
  RESULTS_QUEUE,
  finishedWithin,
  producerConnection,
  queuePrefix,
  redisUrl as redisUrlFromEnv,
  runKeyOf,
  topK,
  workerConnection,
  workerSettings,
  type ComputeJobData,
  type ComputeResult,
  type ResultsJobData,
} from "../queue";
import { computeMatching, mergeResults } from "../compute/compute";
import { ComputeThread } from "../compute/compute-thread";
import { processResultsJob } from "./results";
import { logRedisError } from "../redis-errors";

export interface MatchingRuntime {
  mode: "redis" | "in-process";
  /** Runs one dispatch pass now (the timer does this by itself). */
  tick(): Promise<void>;
  /** Runs one sweep now (the timer does this by itself). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

export interface MatchingRuntimeOptions {
  /** Defaults to REDIS_URL; null forces the in-process fallback. */
  redisUrl?: string | null;
  /** Outbox poll interval (MATCH_POLL_MS, default 500). */
  pollMs?: number;
  /** Sweeper interval (MATCH_SWEEP_MS, default 30 s). */
  sweepMs?: number;
  /** A dispatched run unfinished for this long is checked (MATCH_REDISPATCH_AFTER_MS, default 120 s). */
  redispatchAfterMs?: number;
  log?: (message: string) => void;
}

import { env } from "../../env";
import { inputsOrFinish, message, RedisDispatcher } from "./dispatcher";

/** A loop that runs `fn` every `ms`, one pass at a time. */
function loop(ms: number, fn: () => Promise<void>, log: (m: string) => void) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const runOnce = () => {
    running ??= fn()
      .catch((e) => log(`匹配调度出错：${message(e)}`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().then(schedule);
    }, ms);
    timer.unref?.();
  };
  schedule();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

async function startRedisRuntime(
  url: string,
  options: Required<Omit<MatchingRuntimeOptions, "redisUrl">>,
): Promise<MatchingRuntime> {
  const { log } = options;
  const settings = workerSettings();
  const producer = producerConnection(url, "matching-dispatcher");
  let lastError = "";
  producer.on("error", (e: Error) => {
    if (e.message !== lastError) log(`Redis 暂不可用，匹配请求先保存在数据库中：${e.message}`);
    lastError = e.message;
  });
  producer.on("ready", () => {
    if (lastError) log("Redis 已恢复，继续派发匹配请求");
    lastError = "";
  });
  const dispatcher = new RedisDispatcher(producer, log);

  const resultsConnection = workerConnection(url, "matching-results");
  const onResultsError = logRedisError("matching-results", log);
  resultsConnection.on("error", onResultsError);
  const resultsWorker = new Worker<ResultsJobData>(
    RESULTS_QUEUE,
    async (job: Job<ResultsJobData>) => {
      const outcome = await processResultsJob(job.name, job.data);
      if (!outcome) return null;
      if ("ignored" in outcome) {
        log(`忽略匹配结果作业 ${job.id}：本数据库中没有它所属的匹配任务（数据库重建过？）`);
        return outcome;
      }
      return { proposalCount: outcome.proposalCount, applied: outcome.applied };
    },
    {
      connection: resultsConnection,
      prefix: queuePrefix(),
      // SQLite has one writer: apply one result at a time.
      concurrency: 1,
      lockDuration: settings.lockDuration,
      stalledInterval: settings.stalledInterval,
      maxStalledCount: settings.maxStalledCount,
    },
  );
  resultsWorker.on("error", onResultsError);
  resultsWorker.on("failed", (job, err) => log(`匹配结果作业 ${job?.id ?? ""} 失败：${err.message}`));

  const dispatchLoop = loop(options.pollMs, () => dispatcher.dispatchPending(), log);
  const sweepLoop = loop(options.sweepMs, () => dispatcher.sweep(options.redispatchAfterMs), log);
  log(`匹配：通过 Redis 队列派发（前缀 ${queuePrefix()}），由 npm run worker 进程计算`);

  return {
    mode: "redis",
    tick: () => dispatchLoop.runOnce(),
    sweep: () => sweepLoop.runOnce(),
    async stop() {
      await Promise.all([dispatchLoop.stop(), sweepLoop.stop()]);
      if (!(await finishedWithin(resultsWorker.close(), 10_000)))
        await finishedWithin(resultsWorker.close(true), 2_000);
      await dispatcher.close();
      resultsConnection.disconnect();
      producer.disconnect();
    },
  };
}

/** Tries at writing one run's result before it is marked failed (in-process). */
const APPLY_ATTEMPTS = 3;

type Compute = (data: ComputeJobData) => Promise<ComputeResult>;
const computeHere: Compute = async (data) => computeMatching(data);

/**
 * The fallback: computes and applies pending runs right here, with the same functions the queue
 * uses. Inputs are read and results written with the event loop free between pages and chunks;
 * `compute` is the runtime's compute thread (or, by default, this thread: scripts and tests).
 * A run leaves the outbox only when its result is written: after a crash, or a write that failed
 * part-way, the next pass computes and writes it again, which finishes it (match-results.server.ts).
 */
export async function runPendingInProcess(limit = 10, compute: Compute = computeHere): Promise<number> {
  let processed = 0;
  for (const run of pendingRuns(limit)) {
    processed++;
    let result: ComputeResult;
    let totalParts: number;
    try {
      const inputs = await inputsOrFinish(run);
      if (!inputs) continue;
      totalParts = inputs.length;
      markStarted(run.id, totalParts);
      const parts: ComputeResult[] = [];
      const runKey = runKeyOf(run);
      for (const part of inputs) {
        parts.push(await compute({ runId: run.id, runKey, streetId: part.streetId, input: part.input, topK: topK() }));
        if (inputs.length > 1) recordProgress(run.id, parts.length);
        await yieldToEventLoop(); // let requests through between streets
      }
      result = run.scope === "district" ? mergeResults({ runId: run.id, runKey }, parts) : parts[0]!;
    } catch (e) {
      markRunFailed(run.id, `匹配计算失败：${message(e)}`);
      markDispatched(run.id, 1);
      continue;
    }
    try {
      await applyMatchingResultInChunks(
        run.id,
        { needIds: result.needIds, resourceIds: result.resourceIds },
        result.output,
      );
      markDispatched(run.id, totalParts);
    } catch (e) {
      if (run.dispatchAttempts + 1 < APPLY_ATTEMPTS) {
        noteApplyFailure(run.id, message(e));
      } else {
        markRunFailed(run.id, `匹配结果写入失败：${message(e)}`);
        markDispatched(run.id, totalParts);
      }
    }
    await yieldToEventLoop();
  }
  return processed;
}

export async function startMatchingRuntime(options: MatchingRuntimeOptions = {}): Promise<MatchingRuntime> {
  const settings = env();
  const resolved = {
    pollMs: options.pollMs ?? settings.MATCH_POLL_MS,
    sweepMs: options.sweepMs ?? settings.MATCH_SWEEP_MS,
    redispatchAfterMs: options.redispatchAfterMs ?? settings.MATCH_REDISPATCH_AFTER_MS,
    log: options.log ?? ((m: string) => console.log(m)),
  };
  const url = options.redisUrl === undefined ? redisUrlFromEnv() : options.redisUrl;
  if (url) return startRedisRuntime(url, resolved);

  const thread = new ComputeThread();
  const dispatchLoop = loop(
    resolved.pollMs,
    async () => void (await runPendingInProcess(10, (data) => thread.compute(data))),
    resolved.log,
  );
  resolved.log("匹配：未设置 REDIS_URL，在本进程内计算（计算在单独的线程中进行）");
  return {
    mode: "in-process",
    tick: () => dispatchLoop.runOnce(),
    sweep: async () => {},
    async stop() {
      await dispatchLoop.stop();
      await thread.close();
    },
  };
}
