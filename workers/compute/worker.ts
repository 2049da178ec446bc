/**
 * `npm run worker`: a compute worker process for the `matching` queue. It needs REDIS_URL and no
 * database, so it can run on any machine that reaches Redis; run as many as you like.
 *
 * SIGTERM/SIGINT: stop taking jobs, let the current ones finish (at most MATCH_SHUTDOWN_TIMEOUT_MS,
 * default 25 s — after that they are left to expire their lock and be taken over by another
 * worker), close the connections and exit 0. A worker killed outright (SIGKILL, a crash) loses
 * nothing either: its job's lock expires (MATCH_LOCK_MS) and another worker's stalled check puts
 * the job back in the queue (MATCH_STALLED_INTERVAL_MS).
 */
import { envOrExit } from "../../env";
import { redisUrl, workerSettings } from "../queue";
import { startComputeWorker } from "./matching-job";

const settings = envOrExit();
const url = redisUrl();
if (!url) {
  console.error("未设置 REDIS_URL：匹配计算进程需要 Redis。没有 Redis 时，npm start 会在 Web 进程内直接计算。");
  process.exit(1);
}

const { concurrency, lockDuration, stalledInterval } = workerSettings();
const shutdownTimeoutMs = settings.MATCH_SHUTDOWN_TIMEOUT_MS;
const log = (message: string) => console.log(`[matching-worker ${process.pid}] ${message}`);

const compute = startComputeWorker({ redisUrl: url, name: `matching-worker-${process.pid}`, log });
await compute.worker.waitUntilReady().catch(() => {});
log(`等待匹配作业（并发 ${concurrency}，锁 ${lockDuration} ms，停滞检查 ${stalledInterval} ms）`);

let shutdownAt = 0;
async function shutdown(signal: string) {
  if (shutdownAt) {
    // The same signal can arrive twice at once (sent to the process group and relayed by npx/tsx);
    // only a later one means "stop now".
    if (Date.now() - shutdownAt < 1_000) return;
    log(`再次收到 ${signal}，立即退出`);
    process.exit(1);
  }
  shutdownAt = Date.now();
  log(`收到 ${signal}，完成当前作业后退出`);
  try {
    await compute.close(shutdownTimeoutMs);
    log("已退出");
    process.exit(0);
  } catch (e) {
    console.error(e);
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
