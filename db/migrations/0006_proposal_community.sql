DROP INDEX `proposals_draft_idx`;--> statement-breakpoint
ALTER TABLE `proposals` ADD `community_id` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written from here to the indexes: a proposal carries its need's community, filled for existing rows, by a
-- trigger for every new one whichever code path inserts it, and moved with its need.
UPDATE `proposals` SET `community_id` = (SELECT `community_id` FROM `needs` WHERE `needs`.`id` = `proposals`.`need_id`);--> statement-breakpoint
CREATE TRIGGER `proposals_community` AFTER INSERT ON `proposals` BEGIN
  UPDATE `proposals` SET `community_id` = (SELECT `community_id` FROM `needs` WHERE `needs`.`id` = NEW.`need_id`) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `needs_community_to_proposals` AFTER UPDATE OF community_id ON `needs` WHEN old.community_id IS NOT new.community_id BEGIN
  UPDATE `proposals` SET `community_id` = new.`community_id` WHERE `need_id` = new.`id`;
END;--> statement-breakpoint
CREATE INDEX `proposals_community_draft_idx` ON `proposals` (`community_id`,`score`,`id`) WHERE status = 'proposed' AND assigned = 1;--> statement-breakpoint
CREATE INDEX `proposals_community_idx` ON `proposals` (`community_id`,`status`);--> statement-breakpoint
CREATE INDEX `proposals_draft_idx` ON `proposals` (`score`,`id`,`community_id`) WHERE status = 'proposed' AND assigned = 1;--> statement-breakpoint
CREATE INDEX `needs_community_updated_idx` ON `needs` (`community_id`,`updated_at`,`status`);--> statement-breakpoint
CREATE INDEX `resources_unit_updated_idx` ON `resources` (`unit_id`,`updated_at`,`status`);
