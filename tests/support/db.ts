import { mkdirSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { closeDb, getDb, type Db } from "#db/client";
import { runMigrations } from "#db/migrate";

export const TMP_DIR = path.resolve("tests/.tmp");

/**
 * A new SQLite file for this test file, migrated like production. The app's own client (getDb)
 * points at it, since each test file runs in its own process.
 */
export function useFreshDatabase(): Db {
  mkdirSync(TMP_DIR, { recursive: true });
  const file = path.join(TMP_DIR, `test-${process.pid}-${randomBytes(4).toString("hex")}.db`);
  closeDb();
  process.env.DATABASE_URL = file;
  const db = getDb();
  runMigrations(db);
  return db;
}
