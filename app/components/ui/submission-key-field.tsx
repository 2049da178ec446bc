import { SUBMISSION_KEY_FIELD } from "~/utils/submission-key";

/**
 * The hidden one-time key of a create form, made by the page's loader (`newSubmissionKey`): a
 * second submit of the same page (a double click, a resent POST) finds the item the first one
 * made instead of making another (`createOnce`, decision 029). Renders nothing without a key, so
 * the same form component serves the edit page too.
 */
export function SubmissionKeyField({ value }: { value?: string | null }) {
  return value ? <input type="hidden" name={SUBMISSION_KEY_FIELD} value={value} /> : null;
}
