ALTER TABLE `grids` ADD `lat` real;--> statement-breakpoint
ALTER TABLE `grids` ADD `lng` real;