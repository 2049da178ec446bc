CREATE TABLE `party_households` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`building_id` integer NOT NULL,
	`member_name` text NOT NULL,
	`room` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`linked_households` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `party_households_building_idx` ON `party_households` (`building_id`);--> statement-breakpoint
ALTER TABLE `needs` ADD `building_id` integer REFERENCES buildings(id);--> statement-breakpoint
CREATE INDEX `needs_building_idx` ON `needs` (`building_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `grid_id` integer REFERENCES grids(id);--> statement-breakpoint
CREATE INDEX `users_grid_idx` ON `users` (`grid_id`);