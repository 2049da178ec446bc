DROP INDEX `needs_category_idx`;--> statement-breakpoint
CREATE INDEX `needs_category_idx` ON `needs` (`category`,`community_id`,`status`);--> statement-breakpoint
DROP INDEX `resources_category_idx`;--> statement-breakpoint
CREATE INDEX `resources_category_idx` ON `resources` (`category`,`unit_id`,`status`);