/**
 * The dispatcher and sweeper of matching with Redis (see runtime.ts): hands the outbox's runs to
 * BullMQ (one compute job, or a flow with one child per street for a district), with job ids
 * derived from the run so that dispatching twice never makes two jobs, and puts back in the
 * outbox runs whose jobs Redis lost.
 *
 * It shares the event loop with the pages, so a pass does its work in bulk (decision 028): the
 * inputs of a batch of runs are read under one time budget (a street's resources once for all its
 * needs), their jobs go to Redis in one addBulk per slice, and they are marked dispatched in one
 * transaction. Waiting a turn of a busy loop per step of every run was what let 742 requests pile
 * up under 50 users.
 */
import { FlowProducer, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { matchingInputSteps, type SharedStreetReads, type StreetInput } from "~/models/matching/matching-input.server";
import {
  markDispatched,
  markDispatchedMany,
  markRunFailed,
  markStarted,
  noteDispatchFailure,
  pendingRuns,
  returnToOutbox,
  unfinishedDispatchedRuns,
} from "~/models/matching/match-runs.server";
import { applyMatchingResultInChunks } from "~/models/matching/match-results.server";
import { Pacer } from "~/models/platform/steps.server";
import type { MatchRun } from "#db/schema";
import { env } from "../../env";
import {
  COMPUTE_JOB,
  COMPUTE_QUEUE,
  MERGE_JOB,
  RESULTS_QUEUE,
  computeJobOptions,
  jobIds,
  partJobOptions,
  queuePrefix,
  runKeyOf,
  topK,
  type ComputeJobData,
  type MergeJobData,
  type ResultsJobData,
} from "../queue";
import { logRedisError } from "../redis-errors";

const EMPTY_OUTPUT = { proposals: [], assignment: [] };
/** Runs taken from the outbox in one pass. */
const RUNS_PER_PASS = 200;
/** Compute jobs per addBulk: one Redis round trip each, a few megabytes at most. */
const JOBS_PER_BULK = 50;

export function message(e: unknown) {
  return e instanceof Error ? e.message : String(e);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}超时（${ms} ms）`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The inputs of a run, read with the event loop given way to whenever `pacer`'s budget is used (a
 * district's reads take many turns, a need's usually none). A run with nothing to compute (its
 * need is no longer open, no resource has capacity left, the item no longer exists) is finished at
 * once: its needs keep no proposals. `shared` lets the runs of one batch read a street once.
 */
export async function inputsOrFinish(
  run: MatchRun,
  pacer = new Pacer(),
  shared?: SharedStreetReads,
): Promise<StreetInput[] | null> {
  const inputs = await pacer.run(matchingInputSteps(run.scope, run.scopeId, undefined, shared));
  if (inputs.some((i) => i.input.needs.length > 0 && i.input.resources.length > 0)) return inputs;
  const parts = Math.max(1, inputs.length);
  markStarted(run.id, parts);
  await applyMatchingResultInChunks(
    run.id,
    { needIds: inputs.flatMap((i) => i.input.needs.map((n) => n.id)) },
    EMPTY_OUTPUT,
  );
  markDispatched(run.id, parts);
  return null;
}

export class RedisDispatcher {
  readonly computeQueue: Queue<ComputeJobData | MergeJobData>;
  readonly resultsQueue: Queue<ResultsJobData>;
  readonly flow: FlowProducer;
  private readonly timeoutMs = env().MATCH_DISPATCH_TIMEOUT_MS;

  constructor(
    readonly connection: Redis,
    log: (message: string) => void = (m) => console.log(m),
  ) {
    const prefix = queuePrefix();
    this.computeQueue = new Queue(COMPUTE_QUEUE, { connection, prefix });
    this.resultsQueue = new Queue(RESULTS_QUEUE, { connection, prefix });
    this.flow = new FlowProducer({ connection, prefix });
    // Redis being away is handled by the callers (the run stays in the outbox): logged, never fatal.
    const onError = logRedisError("matching-dispatcher", log);
    this.computeQueue.on("error", onError);
    this.resultsQueue.on("error", onError);
    this.flow.on("error", onError);
  }

  get ready() {
    return this.connection.status === "ready";
  }

  /** Hands one run to the queue; throws (leaving it in the outbox) when Redis does not take it. */
  async dispatch(run: MatchRun): Promise<void> {
    const inputs = await inputsOrFinish(run);
    if (!inputs) return;
    if (run.scope === "district") await this.addFlow(run, inputs);
    else {
      await this.clearFinishedJobs([run]);
      await this.addJobs([this.computeJob(run, inputs[0]!)]);
    }
    markDispatched(run.id, inputs.length);
  }

  private computeJob(run: MatchRun, part: StreetInput) {
    const runKey = runKeyOf(run);
    const data: ComputeJobData = { runId: run.id, runKey, streetId: part.streetId, input: part.input, topK: topK() };
    return { name: COMPUTE_JOB, data, opts: { ...computeJobOptions, jobId: jobIds.run(runKey) } };
  }

  private async addJobs(jobs: ReturnType<RedisDispatcher["computeJob"]>[]) {
    await withTimeout(this.computeQueue.addBulk(jobs), this.timeoutMs, "加入匹配队列");
  }

  private async addFlow(run: MatchRun, inputs: StreetInput[]) {
    await this.clearFinishedJobs([run]);
    const runKey = runKeyOf(run);
    const k = topK();
    // A flow added again would add its children again under an existing parent: check first.
    const existing = await withTimeout(this.computeQueue.getJob(jobIds.run(runKey)), this.timeoutMs, "查询匹配队列");
    if (existing) return;
    const parent: MergeJobData = { runId: run.id, runKey, totalParts: inputs.length };
    await withTimeout(
      this.flow.add({
        name: MERGE_JOB,
        queueName: COMPUTE_QUEUE,
        data: parent,
        opts: { ...computeJobOptions, jobId: jobIds.run(runKey) },
        children: inputs.map((part) => ({
          name: COMPUTE_JOB,
          queueName: COMPUTE_QUEUE,
          data: { runId: run.id, runKey, streetId: part.streetId, input: part.input, topK: k } satisfies ComputeJobData,
          opts: { ...partJobOptions, jobId: jobIds.part(runKey, part.streetId) },
        })),
      }),
      this.timeoutMs,
      "加入匹配流程",
    );
  }

  /**
   * A run dispatched before (a restore, a lost dispatch) may find its job id taken by a job that
   * already finished — for a database that has since been put back. Adding it again would be a
   * no-op and the run would wait for the sweeper, so a finished job whose result is not waiting to
   * be written is removed first. Jobs still waiting or running are left: they will answer.
   */
  private async clearFinishedJobs(runs: MatchRun[]) {
    for (const run of runs) {
      if (run.dispatchAttempts === 0) continue; // never handed out: no job can carry its id
      const runKey = runKeyOf(run);
      const state = await withTimeout(
        this.computeQueue.getJobState(jobIds.run(runKey)),
        this.timeoutMs,
        "查询匹配队列",
      );
      if (state !== "completed" && state !== "failed") continue;
      const apply = await this.resultsQueue.getJob(jobIds.apply(runKey));
      const applyState = apply ? await apply.getState() : undefined;
      if (applyState && applyState !== "completed" && applyState !== "failed") continue;
      await apply?.remove().catch(() => {});
      const job = await this.computeQueue.getJob(jobIds.run(runKey));
      await job?.remove({ removeChildren: true }).catch(() => {});
    }
  }

  /**
   * One pass over the outbox, oldest first, in bulk: reads the inputs of up to RUNS_PER_PASS runs
   * under one pacer, adds their jobs JOBS_PER_BULK at a time (a district's flow on its own) and
   * marks each slice dispatched in one transaction. Stops at the first failure so order is kept:
   * the runs not yet added stay in the outbox with their attempt counted.
   */
  async dispatchPending(): Promise<void> {
    if (!this.ready) return;
    const pacer = new Pacer();
    const shared: SharedStreetReads = new Map();
    let slice: { run: MatchRun; job: ReturnType<RedisDispatcher["computeJob"]> }[] = [];
    const flush = async () => {
      if (slice.length === 0) return;
      const batch = slice;
      slice = [];
      try {
        await this.clearFinishedJobs(batch.map((b) => b.run));
        await this.addJobs(batch.map((b) => b.job));
      } catch (e) {
        for (const { run } of batch) noteDispatchFailure(run.id, message(e));
        throw e;
      }
      markDispatchedMany(batch.map(({ run }) => ({ id: run.id, totalParts: 1 })));
    };
    try {
      for (const run of pendingRuns(RUNS_PER_PASS)) {
        let inputs: StreetInput[] | null;
        try {
          inputs = await inputsOrFinish(run, pacer, shared);
        } catch (e) {
          noteDispatchFailure(run.id, message(e));
          throw e;
        }
        if (!inputs) continue;
        if (run.scope !== "district") {
          slice.push({ run, job: this.computeJob(run, inputs[0]!) });
          if (slice.length >= JOBS_PER_BULK) await flush();
          continue;
        }
        await flush();
        try {
          await this.addFlow(run, inputs);
        } catch (e) {
          noteDispatchFailure(run.id, message(e));
          throw e;
        }
        markDispatched(run.id, inputs.length);
      }
      await flush();
    } catch {
      // Redis did not take them (or a run's input could not be read): they stay in the outbox, the
      // failure noted on each, and the next pass tries again; the producer's own error handler logs
      // an outage.
    }
  }

  /**
   * Checks runs dispatched long ago that have not finished: a run whose job failed for good is
   * marked failed; a run whose jobs Redis no longer has (or finished without the run finishing)
   * goes back to the outbox. Runs whose jobs are still waiting or running are left alone.
   */
  async sweep(olderThanMs: number): Promise<void> {
    if (!this.ready) return;
    const before = new Date(Date.now() - olderThanMs).toISOString();
    for (const run of unfinishedDispatchedRuns(before)) {
      const runKey = runKeyOf(run);
      const apply = await this.resultsQueue.getJob(jobIds.apply(runKey));
      const applyState = apply ? await apply.getState() : undefined;
      if (applyState === "failed") {
        markRunFailed(run.id, `匹配结果写入失败：${apply?.failedReason ?? ""}`);
        continue;
      }
      if (applyState && applyState !== "completed") continue; // the result is on its way
      const job = await this.computeQueue.getJob(jobIds.run(runKey));
      const state = job ? await job.getState() : undefined;
      if (state === "failed") {
        markRunFailed(run.id, `匹配计算失败：${job?.failedReason ?? ""}`);
        continue;
      }
      if (state && state !== "completed" && applyState === undefined) continue; // still computing
      // Lost, or finished without the run finishing: remove what is left (a flow with its
      // children, so they are added again with it) and dispatch the run again.
      await apply?.remove().catch(() => {});
      await job?.remove({ removeChildren: true }).catch(() => {});
      returnToOutbox(run.id);
    }
  }

  async close() {
    await Promise.allSettled([this.computeQueue.close(), this.resultsQueue.close(), this.flow.close()]);
  }
}
