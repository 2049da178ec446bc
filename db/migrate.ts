import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { backfillAuditChain } from "./audit-backfill";
import { databasePath, openDatabase, type Db } from "./client";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export function runMigrations(db: Db) {
  migrate(db, { migrationsFolder });
  // Audit rows from before the hash chain (migration 0013) are masked and chained once, before
  // anything writes a new one (db/audit-backfill.ts, decision 026); a no-op afterwards.
  backfillAuditChain(db.$client);
  // Planner statistics for indexes a migration added (or that have grown): without them SQLite
  // may drive a query from the wrong index. analysis_limit bounds the work on a city's tables
  // (a fraction of a second); optimize does nothing when the statistics are still good.
  db.$client.pragma("analysis_limit = 1000");
  db.$client.pragma("optimize = 0x10002");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const db = openDatabase();
  runMigrations(db);
  db.$client.close();
  console.log(`数据库已迁移：${databasePath()}`);
}
