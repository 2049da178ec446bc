-- Counts of needs and resources per street, by status and by category, for the street and
-- district overview (docs/decisions/011-overview-tallies.md). Triggers keep them in step with every
-- write, inside the writing transaction, so the overview reads a few hundred rows instead of
-- counting a city's needs on each request. A need counts in its community's street, a resource in
-- its unit's street; `rebuildStreetTallies` (db/tally-tables.ts) refills the table if ever needed.
CREATE TABLE `street_tallies` (
	`kind` text NOT NULL,
	`street_id` integer NOT NULL,
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`kind`, `street_id`, `dimension`, `value`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `needs_tally_insert` AFTER INSERT ON `needs` BEGIN
  INSERT INTO street_tallies (kind, street_id, dimension, value, n)
    SELECT 'need', street_id, 'status', new.status, 1 FROM communities WHERE id = new.community_id
    UNION ALL SELECT 'need', street_id, 'category', new.category, 1 FROM communities WHERE id = new.community_id
  ON CONFLICT (kind, street_id, dimension, value) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `needs_tally_update` AFTER UPDATE OF status, category, community_id ON `needs`
WHEN old.status IS NOT new.status OR old.category IS NOT new.category OR old.community_id IS NOT new.community_id BEGIN
  UPDATE street_tallies SET n = n - 1
    WHERE kind = 'need' AND street_id = (SELECT street_id FROM communities WHERE id = old.community_id)
      AND ((dimension = 'status' AND value = old.status) OR (dimension = 'category' AND value = old.category));
  INSERT INTO street_tallies (kind, street_id, dimension, value, n)
    SELECT 'need', street_id, 'status', new.status, 1 FROM communities WHERE id = new.community_id
    UNION ALL SELECT 'need', street_id, 'category', new.category, 1 FROM communities WHERE id = new.community_id
  ON CONFLICT (kind, street_id, dimension, value) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `needs_tally_delete` AFTER DELETE ON `needs` BEGIN
  UPDATE street_tallies SET n = n - 1
    WHERE kind = 'need' AND street_id = (SELECT street_id FROM communities WHERE id = old.community_id)
      AND ((dimension = 'status' AND value = old.status) OR (dimension = 'category' AND value = old.category));
END;
--> statement-breakpoint
CREATE TRIGGER `communities_tally_move` AFTER UPDATE OF street_id ON `communities` WHEN old.street_id IS NOT new.street_id BEGIN
  UPDATE street_tallies SET n = n - (
      SELECT count(*) FROM needs WHERE community_id = new.id AND (CASE street_tallies.dimension WHEN 'status' THEN status ELSE category END) = street_tallies.value)
    WHERE kind = 'need' AND street_id = old.street_id;
  INSERT INTO street_tallies (kind, street_id, dimension, value, n)
    SELECT 'need', new.street_id, 'status', status, count(*) FROM needs WHERE community_id = new.id GROUP BY status
    UNION ALL SELECT 'need', new.street_id, 'category', category, count(*) FROM needs WHERE community_id = new.id GROUP BY category
  ON CONFLICT (kind, street_id, dimension, value) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_tally_insert` AFTER INSERT ON `resources` BEGIN
  INSERT INTO street_tallies (kind, street_id, dimension, value, n)
    SELECT 'resource', street_id, 'status', new.status, 1 FROM units WHERE id = new.unit_id
    UNION ALL SELECT 'resource', street_id, 'category', new.category, 1 FROM units WHERE id = new.unit_id
  ON CONFLICT (kind, street_id, dimension, value) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_tally_update` AFTER UPDATE OF status, category, unit_id ON `resources`
WHEN old.status IS NOT new.status OR old.category IS NOT new.category OR old.unit_id IS NOT new.unit_id BEGIN
  UPDATE street_tallies SET n = n - 1
    WHERE kind = 'resource' AND street_id = (SELECT street_id FROM units WHERE id = old.unit_id)
      AND ((dimension = 'status' AND value = old.status) OR (dimension = 'category' AND value = old.category));
  INSERT INTO street_tallies (kind, street_id, dimension, value, n)
    SELECT 'resource', street_id, 'status', new.status, 1 FROM units WHERE id = new.unit_id
    UNION ALL SELECT 'resource', street_id, 'category', new.category, 1 FROM units WHERE id = new.unit_id
  ON CONFLICT (kind, street_id, dimension, value) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `resources_tally_delete` AFTER DELETE ON `resources` BEGIN
  UPDATE street_tallies SET n = n - 1
    WHERE kind = 'resource' AND street_id = (SELECT street_id FROM units WHERE id = old.unit_id)
      AND ((dimension = 'status' AND value = old.status) OR (dimension = 'category' AND value = old.category));
END;
--> statement-breakpoint
CREATE TRIGGER `units_tally_move` AFTER UPDATE OF street_id ON `units` WHEN old.street_id IS NOT new.street_id BEGIN
  UPDATE street_tallies SET n = n - (
      SELECT count(*) FROM resources WHERE unit_id = new.id AND (CASE street_tallies.dimension WHEN 'status' THEN status ELSE category END) = street_tallies.value)
    WHERE kind = 'resource' AND street_id = old.street_id;
  INSERT INTO street_tallies (kind, street_id, dimension, value, n)
    SELECT 'resource', new.street_id, 'status', status, count(*) FROM resources WHERE unit_id = new.id GROUP BY status
    UNION ALL SELECT 'resource', new.street_id, 'category', category, count(*) FROM resources WHERE unit_id = new.id GROUP BY category
  ON CONFLICT (kind, street_id, dimension, value) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
INSERT INTO street_tallies (kind, street_id, dimension, value, n)
  SELECT 'need', c.street_id, 'status', n.status, count(*) FROM needs n JOIN communities c ON c.id = n.community_id WHERE true GROUP BY c.street_id, n.status
  UNION ALL SELECT 'need', c.street_id, 'category', n.category, count(*) FROM needs n JOIN communities c ON c.id = n.community_id WHERE true GROUP BY c.street_id, n.category
  UNION ALL SELECT 'resource', u.street_id, 'status', r.status, count(*) FROM resources r JOIN units u ON u.id = r.unit_id WHERE true GROUP BY u.street_id, r.status
  UNION ALL SELECT 'resource', u.street_id, 'category', r.category, count(*) FROM resources r JOIN units u ON u.id = r.unit_id WHERE true GROUP BY u.street_id, r.category;
