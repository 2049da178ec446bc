import { mkdirSync, mkdtempSync } from "node:fs";
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

/**
 * A fresh migrated database in a folder of its own, for tests of files the app keeps beside the
 * database (uploaded photos, exported workbooks): that folder then holds only this file's.
 */
export function useOwnDataFolder(prefix: string): Db {
  mkdirSync(TMP_DIR, { recursive: true });
  closeDb();
  process.env.DATABASE_URL = path.join(mkdtempSync(path.join(TMP_DIR, `${prefix}-`)), "app.db");
  const db = getDb();
  runMigrations(db);
  return db;
}
