DROP INDEX `activity_records_unit_idx`;--> statement-breakpoint
CREATE INDEX `activity_records_unit_idx` ON `activity_records` (`unit_id`,`status`,`date`,`party_members`,`residents_served`,`hours`);--> statement-breakpoint
DROP INDEX `evaluations_community_idx`;--> statement-breakpoint
CREATE INDEX `evaluations_created_idx` ON `evaluations` (`created_at`);--> statement-breakpoint
CREATE INDEX `evaluations_community_idx` ON `evaluations` (`community_id`,`status`,`deadline`);--> statement-breakpoint
DROP INDEX `meetings_street_idx`;--> statement-breakpoint
CREATE INDEX `meetings_time_idx` ON `meetings` (`scheduled_at`);--> statement-breakpoint
CREATE INDEX `meetings_street_idx` ON `meetings` (`street_id`,`status`,`scheduled_at`);--> statement-breakpoint
DROP INDEX `needs_community_status_idx`;--> statement-breakpoint
CREATE INDEX `needs_community_created_idx` ON `needs` (`community_id`,`created_at`,`status`);--> statement-breakpoint
CREATE INDEX `needs_updated_idx` ON `needs` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `needs_community_status_idx` ON `needs` (`community_id`,`status`,`created_at`);--> statement-breakpoint
DROP INDEX `projects_period_idx`;--> statement-breakpoint
CREATE INDEX `projects_list_idx` ON `projects` (period DESC,`community_id`,`start_date`);--> statement-breakpoint
CREATE INDEX `projects_period_idx` ON `projects` (`community_id`,`period`,`status`);--> statement-breakpoint
CREATE INDEX `escalations_created_idx` ON `escalations` (`created_at`);--> statement-breakpoint
CREATE INDEX `escalations_queue_idx` ON `escalations` (`level`,`created_at`) WHERE resolved_at IS NULL;--> statement-breakpoint
CREATE INDEX `meeting_units_unit_idx` ON `meeting_units` (`unit_id`,`meeting_id`);--> statement-breakpoint
CREATE INDEX `notifications_inbox_idx` ON `notifications` (`user_id`,(read_at IS NULL),`id`);--> statement-breakpoint
CREATE INDEX `project_needs_need_idx` ON `project_needs` (`need_id`,`project_id`);--> statement-breakpoint
CREATE INDEX `project_resources_unit_idx` ON `project_resources` (`unit_id`,`project_id`);--> statement-breakpoint
CREATE INDEX `proposals_draft_idx` ON `proposals` (`score`,`id`) WHERE status = 'proposed' AND assigned = 1;--> statement-breakpoint
CREATE INDEX `resources_unit_created_idx` ON `resources` (`unit_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `resources_updated_idx` ON `resources` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `users_community_idx` ON `users` (`community_id`);--> statement-breakpoint
CREATE INDEX `users_unit_idx` ON `users` (`unit_id`);--> statement-breakpoint
CREATE INDEX `users_street_idx` ON `users` (`street_id`);