import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import path from "node:path";
import { env } from "../env";
import { makePrivateDir, tightenDataFiles } from "./data-files";
import * as schema from "./schema";
import { searchBody, searchPairs, searchPinyin } from "./search-terms";
import { cacheStatements } from "./statement-cache";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function databasePath(url: string | undefined = env().DATABASE_URL): string {
  const raw = url && url.trim() !== "" ? url.trim() : "./data/app.db";
  return path.resolve(raw.replace(/^file:/, ""));
}

export function openDatabase(file = databasePath()): Db {
  makePrivateDir(path.dirname(file));
  const sqlite = new Database(file);
  // Owner-only before the first write (SQLite creates a new file 0644 and gives -wal/-shm the
  // database file's mode); files an older version left readable are tightened too (db/data-files.ts).
  tightenDataFiles(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // Web requests, seeding and tests may write to one file at once; wait instead of failing.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  registerSearchFunctions(sqlite);
  cacheStatements(sqlite);
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * The tokenizers of the list search index, as SQL functions: the triggers on needs and resources
 * call them (db/migrations/0003_search_index.sql, 0009), so every connection that writes those tables
 * must have them, and this client is the only way the app opens the database.
 */
export function registerSearchFunctions(sqlite: Database.Database) {
  const text = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : String(v));
  // Migration 0016's triggers index a row only while this is 1: see withSearchIndexingDeferred.
  sqlite.function("search_sync", { deterministic: false }, () => (searchDeferred > 0 ? 0 : 1));
  sqlite.function("search_pairs", { deterministic: true }, (value) => searchPairs(text(value)));
  sqlite.function("search_body", { deterministic: true }, (description, category) =>
    searchBody(text(description), text(category)),
  );
  sqlite.function("search_pinyin", { deterministic: true }, (title, category) =>
    searchPinyin(text(title), text(category)),
  );
}

/** How many withSearchIndexingDeferred calls are running on this thread (they nest). */
let searchDeferred = 0;

/**
 * Runs `work` with the needs' and resources' search triggers held back on this thread; the caller
 * indexes the rows it wrote before its transaction ends (indexSearchRows in
 * app/models/catalog/search.server.ts). For bulk writes only: an FTS5 table written to in the
 * middle of a transaction flushes its pending terms at every later statement, so 10,000 rows
 * indexed one by one, each followed by its audit row, cost several times what the same rows cost
 * indexed together at the end (decision 035). `work` is synchronous, so nothing else runs on this
 * thread meanwhile and no other write can miss its index entry.
 */
export function withSearchIndexingDeferred<T>(work: () => T): T {
  searchDeferred++;
  try {
    return work();
  } finally {
    searchDeferred--;
  }
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

/**
 * A statement built and compiled once per connection, for the few queries every request runs
 * (session, actor, unread count): drizzle's builder and SQLite's compiler cost more than those
 * queries themselves. Values that change per call must be `sql.placeholder`s.
 */
export function preparedOnce<T>(build: (db: Db) => T): (db?: Db) => T {
  const perConnection = new WeakMap<Database.Database, T>();
  return (db = getDb()) => {
    let statement = perConnection.get(db.$client);
    if (statement === undefined) perConnection.set(db.$client, (statement = build(db)));
    return statement;
  };
}

/**
 * `column IN (the ids of a page)` for a `preparedOnce` statement: the ids come as one JSON array
 * (`idsParam`), so the statement's text stays the same whatever the page holds.
 */
export function inIds(column: SQLiteColumn): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${sql.placeholder("ids")}))`;
}

export function idsParam(ids: number[]): { ids: string } {
  return { ids: JSON.stringify(ids) };
}

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the client or an open transaction: for helpers that must work inside both. */
export type Writer = Db | Tx;
