-- An import writes its rows with the search triggers held back (search_sync() is 0 on that thread
-- while it writes, db/client.ts) and indexes them in two statements at the end of its transaction:
-- an FTS5 table written to mid-transaction flushes its pending terms at every later statement, so
-- per-row indexing made each of the import's audit rows several times dearer (decision 035,
-- "Measured"). Everywhere else search_sync() is 1 and the triggers are those of 0011 and 0015.
DROP TRIGGER `needs_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `needs_search_insert` AFTER INSERT ON `needs` WHEN search_sync() BEGIN
  INSERT INTO needs_search(rowid, title, body, pinyin, scope)
  SELECT new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category), 'c' || new.community_id || ' s' || c.street_id
  FROM communities c WHERE c.id = new.community_id;
END;
--> statement-breakpoint
DROP TRIGGER `needs_search_update`;
--> statement-breakpoint
CREATE TRIGGER `needs_search_update` AFTER UPDATE OF title, description, category, community_id ON `needs`
WHEN search_sync() AND (old.title IS NOT new.title OR old.description IS NOT new.description OR old.category IS NOT new.category OR old.community_id IS NOT new.community_id)
BEGIN
  DELETE FROM needs_search WHERE rowid = old.id;
  INSERT INTO needs_search(rowid, title, body, pinyin, scope)
  SELECT new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category), 'c' || new.community_id || ' s' || c.street_id
  FROM communities c WHERE c.id = new.community_id;
END;
--> statement-breakpoint
DROP TRIGGER `resources_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `resources_search_insert` AFTER INSERT ON `resources` WHEN search_sync() BEGIN
  INSERT INTO resources_search(rowid, title, body, pinyin, scope)
  SELECT new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category), 'u' || new.unit_id || ' s' || u.street_id
  FROM units u WHERE u.id = new.unit_id;
END;
--> statement-breakpoint
DROP TRIGGER `resources_search_update`;
--> statement-breakpoint
CREATE TRIGGER `resources_search_update` AFTER UPDATE OF title, description, category, unit_id ON `resources`
WHEN search_sync() AND (old.title IS NOT new.title OR old.description IS NOT new.description OR old.category IS NOT new.category OR old.unit_id IS NOT new.unit_id)
BEGIN
  DELETE FROM resources_search WHERE rowid = old.id;
  INSERT INTO resources_search(rowid, title, body, pinyin, scope)
  SELECT new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category), 'u' || new.unit_id || ' s' || u.street_id
  FROM units u WHERE u.id = new.unit_id;
END;
