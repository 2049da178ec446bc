import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { databasePath, openDatabase, type Db } from "./client";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export function runMigrations(db: Db) {
  migrate(db, { migrationsFolder });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const db = openDatabase();
  runMigrations(db);
  db.$client.close();
  console.log(`数据库已迁移：${databasePath()}`);
}
