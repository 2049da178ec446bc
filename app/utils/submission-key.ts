/**
 * The one-time key a create form carries (docs/decisions/029-start-up-checks-and-submit-once.md):
 * the name of its hidden field and the shape the server accepts. Shared by the hidden field
 * (app/components/ui/submission-key-field.tsx) and the server
 * (app/models/platform/form-submissions.server.ts); no server code here.
 */
export const SUBMISSION_KEY_FIELD = "submissionKey";

/** A UUID as crypto.randomUUID() writes it; anything else in the field is refused. */
export const SUBMISSION_KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
