CREATE TABLE `matching_evidence` (
	`district_id` integer NOT NULL,
	`term` text NOT NULL,
	`category` text NOT NULL,
	`accepted` real DEFAULT 0 NOT NULL,
	`rejected` real DEFAULT 0 NOT NULL,
	`as_of_day` integer NOT NULL,
	PRIMARY KEY(`district_id`, `term`, `category`),
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action
);
