/**
 * What the matching engine learns from the district's decisions (decision 045): per district,
 * per two-character stretch of decided needs' texts ("term") and per resource category, how many
 * such needs were served by a resource of that category and how often one was refused for what it
 * offers or whom it serves. Counts decay with a half-life of a year; they are stored as of
 * `asOfDay` (days since 1970-01-01, UTC) and decayed again whenever they are read or added to.
 * Aggregates only: no need's text, no person (app/models/matching/decision-evidence.server.ts).
 */
import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { districts } from "./schema-core";

export const matchingEvidence = sqliteTable(
  "matching_evidence",
  {
    districtId: integer("district_id")
      .notNull()
      .references(() => districts.id),
    term: text("term").notNull(),
    category: text("category").notNull(),
    accepted: real("accepted").notNull().default(0),
    rejected: real("rejected").notNull().default(0),
    asOfDay: integer("as_of_day").notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.term, t.category] })],
);
