/**
 * Needs and resources counted per street, by status and by category, for the street and district
 * overview. Created and kept in step by triggers of a hand-written migration
 * (0004_street_tallies.sql): every insert, update, delete and every move of a community or unit
 * to another street adjusts the counts in the writing transaction. Not in db/schema.ts, since
 * drizzle-kit cannot describe triggers; this file lets queries read the table.
 */
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Writer } from "./client";

export const streetTallies = sqliteTable("street_tallies", {
  kind: text("kind", { enum: ["need", "resource"] }).notNull(),
  streetId: integer("street_id").notNull(),
  dimension: text("dimension", { enum: ["status", "category"] }).notNull(),
  value: text("value").notNull(),
  n: integer("n").notNull(),
});

/** Recounts the whole table from needs and resources (the triggers make this unnecessary in normal use). */
export function rebuildStreetTallies(db: Writer) {
  db.transaction((tx) => {
    tx.run(sql`DELETE FROM street_tallies`);
    tx.run(sql`
      INSERT INTO street_tallies (kind, street_id, dimension, value, n)
        SELECT 'need', c.street_id, 'status', n.status, count(*) FROM needs n JOIN communities c ON c.id = n.community_id WHERE true GROUP BY c.street_id, n.status
        UNION ALL SELECT 'need', c.street_id, 'category', n.category, count(*) FROM needs n JOIN communities c ON c.id = n.community_id WHERE true GROUP BY c.street_id, n.category
        UNION ALL SELECT 'resource', u.street_id, 'status', r.status, count(*) FROM resources r JOIN units u ON u.id = r.unit_id WHERE true GROUP BY u.street_id, r.status
        UNION ALL SELECT 'resource', u.street_id, 'category', r.category, count(*) FROM resources r JOIN units u ON u.id = r.unit_id WHERE true GROUP BY u.street_id, r.category`);
  });
}
