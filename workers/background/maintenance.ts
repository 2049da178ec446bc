/**
 * The periodic maintenance run (escalation of stale needs, agreement terms) inside the web process, which owns
 * the database — unlike matching, there is nothing to compute elsewhere. Every run is recorded in
 * `maintenance_runs` (runAndRecordMaintenance), whoever makes it.
 *
 * With REDIS_URL: a BullMQ job scheduler on the `maintenance` queue makes a job every
 * MAINTENANCE_EVERY_MS and a Worker here processes it. The scheduler lives in Redis, so a restart
 * (or a second web process) upserts the same scheduler instead of adding another. Redis may lose it
 * (restarted without persistence, flushed): it is registered again whenever the connection comes
 * back after a break, and looked for on every check (every interval, at most a minute apart). A
 * check also reads the database: when no run has started for twice the interval (Redis away, the
 * worker stuck), this process logs it and runs maintenance itself, so escalations and deadlines
 * never wait on Redis (docs/decisions/027-maintenance-survives-redis.md).
 * Without REDIS_URL: a timer here does the same.
 * Either way maintenance runs once at start, so a restart never waits a whole interval.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { Queue, Worker } from "bullmq";
import { getDb } from "#db/client";
import {
  describeMaintenanceReport,
  durationText,
  lastMaintenanceStart,
  runAndRecordMaintenance,
  type MaintenanceReport,
  type MaintenanceSource,
} from "~/models/platform/maintenance.server";
import {
  MAINTENANCE_JOB,
  MAINTENANCE_QUEUE,
  MAINTENANCE_SCHEDULER_ID,
  finishedWithin,
  maintenanceEveryMs,
  maintenanceJobOptions,
  queuePrefix,
  redisUrl as redisUrlFromEnv,
  workerConnection,
  type MaintenanceJobData,
} from "../queue";
import { logRedisError } from "../redis-errors";

export interface MaintenanceRuntime {
  mode: "redis" | "in-process";
  everyMs: number;
  /**
   * Runs maintenance once now, in this process (a run already going is joined, not repeated),
   * recorded under `source` (default "timer": this process on its own).
   */
  runNow(source?: MaintenanceSource): Promise<MaintenanceReport>;
  /** Redis mode: resolves once the job scheduler is registered. */
  scheduled?: Promise<void>;
  stop(): Promise<void>;
}

export interface MaintenanceOptions {
  /** Defaults to REDIS_URL; null forces the in-process timer. */
  redisUrl?: string | null;
  /** Interval (MAINTENANCE_EVERY_MS, default one hour). */
  everyMs?: number;
  /** Redis mode: how often the scheduler and the last run are checked (default the interval, at most a minute). */
  checkMs?: number;
  log?: (message: string) => void;
}

function message(e: unknown) {
  return e instanceof Error ? e.message : String(e);
}

