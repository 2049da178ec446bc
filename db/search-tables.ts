/**
 * The FTS5 search tables as drizzle sees them, so list queries can read their matches as a set.
 * They are created by a hand-written migration (0003_search_index.sql), not from db/schema.ts:
 * drizzle-kit cannot describe virtual tables. `rowid` is the need's or resource's id.
 */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const searchColumns = {
  rowid: integer("rowid").notNull(),
  title: text("title"),
  body: text("body"),
  pinyin: text("pinyin"),
  /** where the row belongs: `c<community> s<street>` or `u<unit> s<street>` (migration 0011) */
  scope: text("scope"),
};

export const needsSearch = sqliteTable("needs_search", searchColumns);
export const resourcesSearch = sqliteTable("resources_search", searchColumns);
