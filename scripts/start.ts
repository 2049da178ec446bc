/**
 * `npm start`: build when the build is missing or older than the sources, migrate, seed the demo
 * district into an empty database when demo data is wanted (DEMO_DATA, see db/seed.ts), then
 * serve the build in production mode. `--no-build` serves the existing build as it is (for
 * deployments that build ahead of time).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The operator's NODE_ENV decides the demo-data default; the server itself always runs as
// production (React's production renderer, Remix's production mode). Only Node built-ins are
// imported statically above, so nothing that reads NODE_ENV has been loaded before this line;
// everything else is imported dynamically below.
const operatorNodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = "production";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverBuild = path.resolve(root, process.env.BUILD_DIR ?? "build", "server/index.js");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  if (!existsSync(serverBuild)) return true;
  const sources = Math.max(newestMtime(path.join(root, "app")), newestMtime(path.join(root, "db")), newestMtime(path.join(root, "workers")));
  return sources > statSync(serverBuild).mtimeMs;
}

if (!process.argv.includes("--no-build") && buildIsStale()) {
  console.log("正在构建前端与服务端代码…");
  const result = spawnSync("npx", ["remix", "vite:build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const { databasePath, openDatabase } = await import("../db/client");
const { runMigrations } = await import("../db/migrate");
const { DEMO_LOGINS, DEMO_PASSWORD, demoDataWanted, isEmpty, seedDemoDistrict } = await import("../db/seed");
const { hasDemoAccounts } = await import("../app/models/users.server");

const db = openDatabase();
runMigrations(db);
if (isEmpty(db)) {
  if (!demoDataWanted({ DEMO_DATA: process.env.DEMO_DATA, NODE_ENV: operatorNodeEnv })) {
    console.log("数据库为空，未写入演示数据（NODE_ENV=production 或 DEMO_DATA=0）。请运行 npm run create-admin 创建第一个管理员账号。");
  } else {
    console.log("数据库为空，正在写入演示数据（示范区）…");
    const ids = await seedDemoDistrict(db);
    // The co-building chain in the demo street: projects, a published meeting, agreements, records.
    const { seedDemoProjects } = await import("../db/seed-projects");
    await seedDemoProjects(db, ids);
    // Match the demo data once, street by street, so the first visit already shows proposals.
    const { requestMatch } = await import("../app/models/match-runs.server");
    const { districts } = await import("../db/schema");
    db.transaction((tx) => {
      for (const d of tx.select({ id: districts.id }).from(districts).all()) requestMatch(tx, { scope: "district", scopeId: d.id });
    });
  }
}
// The demo logins are printed whenever the demo accounts exist, whichever run seeded them.
const showDemoLogins = hasDemoAccounts(db);
db.$client.close();

const { createApp, stopOnSignal } = await import("../server");
const { startMatchingRuntime } = await import("../workers/runtime");
const port = Number(process.env.PORT ?? 3000);
const app = await createApp();
// The signal handler comes before listening: a SIGTERM that arrives while matching and
// maintenance are still starting must still stop the process gracefully (exit 0).
const background: { stop(): Promise<unknown> }[] = [];
stopOnSignal(async () => {
  server.close();
  await Promise.all(background.map((b) => b.stop()));
});
const server = app.listen(port, () => {
  // The bound port, not PORT: PORT=0 asks for any free one.
  const lines = [`\n共驻共建 已启动：http://localhost:${(server.address() as AddressInfo).port}`, `数据库：${databasePath()}`];
  if (showDemoLogins) {
    lines.push(`\n演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const login of DEMO_LOGINS) lines.push(`  ${login.username.padEnd(16)} ${login.role}`);
  }
  // One write: whoever watches the output for "已启动" (a supervisor, a test) then has the logins too.
  console.log(lines.join("\n"));
});
// Matching: with REDIS_URL this process dispatches requests and applies results (npm run worker
// computes); without it, it computes in-process too.
background.push(await startMatchingRuntime());
// Maintenance (escalation of stale needs, …): a repeatable BullMQ job processed here, or a timer.
const { startMaintenance } = await import("../workers/maintenance");
background.push(await startMaintenance());
