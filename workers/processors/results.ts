/**
 * The results step, run by the process that owns the database (the web process): every write a
 * matching run causes happens here, each in one SQLite transaction. Shared by the BullMQ results
 * worker and the in-process fallback.
 */
import { applyMatchingResult, getRun, markRunFailed, recordProgress, type ApplyOutcome } from "~/models/match-runs.server";
import { APPLY_JOB, FAIL_JOB, PROGRESS_JOB, runKeyOf, type ApplyJobData, type FailJobData, type ProgressJobData } from "../queue";

export function applyResult(data: ApplyJobData): ApplyOutcome {
  return applyMatchingResult(data.runId, { needIds: data.needIds, resourceIds: data.resourceIds }, data.output);
}

/** Whether this database has the run the job was made for (not another run that reuses its id). */
function knownRun(data: { runId: number; runKey: string }): boolean {
  const run = getRun(data.runId);
  return run !== undefined && runKeyOf(run) === data.runKey;
}

export type ResultsOutcome = ApplyOutcome | { ignored: true } | null;

export function processResultsJob(name: string, data: unknown): ResultsOutcome {
  switch (name) {
    case APPLY_JOB: {
      const apply = data as ApplyJobData;
      return knownRun(apply) ? applyResult(apply) : { ignored: true };
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
