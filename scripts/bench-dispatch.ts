/**
 * Does matching keep up with needs arriving while the site is busy? `npm run bench:dispatch [--
 * --needs 1000 --rate 16 --connections 50 --workers 1 --database FILE]`
 *
 * Serves the production build (BUILD_DIR, default build-bench; built when missing) with
 * `scripts/start.ts --no-build` as a child process, on a copy of FILE (a database from
 * bench:pages, say) or on a fresh demo database, with matching as deployed: with REDIS_URL, the
 * web process dispatches and applies and `workers` compute worker processes compute (a queue
 * prefix of this run's own, removed afterwards); without it, in-process. Then, while
 * `connections` signed-in users load pages back to back, demo-community publishes `needs` needs
 * through the form at `rate` a second, and the run prints, from the database:
 *   - the dispatch rate (requests handed over per second) and the most requests waiting at once;
 *   - the wait in the outbox (created → dispatched) and until proposals are written
 *     (created → done), p50, p95 and the longest;
 *   - the pages' req/s and latency meanwhile.
 * Figures only, no pass or fail (decision 028). Only 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { env, envIsSet } from "../env";
import { request, serve, signIn } from "./bench-http";
import { build } from "./build-state";

const { values: opts } = parseArgs({
  options: {
    needs: { type: "string", default: "1000" },
    rate: { type: "string", default: "16" },
    connections: { type: "string", default: "50" },
    workers: { type: "string", default: "1" },
    database: { type: "string" },
    port: { type: "string", default: "3932" },
    "max-seconds": { type: "string", default: "600" },
  },
});
const num = (name: keyof typeof opts) => {
  const n = Number(opts[name]);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} 须为正数`);
  return n;
};
const needCount = Math.floor(num("needs"));
const rate = num("rate");
const connections = Math.floor(num("connections"));
const workerCount = Math.floor(num("workers"));
const port = Math.floor(num("port"));
const maxMs = num("max-seconds") * 1000;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const buildDir = envIsSet("BUILD_DIR") ? env().BUILD_DIR : "build-bench";
if (!existsSync(path.join(buildDir, "server/index.js"))) {
  console.log(`构建 ${buildDir} …`);
  if (build(buildDir) !== 0) fail("构建失败");
}

// A database of this run's own: a copy of --database, or the demo district.
const dir = path.resolve(`/tmp/bench-dispatch-${process.pid}`);
mkdirSync(dir, { recursive: true });
const databaseFile = path.join(dir, "app.db");
if (opts.database) {
  if (!existsSync(opts.database)) fail(`找不到数据库 ${opts.database}`);
  copyFileSync(opts.database, databaseFile);
} else {
  const seeded = spawnSync(process.execPath, ["--import", "tsx", "app/seed/seed.ts"], {
    env: { ...process.env, DATABASE_URL: databaseFile, DEMO_DATA: "1", NODE_ENV: "development" },
    stdio: "inherit",
  });
  if (seeded.status !== 0) fail("写入演示数据失败");
}

const redisUrl = env().REDIS_URL;
const prefix = `bench-dispatch-${process.pid}`;
if (redisUrl) process.env.MATCH_QUEUE_PREFIX = prefix;

const PAGES: Record<string, string[]> = {
  "demo-community": ["/", "/needs", "/proposals", "/projects"],
  "demo-unit": ["/resources", "/proposals", "/needs", "/projects"],
  "demo-street": ["/", "/needs", "/matching", "/review"],
  "demo-district": ["/", "/needs", "/review", "/matching"],
};

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spread = (label: string, values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(
    `${label}：p50 ${seconds(percentile(sorted, 0.5))}，p95 ${seconds(percentile(sorted, 0.95))}，最长 ${seconds(sorted.at(-1) ?? NaN)}`,
  );
};

const workers: ChildProcess[] = [];
const served = await serve({ databaseFile, buildDir, port });
const readonly = new Database(databaseFile, { readonly: true });
try {
  for (let i = 0; i < (redisUrl ? workerCount : 0); i++) {
    const child = spawn(process.execPath, ["--import", "tsx", "workers/compute/worker.ts"], {
      env: { ...process.env, MATCH_QUEUE_PREFIX: prefix },
      stdio: "ignore",
    });
    workers.push(child);
  }
  console.log(
    redisUrl
      ? `匹配：Redis（${redisUrl}，前缀 ${prefix}），${workerCount} 个计算进程`
      : "匹配：未设置 REDIS_URL，在 Web 进程内计算",
  );
  const cookies = Object.fromEntries(
    await Promise.all(Object.keys(PAGES).map(async (u) => [u, await signIn(port, u, "demo1234")] as const)),
  );
  const lastRunBefore = (readonly.prepare("SELECT max(id) FROM match_runs").pluck().get() as number | null) ?? 0;

  // Page load: `connections` users, each cycling through its role's pages back to back.
  let loading = true;
  const latencies: number[] = [];
  let pageErrors = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const users = Object.keys(PAGES);
  const load = Promise.all(
    Array.from({ length: connections }, async (_, k) => {
      const user = users[k % users.length]!;
      for (let i = 0; loading; i++) {
        const pages = PAGES[user]!;
        const started = performance.now();
        try {
          const res = await request(port, pages[i % pages.length]!, { cookie: cookies[user], agent });
          if (res.status !== 200) pageErrors++;
        } catch {
          pageErrors++;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );

  // Needs published through the form at `rate` a second; the outbox's backlog sampled meanwhile.
  const backlogNow = readonly.prepare(
    "SELECT count(*) FROM match_runs WHERE id > ? AND status IN ('queued', 'running') AND dispatched_at IS NULL",
  );
  let maxBacklog = 0;
  const sampler = setInterval(() => {
    maxBacklog = Math.max(maxBacklog, backlogNow.pluck().get(lastRunBefore) as number);
  }, 250);
  const started = performance.now();
  let postErrors = 0;
  const posts: Promise<void>[] = [];
  for (let i = 0; i < needCount; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const body = new URLSearchParams({
      title: `独居老人需要志愿者上门陪伴（压测 ${i + 1}）`,
      description: "几位高龄独居老人希望每周有人上门探访、陪伴聊天、测量血压",
      category: "养老服务",
      beneficiaryGroup: "独居老人",
      beneficiaryCount: "5",
      urgency: "normal",
      contactName: "李秀兰",
      contactPhone: "13600001111",
      source: "grid_worker",
      intent: "publish",
    }).toString();
    posts.push(
      request(port, "/needs/new", { method: "POST", cookie: cookies["demo-community"], body, agent }).then(
        (res) => void (res.status === 302 || postErrors++),
        () => void postErrors++,
      ),
    );
  }
  await Promise.all(posts);
  const postedSeconds = (performance.now() - started) / 1000;
  console.log(
    `已发布 ${needCount - postErrors} 条需求（${postErrors} 次失败），用时 ${postedSeconds.toFixed(1)} 秒，即每秒 ${((needCount - postErrors) / postedSeconds).toFixed(1)} 条`,
  );

  const unfinished = readonly.prepare(
    "SELECT count(*) FROM match_runs WHERE id > ? AND status IN ('queued', 'running')",
  );
  while ((unfinished.pluck().get(lastRunBefore) as number) > 0 && performance.now() - started < maxMs) await sleep(250);
  const drainedSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  loading = false;
  await load;
  agent.destroy();

  type Row = { created_at: string; dispatched_at: string | null; finished_at: string | null; status: string };
  const rows = readonly
    .prepare("SELECT created_at, dispatched_at, finished_at, status FROM match_runs WHERE id > ? ORDER BY id")
    .all(lastRunBefore) as Row[];
  const t = (iso: string) => Date.parse(iso);
  const dispatched = rows.filter((r) => r.dispatched_at);
  const done = rows.filter((r) => r.status === "done" && r.finished_at);
  const firstCreated = Math.min(...rows.map((r) => t(r.created_at)));
  const lastDispatched = Math.max(...dispatched.map((r) => t(r.dispatched_at!)));
  console.log(
    `匹配请求 ${rows.length} 个：已派发 ${dispatched.length}，已完成 ${done.length}，未完成 ${rows.length - done.length}（全部完成用时 ${drainedSeconds.toFixed(1)} 秒${rows.length > done.length ? "，已超时" : ""}）`,
  );
  console.log(
    `派发速率：每秒 ${(dispatched.length / ((lastDispatched - firstCreated) / 1000)).toFixed(1)} 个（需求到达每秒 ${rate} 条）；发件箱中同时等待最多 ${maxBacklog} 个`,
  );
  spread(
    "发件箱等待（创建 → 派发）",
    dispatched.map((r) => t(r.dispatched_at!) - t(r.created_at)),
  );
  spread(
    "出建议（创建 → 写入完成）",
    done.map((r) => t(r.finished_at!) - t(r.created_at)),
  );
  const sorted = latencies.sort((a, b) => a - b);
  console.log(
    `页面负载（${connections} 个用户连续请求）：${sorted.length} 次，每秒 ${(sorted.length / drainedSeconds).toFixed(0)} 次，p50 ${sorted.length ? percentile(sorted, 0.5).toFixed(0) : "—"} ms，p97.5 ${sorted.length ? percentile(sorted, 0.975).toFixed(0) : "—"} ms，出错 ${pageErrors}`,
  );
} finally {
  readonly.close();
  for (const child of workers) child.kill("SIGTERM");
  await served.stop();
  if (redisUrl) {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    for (const name of ["matching", "matching-results", "maintenance"]) {
      const queue = new Queue(name, { connection, prefix });
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    }
    connection.disconnect();
  }
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
