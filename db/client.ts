import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function databasePath(url = process.env.DATABASE_URL): string {
  const raw = url && url.trim() !== "" ? url.trim() : "./data/app.db";
  return path.resolve(raw.replace(/^file:/, ""));
}

export function openDatabase(file = databasePath()): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // Web requests, seeding and tests may write to one file at once; wait instead of failing.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return drizzle(sqlite, { schema }) as Db;
}

// One client per process, created lazily so tests can set DATABASE_URL first.
let instance: Db | undefined;
export function getDb(): Db {
  instance ??= openDatabase();
  return instance;
}

export function closeDb() {
  instance?.$client.close();
  instance = undefined;
}

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the client or an open transaction: for helpers that must work inside both. */
export type Writer = Db | Tx;
