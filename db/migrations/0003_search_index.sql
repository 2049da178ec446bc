-- The list search index (docs/decisions/009-search-index-in-sqlite.md). Contentless FTS5 tables hold
-- only the tokens that search_pairs() and search_pinyin() (SQL functions the app's database
-- client registers) cut from the text; triggers keep them in step with every write, inside the
-- writing transaction. `npm run search:rebuild` refills them if they are ever lost.
CREATE VIRTUAL TABLE `needs_search` USING fts5(title, body, pinyin, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
CREATE VIRTUAL TABLE `resources_search` USING fts5(title, body, pinyin, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
CREATE TRIGGER `needs_search_insert` AFTER INSERT ON `needs` BEGIN
  INSERT INTO needs_search(rowid, title, body, pinyin) VALUES (new.id, search_pairs(new.title), search_pairs(new.description), search_pinyin(new.title, new.category));
END;
--> statement-breakpoint
CREATE TRIGGER `needs_search_update` AFTER UPDATE OF title, description, category ON `needs` BEGIN
  DELETE FROM needs_search WHERE rowid = old.id;
  INSERT INTO needs_search(rowid, title, body, pinyin) VALUES (new.id, search_pairs(new.title), search_pairs(new.description), search_pinyin(new.title, new.category));
END;
--> statement-breakpoint
CREATE TRIGGER `needs_search_delete` AFTER DELETE ON `needs` BEGIN
  DELETE FROM needs_search WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_search_insert` AFTER INSERT ON `resources` BEGIN
  INSERT INTO resources_search(rowid, title, body, pinyin) VALUES (new.id, search_pairs(new.title), search_pairs(new.description), search_pinyin(new.title, new.category));
END;
--> statement-breakpoint
CREATE TRIGGER `resources_search_update` AFTER UPDATE OF title, description, category ON `resources` BEGIN
  DELETE FROM resources_search WHERE rowid = old.id;
  INSERT INTO resources_search(rowid, title, body, pinyin) VALUES (new.id, search_pairs(new.title), search_pairs(new.description), search_pinyin(new.title, new.category));
END;
--> statement-breakpoint
CREATE TRIGGER `resources_search_delete` AFTER DELETE ON `resources` BEGIN
  DELETE FROM resources_search WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO needs_search(rowid, title, body, pinyin) SELECT id, search_pairs(title), search_pairs(description), search_pinyin(title, category) FROM needs;
--> statement-breakpoint
INSERT INTO resources_search(rowid, title, body, pinyin) SELECT id, search_pairs(title), search_pairs(description), search_pinyin(title, category) FROM resources;
--> statement-breakpoint
-- Rank: a hit in the title counts more than one in the description; pinyin hits sit between.
INSERT INTO needs_search(needs_search, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)');
--> statement-breakpoint
INSERT INTO resources_search(resources_search, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)');