export async function startMaintenance(options: MaintenanceOptions = {}): Promise<MaintenanceRuntime> {
  const everyMs = options.everyMs ?? maintenanceEveryMs();
  const log = options.log ?? ((m: string) => console.log(m));
  const url = options.redisUrl === undefined ? redisUrlFromEnv() : options.redisUrl;

  // One run at a time in this process; the job, the timer, the fallback all come through here.
  let running: Promise<MaintenanceReport> | undefined;
  const runNow = (source: MaintenanceSource = "timer") => {
    running ??= (async () => {
      await yieldToEventLoop(); // never inside the caller's tick: requests go first
      const { report, error } = runAndRecordMaintenance(getDb(), source, new Date());
      // A failed task fails the job too, so BullMQ and the log show it; the run is already recorded.
      if (error !== null) throw new Error(error);
      if (Object.values(report).some((n) => n > 0)) log(`维护任务：${describeMaintenanceReport(report)}`);
      return report;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const runLogged = (source: MaintenanceSource) =>
    runNow(source).catch(
      (e) => void log(message(e).startsWith("维护任务出错") ? message(e) : `维护任务出错：${message(e)}`),
    );

  await runLogged("timer");
  if (!url) return startTimer(everyMs, runNow, runLogged, log);
  const checkMs = options.checkMs ?? Math.min(everyMs, 60_000);
  return startWithRedis(url, everyMs, checkMs, runNow, runLogged, log);
}

function startTimer(
  everyMs: number,
  runNow: MaintenanceRuntime["runNow"],
  runLogged: (source: MaintenanceSource) => Promise<unknown>,
  log: (m: string) => void,
): MaintenanceRuntime {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = runLogged("timer").then(schedule);
    }, everyMs);
    timer.unref?.();
  };
  schedule();
  log(`维护任务：未设置 REDIS_URL，本进程每 ${durationText(everyMs)} 运行一次`);
  return {
    mode: "in-process",
    everyMs,
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

function startWithRedis(
  url: string,
  everyMs: number,
  checkMs: number,
  runNow: MaintenanceRuntime["runNow"],
  runLogged: (source: MaintenanceSource) => Promise<unknown>,
  log: (m: string) => void,
): MaintenanceRuntime {
  const prefix = queuePrefix();
  // Both connections wait while Redis is away (commands go out when it is back), and the worker
  // resumes by itself. Their errors are logged, at most one line a minute for the two.
  const onError = logRedisError("maintenance", log);
  const schedulerConnection = workerConnection(url, "maintenance-scheduler");
  schedulerConnection.on("error", onError);
  const queue = new Queue<MaintenanceJobData>(MAINTENANCE_QUEUE, { connection: schedulerConnection, prefix });
  queue.on("error", onError);

  // Registers the scheduler unless Redis already has it with this interval. Upserting the same id
  // is idempotent (it keeps the next run's time), but looking first keeps a check to one read while
  // a job may be running, and tells a scheduler that went missing from a first registration.
  let registered = false;
  let ensuring: Promise<void> | undefined;
  const ensureScheduler = () => {
    ensuring ??= (async () => {
      const existing = await queue.getJobScheduler(MAINTENANCE_SCHEDULER_ID);
      if (existing && Number(existing.every) === everyMs) {
        registered = true;
        return;
      }
      await queue.upsertJobScheduler(
        MAINTENANCE_SCHEDULER_ID,
        { every: everyMs },
        { name: MAINTENANCE_JOB, data: {}, opts: maintenanceJobOptions },
      );
      if (!existing && registered) {
        log(
          `维护任务：Redis 中的维护定时作业已丢失（Redis 重启过或数据被清空），已重新登记，每 ${durationText(everyMs)} 运行一次`,
        );
      }
      registered = true;
    })()
      .catch((e) => log(`维护任务：登记定时作业失败：${message(e)}`))
      .finally(() => {
        ensuring = undefined;
      });
    return ensuring;
  };
  const scheduled = ensureScheduler();
  // A Redis that comes back may be empty: look again as soon as it answers, not only at the next check.
  let broken = false;
  schedulerConnection.on("close", () => {
    broken = true;
  });
  schedulerConnection.on("ready", () => {
    if (!broken) return;
    broken = false;
    void ensureScheduler();
  });

  const connection = workerConnection(url, "maintenance-worker");
  connection.on("error", onError);
  const worker = new Worker<MaintenanceJobData, MaintenanceReport>(MAINTENANCE_QUEUE, () => runNow("queue"), {
    connection,
    prefix,
    concurrency: 1,
  });
  worker.on("error", onError);
  worker.on("failed", (job, err) => log(`维护作业 ${job?.id ?? ""} 失败：${err.message}`));

  // The fallback: the database says when maintenance last ran, whoever ran it (this process, another
  // web process, the admin's button). Tasks are idempotent, so a run that overlaps a late job only
  // repeats work; and since every run counts, the fallback runs at most once per two intervals.
  const runIfOverdue = async () => {
    const last = lastMaintenanceStart(getDb());
    const since = last === null ? null : Date.now() - Date.parse(last);
    if (since !== null && since <= 2 * everyMs) return;
    const how = since === null ? "尚无运行记录" : `已超过 ${durationText(since)} 未运行`;
    log(`维护任务${how}（应每 ${durationText(everyMs)} 运行一次）：Redis 定时作业没有按时送来作业，本进程先运行一次`);
    await runLogged("timer");
  };
  let checking: Promise<unknown> | undefined;
  // The loop does not wait for Redis: a read waits while Redis is away.
  const checkOnce = () => {
    void ensureScheduler();
    checking ??= runIfOverdue()
      .catch((e) => log(`维护任务：检查运行记录出错：${message(e)}`))
      .finally(() => {
        checking = undefined;
      });
    return checking;
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void checkOnce().then(schedule), checkMs);
    timer.unref?.();
  };
  schedule();
  log(`维护任务：Redis 定时作业每 ${durationText(everyMs)} 运行一次（前缀 ${prefix}）`);

  return {
    mode: "redis",
    everyMs,
    runNow,
    scheduled,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await finishedWithin(checking ?? Promise.resolve(), 10_000);
      if (!(await finishedWithin(worker.close(), 10_000))) await finishedWithin(worker.close(true), 2_000);
      await finishedWithin(ensuring ?? Promise.resolve(), 1_000);
      await finishedWithin(queue.close(), 2_000);
      connection.disconnect();
      schedulerConnection.disconnect();
    },
  };
}
