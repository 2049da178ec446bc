-- The body column holds the category as well as the description (search_body(), db/search-terms.ts):
-- a Chinese query finds a need by its category, as a pinyin query always did. The insert and
-- update triggers of migration 0003 are replaced, and both search tables refilled and merged.
DROP TRIGGER `needs_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `needs_search_insert` AFTER INSERT ON `needs` BEGIN
  INSERT INTO needs_search(rowid, title, body, pinyin) VALUES (new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category));
END;
--> statement-breakpoint
DROP TRIGGER `needs_search_update`;
--> statement-breakpoint
CREATE TRIGGER `needs_search_update` AFTER UPDATE OF title, description, category ON `needs` BEGIN
  DELETE FROM needs_search WHERE rowid = old.id;
  INSERT INTO needs_search(rowid, title, body, pinyin) VALUES (new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category));
END;
--> statement-breakpoint
INSERT INTO needs_search(needs_search) VALUES ('delete-all');
--> statement-breakpoint
INSERT INTO needs_search(rowid, title, body, pinyin) SELECT id, search_pairs(title), search_body(description, category), search_pinyin(title, category) FROM needs;
--> statement-breakpoint
INSERT INTO needs_search(needs_search) VALUES ('optimize');
--> statement-breakpoint
DROP TRIGGER `resources_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `resources_search_insert` AFTER INSERT ON `resources` BEGIN
  INSERT INTO resources_search(rowid, title, body, pinyin) VALUES (new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category));
END;
--> statement-breakpoint
DROP TRIGGER `resources_search_update`;
--> statement-breakpoint
CREATE TRIGGER `resources_search_update` AFTER UPDATE OF title, description, category ON `resources` BEGIN
  DELETE FROM resources_search WHERE rowid = old.id;
  INSERT INTO resources_search(rowid, title, body, pinyin) VALUES (new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category));
END;
--> statement-breakpoint
INSERT INTO resources_search(resources_search) VALUES ('delete-all');
--> statement-breakpoint
INSERT INTO resources_search(rowid, title, body, pinyin) SELECT id, search_pairs(title), search_body(description, category), search_pinyin(title, category) FROM resources;
--> statement-breakpoint
INSERT INTO resources_search(resources_search) VALUES ('optimize');
