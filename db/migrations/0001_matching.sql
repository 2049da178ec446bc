CREATE TABLE `match_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope` text NOT NULL,
	`scope_id` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`dispatched_at` text,
	`dispatch_attempts` integer DEFAULT 0 NOT NULL,
	`total_parts` integer DEFAULT 1 NOT NULL,
	`done_parts` integer DEFAULT 0 NOT NULL,
	`proposal_count` integer,
	`error` text,
	`requested_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`started_at` text,
	`finished_at` text,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `match_runs_outbox_idx` ON `match_runs` (`dispatched_at`);--> statement-breakpoint
CREATE INDEX `match_runs_scope_idx` ON `match_runs` (`scope`,`scope_id`);--> statement-breakpoint
CREATE TABLE `project_needs` (
	`project_id` integer NOT NULL,
	`need_id` integer NOT NULL,
	PRIMARY KEY(`project_id`, `need_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `project_resources` (
	`project_id` integer NOT NULL,
	`resource_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`project_id`, `resource_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`proposal_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `projects_community_idx` ON `projects` (`community_id`,`status`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer NOT NULL,
	`resource_id` integer NOT NULL,
	`score` real NOT NULL,
	`reasons` text NOT NULL,
	`origin` text DEFAULT 'matching' NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`community_decision` text DEFAULT 'pending' NOT NULL,
	`unit_decision` text DEFAULT 'pending' NOT NULL,
	`reject_reason` text,
	`decided_by` integer,
	`run_id` integer,
	`assigned` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resource_id`) REFERENCES `resources`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `match_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_live_pair_idx` ON `proposals` (`need_id`,`resource_id`) WHERE status = 'proposed';--> statement-breakpoint
CREATE INDEX `proposals_need_idx` ON `proposals` (`need_id`,`status`);--> statement-breakpoint
CREATE INDEX `proposals_resource_idx` ON `proposals` (`resource_id`,`status`);--> statement-breakpoint
ALTER TABLE `resources` ADD `used_capacity` integer DEFAULT 0 NOT NULL;