/**
 * `npm start`: build when the build is missing or older than the sources (scripts/build-state.ts),
 * migrate, seed the demo district into an empty database when demo data is wanted (DEMO_DATA, see
 * app/seed/seed.ts), then serve the build in production mode with server.ts's `serve`, the one way the
 * web process starts. `--no-build` serves the existing build as it is (for deployments that build
 * ahead of time).
 */
import { envOrExit } from "../env";
import { build, buildIsStale } from "./build-state";

// The operator's settings, checked before anything runs: their NODE_ENV decides the demo-data
// default; the server itself always runs as production (React's production renderer, Remix's
// production mode). env.ts and build-state.ts load only zod and Node built-ins, so nothing that
// reads NODE_ENV has been loaded before this line; everything else is imported dynamically below.
const operator = envOrExit();
process.env.NODE_ENV = "production";

if (!process.argv.includes("--no-build") && buildIsStale(operator.BUILD_DIR)) {
  console.log("正在构建前端与服务端代码…");
  const status = build(operator.BUILD_DIR);
  if (status !== 0) process.exit(status);
}

const { databasePath, openDatabase } = await import("../db/client");
// Before migrating: a directory, a file that is not a database or is corrupt, a read-only file or
// folder is one line naming DATABASE_URL and exit 1, not a stack trace (decision 029).
(await import("../db/database-check")).checkDatabaseOrExit(databasePath());
const { runMigrations } = await import("../db/migrate");
const { DEMO_LOGINS, DEMO_PASSWORD, demoDataWanted, isEmpty, seedDemoDistrict } = await import("../app/seed/seed");
const { hasDemoAccounts } = await import("../app/models/platform/users.server");

const db = openDatabase();
runMigrations(db);
if (isEmpty(db)) {
  if (!demoDataWanted(operator)) {
    console.log(
      "数据库为空，未写入演示数据（NODE_ENV=production 或 DEMO_DATA=0）。请运行 npm run create-admin 创建第一个管理员账号。",
    );
  } else {
    console.log("数据库为空，正在写入演示数据（示范区）…");
    const ids = await seedDemoDistrict(db);
    // The co-building chain in the demo street: projects, a published meeting, agreements, records.
    const { seedDemoProjects } = await import("../app/seed/seed-projects");
    await seedDemoProjects(db, ids);
    // Match the demo data once, street by street, so the first visit already shows proposals.
    const { requestMatch } = await import("../app/models/matching/match-runs.server");
    const { districts } = await import("../db/schema");
    db.transaction((tx) => {
      for (const d of tx.select({ id: districts.id }).from(districts).all())
        requestMatch(tx, { scope: "district", scopeId: d.id });
    });
  }
}
// The demo logins are printed whenever the demo accounts exist, whichever run seeded them.
const notice: string[] = [];
if (hasDemoAccounts(db)) {
  notice.push(`\n演示账号（密码均为 ${DEMO_PASSWORD}）：`);
  for (const login of DEMO_LOGINS) notice.push(`  ${login.username.padEnd(16)} ${login.role}`);
}
db.$client.close();

const { serve } = await import("../server");
await serve({ notice, databaseChecked: true });
