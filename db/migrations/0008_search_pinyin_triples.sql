-- The pinyin column is cut into letter triples instead of pairs (db/search-terms.ts, triplesOfRun):
-- a contentless FTS5 table cannot rewrite one column, so both search tables are refilled, as
-- `npm run search:rebuild` does, and merged into one b-tree each for reading.
INSERT INTO needs_search(needs_search) VALUES ('delete-all');
--> statement-breakpoint
INSERT INTO needs_search(rowid, title, body, pinyin) SELECT id, search_pairs(title), search_pairs(description), search_pinyin(title, category) FROM needs;
--> statement-breakpoint
INSERT INTO needs_search(needs_search) VALUES ('optimize');
--> statement-breakpoint
INSERT INTO resources_search(resources_search) VALUES ('delete-all');
--> statement-breakpoint
INSERT INTO resources_search(rowid, title, body, pinyin) SELECT id, search_pairs(title), search_pairs(description), search_pinyin(title, category) FROM resources;
--> statement-breakpoint
INSERT INTO resources_search(resources_search) VALUES ('optimize');
