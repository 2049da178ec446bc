DROP INDEX `proposals_community_idx`;--> statement-breakpoint
ALTER TABLE `proposals` ADD `unit_id` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written from here to the indexes: a proposal carries its resource's unit, filled for existing rows, by a
-- trigger for every new one whichever code path inserts it, and moved with its resource (as 0006 does for the
-- need's community).
UPDATE `proposals` SET `unit_id` = (SELECT `unit_id` FROM `resources` WHERE `resources`.`id` = `proposals`.`resource_id`);--> statement-breakpoint
CREATE TRIGGER `proposals_unit` AFTER INSERT ON `proposals` BEGIN
  UPDATE `proposals` SET `unit_id` = (SELECT `unit_id` FROM `resources` WHERE `resources`.`id` = NEW.`resource_id`) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `resources_unit_to_proposals` AFTER UPDATE OF unit_id ON `resources` WHEN old.unit_id IS NOT new.unit_id BEGIN
  UPDATE `proposals` SET `unit_id` = new.`unit_id` WHERE `resource_id` = new.`id`;
END;--> statement-breakpoint
CREATE INDEX `proposals_community_inbox_idx` ON `proposals` (`community_id`,`status`,`community_decision`,`score`,`id`);--> statement-breakpoint
CREATE INDEX `proposals_unit_inbox_idx` ON `proposals` (`unit_id`,`status`,`unit_decision`,`score`,`id`);
