/**
 * The results step, run by the process that owns the database (the web process): every write a
 * matching run causes happens here, in SQLite transactions (a result's, one per chunk of needs). Shared by the BullMQ results
 * worker and the in-process fallback.
 */
import { getRun, markRunFailed, recordProgress } from "~/models/matching/match-runs.server";
import {
  applyMatchingResult,
  applyMatchingResultInChunks,
  needsPerChunk,
  type ApplyOutcome,
} from "~/models/matching/match-results.server";
import {
  APPLY_JOB,
  FAIL_JOB,
  PROGRESS_JOB,
  runKeyOf,
  type ApplyJobData,
  type FailJobData,
  type ProgressJobData,
} from "../queue";
import type { MatchingOutput } from "../matching/types";

/**
 * A result of at most one chunk of needs (a need's run, a small street) is written in one
 * transaction straight away: the chunked writer's pauses would make each of them wait several
 * turns of a busy event loop (decision 028). Larger ones are written in chunks of needs with the
 * event loop free in between (match-results.server.ts); a failure part-way is retried by BullMQ
 * and finished by the retry.
 */
export function applyResult(data: ApplyJobData): Promise<ApplyOutcome> {
  return applyOutput(data.runId, { needIds: data.needIds, resourceIds: data.resourceIds }, data.output);
}

/** The same for the in-process runner, which has the engine's output in hand. */
export async function applyOutput(
  runId: number,
  scope: { needIds: readonly string[]; resourceIds?: readonly string[] },
  output: MatchingOutput,
): Promise<ApplyOutcome> {
  if (scope.needIds.length <= needsPerChunk()) return applyMatchingResult(runId, scope, output);
  return applyMatchingResultInChunks(runId, scope, output);
}

/** Whether this database has the run the job was made for (not another run that reuses its id). */
function knownRun(data: { runId: number; runKey: string }): boolean {
  const run = getRun(data.runId);
  return run !== undefined && runKeyOf(run) === data.runKey;
}

export type ResultsOutcome = ApplyOutcome | { ignored: true } | null;

export async function processResultsJob(name: string, data: unknown): Promise<ResultsOutcome> {
  switch (name) {
    case APPLY_JOB: {
      const apply = data as ApplyJobData;
      return knownRun(apply) ? await applyResult(apply) : { ignored: true };
    }
    case PROGRESS_JOB: {
      const progress = data as ProgressJobData;
      if (knownRun(progress)) recordProgress(progress.runId, progress.doneParts);
      return null;
    }
    case FAIL_JOB: {
      const fail = data as FailJobData;
      if (knownRun(fail)) markRunFailed(fail.runId, fail.error);
      return null;
    }
    default:
      throw new Error(`未知的匹配结果作业：${name}`);
  }
}
