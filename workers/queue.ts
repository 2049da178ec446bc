/**
 * The matching queues: names, job payloads, Redis connections and job options, in one module that
 * both sides import — the web process (which owns the database, dispatches requests and applies
 * results) and `npm run worker` processes (which only compute and need no database).
 *
 *   matching          compute jobs: the engine's input for one street → the engine's output;
 *                     for a district, a flow whose children are compute jobs (one per street) and
 *                     whose parent merges their outputs.
 *   matching-results  what the owner of the database must write: results to apply, district
 *                     progress, final failures.
 *
 * Jobs never carry personal data: the engine's input has ids (as strings), titles, descriptions,
 * categories, dates, capacities, radii and coordinates — no contact names, phones or places of
 * beneficiaries (see workers/matching/types.ts and app/models/matching/matching-input.server.ts).
 *
 * Environment:
 *   REDIS_URL                   e.g. redis://127.0.0.1:6379; unset → matching runs in-process.
 *   MATCH_QUEUE_PREFIX          Redis key prefix of both queues (default "gzgj"); tests use one per file.
 *   MATCH_WORKER_CONCURRENCY    compute jobs per worker process (default 2).
 *   MATCH_LOCK_MS               job lock; a killed worker's job is taken over after it expires (default 8000:
 *                               the engine runs on a thread, so the lock is renewed however long a street takes).
 *   MATCH_STALLED_INTERVAL_MS   how often workers look for stalled jobs (default: half the lock, ≤ 30000).
 *                               A killed worker's job runs again at most lock + interval later (12 s by default).
 *   MATCH_TOP_K                 proposals kept per need (default 5).
 *   MATCH_WORKER_TEST_DELAY_MS  tests only: a compute job waits this long (asynchronously, so its lock
 *                               is still renewed) before computing, so a test can kill a worker mid-job.
 *   MAINTENANCE_EVERY_MS        interval of the `maintenance` job scheduler (default one hour), see below.
 */
import { Redis, type RedisOptions } from "ioredis";
import type { JobsOptions } from "bullmq";
import { env } from "../env";
import type { MatchingInput, MatchingOutput } from "./matching/types";

export const COMPUTE_QUEUE = "matching";
export const RESULTS_QUEUE = "matching-results";

/** Job names on the `matching` queue. */
export const COMPUTE_JOB = "compute";
export const MERGE_JOB = "merge";
/** Job names on the `matching-results` queue. */
export const APPLY_JOB = "apply";
export const PROGRESS_JOB = "progress";
export const FAIL_JOB = "fail";

/** The ids of the needs and resources an input held: what a result speaks for when it is applied. */
export interface ScopeIds {
  needIds: string[];
  resourceIds: string[];
}

/** `matching` / compute: one street's input. Alone (scope need/resource/street) or a flow child. */
export interface ComputeJobData {
  runId: number;
  runKey: string;
  /** The street this input covers (one part of a district run). */
  streetId: number;
  input: MatchingInput;
  topK?: number;
}

/** What a compute job returns: the engine's output and the ids of the input it answers. */
export interface ComputeResult extends ScopeIds {
  runId: number;
  runKey: string;
  streetId: number;
  output: MatchingOutput;
}

/** `matching` / merge: the parent of a district flow; its children are compute jobs. */
export interface MergeJobData {
  runId: number;
  runKey: string;
  totalParts: number;
}

/** `matching-results` / apply: a (merged) result for the database owner to write. */
export interface ApplyJobData extends ScopeIds {
  runId: number;
  runKey: string;
  output: MatchingOutput;
}

/** `matching-results` / progress: `doneParts` of a district run's parts have been computed. */
export interface ProgressJobData {
  runId: number;
  runKey: string;
  doneParts: number;
}

/** `matching-results` / fail: a run's compute failed for good. */
export interface FailJobData {
  runId: number;
  runKey: string;
  error: string;
}

export type ResultsJobData = ApplyJobData | ProgressJobData | FailJobData;

/**
 * A run as the queues know it: its id and when it was requested. Redis and the SQLite file live
 * and die separately (a database re-created while Redis keeps its jobs reuses run ids), so every
 * job id and payload carries this key, and the database owner ignores results whose key does not
 * match the run it has under that id.
 */
export function runKeyOf(run: { id: number; createdAt: string }): string {
  return `${run.id}-${run.createdAt.replace(/\D/g, "")}`;
}

/** Job ids derive from the run, so a run dispatched or published twice is one job. (BullMQ refuses purely numeric ids and ids with ":".) */
export const jobIds = {
  run: (runKey: string) => `run-${runKey}`,
  part: (runKey: string, streetId: number) => `run-${runKey}-street-${streetId}`,
  apply: (runKey: string) => `apply-${runKey}`,
  progress: (runKey: string, doneParts: number) => `progress-${runKey}-${doneParts}`,
  fail: (runKey: string) => `fail-${runKey}`,
};

