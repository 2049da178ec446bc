ALTER TABLE `needs` ADD `grid_id` integer REFERENCES grids(id);--> statement-breakpoint
CREATE INDEX `needs_grid_status_idx` ON `needs` (`grid_id`,`status`);