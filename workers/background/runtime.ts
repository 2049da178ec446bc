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
 *     SQLite transaction (a few at once: each write is its own transaction, decision 028).
 *   - Compute jobs' queue events (taken, heartbeat, done) become the runs' heartbeat_at, so a page
 *     shows 等待重试 when a worker dies rather than a frozen bar (compute-events.ts).
 *   - A sweeper looks at runs dispatched long ago and not finished: a run whose jobs Redis no
 *     longer has goes back to the outbox; a run whose job failed for good is marked failed.
 *   `npm run worker` processes do the computing. The dispatcher and sweeper are in dispatcher.ts.
 * Without REDIS_URL: the same compute and apply functions run here on a timer, so `npm start`
 * alone still matches; the engine runs on a worker thread (compute/compute-thread.ts) and
 * results are written in chunks, so requests are served while a district is rematched. At
 * start-up, runs handed to Redis before a switch to this mode go back to the outbox: nothing
 * else would ever finish them (decision 028).
 */
import { Worker, type Job } from "bullmq";
import {
  markDispatched,
  markRunFailed,
  markStarted,
  noteApplyFailure,
  noteHeartbeats,
  pendingRuns,
  recordProgress,
  recoverDispatchedRuns,
} from "~/models/matching/match-runs.server";
import type { SharedStreetReads, StreetInput } from "~/models/matching/matching-input.server";
import type { MatchRun } from "#db/schema";
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
import { applyOutput, processResultsJob } from "./results";
import { watchComputeEvents } from "./compute-events";
import { Pacer } from "~/models/platform/steps.server";
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
      // Each write is a transaction of its own (a small result one, a large one one per chunk of
      // needs, every decision taken inside it), so results may interleave; a few at once keep a
      // burst of need runs from queueing behind one another's Redis round trips, or behind a
      // district's long chunked write.
      concurrency: RESULTS_CONCURRENCY,
      lockDuration: settings.lockDuration,
      stalledInterval: settings.stalledInterval,
      maxStalledCount: settings.maxStalledCount,
    },
  );
  resultsWorker.on("error", onResultsError);
  resultsWorker.on("failed", (job, err) => log(`匹配结果作业 ${job?.id ?? ""} 失败：${err.message}`));

  const computeEvents = watchComputeEvents(url, log);
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
      await computeEvents.close();
      resultsConnection.disconnect();
      producer.disconnect();
    },
  };
}

/** Tries at writing one run's result before it is marked failed (in-process). */
const APPLY_ATTEMPTS = 3;
/** Runs taken from the outbox per pass without Redis. */
const IN_PROCESS_BATCH = 50;
/** Results applied at once by the web process with Redis. */
const RESULTS_CONCURRENCY = 4;

type Compute = (data: ComputeJobData) => Promise<ComputeResult>;
const computeHere: Compute = async (data) => computeMatching(data);

/**
 * The fallback: computes and applies pending runs right here, with the same functions the queue
 * uses; `compute` is the runtime's compute thread (or, by default, this thread: scripts and tests).
 * A pass takes up to `limit` runs as a batch, so that a burst of need runs under load costs a few
 * turns of the event loop rather than several each (decision 028): their inputs are read under
 * one time budget (a street's context once), sent to the thread together, and each result is
 * written as soon as it comes back (one transaction for a small result, chunks for a large one).
 * A run leaves the outbox only when its result is written: after a crash, or a write that failed
 * part-way, the next pass computes and writes it again, which finishes it (match-results.server.ts).
 */
export async function runPendingInProcess(limit = 10, compute: Compute = computeHere): Promise<number> {
  const runs = pendingRuns(limit);
  const pacer = new Pacer();
  const shared: SharedStreetReads = new Map();
  const computing = new Set<number>();
  // The heartbeat while the thread computes (a large street takes seconds): the page shows
  // 匹配中, and 等待重试 only if this process stops answering for the run.
  const beat = setInterval(() => noteHeartbeats([...computing]), workerSettings().heartbeatMs);
  const finishing: Promise<void>[] = [];
  try {
    for (const run of runs) {
      let inputs: StreetInput[] | null;
      try {
        inputs = await inputsOrFinish(run, pacer, shared);
      } catch (e) {
        fail(run, `匹配计算失败：${message(e)}`);
        continue;
      }
      if (inputs) finishing.push(computeAndWrite(run, inputs, compute, computing));
    }
    await Promise.all(finishing);
  } finally {
    clearInterval(beat);
  }
  return runs.length;
}

function fail(run: MatchRun, error: string, totalParts = 1) {
  markRunFailed(run.id, error);
  markDispatched(run.id, totalParts);
}

async function computeAndWrite(run: MatchRun, inputs: StreetInput[], compute: Compute, computing: Set<number>) {
  const totalParts = inputs.length;
  let result: ComputeResult;
  markStarted(run.id, totalParts);
  computing.add(run.id);
  try {
    const runKey = runKeyOf(run);
    const parts: ComputeResult[] = [];
    for (const part of inputs) {
      parts.push(await compute({ runId: run.id, runKey, streetId: part.streetId, input: part.input, topK: topK() }));
      // All parts computed: the bar is full while the result is written.
      recordProgress(run.id, parts.length);
    }
    result = run.scope === "district" ? mergeResults({ runId: run.id, runKey }, parts) : parts[0]!;
  } catch (e) {
    return fail(run, `匹配计算失败：${message(e)}`);
  } finally {
    computing.delete(run.id);
  }
  try {
    await applyOutput(run.id, { needIds: result.needIds, resourceIds: result.resourceIds }, result.output);
    markDispatched(run.id, totalParts);
  } catch (e) {
    if (run.dispatchAttempts + 1 < APPLY_ATTEMPTS) noteApplyFailure(run.id, message(e));
    else fail(run, `匹配结果写入失败：${message(e)}`, totalParts);
  }
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

  const recovered = recoverDispatchedRuns();
  if (recovered > 0)
    resolved.log(`匹配：${recovered} 个此前交给 Redis 队列而未完成的匹配请求回到发件箱，在本进程内重新计算`);
  const thread = new ComputeThread();
  const dispatchLoop = loop(
    resolved.pollMs,
    async () => void (await runPendingInProcess(IN_PROCESS_BATCH, (data) => thread.compute(data))),
    resolved.log,
  );
  resolved.log("匹配：未设置 REDIS_URL，在本进程内计算（计算在单独的线程中进行）");
  return {
    mode: "in-process",
    tick: () => dispatchLoop.runOnce(),
    // Nothing here is ever dispatched without being finished; a run handed to a queue is recovered.
    sweep: async () => void recoverDispatchedRuns(),
    async stop() {
      await dispatchLoop.stop();
      await thread.close();
    },
  };
}
