/**
 * The web side's watch over compute jobs (with Redis): the compute workers never touch the
 * database (decision 019), so their signs of life travel as BullMQ queue events — a job taken
 * (`active`), its heartbeat (`progress`, sent by the worker every heartbeatEveryMs while it
 * computes) and its end (`completed`) — and this process writes them to the run's row:
 * match_runs.heartbeat_at, and all parts done once the result is on its way to be written. A run
 * whose heartbeat stops (its worker killed) is then shown as 等待重试 until another worker takes
 * the job over (run-phase.server.ts, decision 028).
 *
 * Heartbeats of all runs are gathered and written in one statement at most every FLUSH_MS, so
 * many jobs in flight cost one small write a few times a second.
 */
import { QueueEvents } from "bullmq";
import { getRun, noteComputed, noteHeartbeats } from "~/models/matching/match-runs.server";
import { COMPUTE_QUEUE, queuePrefix, runKeyOf, runOfComputeJob, workerConnection } from "../queue";
import { logRedisError } from "../redis-errors";

const FLUSH_MS = 200;

export interface ComputeEvents {
  close(): Promise<void>;
}

export function watchComputeEvents(url: string, log: (message: string) => void): ComputeEvents {
  const connection = workerConnection(url, "matching-events");
  const onError = logRedisError("matching-events", log);
  connection.on("error", onError);
  const events = new QueueEvents(COMPUTE_QUEUE, { connection, prefix: queuePrefix() });
  events.on("error", onError);

  const alive = new Set<number>();
  const computed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const flush = () => {
    timer = undefined;
    try {
      noteHeartbeats([...alive]);
      for (const key of computed) {
        const runId = Number(key.split("-")[0]);
        const run = getRun(runId);
        // Only the run this database has under that id (Redis may outlive a re-created database).
        if (run && runKeyOf(run) === key) noteComputed(runId);
      }
    } catch (e) {
      log(`无法记录匹配进度：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      alive.clear();
      computed.clear();
    }
  };
  const soon = () => {
    // Once closed, nothing more is written: the database may be closed next (a restore, a test).
    if (!closed) timer ??= setTimeout(flush, FLUSH_MS);
  };

  const beat = ({ jobId }: { jobId: string }) => {
    const job = runOfComputeJob(jobId);
    if (!job) return;
    alive.add(job.runId);
    soon();
  };
  events.on("active", beat);
  events.on("progress", beat);
  events.on("completed", ({ jobId }) => {
    const job = runOfComputeJob(jobId);
    if (!job) return;
    // A district's part counts through its progress message; the run itself (a street's job, or
    // the district's merge) is computed and its result is being written.
    if (job.part) alive.add(job.runId);
    else computed.add(job.runKey);
    soon();
  });

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await events.close().catch(() => {});
      connection.disconnect();
    },
  };
}
