CREATE TABLE `form_submissions` (
	`key` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `maintenance_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`ok` integer,
	`report` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `maintenance_runs_started_idx` ON `maintenance_runs` (`started_at`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `street_id` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `community_id` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `audit_street_idx` ON `audit_log` (`street_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_community_idx` ON `audit_log` (`community_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_actor_idx` ON `audit_log` (`actor_id`,`id`);--> statement-breakpoint
ALTER TABLE `match_runs` ADD `heartbeat_at` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `publication_text` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `publication_approved_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `projects` ADD `publication_approved_at` text;