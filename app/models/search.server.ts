/**
 * List search served from the FTS5 index (db/search-terms.ts explains the tokens; decision 009).
 * The index is kept by triggers in the same transaction as every write; `rebuildSearchIndex`
 * refills it from the tables if it is ever lost or its tokenizer changes.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "#db/client";
import { needsSearch, resourcesSearch } from "#db/search-tables";
import { searchExpression } from "#db/search-terms";

export type SearchTable = typeof needsSearch | typeof resourcesSearch;

/** The MATCH condition for a query, or null when the query has nothing searchable (only punctuation). */
export function searchMatch(table: SearchTable, query: string): SQL | null {
  const expression = searchExpression(query);
  return expression === null ? null : sql`${table} MATCH ${expression}`;
}

export { needsSearch, resourcesSearch };

const TABLES = [
  { fts: "needs_search", source: "needs" },
  { fts: "resources_search", source: "resources" },
] as const;

/** Empties and refills both search tables from needs and resources, in one transaction. */
export function rebuildSearchIndex(db: Db): { needs: number; resources: number } {
  const counts = { needs: 0, resources: 0 };
  db.$client.transaction(() => {
    for (const { fts, source } of TABLES) {
      // 'delete-all' is how a contentless FTS5 table is emptied.
      db.$client.prepare(`INSERT INTO ${fts}(${fts}) VALUES ('delete-all')`).run();
      const result = db.$client
        .prepare(
          `INSERT INTO ${fts}(rowid, title, body, pinyin) SELECT id, search_pairs(title), search_pairs(description), search_pinyin(title, category) FROM ${source}`,
        )
        .run();
      counts[source] = result.changes;
    }
  })();
  return counts;
}
