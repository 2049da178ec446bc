-- Each search row also carries the tokens of where it belongs (a `scope` column): a need `c<community>
-- s<street>`, a resource `u<unit> s<street>` (db/search-terms.ts, scopeToken). A search within one
-- community, street or unit adds `scope : "c12" AND …` to its MATCH, so FTS5 intersects two posting
-- lists instead of the app building the set of a whole city's matches (decision 009). The tokens
-- follow a need to another community, a community to another street, a resource to another unit and
-- a unit to another street, in the same transaction as the move.
DROP TRIGGER `needs_search_insert`;
--> statement-breakpoint
DROP TRIGGER `needs_search_update`;
--> statement-breakpoint
DROP TRIGGER `needs_search_delete`;
--> statement-breakpoint
DROP TRIGGER `resources_search_insert`;
--> statement-breakpoint
DROP TRIGGER `resources_search_update`;
--> statement-breakpoint
DROP TRIGGER `resources_search_delete`;
--> statement-breakpoint
DROP TABLE `needs_search`;
--> statement-breakpoint
DROP TABLE `resources_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `needs_search` USING fts5(title, body, pinyin, scope, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
CREATE VIRTUAL TABLE `resources_search` USING fts5(title, body, pinyin, scope, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
CREATE TRIGGER `needs_search_insert` AFTER INSERT ON `needs` BEGIN
  INSERT INTO needs_search(rowid, title, body, pinyin, scope)
  SELECT new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category), 'c' || new.community_id || ' s' || c.street_id
  FROM communities c WHERE c.id = new.community_id;
END;
--> statement-breakpoint
CREATE TRIGGER `needs_search_update` AFTER UPDATE OF title, description, category, community_id ON `needs` BEGIN
  DELETE FROM needs_search WHERE rowid = old.id;
  INSERT INTO needs_search(rowid, title, body, pinyin, scope)
  SELECT new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category), 'c' || new.community_id || ' s' || c.street_id
  FROM communities c WHERE c.id = new.community_id;
END;
--> statement-breakpoint
CREATE TRIGGER `needs_search_delete` AFTER DELETE ON `needs` BEGIN
  DELETE FROM needs_search WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `communities_search_scope` AFTER UPDATE OF street_id ON `communities` WHEN new.street_id IS NOT old.street_id BEGIN
  DELETE FROM needs_search WHERE rowid IN (SELECT id FROM needs WHERE community_id = new.id);
  INSERT INTO needs_search(rowid, title, body, pinyin, scope)
  SELECT n.id, search_pairs(n.title), search_body(n.description, n.category), search_pinyin(n.title, n.category), 'c' || n.community_id || ' s' || new.street_id
  FROM needs n WHERE n.community_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_search_insert` AFTER INSERT ON `resources` BEGIN
  INSERT INTO resources_search(rowid, title, body, pinyin, scope)
  SELECT new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category), 'u' || new.unit_id || ' s' || u.street_id
  FROM units u WHERE u.id = new.unit_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_search_update` AFTER UPDATE OF title, description, category, unit_id ON `resources` BEGIN
  DELETE FROM resources_search WHERE rowid = old.id;
  INSERT INTO resources_search(rowid, title, body, pinyin, scope)
  SELECT new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category), 'u' || new.unit_id || ' s' || u.street_id
  FROM units u WHERE u.id = new.unit_id;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_search_delete` AFTER DELETE ON `resources` BEGIN
  DELETE FROM resources_search WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `units_search_scope` AFTER UPDATE OF street_id ON `units` WHEN new.street_id IS NOT old.street_id BEGIN
  DELETE FROM resources_search WHERE rowid IN (SELECT id FROM resources WHERE unit_id = new.id);
  INSERT INTO resources_search(rowid, title, body, pinyin, scope)
  SELECT r.id, search_pairs(r.title), search_body(r.description, r.category), search_pinyin(r.title, r.category), 'u' || r.unit_id || ' s' || new.street_id
  FROM resources r WHERE r.unit_id = new.id;
END;
--> statement-breakpoint
INSERT INTO needs_search(rowid, title, body, pinyin, scope)
SELECT n.id, search_pairs(n.title), search_body(n.description, n.category), search_pinyin(n.title, n.category), 'c' || n.community_id || ' s' || c.street_id
FROM needs n JOIN communities c ON c.id = n.community_id;
--> statement-breakpoint
INSERT INTO needs_search(needs_search) VALUES ('optimize');
--> statement-breakpoint
INSERT INTO resources_search(rowid, title, body, pinyin, scope)
SELECT r.id, search_pairs(r.title), search_body(r.description, r.category), search_pinyin(r.title, r.category), 'u' || r.unit_id || ' s' || u.street_id
FROM resources r JOIN units u ON u.id = r.unit_id;
--> statement-breakpoint
INSERT INTO resources_search(resources_search) VALUES ('optimize');
