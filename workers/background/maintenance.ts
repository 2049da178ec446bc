/**
 * The periodic maintenance run (escalation of stale needs, agreement terms) inside the web process, which owns
 * the database — unlike matching, there is nothing to compute elsewhere.
 *
 * With REDIS_URL: a BullMQ job scheduler on the `maintenance` queue makes a job every
 * MAINTENANCE_EVERY_MS and a Worker here processes it. The scheduler lives in Redis, so a restart
 * (or a second web process) upserts the same scheduler instead of adding another. While Redis is
 * away the upsert waits and goes out when Redis is back.
 * Without REDIS_URL: a timer here does the same.
 * Either way maintenance runs once at start, so a restart never waits a whole interval.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { Queue, Worker } from "bullmq";
import { getDb } from "#db/client";
import { runMaintenance, type MaintenanceReport } from "~/models/platform/maintenance.server";
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
  /** Runs maintenance once now, in this process (a run already going is joined, not repeated). */
  runNow(): Promise<MaintenanceReport>;
  /** Redis mode: resolves once the job scheduler is registered. */
  scheduled?: Promise<void>;
  stop(): Promise<void>;
}

export interface MaintenanceOptions {
  /** Defaults to REDIS_URL; null forces the in-process timer. */
  redisUrl?: string | null;
  /** Interval (MAINTENANCE_EVERY_MS, default one hour). */
  everyMs?: number;
  log?: (message: string) => void;
}

function message(e: unknown) {
  return e instanceof Error ? e.message : String(e);
}

function describe(report: MaintenanceReport) {
  return (
    `督办新上报 ${report.escalated} 条、办结 ${report.resolvedEscalations} 条；协议到期提醒 ${report.agreementsReminded} 份、到期 ${report.agreementsExpired} 份；` +
    `评议结束 ${report.evaluationsClosed} 次；清理考核表 ${report.exportsExpired} 份、残留文件 ${report.exportOrphansRemoved} 个`
  );
}

function minutes(ms: number) {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} 分钟` : `${ms} 毫秒`;
}

export async function startMaintenance(options: MaintenanceOptions = {}): Promise<MaintenanceRuntime> {
  const everyMs = options.everyMs ?? maintenanceEveryMs();
  const log = options.log ?? ((m: string) => console.log(m));
  const url = options.redisUrl === undefined ? redisUrlFromEnv() : options.redisUrl;

  // One run at a time in this process; the job and the timer both come through here.
  let running: Promise<MaintenanceReport> | undefined;
  const runNow = () => {
    running ??= (async () => {
      await yieldToEventLoop(); // never inside the caller's tick: requests go first
      const report = runMaintenance(getDb(), new Date());
      if (Object.values(report).some((n) => n > 0)) log(`维护任务：${describe(report)}`);
      return report;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  const runLogged = () => runNow().catch((e) => void log(`维护任务出错：${message(e)}`));

  await runLogged();
  return url ? startWithRedis(url, everyMs, runNow, log) : startTimer(everyMs, runNow, runLogged, log);
}

function startTimer(
  everyMs: number,
  runNow: () => Promise<MaintenanceReport>,
  runLogged: () => Promise<unknown>,
  log: (m: string) => void,
): MaintenanceRuntime {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = runLogged().then(schedule);
    }, everyMs);
    timer.unref?.();
  };
  schedule();
  log(`维护任务：未设置 REDIS_URL，本进程每 ${minutes(everyMs)} 运行一次`);
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
  runNow: () => Promise<MaintenanceReport>,
  log: (m: string) => void,
): MaintenanceRuntime {
  const prefix = queuePrefix();
  // Both connections wait while Redis is away (commands go out when it is back): the scheduler is
  // registered whenever Redis first answers, and the worker resumes by itself.
  // Their errors are logged, at most one line a minute for the two.
  const onError = logRedisError("maintenance", log);
  const schedulerConnection = workerConnection(url, "maintenance-scheduler");
  schedulerConnection.on("error", onError);
  const queue = new Queue<MaintenanceJobData>(MAINTENANCE_QUEUE, { connection: schedulerConnection, prefix });
  queue.on("error", onError);
  const upserting = queue
    .upsertJobScheduler(
      MAINTENANCE_SCHEDULER_ID,
      { every: everyMs },
      { name: MAINTENANCE_JOB, data: {}, opts: maintenanceJobOptions },
    )
    .then(
      () => undefined,
      (e) => log(`维护任务：登记定时作业失败：${message(e)}`),
    );

  const connection = workerConnection(url, "maintenance-worker");
  connection.on("error", onError);
  const worker = new Worker<MaintenanceJobData, MaintenanceReport>(MAINTENANCE_QUEUE, () => runNow(), {
    connection,
    prefix,
    concurrency: 1,
  });
  worker.on("error", onError);
  worker.on("failed", (job, err) => log(`维护作业 ${job?.id ?? ""} 失败：${err.message}`));
  log(`维护任务：Redis 定时作业每 ${minutes(everyMs)} 运行一次（前缀 ${prefix}）`);

  return {
    mode: "redis",
    everyMs,
    runNow,
    scheduled: upserting,
    async stop() {
      if (!(await finishedWithin(worker.close(), 10_000))) await finishedWithin(worker.close(true), 2_000);
      await finishedWithin(upserting, 1_000);
      await finishedWithin(queue.close(), 2_000);
      connection.disconnect();
      schedulerConnection.disconnect();
    },
  };
}
