-- The search rows of a need or resource are rewritten only when a column they are built from
-- really changes: forms and imports set every column, and an edit of dates or contacts (or an
-- import row that changes no indexed text) no longer deletes and re-inserts the FTS5 entry
-- (decision 035, "Measured"). The bodies are those of 0011.
DROP TRIGGER `needs_search_update`;
--> statement-breakpoint
CREATE TRIGGER `needs_search_update` AFTER UPDATE OF title, description, category, community_id ON `needs`
WHEN old.title IS NOT new.title OR old.description IS NOT new.description OR old.category IS NOT new.category OR old.community_id IS NOT new.community_id
BEGIN
  DELETE FROM needs_search WHERE rowid = old.id;
  INSERT INTO needs_search(rowid, title, body, pinyin, scope)
  SELECT new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category), 'c' || new.community_id || ' s' || c.street_id
  FROM communities c WHERE c.id = new.community_id;
END;
--> statement-breakpoint
DROP TRIGGER `resources_search_update`;
--> statement-breakpoint
CREATE TRIGGER `resources_search_update` AFTER UPDATE OF title, description, category, unit_id ON `resources`
WHEN old.title IS NOT new.title OR old.description IS NOT new.description OR old.category IS NOT new.category OR old.unit_id IS NOT new.unit_id
BEGIN
  DELETE FROM resources_search WHERE rowid = old.id;
  INSERT INTO resources_search(rowid, title, body, pinyin, scope)
  SELECT new.id, search_pairs(new.title), search_body(new.description, new.category), search_pinyin(new.title, new.category), 'u' || new.unit_id || ' s' || u.street_id
  FROM units u WHERE u.id = new.unit_id;
END;
