import { sql } from "drizzle-orm";
import { text } from "drizzle-orm/sqlite-core";

/** An ISO-8601 UTC instant written by SQLite when the row is inserted. */
export const timestamp = (name: string) =>
  text(name)
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);
export const createdAt = () => timestamp("created_at");
export const updatedAt = () => timestamp("updated_at").$onUpdate(() => new Date().toISOString());