/** The run a compute job's id names (`run-<key>` or `run-<key>-street-<id>`), or null for another id. */
export function runOfComputeJob(jobId: string): { runId: number; runKey: string; part: boolean } | null {
  const match = /^run-((\d+)-\d+)(-street-\d+)?$/.exec(jobId);
  return match ? { runId: Number(match[2]), runKey: match[1]!, part: match[3] !== undefined } : null;
}

export function redisUrl(): string | undefined {
  return env().REDIS_URL;
}

export function queuePrefix(): string {
  return env().MATCH_QUEUE_PREFIX;
}

export function workerSettings() {
  const settings = env();
  const lockDuration = settings.MATCH_LOCK_MS;
  return {
    concurrency: settings.MATCH_WORKER_CONCURRENCY,
    lockDuration,
    stalledInterval:
      settings.MATCH_STALLED_INTERVAL_MS ?? Math.min(30_000, Math.max(500, Math.floor(lockDuration / 2))),
    // A job whose worker died is put back once or twice; a job that keeps killing workers fails.
    maxStalledCount: 2,
    testDelayMs: settings.MATCH_WORKER_TEST_DELAY_MS,
    heartbeatMs: heartbeatEveryMs(lockDuration),
  };
}

/**
 * How often a compute job says it is alive (its BullMQ progress, which the web side turns into
 * match_runs.heartbeat_at): an eighth of the lock, between 200 ms and 5 s.
 */
export function heartbeatEveryMs(lockDuration = env().MATCH_LOCK_MS): number {
  return Math.min(5_000, Math.max(200, Math.floor(lockDuration / 8)));
}

/**
 * A run that is being computed and has given no sign of life for this long is shown as waiting for
 * a retry (等待重试): three heartbeats missed. A killed worker's lock lasts at least half of
 * MATCH_LOCK_MS after its last renewal, longer than this, so the page says so before another
 * worker takes the job over (docs/decisions/028-matching-never-hangs.md).
 */
export function staleAfterMs(): number {
  return 3 * heartbeatEveryMs();
}

export function topK(): number {
  return env().MATCH_TOP_K;
}

/** Waits for `promise` at most `ms`; true when it finished in time. Leaves no timer behind. */
export async function finishedWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const retryStrategy = (times: number) => Math.min(200 * times, 2_000);

/**
 * A connection for a Worker (which also duplicates it for its blocking reads): commands wait
 * while Redis is away and go out when it returns, as BullMQ requires (maxRetriesPerRequest null).
 */
export function workerConnection(url: string, name = "matching-worker"): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, retryStrategy, connectionName: name } satisfies RedisOptions);
}

/**
 * A connection for producers (the dispatcher, result publishing): while Redis is away, a command
 * fails at once instead of waiting, so the caller can leave the request in the outbox.
 */
export function producerConnection(url: string, name = "matching-producer"): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy,
    connectionName: name,
  } satisfies RedisOptions);
}

/** Compute jobs: retried with backoff; finished ones are kept a while for inspection. */
export const computeJobOptions: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 500 },
  removeOnFail: { age: 7 * 24 * 3600, count: 1_000 },
};

/** A district flow's children: a child that fails for good fails its parent (and so the run). */
export const partJobOptions: JobsOptions = {
  ...computeJobOptions,
  failParentOnFailure: true,
};

/** Writes for the database owner: retried longer, since a busy database is the usual cause. */
export const resultsJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: "exponential", delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 1_000 },
};

// ─── Maintenance (the periodic job of the web process) ───────────────────────────────────────

/**
 * `maintenance`: one job scheduler makes a job every MAINTENANCE_EVERY_MS; the web process (which
 * owns the database) processes it: escalation of stale needs and other date-driven sweeps.
 * Same prefix as the matching queues (MATCH_QUEUE_PREFIX).
 */
export const MAINTENANCE_QUEUE = "maintenance";
export const MAINTENANCE_JOB = "run";
/** One scheduler for every web process: upserting it again changes its interval, never doubles it. */
export const MAINTENANCE_SCHEDULER_ID = "maintenance-every";

/** The job carries nothing: each run looks at the database as it is when the job runs. */
export type MaintenanceJobData = Record<string, never>;

export function maintenanceEveryMs(): number {
  return env().MAINTENANCE_EVERY_MS;
}

/** Maintenance jobs: not retried (the next one comes anyway); a short history kept for inspection. */
export const maintenanceJobOptions: JobsOptions = {
  attempts: 1,
  removeOnComplete: { count: 50 },
  removeOnFail: { count: 200 },
};
