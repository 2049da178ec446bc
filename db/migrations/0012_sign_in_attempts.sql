-- Sign-in attempts (decision 021, issue 12). An account's attempts of the current window live on its
-- `users` row (`login_window_start`, `login_attempts` reserved before the password is checked,
-- `login_failed`), so one UPDATE … RETURNING reserves an attempt atomically; they replace the
-- `login_failures` rows (failures of the last 15 minutes are forgotten by this migration: at most
-- one fresh window). `login_address_attempts` holds the failed and in-flight attempts per client
-- address (a keyed hash of it) for the per-address throttle.
CREATE TABLE `login_address_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_key` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_address_attempts_client_idx` ON `login_address_attempts` (`client_key`,`at`);--> statement-breakpoint
DROP TABLE `login_failures`;--> statement-breakpoint
ALTER TABLE `users` ADD `login_window_start` text;--> statement-breakpoint
ALTER TABLE `users` ADD `login_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `login_failed` integer DEFAULT 0 NOT NULL;