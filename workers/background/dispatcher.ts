/**
 * The dispatcher and sweeper of matching with Redis (see runtime.ts): hands the outbox's runs to
 * BullMQ (one compute job, or a flow with one child per street for a district), with job ids
 * derived from the run so that dispatching twice never makes two jobs, and puts back in the
 * outbox runs whose jobs Redis lost.
 */
import { FlowProducer, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { buildMatchingInputsYielding, type StreetInput } from "~/models/matching/matching-input.server";
import {
  markDispatched,
  markRunFailed,
  markStarted,
  noteDispatchFailure,
  pendingRuns,
  returnToOutbox,
  unfinishedDispatchedRuns,
} from "~/models/matching/match-runs.server";
import { applyMatchingResultInChunks } from "~/models/matching/match-results.server";
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
 * The inputs of a run, read with the event loop free between pages. A run with nothing to compute (its need is no longer open, no resource has
 * capacity left, the item no longer exists) is finished at once: its needs keep no proposals.
 */
export async function inputsOrFinish(run: MatchRun): Promise<StreetInput[] | null> {
  const inputs = await buildMatchingInputsYielding(run.scope, run.scopeId);
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
    const k = topK();
    const runKey = runKeyOf(run);
    if (run.scope !== "district") {
      const [part] = inputs;
      const data: ComputeJobData = { runId: run.id, runKey, streetId: part!.streetId, input: part!.input, topK: k };
      await withTimeout(
        this.computeQueue.add(COMPUTE_JOB, data, { ...computeJobOptions, jobId: jobIds.run(runKey) }),
        this.timeoutMs,
        "加入匹配队列",
      );
    } else {
      // A flow added again would add its children again under an existing parent: check first.
      const existing = await withTimeout(this.computeQueue.getJob(jobIds.run(runKey)), this.timeoutMs, "查询匹配队列");
      if (!existing) {
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
              data: {
                runId: run.id,
                runKey,
                streetId: part.streetId,
                input: part.input,
                topK: k,
              } satisfies ComputeJobData,
              opts: { ...partJobOptions, jobId: jobIds.part(runKey, part.streetId) },
            })),
          }),
          this.timeoutMs,
          "加入匹配流程",
        );
      }
    }
    markDispatched(run.id, inputs.length);
  }

  /** One pass over the outbox, oldest first; stops at the first failure so order is kept. */
  async dispatchPending(): Promise<void> {
    if (!this.ready) return;
    for (const run of pendingRuns(50)) {
      try {
        await this.dispatch(run);
      } catch (e) {
        noteDispatchFailure(run.id, message(e));
        return;
      }
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
