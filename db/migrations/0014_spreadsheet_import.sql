CREATE TABLE `import_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`requested_by` integer NOT NULL,
	`kind` text NOT NULL,
	`community_id` integer,
	`unit_id` integer,
	`original_name` text NOT NULL,
	`file_name` text,
	`status` text DEFAULT 'reading' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`new_rows` integer DEFAULT 0 NOT NULL,
	`updated_rows` integer DEFAULT 0 NOT NULL,
	`bad_rows` integer DEFAULT 0 NOT NULL,
	`skip_bad` integer DEFAULT false NOT NULL,
	`summary` text,
	`error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_jobs_requester_idx` ON `import_jobs` (`requested_by`,`created_at`);--> statement-breakpoint
ALTER TABLE `communities` ADD `external_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `communities_external_code_idx` ON `communities` (`external_code`);--> statement-breakpoint
ALTER TABLE `needs` ADD `external_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `needs_external_code_idx` ON `needs` (`community_id`,`external_code`);--> statement-breakpoint
ALTER TABLE `resources` ADD `external_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `resources_external_code_idx` ON `resources` (`unit_id`,`external_code`);--> statement-breakpoint
ALTER TABLE `streets` ADD `external_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `streets_external_code_idx` ON `streets` (`external_code`);--> statement-breakpoint
ALTER TABLE `units` ADD `liaison_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `units` ADD `liaison_phone` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `units` ADD `external_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `units_external_code_idx` ON `units` (`external_code`);--> statement-breakpoint
ALTER TABLE `users` ADD `must_change_password` integer DEFAULT false NOT NULL;