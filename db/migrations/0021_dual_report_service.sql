CREATE TABLE `activity_record_members` (
	`record_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	PRIMARY KEY(`record_id`, `member_id`),
	FOREIGN KEY (`record_id`) REFERENCES `activity_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `party_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `activity_record_members_member_idx` ON `activity_record_members` (`member_id`);--> statement-breakpoint
CREATE TABLE `activity_signups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`activity_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`signed_up_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`cancelled_at` text,
	`checked_in_at` text,
	`check_in_method` text,
	`hours` real,
	`hours_confirmed_at` text,
	`hours_confirmed_by` integer,
	FOREIGN KEY (`activity_id`) REFERENCES `service_activities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `party_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hours_confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activity_signups_pair_idx` ON `activity_signups` (`activity_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `activity_signups_member_idx` ON `activity_signups` (`member_id`,`hours_confirmed_at`);--> statement-breakpoint
CREATE TABLE `member_year_comments` (
	`member_id` integer NOT NULL,
	`year` integer NOT NULL,
	`comment` text NOT NULL,
	`commented_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`member_id`, `year`),
	FOREIGN KEY (`member_id`) REFERENCES `party_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`commented_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `party_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`community_id` integer NOT NULL,
	`grid_id` integer,
	`user_id` integer,
	`status` text DEFAULT 'registered' NOT NULL,
	`link_token_hash` text,
	`link_issued_at` text,
	`member_confirmed_at` text,
	`community_confirmed_at` text,
	`community_confirmed_by` integer,
	`decline_reason` text,
	`external_code` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `party_members_user_id_unique` ON `party_members` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `party_members_link_token_hash_unique` ON `party_members` (`link_token_hash`);--> statement-breakpoint
CREATE INDEX `party_members_unit_idx` ON `party_members` (`unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `party_members_community_idx` ON `party_members` (`community_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `party_members_external_code_idx` ON `party_members` (`unit_id`,`external_code`);--> statement-breakpoint
CREATE TABLE `post_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`claimed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`released_at` text,
	FOREIGN KEY (`post_id`) REFERENCES `service_posts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `party_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `post_claims_pair_idx` ON `post_claims` (`post_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `post_claims_member_idx` ON `post_claims` (`member_id`);--> statement-breakpoint
CREATE TABLE `service_activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`grid_id` integer,
	`post_id` integer,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`place` text NOT NULL,
	`date` text NOT NULL,
	`start_time` text NOT NULL,
	`planned_hours` real NOT NULL,
	`slots` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`check_in_token_hash` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`post_id`) REFERENCES `service_posts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_activities_check_in_token_hash_unique` ON `service_activities` (`check_in_token_hash`);--> statement-breakpoint
CREATE INDEX `service_activities_community_idx` ON `service_activities` (`community_id`,`date`);--> statement-breakpoint
CREATE TABLE `service_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`grid_id` integer,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`slots` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `service_posts_community_idx` ON `service_posts` (`community_id`,`status`);--> statement-breakpoint
CREATE TABLE `unit_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`community_id` integer NOT NULL,
	`origin` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`requested_by` integer,
	`requested_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	`decline_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_reports_pair_idx` ON `unit_reports` (`unit_id`,`community_id`);--> statement-breakpoint
CREATE INDEX `unit_reports_community_idx` ON `unit_reports` (`community_id`,`status`);