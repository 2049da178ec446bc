/**
 * `npm run bench:soak -- --database FILE [--minutes 30] [--connections 10]`: whether the web
 * process's memory stays level under hours-like load. Serves FILE (a database from bench:pages,
 * e.g. data/bench/city-….db) in production mode from BUILD_DIR (default build-bench, which
 * bench:pages builds), cycles each demo role's main pages for 2 s each, and prints resident memory
 * once a minute with the requests and errors so far. Only 127.0.0.1.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { env, envIsSet } from "../env";
import { load, serve, signIn } from "./bench-http";

const { values: opts } = parseArgs({
  options: {
    database: { type: "string" },
    minutes: { type: "string", default: "30" },
    connections: { type: "string", default: "10" },
    port: { type: "string", default: "3931" },
  },
});
// bench:pages' build, unless BUILD_DIR names another.
const buildDir = envIsSet("BUILD_DIR") ? env().BUILD_DIR : "build-bench";
const minutes = Number(opts.minutes);
const connections = Number(opts.connections);
const port = Number(opts.port);
if (!opts.database || !existsSync(opts.database))
  fail("请用 --database 指定一个已有的数据库文件（例如 npm run bench:pages 生成的 data/bench/city-….db）");
if (!existsSync(path.join(buildDir, "server/index.js")))
  fail(`缺少 ${buildDir}/：请先运行 npm run bench:pages（或设置 BUILD_DIR）`);
if (!(minutes > 0) || !(connections > 0)) fail("--minutes 与 --connections 须为正数");

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const PAGES: Record<string, string[]> = {
  "demo-community": ["/", "/needs", "/needs?q=养老", "/proposals", "/projects", "/meetings"],
  "demo-unit": ["/resources", "/proposals", "/needs?q=ylfw", "/projects"],
  "demo-street": ["/", "/needs", "/matching", "/review", "/escalations", "/resources?q=养老"],
  "demo-district": ["/", "/needs?q=ylfw", "/review", "/matching", "/projects", "/needs?page=300"],
};

const served = await serve({ databaseFile: opts.database, buildDir, port });
const rssMb = () =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${served.child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
try {
  const cookies = Object.fromEntries(
    await Promise.all(Object.keys(PAGES).map(async (u) => [u, await signIn(port, u, "demo1234")] as const)),
  );
  console.log(`就绪 ${Math.round(served.readyMs)} ms，常驻内存 ${rssMb().toFixed(0)} MB`);
  const started = Date.now();
  let minute = 0;
  let requests = 0;
  let errors = 0;
  while (Date.now() - started < minutes * 60_000) {
    for (const [user, pages] of Object.entries(PAGES)) {
      for (const page of pages) {
        const result = await load(port, encodeURI(page), cookies[user], 2, connections);
        requests += result.requests;
        errors += result.errors;
      }
    }
    const now = Math.floor((Date.now() - started) / 60_000);
    if (now > minute) {
      minute = now;
      console.log(
        `${now} 分钟：常驻内存 ${rssMb().toFixed(0)} MB（最高 ${served.maxRssMb()} MB），请求 ${requests}，出错 ${errors}`,
      );
    }
  }
  console.log(
    `结束：常驻内存 ${rssMb().toFixed(0)} MB（最高 ${served.maxRssMb()} MB），请求 ${requests}，出错 ${errors}`,
  );
} finally {
  await served.stop();
}
